import type { Entity } from '@backstage/catalog-model';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import type {
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';

/**
 * One source of an environment's state: the cluster (live) or the GitOps manifests (desired).
 * A source answers for one entity in one environment and reports its failures in the returned
 * state (status `error` with a typed reason). It throws only for bad input that is the caller's
 * to fix (an `InputError`, e.g. a malformed annotation), which the API turns into a 400.
 */
export interface StateSource {
  read(
    entity: Entity,
    environment: PreflightEnvironment,
    options?: {
      signal?: AbortSignal;
      /**
       * The signed-in user's Kubernetes provider tokens (`{ google: '…' }`, …), for clusters read
       * with them; sources that do not read clusters ignore it.
       */
      auth?: KubernetesRequestAuth;
    },
  ): Promise<SourceState>;
}
