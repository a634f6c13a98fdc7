import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DesiredStateError,
  preflightChecksExtensionPoint,
  preflightDesiredStateExtensionPoint,
} from '@preflight/plugin-preflight-node';
import path from 'node:path';
import request from 'supertest';
import { preflightPlugin } from './plugin';

// The demo entity as the catalog holds it: registered from examples/entities.yaml.
const examplesDir = path.resolve(__dirname, '../../../examples');
const checkoutApi = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${examplesDir}/entities.yaml`,
      'backstage.io/kubernetes-id': 'checkout-api',
      'backstage.io/kubernetes-namespace': 'shop',
      'preflight.dev/manifests': './deploy/checkout-api/{env}',
    },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};
const expectedKinds = [
  'ConfigMap',
  'Deployment',
  'HorizontalPodAutoscaler',
  'Job',
  'NetworkPolicy',
  'PodDisruptionBudget',
  'Service',
  'ServiceAccount',
];

const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        // nothing listens on port 1: the live source reports UNREACHABLE
        clusters: [
          {
            name: 'prod-cluster',
            url: 'http://127.0.0.1:1',
            authProvider: 'serviceAccount',
            serviceAccountToken: 'not-a-real-token',
          },
        ],
      },
    ],
  },
  preflight: {
    environments: [
      { name: 'dev', title: 'Development' },
      { name: 'production', cluster: 'prod-cluster' },
    ],
    desired: { localRoots: [examplesDir] },
    live: { timeoutMs: 2000 },
  },
};

async function start(options: { permission?: AuthorizeResult } = {}) {
  const { server } = await startTestBackend({
    features: [
      preflightPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: [checkoutApi] }),
      mockServices.permissions.factory({
        result:
          options.permission === AuthorizeResult.DENY
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      }),
    ],
  });
  return server;
}

describe('preflight backend plugin', () => {
  it('serves the health route without authentication', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/health')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('rejects unauthenticated requests to the API', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/environments')
      .set('authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  it('lists the configured promotion path', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/environments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.environments.map((e: { name: string }) => e.name)).toEqual([
      'dev',
      'production',
    ]);
  });

  it('answers with the live and desired state of every environment', async () => {
    const server = await start();
    const res = await request(server)
      .get(
        '/api/preflight/entities/component/default/checkout-api/environments',
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.entityRef).toBe('component:default/checkout-api');
    const summary = res.body.environments.map((e: any) => ({
      name: e.environment.name,
      live: e.live.status,
      liveError: e.live.error?.reason,
      desired: e.desired.status,
      kinds: e.desired.objects.map((o: any) => o.kind).sort(),
    }));
    expect(summary).toEqual([
      {
        name: 'dev',
        live: 'not-configured',
        liveError: undefined,
        desired: 'ok',
        kinds: expectedKinds,
      },
      {
        // the cluster is configured but does not exist: an error with a typed reason
        name: 'production',
        live: 'error',
        liveError: 'UNREACHABLE',
        desired: 'ok',
        kinds: expectedKinds,
      },
    ]);
  });

  it('answers 404 for an unknown entity', async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/preflight/entities/component/default/nope/environments')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(404);
    expect(res.body.error.name).toBe('NotFoundError');
  });

  it.each([
    ['kind', '/api/preflight/entities/comp%20onent/default/x/environments'],
    [
      'namespace',
      '/api/preflight/entities/component/..%2F..%2Fetc/x/environments',
    ],
    [
      'name',
      '/api/preflight/entities/component/default/a%3Bb%7Cc/environments',
    ],
  ])('answers 400 naming the malformed %s', async (field, url) => {
    const server = await start();
    const res = await request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(`request/params/${field} `);
  });

  it('answers 403 when the read permission is denied', async () => {
    const server = await start({ permission: AuthorizeResult.DENY });
    const res = await request(server)
      .get(
        '/api/preflight/entities/component/default/checkout-api/environments',
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('lists checks added by other modules through the extension point', async () => {
    const module = createBackendModule({
      pluginId: 'preflight',
      moduleId: 'test-checks',
      register(env) {
        env.registerInit({
          deps: { checks: preflightChecksExtensionPoint },
          async init({ checks }) {
            checks.addCheck({
              id: 'sbom-published',
              title: 'SBOM published',
              description: 'An SBOM exists for the image',
              defaultSeverity: 'advisory',
              evaluate: async () => ({ status: 'pass', summary: 'found' }),
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        preflightPlugin,
        module,
        mockServices.rootConfig.factory({ data: config }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const res = await request(server)
      .get('/api/preflight/checks')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(res.body.checks.map((c: { id: string }) => c.id)).toEqual([
      'ci-tests',
      'image-tagged',
      'migrations-ready',
      'env-configured',
      'health-checks',
      'monitoring',
      'rollback-plan',
      'backup-verified',
      'environment-parity',
      'gitops-sync',
      'container-security',
      'image-vulnerabilities',
      'tls-certificates',
      'sbom-published',
    ]);
    expect(res.body.checks[res.body.checks.length - 1]).toEqual({
      id: 'sbom-published',
      title: 'SBOM published',
      description: 'An SBOM exists for the image',
      severity: 'advisory',
      enabled: true,
    });
  });

  it('reads desired state from a source added by a module, before the built-in ones, and sanitizes it', async () => {
    const module = createBackendModule({
      pluginId: 'preflight',
      moduleId: 'test-helmfile',
      register(env) {
        env.registerInit({
          deps: { desired: preflightDesiredStateExtensionPoint },
          async init({ desired }) {
            desired.addSource({
              id: 'helmfile',
              // serves only production: dev keeps the built-in manifests source
              serves: (entity, environment) =>
                environment.name === 'production' &&
                entity.metadata.name === 'checkout-api',
              read: async (_entity, environment) => {
                if (environment.name !== 'production') {
                  throw new DesiredStateError('NOT_FOUND', 'unexpected');
                }
                return {
                  status: 'ok',
                  location: 'helmfile.yaml (release checkout-api)',
                  renderer: { name: 'helmfile', revision: 'abc123' },
                  objects: [
                    {
                      apiVersion: 'v1',
                      kind: 'Secret',
                      metadata: { name: 'db' },
                      data: { password: 'c2VjcmV0LXZhbHVl' },
                    },
                  ],
                };
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        preflightPlugin,
        module,
        mockServices.rootConfig.factory({ data: config }),
        catalogServiceMock.factory({ entities: [checkoutApi] }),
      ],
    });
    const res = await request(server)
      .get(
        '/api/preflight/entities/component/default/checkout-api/environments',
      )
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const [dev, production] = res.body.environments;
    expect(dev.desired.renderer).toEqual({ name: 'yaml' });
    expect(dev.desired.objects.map((o: any) => o.kind).sort()).toEqual(
      expectedKinds,
    );
    expect(production.desired).toMatchObject({
      status: 'ok',
      location: 'helmfile.yaml (release checkout-api)',
      renderer: { name: 'helmfile', revision: 'abc123' },
    });
    expect(production.desired.readAt).toEqual(expect.any(String));
    expect(JSON.stringify(production.desired)).not.toContain(
      'c2VjcmV0LXZhbHVl',
    );
  });

  it('refuses to start with invalid config, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          preflightPlugin,
          mockServices.rootConfig.factory({
            data: {
              preflight: {
                environments: [{ name: 'dev', cluster: 'missing-cluster' }],
              },
            },
          }),
          catalogServiceMock.factory({ entities: [] }),
        ],
      }),
    ).rejects.toThrow('preflight.environments[0].cluster');
  });

  it('refuses to start naming every invalid key at once, preflight.* and argocd.* alike', async () => {
    const starting = startTestBackend({
      features: [
        preflightPlugin,
        mockServices.rootConfig.factory({
          data: {
            preflight: {
              environments: [{ name: 'dev', cluster: 'missing-cluster' }],
              live: { pageSize: 0 },
              checks: { 'ci-tests': { options: { timeoutMs: 'soon' } } },
              waivers: { maxDays: 1000 },
            },
            argocd: {
              appLocatorMethods: [
                { type: 'config', instances: [{ name: 'main' }] },
              ],
            },
          },
        }),
        catalogServiceMock.factory({ entities: [] }),
      ],
    });
    const error: Error = await starting.then(
      () => {
        throw new Error('the backend started');
      },
      e => e,
    );
    for (const line of [
      "Invalid config at 'preflight.live.pageSize': expected an integer between 1 and 10000, got 0",
      'Invalid config at \'preflight.checks.ci-tests.options.timeoutMs\': expected an integer between 100 and 60000, got "soon"',
      "Invalid config at 'preflight.waivers.maxDays': expected an integer between 1 and 366, got 1000",
      "Invalid config at 'preflight.environments[0].cluster': cluster 'missing-cluster' is not defined in kubernetes.clusterLocatorMethods (defined: none)",
      "Invalid config at 'argocd.appLocatorMethods[0].instances[0].url': expected the base URL of the Argo CD server",
    ]) {
      expect(error.message).toContain(line);
    }
  });
});
