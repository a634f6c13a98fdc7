import type { Entity } from '@backstage/catalog-model';
import { isPreflightEntity } from '@preflight/plugin-preflight-common';

/**
 * Whether Preflight evaluates an entity: a Component with Preflight's `preflight.dev/manifests`,
 * the Kubernetes plugin's annotations or the Argo CD plugins' `argocd/app-name` /
 * `argocd/app-selector` — the entities the backend's catalog-wide evaluation reads. Use it as the
 * `if` of an `EntitySwitch.Case`.
 *
 * @public
 */
export function isPreflightAvailable(entity: Entity): boolean {
  return isPreflightEntity(entity);
}
