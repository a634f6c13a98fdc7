import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import {
  kubernetesComponent,
  productionOn,
} from '../../__testUtils__/entities';
import {
  fixtures,
  KubernetesApiSimulator,
} from '../../__testUtils__/kubernetes';
import { readEnvironments } from '../../config/environments';
import { refusedApiServerUrl } from './catalogClusters';
import { LiveStateSource } from './LiveStateSource';

const ID = 'checkout-api';
const component = kubernetesComponent(ID);
const env = productionOn;
const CA = Buffer.from('test-ca').toString('base64');

/** A cluster as the Kubernetes plugin's catalog locator expects it. */
function clusterResource(
  name: string,
  annotations: Record<string, string>,
  namespace = 'default',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      annotations: {
        'kubernetes.io/api-server-certificate-authority': CA,
        ...annotations,
      },
    },
    spec: { type: 'kubernetes-cluster', owner: 'platform' },
  };
}

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

function source(entities: Entity[], locator: JsonObject = {}) {
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({ entities });
  const live = new LiveStateSource({
    logger,
    config: new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'catalog', ...locator },
          {
            type: 'config',
            clusters: [
              {
                name: 'configured',
                url: 'https://configured.k8s.test',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'configured-token',
              },
            ],
          },
        ],
      },
    }),
    catalog: { catalog, auth: mockServices.auth() },
  });
  return { live, logger, catalog };
}

describe('catalog clusters', () => {
  const USER_TOKEN = 'catalog-user-token';
  const allowTest = { dangerouslyAllowClusterUrls: ['*.catalog.test'] };

  it('reads a kubernetes-cluster Resource with its auth provider, in reads and snapshots', async () => {
    const cluster = k8s.addCluster({
      name: 'gke',
      baseUrl: 'https://gke.catalog.test',
      token: USER_TOKEN,
      objects: fixtures.componentObjects(ID),
    });
    const { live } = source(
      [
        clusterResource('gke-prod', {
          'kubernetes.io/api-server': 'https://gke.catalog.test',
          'kubernetes.io/auth-provider': 'google',
        }),
      ],
      allowTest,
    );
    expect(
      await live.read(component, env('gke-prod'), {
        auth: { google: USER_TOKEN },
      }),
    ).toMatchObject({ status: 'ok', location: 'gke-prod/shop' });
    expect(cluster.requests.every(r => r.status === 200)).toBe(true);
    // The scheduled run has no user: unavailable, not an error.
    const snapshot = await live.snapshot(env('gke-prod'));
    expect(snapshot.status).toBe('not-configured');
  });

  it('reads a catalog cluster with a server-side provider in the scheduled run', async () => {
    const saved = { ...process.env };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAPREFLIGHTCATALOG1';
    process.env.AWS_SECRET_ACCESS_KEY = 'preflight/catalog/secret';
    process.env.AWS_REGION = 'us-east-1';
    try {
      const cluster = k8s.addCluster({
        name: 'eks',
        baseUrl: 'https://eks.catalog.test',
        // The signature itself is verified in credentials.test.ts.
        authenticate: authorization =>
          authorization.startsWith('Bearer k8s-aws-v1.'),
        objects: fixtures.componentObjects(ID),
      });
      const { live } = source(
        [
          clusterResource('eks-prod', {
            'kubernetes.io/api-server': 'https://eks.catalog.test',
            'kubernetes.io/auth-provider': 'aws',
            'kubernetes.io/x-k8s-aws-id': 'eks-prod-id',
          }),
        ],
        allowTest,
      );
      const snapshot = await live.snapshot(env('eks-prod'));
      expect(snapshot.status).toBe('ok');
      expect(
        await live.readFromSnapshot(snapshot, component, env('eks-prod')),
      ).toMatchObject({ status: 'ok' });
      expect(cluster.requests.length).toBeGreaterThan(0);
      expect(cluster.requests.every(r => r.status === 200)).toBe(true);
    } finally {
      process.env = saved;
    }
  });

  it('refuses what the Kubernetes plugin refuses, and ambiguous names, saying why', async () => {
    const { live, logger } = source([
      clusterResource('with-sa', {
        'kubernetes.io/api-server': 'https://sa.example.com',
        'kubernetes.io/auth-provider': 'serviceAccount',
      }),
      clusterResource('plain-http', {
        'kubernetes.io/api-server': 'http://plain.example.com',
        'kubernetes.io/auth-provider': 'google',
      }),
      clusterResource('internal', {
        'kubernetes.io/api-server': 'https://10.0.0.1:6443',
        'kubernetes.io/auth-provider': 'google',
      }),
      clusterResource('twice', {
        'kubernetes.io/api-server': 'https://1.1.1.1',
        'kubernetes.io/auth-provider': 'google',
      }),
      clusterResource(
        'twice',
        {
          'kubernetes.io/api-server': 'https://8.8.8.8',
          'kubernetes.io/auth-provider': 'google',
        },
        'other',
      ),
      clusterResource('configured', {
        'kubernetes.io/api-server': 'https://9.9.9.9',
        'kubernetes.io/auth-provider': 'google',
      }),
    ]);
    const message = async (cluster: string) =>
      (await live.read(component, env(cluster))).message;
    expect(await message('with-sa')).toContain(
      "uses authProvider 'serviceAccount', which the catalog locator does not support",
    );
    expect(await message('plain-http')).toContain('must use https');
    expect(await message('internal')).toContain(
      'must not be a non-public IP address',
    );
    expect(await message('twice')).toContain(
      'is defined by 2 catalog Resources (resource:default/twice, resource:other/twice)',
    );
    expect(await message('nowhere')).toBe(
      "Live state cannot be read for environment 'production': cluster 'nowhere' is defined neither in kubernetes.clusterLocatorMethods nor as a catalog Resource of spec.type kubernetes-cluster",
    );
    // The configuration's cluster of the same name wins (it is read with its own token).
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        "cluster 'configured' is defined both in the configuration and in the catalog",
      ),
    );
    expect(k8s.requests).toEqual([]);
  });

  it('skips TLS verification only when the locator allows it', async () => {
    const resource = clusterResource('insecure', {
      'kubernetes.io/api-server': 'https://insecure.catalog.test',
      'kubernetes.io/auth-provider': 'aks',
      'kubernetes.io/skip-tls-verify': 'true',
    });
    const strict = source([resource], allowTest);
    const lax = source([resource], {
      ...allowTest,
      dangerouslyAllowSkipTLSVerify: true,
    });
    k8s.addCluster({
      name: 'insecure',
      baseUrl: 'https://insecure.catalog.test',
      objects: fixtures.componentObjects(ID),
    });
    const auth = { auth: { aks: 'aks-user-token' } };
    await strict.live.read(component, env('insecure'), auth);
    await lax.live.read(component, env('insecure'), auth);
    const kubeConfigOf = (s: ReturnType<typeof source>) =>
      (s.live as any).clusters.get('insecure').kubeConfig.getCurrentCluster();
    expect(kubeConfigOf(strict)).toMatchObject({
      skipTLSVerify: false,
      caData: CA,
    });
    expect(kubeConfigOf(lax)).toMatchObject({ skipTLSVerify: true });
  });

  it('looks the catalog up again after a minute, not at every read', async () => {
    const { live, catalog } = source(
      [
        clusterResource('gke-prod', {
          'kubernetes.io/api-server': 'https://gke.catalog.test',
          'kubernetes.io/auth-provider': 'google',
        }),
      ],
      allowTest,
    );
    const getEntities = jest.spyOn(catalog, 'getEntities');
    await live.read(component, env('gke-prod'));
    await live.read(component, env('gke-prod'));
    await live.snapshot(env('gke-prod'));
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('lets an environment name a cluster the configuration does not define', () => {
    const config = (methods: JsonObject[]) =>
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: methods },
        preflight: {
          environments: [{ name: 'production', cluster: 'from-catalog' }],
        },
      });
    expect(readEnvironments(config([{ type: 'catalog' }]))[0].cluster).toBe(
      'from-catalog',
    );
    expect(() => readEnvironments(config([{ type: 'gke' }]))).toThrow(
      "Invalid config at 'preflight.environments[0].cluster': cluster 'from-catalog' is not defined",
    );
  });
});

describe('refusedApiServerUrl', () => {
  const resolvesTo = (address: string) => async () => [{ address }];

  it('accepts https on public addresses, refuses private ones unless allowed', async () => {
    expect(
      await refusedApiServerUrl(
        'https://k8s.example.com',
        {},
        resolvesTo('93.184.216.34'),
      ),
    ).toBeUndefined();
    expect(
      await refusedApiServerUrl(
        'https://k8s.internal.example.com',
        {},
        resolvesTo('192.168.1.10'),
      ),
    ).toContain('resolves to a non-public address');
    expect(
      await refusedApiServerUrl('https://[::1]:6443', {}, resolvesTo('::1')),
    ).toContain('non-public IP address');
    expect(
      await refusedApiServerUrl(
        'http://k8s.internal.example.com',
        { dangerouslyAllowClusterUrls: ['*.example.com'] },
        resolvesTo('192.168.1.10'),
      ),
    ).toBeUndefined();
    expect(
      await refusedApiServerUrl('https://user:pw@k8s.example.com', {}),
    ).toContain('must not contain credentials');
  });
});
