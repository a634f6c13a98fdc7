import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { kubernetesComponent } from './__testUtils__/entities';
import { startDemoBackend } from './__testUtils__/demoEstate';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';

/*
 * Over HTTP, with preflight.live.watch.enabled: the Environments view of a component is answered
 * from the watch cache once its cluster is synced (no request to the cluster, `watchCache` in the
 * live state, validated against openapi.yaml in tests), and the backend's shutdown ends the
 * watches.
 */
jest.setTimeout(60_000);

const ID = 'watched-service';

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

it('serves /environments from the watch cache once synced, and stops watching on shutdown', async () => {
  const cluster = k8s.addCluster({
    name: 'production',
    baseUrl: 'https://production.watch.test',
    objects: fixtures.componentObjects(ID, { namespace: 'shop' }),
  });
  const backend = await startDemoBackend({
    entities: [kubernetesComponent(ID, { ownedBy: 'team-a' })],
    preflight: {
      environments: [
        {
          name: 'production',
          title: 'Production',
          cluster: 'production-cluster',
          namespace: 'shop',
        },
      ],
      live: { watch: { enabled: true } },
    },
    config: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'production-cluster',
                url: 'https://production.watch.test',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'watch-test-token',
              },
            ],
          },
        ],
      },
    },
  });
  const url = `/api/preflight/entities/component/default/${ID}/environments?refresh=true`;
  const get = () =>
    request(backend.server)
      .get(url)
      .set('authorization', mockCredentials.user.header());

  const first = await get();
  expect(first.status).toBe(200);
  expect(first.body.environments[0].live.watchCache).toBeUndefined();

  let live: any;
  for (let turn = 0; turn < 400 && !live?.watchCache; turn++) {
    await new Promise(resolve => setTimeout(resolve, 10));
    const answer = await get();
    expect(answer.status).toBe(200);
    live = answer.body.environments[0].live;
  }
  expect(live.watchCache).toEqual({
    observedAt: expect.any(String),
    maxStalenessMs: 120_000,
  });
  expect(live.status).toBe('ok');
  expect(live.objects.map((o: any) => o.kind)).toContain('Deployment');

  cluster.requests.length = 0;
  const again = await get();
  expect(again.status).toBe(200);
  expect(again.body.environments[0].live.watchCache).toBeDefined();
  expect(cluster.requests).toEqual([]);

  const watches = cluster.requests.length;
  await backend.stop();
  // Stopped: no watch is made again when the server ends the ones open.
  cluster.closeWatches();
  await new Promise(resolve => setTimeout(resolve, 50));
  expect(cluster.requests.length).toBe(watches);
});
