import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_ANNOTATIONS,
  PREFLIGHT_ANNOTATIONS,
  type EntityEnvironmentSummary,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';

/**
 * Knows the promotion path and, for an entity, where each environment's state comes from.
 */
export class EnvironmentService {
  constructor(private readonly environments: PreflightEnvironment[]) {}

  list(): PreflightEnvironment[] {
    return this.environments;
  }

  summarize(entity: Entity): EntityEnvironmentSummary[] {
    const annotations = entity.metadata.annotations ?? {};
    const manifests = annotations[PREFLIGHT_ANNOTATIONS.manifests];
    const hasKubernetesAnnotation = Boolean(
      annotations[KUBERNETES_ANNOTATIONS.id] ||
        annotations[KUBERNETES_ANNOTATIONS.labelSelector],
    );
    return this.environments.map(environment => {
      const namespace =
        annotations[
          `${PREFLIGHT_ANNOTATIONS.namespacePrefix}${environment.name}`
        ] ??
        environment.namespace ??
        annotations[KUBERNETES_ANNOTATIONS.namespace];
      return {
        environment,
        sources: {
          live: {
            configured: Boolean(environment.cluster && hasKubernetesAnnotation),
            ...(environment.cluster ? { cluster: environment.cluster } : {}),
            ...(namespace ? { namespace } : {}),
          },
          desired: {
            configured: Boolean(manifests),
            ...(manifests
              ? { location: manifests.split('{env}').join(environment.name) }
              : {}),
          },
        },
      };
    });
  }
}
