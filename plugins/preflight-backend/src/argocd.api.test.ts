import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import {
  ArgoCdApiSimulator,
  argoApplication,
  renderedDeployment,
  renderedService,
  sha,
} from './__testUtils__/argocd';
import { preflightPlugin } from './plugin';

// An entity whose desired state Argo CD renders: one Application per environment, selected by
// label (the convention of the Argo CD Backstage plugins) and mapped by its `environment` label.
const BASE_URL = 'https://argocd.example.test';
const TOKEN = 'argocd-api-token-for-the-api-test';
const payments = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: { 'argocd/app-selector': 'app=payments' },
  },
  spec: { type: 'service', owner: 'payments-team', lifecycle: 'production' },
};
const unknownInstance = {
  ...payments,
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: {
      'argocd/app-name': 'ledger-dev',
      'argocd/instance-name': 'nowhere',
    },
  },
};

const config = {
  argocd: {
    appLocatorMethods: [
      {
        type: 'config',
        instances: [{ name: 'main', url: BASE_URL, token: TOKEN }],
      },
    ],
  },
  preflight: {
    environments: [
      { name: 'dev', namespace: 'payments-dev' },
      { name: 'staging', namespace: 'payments-stg' },
      { name: 'production', namespace: 'payments-prod' },
    ],
    checks: { 'ci-tests': { enabled: false } },
  },
};

const argocd = new ArgoCdApiSimulator();
beforeAll(() => argocd.listen());
afterAll(() => argocd.close());

const NAMESPACE_SUFFIX: Record<string, string> = {
  dev: 'dev',
  staging: 'stg',
  production: 'prod',
};

function application(
  environment: string,
  tag: string,
  status: { sync?: 'Synced' | 'OutOfSync'; health?: 'Healthy' | 'Degraded' },
) {
  const name = `payments-${environment}`;
  const namespace = `payments-${NAMESPACE_SUFFIX[environment]}`;
  return {
    application: argoApplication({
      name,
      namespace,
      labels: { app: 'payments', environment },
      revision: sha(tag),
      sync: status.sync ?? 'Synced',
      health: status.health ?? 'Healthy',
      history: [
        { id: 1, revision: sha('older'), deployedAt: '2026-11-01T10:00:00Z' },
        { id: 2, revision: sha(tag), deployedAt: '2026-12-01T10:00:00Z' },
      ],
    }),
    manifests: [
      renderedDeployment('payments', namespace, `ghcr.io/acme/payments:${tag}`),
      renderedService('payments', namespace),
    ],
  };
}

async function start() {
  argocd.reset();
  argocd.addInstance({
    name: 'main',
    baseUrl: BASE_URL,
    tokens: [TOKEN],
    applications: [
      application('dev', '1.4.0', {}),
      application('staging', '1.4.0', {}),
      // production runs an older tag and Argo CD says it is out of sync
      application('production', '1.3.2', { sync: 'OutOfSync' }),
    ],
  });
  const { server } = await startTestBackend({
    features: [
      preflightPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: [payments, unknownInstance] }),
    ],
  });
  return server;
}

describe('desired state from Argo CD, through the API', () => {
  it('reads each environment from its Application, with renderer, sync and health; parity sees the tag drift', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/entities/component/default/payments/environments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const desired = res.body.environments.map((e: any) => ({
      name: e.environment.name,
      status: e.desired.status,
      location: e.desired.location,
      renderer: e.desired.renderer.name,
      sync: e.desired.delivery.sync,
      kinds: e.desired.objects.map((o: any) => o.kind).sort(),
    }));
    expect(desired).toEqual(
      ['dev', 'staging', 'production'].map(name => ({
        name,
        status: 'ok',
        location: `Argo CD main: application payments-${name}`,
        renderer: 'argocd',
        sync: name === 'production' ? 'out-of-sync' : 'synced',
        kinds: ['Deployment', 'Service'],
      })),
    );
    // the three environments shared one list of Applications
    expect(argocd.requests.filter(r => r.endpoint === 'list')).toHaveLength(1);
    // the token is sent, never returned
    expect(JSON.stringify(res.body)).not.toContain(TOKEN);

    const parity = await request(server)
      .get('/api/preflight/entities/component/default/payments/parity')
      .set('authorization', mockCredentials.user.header());
    expect(parity.status).toBe(200);
    const images = parity.body.desired.images as any[];
    expect(JSON.stringify(images)).toContain('1.3.2');
    expect(parity.body.desired.summary.drift).toBeGreaterThan(0);
    expect(parity.body.desired.environments[2].source.delivery).toMatchObject({
      tool: 'argocd',
      sync: 'out-of-sync',
    });
  });

  it('fails gitops-sync in production only, and rollback-plan names the deployment to roll back to', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/entities/component/default/payments/readiness')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const byEnv = Object.fromEntries(
      res.body.environments.map((e: any) => [
        e.environment,
        Object.fromEntries(e.checks.map((c: any) => [c.id, c])),
      ]),
    );
    expect(byEnv.dev['gitops-sync'].status).toBe('pass');
    expect(byEnv.staging['gitops-sync'].status).toBe('pass');
    expect(byEnv.production['gitops-sync']).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining(
        'Argo CD Application payments-production is out of sync',
      ),
    });
    expect(byEnv.production['rollback-plan'].details).toContain(
      '`argocd app rollback payments-production 1`',
    );
    // the checks see the rendered containers
    expect(byEnv.dev['image-tagged'].evaluated).toEqual({
      subject: 'containers',
      count: 1,
    });
  });

  it('reports an unknown Argo CD instance on the entity as a typed error naming it, per environment', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/entities/component/default/ledger/environments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    for (const environment of res.body.environments) {
      expect(environment.desired.status).toBe('error');
      expect(environment.desired.error.reason).toBe('NOT_FOUND');
      expect(environment.desired.error.message).toBe(
        'Argo CD instance "nowhere" (argocd/instance-name) is not configured under argocd.appLocatorMethods (configured: main)',
      );
    }
  });
});
