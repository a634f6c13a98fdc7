import type { CompoundEntityRef, Entity } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';

/** The path of the Deploy readiness entity content, relative to the entity page. */
export const DEPLOY_READINESS_PATH = 'deploy-readiness';
/** The path of the Environments entity content, relative to the entity page. */
export const ENVIRONMENTS_PATH = 'environments';

/**
 * Links to the Deploy readiness tab of an entity (optionally with an environment selected), built
 * from the catalog's entity route.
 */
export function useDeployReadinessLink(): (
  entityRef: Entity | CompoundEntityRef | string,
  environment?: string,
) => string {
  const entityRoute = useRouteRef(entityRouteRef);
  return (entityRef, environment) => {
    const base = `${entityRoute(
      entityRouteParams(entityRef),
    )}/${DEPLOY_READINESS_PATH}`;
    return environment
      ? `${base}?environment=${encodeURIComponent(environment)}`
      : base;
  };
}
