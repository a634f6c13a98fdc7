import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { ClusterDirectory } from './clusters';

const TOKEN = 'sa-token-never-logged-42';

function read(methods: JsonObject[]) {
  const logger = mockServices.logger.mock();
  const directory = ClusterDirectory.fromConfig(
    new ConfigReader({ kubernetes: { clusterLocatorMethods: methods } }),
    { logger },
  );
  return { directory, logger };
}

function logged(logger: ReturnType<typeof mockServices.logger.mock>) {
  return JSON.stringify(
    [logger.error, logger.warn, logger.info, logger.debug].map(
      f => (f as jest.Mock).mock.calls,
    ),
  );
}

describe('ClusterDirectory', () => {
  it('reads type config clusters with the Kubernetes plugin keys', () => {
    const { directory, logger } = read([
      {
        type: 'config',
        clusters: [
          {
            name: 'dev-cluster',
            url: 'https://dev.example.com:6443/',
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
            caData: 'Y2EtZGF0YQ==',
            skipMetricsLookup: true,
          },
          {
            name: 'staging-cluster',
            url: 'https://staging.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
            caFile: '/etc/ssl/staging-ca.pem',
            skipTLSVerify: true,
          },
          {
            name: 'in-cluster',
            url: 'https://kubernetes.default.svc',
            authMetadata: { 'kubernetes.io/auth-provider': 'serviceAccount' },
          },
        ],
      },
    ]);
    expect(directory.names()).toEqual([
      'dev-cluster',
      'staging-cluster',
      'in-cluster',
    ]);

    const dev = directory.get('dev-cluster')!;
    expect(dev).toMatchObject({
      name: 'dev-cluster',
      url: 'https://dev.example.com:6443',
      locator: 'config',
    });
    expect(dev.kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'https://dev.example.com:6443',
      caData: 'Y2EtZGF0YQ==',
      skipTLSVerify: false,
    });
    // The credentials are the strategies' business: the KubeConfig holds none.
    expect(dev.kubeConfig.getCurrentUser()).toEqual({
      name: 'dev-cluster-user',
    });
    expect(dev.authProvider).toBe('serviceAccount');
    expect(dev.details.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'serviceAccount',
      serviceAccountToken: TOKEN,
    });

    expect(
      directory.get('staging-cluster')!.kubeConfig.getCurrentCluster(),
    ).toMatchObject({
      caFile: '/etc/ssl/staging-ca.pem',
      skipTLSVerify: true,
    });
    // No token configured: the strategy reads the pod's own token, like the Kubernetes plugin.
    expect(directory.get('in-cluster')!.details.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'serviceAccount',
    });
    expect(logged(logger)).not.toContain(TOKEN);
  });

  it('adds the local cluster of localKubectlProxy, usable over http', () => {
    const { directory } = read([{ type: 'localKubectlProxy' }]);
    const local = directory.get('local')!;
    expect(local).toMatchObject({
      url: 'http://localhost:8001',
      locator: 'localKubectlProxy',
    });
    // client-node refuses http: servers unless skipTLSVerify is set.
    expect(local.kubeConfig.getCurrentCluster()).toMatchObject({
      server: 'http://localhost:8001',
      skipTLSVerify: true,
    });
  });

  it('reads every auth provider the Kubernetes plugin has a strategy for, with its keys', () => {
    const { directory, logger } = read([
      {
        type: 'config',
        clusters: [
          {
            name: 'eks',
            url: 'https://eks.example.com',
            authProvider: 'aws',
            assumeRole: 'arn:aws:iam::123456789012:role/backstage',
            externalId: 'ext-1',
          },
          {
            name: 'gke-sa',
            url: 'https://gke.example.com',
            authProvider: 'googleServiceAccount',
          },
          {
            name: 'aks',
            url: 'https://aks.example.com',
            authMetadata: {
              'kubernetes.io/auth-provider': 'azure',
              'kubernetes.io/x-k8s-aws-id': 'ignored-but-kept',
            },
          },
          {
            name: 'okta',
            url: 'https://okta.example.com',
            authProvider: 'oidc',
            oidcTokenProvider: 'okta',
          },
          { name: 'g', url: 'https://g.example.com', authProvider: 'google' },
        ],
      },
    ]);
    expect(directory.names()).toEqual(['eks', 'gke-sa', 'aks', 'okta', 'g']);
    expect(directory.get('eks')!.details.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/aws-assume-role':
        'arn:aws:iam::123456789012:role/backstage',
      'kubernetes.io/aws-external-id': 'ext-1',
    });
    expect(directory.get('aks')!.authProvider).toBe('azure');
    expect(directory.get('okta')!.details.authMetadata).toMatchObject({
      'kubernetes.io/oidc-token-provider': 'okta',
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('reports clusters it cannot use instead of failing', () => {
    const { directory, logger } = read([
      { type: 'gke' },
      {
        type: 'config',
        clusters: [
          {
            name: 'custom',
            url: 'https://custom.example.com',
            authProvider: 'vault',
          },
          { name: 'bare', url: 'https://bare.example.com' },
          {
            name: 'oidc-without-provider',
            url: 'https://o.example.com',
            authProvider: 'oidc',
          },
        ],
      },
    ]);
    expect(directory.names()).toEqual([]);
    expect(directory.get('custom')).toBeUndefined();
    expect(directory.unavailableReason('custom')).toBe(
      "cluster 'custom' uses authProvider 'vault', which Preflight does not support (supported: serviceAccount, aws, googleServiceAccount, azure, localKubectlProxy, google, oidc, aks)",
    );
    expect(directory.unavailableReason('bare')).toContain(
      'has no authProvider',
    );
    expect(directory.unavailableReason('oidc-without-provider')).toBe(
      "cluster 'oidc-without-provider' uses authProvider 'oidc' without oidcTokenProvider",
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining("cluster locator method 'gke'"),
    );
  });

  it('rejects invalid cluster URLs and duplicate names, naming the key', () => {
    const cluster = (url: string) => ({
      type: 'config',
      clusters: [
        {
          name: 'c',
          url,
          authProvider: 'serviceAccount',
          serviceAccountToken: TOKEN,
        },
      ],
    });
    expect(() => read([cluster('not a url')])).toThrow(
      "Invalid config at 'kubernetes.clusterLocatorMethods[0].clusters[0].url': not a valid URL",
    );
    expect(() => read([cluster('ftp://c.example.com')])).toThrow(
      'must use http or https',
    );
    expect(() => read([cluster('https://user:pw@c.example.com')])).toThrow(
      'must not contain credentials',
    );
    expect(() =>
      read([
        {
          type: 'config',
          clusters: [
            {
              name: 'c',
              url: 'https://a.example.com',
              authProvider: 'serviceAccount',
            },
            {
              name: 'c',
              url: 'https://b.example.com',
              authProvider: 'serviceAccount',
            },
          ],
        },
      ]),
    ).toThrow(
      "Invalid config at 'kubernetes.clusterLocatorMethods[0].clusters[1].name': duplicate cluster name 'c'",
    );

    const { directory, logger } = read([
      cluster('https://first.example.com'),
      {
        type: 'config',
        clusters: [
          {
            name: 'c',
            url: 'https://second.example.com',
            authProvider: 'serviceAccount',
          },
        ],
      },
    ]);
    expect(directory.get('c')!.url).toBe('https://first.example.com');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining("duplicate cluster name 'c'"),
    );
  });

  it('warns when a token would travel over plain http to a remote host', () => {
    const { logger } = read([
      {
        type: 'config',
        clusters: [
          {
            name: 'c',
            url: 'http://c.example.com',
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
          },
        ],
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      "Preflight live state: cluster 'c' is reached over plain http; its serviceAccount credentials are sent unencrypted",
    );
    expect(logged(logger)).not.toContain(TOKEN);
  });
});
