import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import type { ClusterDirectory, KubernetesCluster } from './clusters';
import { NEEDS_USER_TOKEN } from './credentials';

/** Why a user-delegated cluster is not read without the user's token. */
export function needsUserTokenMessage(
  environment: PreflightEnvironment,
  cluster: KubernetesCluster,
): string {
  return `Live state cannot be read for environment '${environment.name}': cluster '${cluster.name}' uses authProvider '${cluster.authProvider}', which ${NEEDS_USER_TOKEN}`;
}

/** Why an environment has no live state: it names no cluster. */
export function noClusterMessage(environment: PreflightEnvironment): string {
  return `Environment '${environment.name}' has no cluster (preflight.environments[].cluster)`;
}

/** Why an environment's cluster cannot be used: unavailable (with the reason) or not defined. */
export function unusableClusterMessage(
  environment: PreflightEnvironment,
  cluster: string,
  clusters: ClusterDirectory,
): string {
  const reason =
    clusters.unavailableReason(cluster) ??
    (clusters.hasCatalogLocator()
      ? `cluster '${cluster}' is defined neither in kubernetes.clusterLocatorMethods nor as a catalog Resource of spec.type kubernetes-cluster`
      : `cluster '${cluster}' is not defined in kubernetes.clusterLocatorMethods`);
  return `Live state cannot be read for environment '${environment.name}': ${reason}`;
}
