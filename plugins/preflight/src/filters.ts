import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATIONS,
  PREFLIGHT_ANNOTATIONS,
} from '@preflight/plugin-preflight-common';

/**
 * Whether an entity has what Preflight needs: the Kubernetes plugin's annotations or
 * `preflight.dev/manifests`. Use it as the `if` of an `EntitySwitch.Case`.
 *
 * @public
 */
export function isPreflightAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(
    annotations[PREFLIGHT_ANNOTATIONS.manifests] ||
      annotations[KUBERNETES_ANNOTATIONS.id] ||
      annotations[KUBERNETES_ANNOTATIONS.labelSelector],
  );
}
