import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE,
  ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthMetadata,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import {
  readCatalogLocatorOptions,
  type CatalogClusterList,
  type CatalogLocatorOptions,
} from './catalogClusters';
import { checkUrl, clusterOf, unusableAuthReason } from './clusterDetails';
import { type ModuleAuthStrategies } from './credentials';

/** How long a look-up of the catalog's clusters is used before the next one. */
export const CATALOG_CLUSTERS_TTL_MS = 60_000;

/** Where a cluster was defined in `kubernetes.clusterLocatorMethods`. */
export type ClusterLocatorType = 'config' | 'localKubectlProxy' | 'catalog';

/**
 * A cluster Preflight can read: what the Kubernetes plugin's authentication strategies are given
 * (`details`), and a client-node `KubeConfig` whose current context is it, with its TLS settings
 * and no credentials (each read adds the credential its strategy gives, see `credentials.ts`).
 */
export interface KubernetesCluster {
  /** The name environments refer to (`preflight.environments[].cluster`). */
  name: string;
  /** API server URL (never contains credentials). */
  url: string;
  /** The locator method that defined it. */
  locator: ClusterLocatorType;
  /** `kubernetes.io/auth-provider` of its auth metadata (`serviceAccount`, `aws`, …). */
  authProvider: string;
  /**
   * The cluster as the Kubernetes plugin describes it to its authentication strategies; never
   * log it (`authMetadata.serviceAccountToken` holds a token).
   */
  details: ClusterDetails;
  /** TLS settings only (CA, verification); no credentials. */
  kubeConfig: KubeConfig;
}

/**
 * The clusters of `kubernetes.clusterLocatorMethods`, the configuration the Backstage Kubernetes
 * plugin already uses (clusters are never configured twice), read as its locators read them:
 *
 * - `type: config` — `clusters[]` with `name`, `url`, `authProvider` (or
 *   `authMetadata['kubernetes.io/auth-provider']`), the provider's keys (`serviceAccountToken`,
 *   `assumeRole`, `externalId`, `oidcTokenProvider`, any `authMetadata`), `caData`, `caFile`,
 *   `skipTLSVerify` (`skipMetricsLookup`, `title`, dashboards and `customResources` are the
 *   Kubernetes plugin's and ignored here);
 * - `type: localKubectlProxy` — a cluster named `local` at `http://localhost:8001`;
 * - `type: catalog` — the catalog's `kubernetes-cluster` Resources (see `catalogClusters.ts`),
 *   looked up again at most every {@link CATALOG_CLUSTERS_TTL_MS} by the reads that need them.
 *
 * Credentials are not resolved here: each read asks the cluster's authentication strategy (see
 * `credentials.ts`). A cluster with an auth provider Preflight has no strategy for is reported as
 * unavailable, with the reason, rather than failing start-up. Tokens are never logged nor put in
 * messages.
 */
export class ClusterDirectory {
  private readonly clusters = new Map<string, KubernetesCluster>();
  private readonly unavailable = new Map<string, string>();
  /** The `type: catalog` locator's options, when there is one. */
  private catalogLocator?: CatalogLocatorOptions;
  private catalogLookUp?: (
    options: CatalogLocatorOptions,
  ) => Promise<CatalogClusterList>;
  private catalogClusters = new Map<string, KubernetesCluster>();
  private catalogUnavailable = new Map<string, string>();
  private catalogLoadedAt = 0;
  private catalogLoading?: Promise<void>;
  private logger?: LoggerService;
  /** Strategies modules added: their providers are usable, their `validateCluster` is asked. */
  private moduleStrategies: ModuleAuthStrategies = new Map();

  /**
   * Reads `kubernetes.clusterLocatorMethods`; throws naming the key on invalid values.
   * `authStrategies`: the strategies modules added, whose providers are then usable.
   */
  static fromConfig(
    config: Config,
    options: {
      logger?: LoggerService;
      authStrategies?: ModuleAuthStrategies;
    } = {},
  ): ClusterDirectory {
    const directory = new ClusterDirectory();
    const { logger } = options;
    directory.logger = logger;
    directory.moduleStrategies = options.authStrategies ?? new Map();
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
          // As the Kubernetes plugin's LocalKubectlProxyClusterLocator.
          directory.add(
            clusterOf(
              {
                name: 'local',
                url: 'http://localhost:8001',
                authMetadata: {
                  [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: 'localKubectlProxy',
                },
                skipMetricsLookup: true,
              },
              'localKubectlProxy',
            ),
            logger,
          );
          break;
        case 'catalog':
          if (directory.catalogLocator) {
            logger?.warn(
              `Preflight live state: ${at} is a second catalog locator; the first one's options are used`,
            );
          } else {
            directory.catalogLocator = readCatalogLocatorOptions(method);
          }
          break;
        case 'gke':
          logger?.info(
            `Preflight live state: cluster locator method 'gke' (${at}) is not supported: Preflight cannot list GKE clusters (the Kubernetes plugin's GkeClusterLocator is not exported, and there is no GKE API here to test a reimplementation against); describe the clusters with type: config (authProvider google or googleServiceAccount) to read them`,
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

  /** The cluster with this name, if Preflight can read it (configuration first, then catalog). */
  get(name: string): KubernetesCluster | undefined {
    return this.clusters.get(name) ?? this.catalogClusters.get(name);
  }

  /** Why a configured cluster cannot be read (e.g. an unsupported auth provider), if so. */
  unavailableReason(name: string): string | undefined {
    return this.unavailable.get(name) ?? this.catalogUnavailable.get(name);
  }

  /**
   * Whether clusters may also come from the catalog (`type: catalog`): then a name that the
   * configuration does not define may still be a cluster, known only when the catalog is read.
   */
  hasCatalogLocator(): boolean {
    return this.catalogLocator !== undefined;
  }

  /** How the catalog's clusters are looked up (the live source gives the catalog service). */
  useCatalog(
    lookUp: (options: CatalogLocatorOptions) => Promise<CatalogClusterList>,
  ): void {
    this.catalogLookUp = lookUp;
  }

  /**
   * Looks the catalog's clusters up again when the last look-up is older than
   * {@link CATALOG_CLUSTERS_TTL_MS} (concurrent callers share one). A failed look-up keeps the
   * clusters known before, and is logged.
   */
  refreshCatalog(now = Date.now()): Promise<void> {
    const { catalogLocator, catalogLookUp } = this;
    if (!catalogLocator || !catalogLookUp) return Promise.resolve();
    if (this.catalogLoading) return this.catalogLoading;
    if (
      this.catalogLoadedAt &&
      now - this.catalogLoadedAt < CATALOG_CLUSTERS_TTL_MS
    ) {
      return Promise.resolve();
    }
    this.catalogLoading = (async () => {
      try {
        const { clusters, unavailable } = await catalogLookUp(catalogLocator);
        const next = new Map<string, KubernetesCluster>();
        const nextUnavailable = new Map<string, string>();
        for (const details of clusters) {
          if (
            this.clusters.has(details.name) ||
            this.unavailable.has(details.name)
          ) {
            nextUnavailable.set(
              details.name,
              `cluster '${details.name}' is defined both in the configuration and in the catalog; the configuration's is used`,
            );
            continue;
          }
          const reason = unusableAuthReason(
            details.name,
            details.authMetadata,
            `annotation ${ANNOTATION_KUBERNETES_AUTH_PROVIDER}`,
            this.moduleStrategies,
          );
          if (reason) {
            nextUnavailable.set(details.name, reason);
            continue;
          }
          // The same details keep the same client (its connections and discovery).
          const previous = this.catalogClusters.get(details.name);
          next.set(
            details.name,
            previous &&
              JSON.stringify(previous.details) === JSON.stringify(details)
              ? previous
              : clusterOf(details, 'catalog'),
          );
        }
        for (const [name, reason] of unavailable) {
          if (!this.clusters.has(name)) nextUnavailable.set(name, reason);
        }
        for (const [name, reason] of nextUnavailable) {
          if (this.catalogUnavailable.get(name) !== reason) {
            this.logger?.warn(`Preflight live state: ${reason}`);
          }
        }
        this.catalogClusters = next;
        this.catalogUnavailable = nextUnavailable;
        this.catalogLoadedAt = Date.now();
      } catch (error) {
        this.logger?.warn(
          `Preflight live state: could not read the catalog's kubernetes-cluster Resources; the clusters known before are used: ${
            (error as Error)?.message ?? error
          }`,
        );
        // Try again at the next read, not at once for every concurrent one.
        this.catalogLoadedAt = Date.now() - CATALOG_CLUSTERS_TTL_MS + 5_000;
      } finally {
        this.catalogLoading = undefined;
      }
    })();
    return this.catalogLoading;
  }

  /** Names of the clusters Preflight can read. */
  names(): string[] {
    return [...this.clusters.keys(), ...this.catalogClusters.keys()];
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
      // As the Kubernetes plugin's ConfigClusterLocator: `authMetadata` is read raw (its keys
      // contain '/' and '.') and wins over the flat keys.
      const authMetadataBlock =
        c.getOptional<Record<string, string>>('authMetadata') ?? {};
      const authProvider =
        authMetadataBlock[ANNOTATION_KUBERNETES_AUTH_PROVIDER] ??
        c.getOptionalString('authProvider');
      const flat: Record<string, string | undefined> = {
        serviceAccountToken: c.getOptionalString('serviceAccountToken'),
        [ANNOTATION_KUBERNETES_AWS_ASSUME_ROLE]:
          c.getOptionalString('assumeRole'),
        [ANNOTATION_KUBERNETES_AWS_EXTERNAL_ID]:
          c.getOptionalString('externalId'),
        [ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]:
          c.getOptionalString('oidcTokenProvider'),
      };
      const authMetadata: AuthMetadata = {
        ...(authProvider
          ? { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider }
          : {}),
        ...Object.fromEntries(
          Object.entries(flat).filter(
            (entry): entry is [string, string] => entry[1] !== undefined,
          ),
        ),
        ...authMetadataBlock,
      };
      const reason = unusableAuthReason(
        name,
        authMetadata,
        `${cat}.authProvider`,
        this.moduleStrategies,
      );
      if (reason) {
        if (!this.clusters.has(name) && !this.unavailable.has(name)) {
          this.unavailable.set(name, reason);
        }
        logger?.warn(`Preflight live state: ${reason}`);
        return;
      }
      const { protocol, hostname } = new URL(url);
      if (
        protocol === 'http:' &&
        authProvider !== 'localKubectlProxy' &&
        !['localhost', '127.0.0.1', '[::1]'].includes(hostname)
      ) {
        logger?.warn(
          `Preflight live state: cluster '${name}' is reached over plain http; its ${authProvider} credentials are sent unencrypted`,
        );
      }
      const caData = c.getOptionalString('caData');
      const caFile = c.getOptionalString('caFile');
      this.add(
        clusterOf(
          {
            name,
            url,
            skipTLSVerify: c.getOptionalBoolean('skipTLSVerify') ?? false,
            ...(caData ? { caData } : {}),
            ...(caFile ? { caFile } : {}),
            authMetadata,
          },
          'config',
        ),
        logger,
      );
    });
  }
}
