import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import type { HttpLibrary } from '@kubernetes/client-node';
import type { ClusterDirectory } from './clusters';
import type { KubernetesRequestAuth } from './credentials';

/** Options of the live source (`LiveStateSource`). */
export interface LiveStateSourceOptions {
  /** The root config: `kubernetes.clusterLocatorMethods` and `preflight.live.*`. */
  config: Config;
  logger: LoggerService;
  /**
   * The client-node transport requests are sent with (default: client-node's own
   * `IsomorphicFetchHttpLibrary`). For instrumentation or tests.
   */
  httpApi?: HttpLibrary;
  /** The clusters; default: read from `config`. */
  clusters?: ClusterDirectory;
  /**
   * Gives each read its credential; default: the Kubernetes plugin's strategies for the
   * providers Preflight supports (see `credentials.ts`).
   */
  authStrategy?: AuthenticationStrategy;
  /**
   * Strategies added by modules through `preflightKubernetesAuthExtensionPoint`, as
   * `[authProvider, strategy]` in the order they were added: clusters of these providers are
   * read with them (next to the built-in ones, which they cannot replace: the constructor throws,
   * naming the key).
   */
  moduleAuthStrategies?: ReadonlyArray<
    readonly [string, AuthenticationStrategy]
  >;
  /**
   * The catalog, read with the plugin's own credentials, for the clusters of a `type: catalog`
   * locator (without it, such clusters are unknown).
   */
  catalog?: { catalog: CatalogService; auth: AuthService };
}

/** Options of one read. */
export interface LiveReadOptions {
  signal?: AbortSignal;
  /**
   * The signed-in user's provider tokens, as the Kubernetes plugin's frontend sends them
   * (`{ google: '…' }`, `{ oidc: { okta: '…' } }`, `{ aks: '…' }`): what user-delegated clusters
   * are read with. Absent (the scheduled evaluation): such clusters are unavailable.
   */
  auth?: KubernetesRequestAuth;
}
