import type { Entity } from '@backstage/catalog-model';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';

/**
 * A Component the live source finds by the Kubernetes plugin's `backstage.io/kubernetes-id`.
 * With `ownedBy`, a whole catalog entity (namespace, spec, owner relation), as a backend test
 * registers it; without, only what the live source reads.
 */
export function kubernetesComponent(
  id: string,
  options: { ownedBy?: string } = {},
): Entity {
  const annotations = { 'backstage.io/kubernetes-id': id };
  if (!options.ownedBy) {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: id, annotations },
    };
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: id, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: options.ownedBy },
    relations: [
      { type: 'ownedBy', targetRef: `group:default/${options.ownedBy}` },
    ],
  };
}

/** Production on `cluster`, namespace `shop`. */
export const productionOn = (cluster: string): PreflightEnvironment => ({
  name: 'production',
  title: 'Production',
  cluster,
  namespace: 'shop',
});
