import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { kubernetesComponent } from './__testUtils__/entities';
import { startDemoBackend } from './__testUtils__/demoEstate';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';

/*
 * Over HTTP: a cluster that denies Secrets answers `ok` with the unread kind (`SourceState.unreadKinds`
 * in openapi.yaml), the checklist is decided, and parity says which kinds it could not compare.
 */
jest.setTimeout(60_000);

const ID = 'locked-down-app';
const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

it('GET environments, readiness and parity with Secrets forbidden in one cluster', async () => {
  k8s.addCluster({
    name: 'dev',
    baseUrl: 'https://dev.locked.test',
    objects: [
      ...fixtures.componentObjects(ID),
      fixtures.secret(
        `${ID}-db`,
        { PASSWORD: 'x' },
        { labels: { 'backstage.io/kubernetes-id': ID } },
      ),
    ],
    faults: [{ resource: 'secrets', status: 403 }],
  });
  const entity = kubernetesComponent(ID, { ownedBy: 'team-a' });
  const { server } = await startDemoBackend({
    entities: [entity],
    preflight: {
      environments: [
        {
          name: 'dev',
          title: 'Development',
          cluster: 'dev-cluster',
          namespace: 'shop',
        },
      ],
    },
    config: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'dev-cluster',
                url: 'https://dev.locked.test',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'locked-test-token',
              },
            ],
          },
        ],
      },
    },
  });
  const base = `/api/preflight/entities/component/default/${ID}`;
  const get = (url: string) =>
    request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header());

  const environments = await get(`${base}/environments`);
  expect(environments.status).toBe(200);
  const [dev] = environments.body.environments;
  expect(dev.live.status).toBe('ok');
  expect(dev.live.unreadKinds).toEqual([
    {
      kind: 'Secret',
      apiVersion: 'v1',
      reason: 'FORBIDDEN',
      message: expect.stringContaining(
        'cannot list resource "secrets" in API group "" in the namespace "shop"',
      ),
    },
  ]);
  expect(dev.live.objects.length).toBeGreaterThan(0);

  const readiness = await get(`${base}/readiness`);
  expect(readiness.status).toBe(200);
  const checks = readiness.body.environments[0].checks;
  expect(
    checks.filter((c: any) => c.summary.includes('Secret (FORBIDDEN)')),
  ).toEqual([]);
  expect(
    checks.find((c: any) => c.id === 'container-security').status,
  ).not.toBe('unknown');

  const parity = await get(`${base}/parity`);
  expect(parity.status).toBe(200);
  expect(parity.body.live.environments[0].unreadKinds).toHaveLength(1);
});
