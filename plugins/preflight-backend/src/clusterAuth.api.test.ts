import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { kubernetesComponent } from './__testUtils__/entities';
import { startDemoBackend } from './__testUtils__/demoEstate';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';

/*
 * Over HTTP: a cluster of a user-delegated provider (`google`) is read with the token the request
 * carries in the Kubernetes plugin's header (`Backstage-Kubernetes-Authorization-google`), and is
 * unavailable — not in error — without it.
 */
jest.setTimeout(60_000);

const ID = 'user-token-app';
const USER_TOKEN = 'ya29.signed-in-user-token';
const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

it('reads a google cluster with the user’s token from the request headers, and only then', async () => {
  const cluster = k8s.addCluster({
    name: 'gke',
    baseUrl: 'https://gke.user.test',
    token: USER_TOKEN,
    objects: fixtures.componentObjects(ID),
  });
  const entity = kubernetesComponent(ID, { ownedBy: 'team-a' });
  const { server } = await startDemoBackend({
    entities: [entity],
    preflight: {
      environments: [
        {
          name: 'production',
          title: 'Production',
          cluster: 'gke',
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
                name: 'gke',
                url: 'https://gke.user.test',
                authProvider: 'google',
              },
            ],
          },
        ],
      },
    },
  });
  const base = `/api/preflight/entities/component/default/${ID}`;
  const get = (url: string, headers: Record<string, string> = {}) => {
    const req = request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header());
    for (const [name, value] of Object.entries(headers)) req.set(name, value);
    return req;
  };

  const without = await get(`${base}/environments`);
  expect(without.status).toBe(200);
  expect(without.body.environments[0].live).toMatchObject({
    status: 'not-configured',
    message:
      "Live state cannot be read for environment 'production': cluster 'gke' uses authProvider 'google', which needs a signed-in user's token",
    // What the frontend signs in to and sends (the header's provider)
    needsUserToken: { authProvider: 'google' },
  });
  const parityWithout = await get(`${base}/parity`);
  expect(parityWithout.status).toBe(200);
  expect(parityWithout.body.live.environments[0].unavailable).toMatchObject({
    status: 'not-configured',
    needsUserToken: { authProvider: 'google' },
  });
  expect(cluster.requests).toEqual([]);

  const withToken = await get(`${base}/environments`, {
    'Backstage-Kubernetes-Authorization-google': USER_TOKEN,
  });
  expect(withToken.status).toBe(200);
  expect(withToken.body.environments[0].live.status).toBe('ok');
  expect(withToken.body.environments[0].live.needsUserToken).toBeUndefined();
  expect(cluster.requests.every(r => r.status === 200)).toBe(true);

  const readiness = await get(`${base}/readiness`, {
    'Backstage-Kubernetes-Authorization-google': USER_TOKEN,
  });
  expect(readiness.status).toBe(200);
  // Decided from the cluster's workloads (a tagged image without a digest warns).
  const imageTagged = readiness.body.environments[0].checks.find(
    (c: any) => c.id === 'image-tagged',
  );
  expect(['pass', 'warn']).toContain(imageTagged.status);

  // Another user's token is not served the first user's cached answer: the cluster refuses it.
  const other = await get(`${base}/environments`, {
    'Backstage-Kubernetes-Authorization-google': 'someone-else',
  });
  expect(other.body.environments[0].live).toMatchObject({
    status: 'error',
    error: { reason: 'UNAUTHORIZED' },
  });
});
