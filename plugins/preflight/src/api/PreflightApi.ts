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
  UserTokenNeed,
  Waiver,
} from '@preflight/plugin-preflight-common';

/**
 * A signed-in user's token for the clusters of one Kubernetes auth provider, as the Kubernetes
 * plugin's frontend gets it (`kubernetesAuthProvidersApiRef`). {@link PreflightClient} sends it in
 * the header `Backstage-Kubernetes-Authorization-<authProvider>` (for `oidc`:
 * `Backstage-Kubernetes-Authorization-oidc-<oidcTokenProvider>`).
 *
 * @public
 */
export interface KubernetesUserToken extends UserTokenNeed {
  /** The provider's token (`getCredentials(...).token`). */
  token: string;
}

/**
 * Options of the reads that may need the user's cluster tokens (clusters of `authProvider`
 * `google`, `oidc`, `aks`).
 *
 * @public
 */
export interface UserTokenOptions {
  /** The user's tokens to send; environments whose cluster needs one not sent are `not-configured` with `needsUserToken`. */
  userTokens?: readonly KubernetesUserToken[];
}

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
    options?: { refresh?: boolean } & UserTokenOptions,
  ): Promise<EntityEnvironmentsResponse>;
  /**
   * `GET /entities/{kind}/{namespace}/{name}/readiness`. With `refresh` the sources are read again
   * and the evaluation is recorded in the history.
   */
  getEntityReadiness(
    entityRef: CompoundEntityRef,
    options?: { environment?: string; refresh?: boolean } & UserTokenOptions,
  ): Promise<EntityReadiness>;
  /** `GET /entities/{kind}/{namespace}/{name}/history`: stored evaluations, newest first. */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    options?: { environment?: string; limit?: number },
  ): Promise<EntityHistoryResponse>;
  /** `GET /entities/{kind}/{namespace}/{name}/parity`: desired, live and desired vs live. */
  getEntityParity(
    entityRef: CompoundEntityRef,
    options?: { refresh?: boolean } & UserTokenOptions,
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
 * The utility API reference of {@link PreflightApi}: the app's `PreflightClient` by default.
 *
 * @public
 */
export const preflightApiRef = createApiRef<PreflightApi>({
  id: 'plugin.preflight.api',
});
