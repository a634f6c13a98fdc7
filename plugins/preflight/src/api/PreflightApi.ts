import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  CheckDefinition,
  CreateWaiverRequest,
  EntityEnvironmentsResponse,
  EntityHistoryResponse,
  EntityParityResponse,
  EntityReadiness,
  PreflightEnvironment,
  ReadinessOverviewFilters,
  ReadinessOverviewPaging,
  ReadinessOverviewResponse,
  Waiver,
} from '@preflight/plugin-preflight-common';

/**
 * Typed client of the Preflight backend (`/api/preflight`). Every method rejects with a
 * `ResponseError` from `@backstage/errors` when the backend answers with an error.
 *
 * @public
 */
export interface PreflightApi {
  /** `GET /environments`: the promotion path, in order. */
  getEnvironments(): Promise<PreflightEnvironment[]>;
  /** `GET /checks`: definitions and configuration of the registered checks. */
  getChecks(): Promise<CheckDefinition[]>;
  /** `GET /entities/{kind}/{namespace}/{name}/environments`: live and desired state per environment. */
  getEntityEnvironments(
    entityRef: CompoundEntityRef,
    options?: { refresh?: boolean },
  ): Promise<EntityEnvironmentsResponse>;
  /**
   * `GET /entities/{kind}/{namespace}/{name}/readiness`. With `refresh` the sources are read again
   * and the evaluation is recorded in the history.
   */
  getEntityReadiness(
    entityRef: CompoundEntityRef,
    options?: { environment?: string; refresh?: boolean },
  ): Promise<EntityReadiness>;
  /** `GET /entities/{kind}/{namespace}/{name}/history`: stored evaluations, newest first. */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    options?: { environment?: string; limit?: number },
  ): Promise<EntityHistoryResponse>;
  /** `GET /entities/{kind}/{namespace}/{name}/parity`: desired, live and desired vs live. */
  getEntityParity(
    entityRef: CompoundEntityRef,
    options?: { refresh?: boolean },
  ): Promise<EntityParityResponse>;
  /** `GET /entities/{kind}/{namespace}/{name}/waivers`: the waivers that have not expired. */
  listWaivers(entityRef: CompoundEntityRef): Promise<Waiver[]>;
  /** `POST /entities/{kind}/{namespace}/{name}/waivers`. */
  createWaiver(
    entityRef: CompoundEntityRef,
    request: CreateWaiverRequest,
  ): Promise<Waiver>;
  /** `DELETE /entities/{kind}/{namespace}/{name}/waivers/{id}`. */
  deleteWaiver(entityRef: CompoundEntityRef, waiverId: string): Promise<void>;
  /** `GET /readiness`: the catalog-wide overview, filtered and paged on the server. */
  getOverview(
    filters?: ReadinessOverviewFilters,
    paging?: ReadinessOverviewPaging,
  ): Promise<ReadinessOverviewResponse>;
}

/**
 * @public
 */
export const preflightApiRef = createApiRef<PreflightApi>({
  id: 'plugin.preflight.api',
});
