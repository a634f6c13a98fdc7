import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';

/**
 * The interface of {@link preflightKubernetesAuthExtensionPoint}: the same method as the
 * Kubernetes plugin's `KubernetesAuthStrategyExtensionPoint`
 * (`@backstage/plugin-kubernetes-node`), so that one strategy object can be given to both.
 *
 * @public
 */
export interface PreflightKubernetesAuthExtensionPoint {
  /**
   * Reads the clusters whose `authProvider` is `key` with `strategy`: Preflight asks its
   * `getCredential` at every read (with the user's provider tokens of the request, empty in the
   * scheduled evaluation) and its `validateCluster` once per cluster (a cluster it finds errors
   * in is unavailable, with them as the reason). `presentAuthMetadata` is not called: Preflight
   * shows no cluster's auth metadata.
   *
   * `key` is a word without dashes (as the Kubernetes plugin requires) and cannot be a provider
   * Preflight has a strategy for (`serviceAccount`, `aws`, `googleServiceAccount`, `azure`,
   * `localKubectlProxy`, `google`, `oidc`, `aks`), nor a key another module added: the backend
   * stops at start-up, naming the key.
   */
  addAuthStrategy(key: string, strategy: AuthenticationStrategy): void;
}

/**
 * Extension point through which backend modules add Kubernetes authentication strategies to
 * Preflight's live source.
 *
 * The Kubernetes plugin's own `kubernetesAuthStrategyExtensionPoint` cannot be read by Preflight:
 * in Backstage's backend system an extension point belongs to the plugin that registers it, and
 * only modules of that plugin (`pluginId: 'kubernetes'`) may depend on it. A strategy used by
 * both plugins is therefore added twice, by a `kubernetes` module and by a `preflight` module,
 * which may share the same object.
 *
 * @public
 */
export const preflightKubernetesAuthExtensionPoint =
  createExtensionPoint<PreflightKubernetesAuthExtensionPoint>({
    id: 'preflight.kubernetes-auth',
  });
