import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuthenticationStrategy,
  AuthMetadata,
} from '@backstage/plugin-kubernetes-node';
import { preflightKubernetesAuthExtensionPoint } from '@preflight/plugin-preflight-node';
import request from 'supertest';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';
import { preflightPlugin } from './plugin';

/*
 * A strategy added by a module through preflightKubernetesAuthExtensionPoint (the Kubernetes
 * plugin's own extension point is scoped to modules of `kubernetes`): clusters of its
 * authProvider are read with its credential; without the module they are unavailable.
 */
jest.setTimeout(60_000);

const ID = 'acme-app';
const TOKEN = 'acme-issued-token';
const TENANT = 'acme.example.com/tenant';

const acmeStrategy: AuthenticationStrategy = {
  async getCredential() {
    return { type: 'bearer token', token: TOKEN };
  },
  validateCluster(authMetadata: AuthMetadata) {
    return authMetadata[TENANT]
      ? []
      : [new Error(`authMetadata ${TENANT} is required`)];
  },
  presentAuthMetadata() {
    return {};
  },
};

const acmeModule = (key = 'acme') =>
  createBackendModule({
    pluginId: 'preflight',
    moduleId: `auth-${key}`,
    register(env) {
      env.registerInit({
        deps: { auth: preflightKubernetesAuthExtensionPoint },
        async init({ auth }) {
          auth.addAuthStrategy(key, acmeStrategy);
        },
      });
    },
  });

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': ID },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const config = {
  kubernetes: {
    clusterLocatorMethods: [
      {
        type: 'config',
        clusters: [
          {
            name: 'acme',
            url: 'https://acme.k8s.test',
            authProvider: 'acme',
            authMetadata: { [TENANT]: 'shop' },
          },
          {
            name: 'acme-untenanted',
            url: 'https://acme-untenanted.k8s.test',
            authProvider: 'acme',
          },
        ],
      },
    ],
  },
  preflight: {
    environments: [
      { name: 'production', cluster: 'acme', namespace: 'shop' },
      { name: 'staging', cluster: 'acme-untenanted', namespace: 'shop' },
    ],
    schedule: false,
  },
};

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

function start(features: ReturnType<typeof createBackendModule>[]) {
  return startTestBackend({
    features: [
      preflightPlugin,
      mockServices.rootConfig.factory({ data: config }),
      catalogServiceMock.factory({ entities: [entity] }),
      ...features,
    ],
  });
}

async function environments(server: Parameters<typeof request>[0]) {
  const response = await request(server)
    .get(`/api/preflight/entities/component/default/${ID}/environments`)
    .set('authorization', mockCredentials.user.header());
  expect(response.status).toBe(200);
  return response.body.environments as Array<{ name: string; live: any }>;
}

it("reads a cluster of a module's authProvider with the module's strategy", async () => {
  const cluster = k8s.addCluster({
    name: 'acme',
    baseUrl: 'https://acme.k8s.test',
    authenticate: authorization => authorization === `Bearer ${TOKEN}`,
    objects: fixtures.componentObjects(ID),
  });
  const { server } = await start([acmeModule()]);

  const [production, staging] = await environments(server);
  expect(production.live.status).toBe('ok');
  expect(cluster.requests.length).toBeGreaterThan(0);
  expect(cluster.requests.every(r => r.status === 200)).toBe(true);
  // The strategy's validateCluster refuses a cluster: unavailable, with its reason.
  expect(staging.live).toMatchObject({
    status: 'not-configured',
    message:
      "Live state cannot be read for environment 'staging': cluster 'acme-untenanted' is refused by the strategy of authProvider 'acme': authMetadata acme.example.com/tenant is required",
  });
});

it('reports the cluster unavailable, "not supported", without the module', async () => {
  const cluster = k8s.addCluster({
    name: 'acme',
    baseUrl: 'https://acme.k8s.test',
    authenticate: authorization => authorization === `Bearer ${TOKEN}`,
    objects: fixtures.componentObjects(ID),
  });
  const { server } = await start([]);

  const [production] = await environments(server);
  expect(production.live.status).toBe('not-configured');
  expect(production.live.message).toContain(
    "cluster 'acme' uses authProvider 'acme', which Preflight does not support",
  );
  expect(cluster.requests).toEqual([]);
});

it('stops at start-up when a module adds a strategy under a built-in key', async () => {
  await expect(start([acmeModule('aws')])).rejects.toThrow(
    /Kubernetes auth strategy 'aws' added through preflightKubernetesAuthExtensionPoint: 'aws' is a built-in authProvider/,
  );
});
