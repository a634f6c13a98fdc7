import fs from 'fs';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { parse } from 'yaml';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';
import { LiveStateSource } from './sources/live';

// examples/clusters.yaml: the demo's cluster defined in the catalog (not registered by default).
const EXAMPLE = path.resolve(__dirname, '../../../examples/clusters.yaml');
const ID = 'checkout-api';

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

describe('the demo estate cluster defined in the catalog (examples/clusters.yaml)', () => {
  it('is read like a config cluster once the catalog locator is configured, with the backend AWS credentials', async () => {
    const resource = parse(fs.readFileSync(EXAMPLE, 'utf8')) as Entity;
    expect(resource).toMatchObject({
      kind: 'Resource',
      spec: { type: 'kubernetes-cluster' },
    });
    const apiServer =
      resource.metadata.annotations!['kubernetes.io/api-server'];
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAPREFLIGHTDEMO0001';
    process.env.AWS_SECRET_ACCESS_KEY = 'preflight/demo/secret';
    process.env.AWS_REGION = 'eu-west-1';
    try {
      const cluster = k8s.addCluster({
        name: 'demo-eks',
        baseUrl: apiServer,
        // The presigned STS token of the aws strategy (verified in credentials.test.ts).
        authenticate: authorization =>
          authorization.startsWith('Bearer k8s-aws-v1.'),
        objects: fixtures.componentObjects(ID),
      });
      const live = new LiveStateSource({
        logger: mockServices.logger.mock(),
        config: new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'catalog',
                dangerouslyAllowClusterUrls: ['*.eks.amazonaws.com'],
              },
            ],
          },
        }),
        catalog: {
          catalog: catalogServiceMock({ entities: [resource] }),
          auth: mockServices.auth(),
        },
      });
      const environment = {
        name: 'production',
        title: 'Production',
        cluster: 'demo-eks',
        namespace: 'shop',
      };
      const component: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: ID,
          annotations: { 'backstage.io/kubernetes-id': ID },
        },
      };
      const state = await live.read(component, environment);
      expect(state.error).toBeUndefined();
      expect(state).toMatchObject({ status: 'ok', location: 'demo-eks/shop' });
      expect(state.objects.length).toBeGreaterThan(0);
      // The scheduled run reads it too (aws is a server-side provider).
      expect((await live.snapshot(environment)).status).toBe('ok');
      expect(cluster.requests.length).toBeGreaterThan(0);
      expect(cluster.requests.every(r => r.status === 200)).toBe(true);
    } finally {
      process.env = saved;
    }
  });
});
