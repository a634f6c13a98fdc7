import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CheckDefinition,
  EntityEnvironmentsResponse,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';

/**
 * Typed client of the Preflight backend.
 *
 * @public
 */
export interface PreflightApi {
  getEnvironments(): Promise<PreflightEnvironment[]>;
  getEntityEnvironments(
    entityRef: CompoundEntityRef,
  ): Promise<EntityEnvironmentsResponse>;
  getChecks(): Promise<CheckDefinition[]>;
}

/**
 * @public
 */
export const preflightApiRef = createApiRef<PreflightApi>({
  id: 'plugin.preflight.api',
});
