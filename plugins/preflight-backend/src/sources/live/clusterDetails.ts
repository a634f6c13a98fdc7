/*
 * One cluster of `kubernetes.clusterLocatorMethods` as Preflight reads it: its URL checked, the
 * reason its auth provider cannot be used (if so), and its TLS-only client-node `KubeConfig`.
 */
import {
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthMetadata,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig, type Cluster } from '@kubernetes/client-node';
import {
  ALL_AUTH_PROVIDERS,
  describeCredentialError,
  type ModuleAuthStrategies,
} from './credentials';
import type { ClusterLocatorType, KubernetesCluster } from './clusters';

/** The cluster URL, checked: a valid http(s) URL without credentials; throws naming `key`. */
export function checkUrl(url: string, key: string): string {
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
export function allowPlainHttp<T extends Cluster>(cluster: T): T {
  return cluster.server.startsWith('http:')
    ? { ...cluster, skipTLSVerify: true }
    : cluster;
}

/** A `KubeConfig` of one cluster with its TLS settings and a user without credentials. */
export function tlsOnlyKubeConfig(details: ClusterDetails): KubeConfig {
  const cluster: Cluster = {
    name: details.name,
    server: details.url,
    skipTLSVerify: details.skipTLSVerify ?? false,
    ...(details.caData ? { caData: details.caData } : {}),
    ...(details.caFile ? { caFile: details.caFile } : {}),
  };
  const user = `${details.name}-user`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [allowPlainHttp(cluster)],
    users: [{ name: user }],
    contexts: [{ name: details.name, cluster: details.name, user }],
    currentContext: details.name,
  });
  return kc;
}

/**
 * Why Preflight cannot use a cluster with this auth metadata, if so: an auth provider that has no
 * strategy here (built-in or added by a module), an `oidc` cluster without its token provider
 * (which the Kubernetes plugin refuses at start-up too), or a cluster a module's strategy finds
 * errors in (`validateCluster`, which the Kubernetes plugin's config locator calls too).
 */
export function unusableAuthReason(
  name: string,
  authMetadata: AuthMetadata,
  where: string,
  moduleStrategies: ModuleAuthStrategies = new Map(),
): string | undefined {
  const authProvider = authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER];
  if (!authProvider) {
    return `cluster '${name}' has no authProvider (${where})`;
  }
  const moduleStrategy = ALL_AUTH_PROVIDERS.includes(authProvider)
    ? undefined
    : moduleStrategies.get(authProvider);
  if (moduleStrategy) {
    let errors: unknown[];
    try {
      errors = moduleStrategy.validateCluster(authMetadata);
    } catch (error) {
      errors = [error];
    }
    return errors.length > 0
      ? `cluster '${name}' is refused by the strategy of authProvider '${authProvider}': ${errors
          .map(describeCredentialError)
          .join('; ')}`
      : undefined;
  }
  if (!ALL_AUTH_PROVIDERS.includes(authProvider)) {
    return `cluster '${name}' uses authProvider '${authProvider}', which Preflight does not support (supported: ${[
      ...ALL_AUTH_PROVIDERS,
      ...moduleStrategies.keys(),
    ].join(', ')})`;
  }
  if (
    authProvider === 'oidc' &&
    !authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]
  ) {
    return `cluster '${name}' uses authProvider 'oidc' without oidcTokenProvider`;
  }
  return undefined;
}

/** A cluster from its details, with the TLS-only `KubeConfig`. */
export function clusterOf(
  details: ClusterDetails,
  locator: ClusterLocatorType,
): KubernetesCluster {
  return {
    name: details.name,
    url: details.url,
    locator,
    authProvider: details.authMetadata[ANNOTATION_KUBERNETES_AUTH_PROVIDER],
    details,
    kubeConfig: tlsOnlyKubeConfig(details),
  };
}
