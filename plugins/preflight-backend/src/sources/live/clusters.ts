import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { KubeConfig, type Cluster, type User } from '@kubernetes/client-node';

/** Where a cluster was defined in `kubernetes.clusterLocatorMethods`. */
export type ClusterLocatorType = 'config' | 'localKubectlProxy';

/** A cluster Preflight can read, with a client-node `KubeConfig` whose current context is it. */
export interface KubernetesCluster {
  /** The name environments refer to (`preflight.environments[].cluster`). */
  name: string;
  /** API server URL (never contains credentials). */
  url: string;
  /** The locator method that defined it. */
  locator: ClusterLocatorType;
  /** Credentials and TLS settings; never log it (it holds the token). */
  kubeConfig: KubeConfig;
}

/** The Kubernetes plugin's default auth provider annotation key in `authMetadata`. */
const AUTH_PROVIDER_METADATA_KEY = 'kubernetes.io/auth-provider';
/** Where a pod's service account token is mounted (read when no token is configured). */
const IN_CLUSTER_TOKEN_FILE =
  '/var/run/secrets/kubernetes.io/serviceaccount/token';

function checkUrl(url: string, key: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Invalid config at '${key}': not a valid URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(
      `Invalid config at '${key}': the cluster URL must use http or https`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new Error(
      `Invalid config at '${key}': the cluster URL must not contain credentials`,
    );
  }
  return url.replace(/\/+$/, '');
}

/**
 * client-node 1.x refuses `http:` servers unless `skipTLSVerify` is set (there is no TLS to verify
 * then); the Kubernetes plugin and kubectl accept them (e.g. `kubectl proxy`).
 */
function allowPlainHttp<T extends Cluster>(cluster: T): T {
  return cluster.server.startsWith('http:')
    ? { ...cluster, skipTLSVerify: true }
    : cluster;
}

function singleContext(cluster: Cluster, user: User): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [allowPlainHttp(cluster)],
    users: [user],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: user.name }],
    currentContext: cluster.name,
  });
  return kc;
}

/**
 * The clusters of `kubernetes.clusterLocatorMethods`, the configuration the Backstage Kubernetes
 * plugin already uses (clusters are never configured twice), each with a client-node `KubeConfig`:
 *
 * - `type: config` — `clusters[]` with `name`, `url`, `authProvider` (`serviceAccount` with
 *   `serviceAccountToken`, or the pod's own service account token when none is set; or
 *   `localKubectlProxy`), `caData`, `caFile`, `skipTLSVerify` (`skipMetricsLookup`, `title`,
 *   dashboards and `customResources` are the Kubernetes plugin's and ignored here);
 * - `type: localKubectlProxy` — a cluster named `local` at `http://localhost:8001`.
 *
 * Other locator types (`catalog`, `gke`) and other auth providers cannot be used by Preflight: their
 * clusters are reported as unavailable, with the reason, rather than failing start-up. Tokens are
 * never logged nor put in messages.
 */
export class ClusterDirectory {
  private readonly clusters = new Map<string, KubernetesCluster>();
  private readonly unavailable = new Map<string, string>();

  /** Reads `kubernetes.clusterLocatorMethods`; throws naming the key on invalid values. */
  static fromConfig(
    config: Config,
    options: { logger?: LoggerService } = {},
  ): ClusterDirectory {
    const directory = new ClusterDirectory();
    const { logger } = options;
    const methods =
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
    methods.forEach((method, i) => {
      const at = `kubernetes.clusterLocatorMethods[${i}]`;
      const type = method.getString('type');
      switch (type) {
        case 'config':
          directory.readConfigMethod(method, at, logger);
          break;
        case 'localKubectlProxy':
          directory.add(
            {
              name: 'local',
              url: 'http://localhost:8001',
              locator: 'localKubectlProxy',
              kubeConfig: singleContext(
                {
                  name: 'local',
                  server: 'http://localhost:8001',
                  skipTLSVerify: false,
                },
                { name: 'local' },
              ),
            },
            logger,
          );
          break;
        default:
          logger?.info(
            `Preflight live state: cluster locator method '${type}' (${at}) is not supported; its clusters cannot be read`,
          );
      }
    });
    return directory;
  }

  /** A directory of the given clusters (for tests and custom wiring). */
  static of(clusters: KubernetesCluster[]): ClusterDirectory {
    const directory = new ClusterDirectory();
    clusters.forEach(c => directory.add(c));
    return directory;
  }

  /** The cluster with this name, if Preflight can read it. */
  get(name: string): KubernetesCluster | undefined {
    return this.clusters.get(name);
  }

  /** Why a configured cluster cannot be read (e.g. an unsupported auth provider), if so. */
  unavailableReason(name: string): string | undefined {
    return this.unavailable.get(name);
  }

  /** Names of the clusters Preflight can read. */
  names(): string[] {
    return [...this.clusters.keys()];
  }

  /** Names of every cluster the configuration defines, readable or not. */
  definedNames(): string[] {
    return [...this.clusters.keys(), ...this.unavailable.keys()];
  }

  private add(cluster: KubernetesCluster, logger?: LoggerService) {
    if (this.clusters.has(cluster.name) || this.unavailable.has(cluster.name)) {
      logger?.warn(
        `Preflight live state: duplicate cluster name '${cluster.name}' in kubernetes.clusterLocatorMethods; the first definition is used`,
      );
      return;
    }
    this.clusters.set(cluster.name, cluster);
  }

  private readConfigMethod(method: Config, at: string, logger?: LoggerService) {
    const seen = new Set<string>();
    (method.getOptionalConfigArray('clusters') ?? []).forEach((c, j) => {
      const cat = `${at}.clusters[${j}]`;
      const name = c.getString('name');
      if (seen.has(name)) {
        // Same rule as the Kubernetes plugin's config locator.
        throw new Error(
          `Invalid config at '${cat}.name': duplicate cluster name '${name}'`,
        );
      }
      seen.add(name);
      const url = checkUrl(c.getString('url'), `${cat}.url`);
      // Read raw, as the Kubernetes plugin does: its keys contain '/' and '.'.
      const authMetadata =
        c.getOptional<Record<string, unknown>>('authMetadata');
      const fromMetadata = authMetadata?.[AUTH_PROVIDER_METADATA_KEY];
      const authProvider =
        typeof fromMetadata === 'string'
          ? fromMetadata
          : c.getOptionalString('authProvider');
      const skipTLSVerify = c.getOptionalBoolean('skipTLSVerify') ?? false;
      const caData = c.getOptionalString('caData');
      const caFile = c.getOptionalString('caFile');
      const cluster: Cluster = {
        name,
        server: url,
        skipTLSVerify,
        ...(caData ? { caData } : {}),
        ...(caFile ? { caFile } : {}),
      };

      let user: User;
      if (authProvider === 'serviceAccount') {
        const token = c.getOptionalString('serviceAccountToken');
        const { protocol, hostname } = new URL(url);
        if (
          protocol === 'http:' &&
          !['localhost', '127.0.0.1', '[::1]'].includes(hostname)
        ) {
          logger?.warn(
            `Preflight live state: cluster '${name}' is reached over plain http; its service account token is sent unencrypted`,
          );
        }
        user = token
          ? { name: `${name}-user`, token }
          : {
              // Like the Kubernetes plugin: without a configured token, the backend's own
              // service account token (re-read by client-node when it rotates).
              name: `${name}-user`,
              authProvider: {
                name: 'tokenFile',
                config: { tokenFile: IN_CLUSTER_TOKEN_FILE },
              },
            };
      } else if (authProvider === 'localKubectlProxy') {
        user = { name: `${name}-user` };
      } else {
        const reason = authProvider
          ? `cluster '${name}' uses authProvider '${authProvider}', which Preflight does not support (supported: serviceAccount, localKubectlProxy)`
          : `cluster '${name}' has no authProvider (${cat}.authProvider)`;
        if (!this.clusters.has(name) && !this.unavailable.has(name)) {
          this.unavailable.set(name, reason);
        }
        logger?.warn(`Preflight live state: ${reason}`);
        return;
      }
      this.add(
        {
          name,
          url,
          locator: 'config',
          kubeConfig: singleContext(cluster, user),
        },
        logger,
      );
    });
  }
}
