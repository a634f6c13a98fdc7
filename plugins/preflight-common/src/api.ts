import type { ReadinessVerdict, Waiver } from './checks';
import type { ParityReport } from './parityReport';

/*
 * Request and response bodies of the `/api/preflight` routes that have no domain type of their
 * own, exactly as `plugins/preflight-backend/src/schema/openapi.yaml` describes them.
 */

/**
 * One stored evaluation of one environment (`HistoryEntry` of the OpenAPI document).
 *
 * @public
 */
export interface ReadinessHistoryEntry {
  /** Name of the environment. */
  environment: string;
  /** The environment's verdict at that evaluation. */
  verdict: ReadinessVerdict;
  /** 0–100, as {@link EnvironmentReadiness.score}. */
  score: number;
  /** Counts per check status. */
  counts: Record<string, number>;
  /** Ids of the checks that failed and were not waived. */
  failing: string[];
  /** ISO 8601. */
  evaluatedAt: string;
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/history`: stored evaluations, newest first.
 *
 * @public
 */
export interface EntityHistoryResponse {
  /** The entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Newest first; at most `limit` entries, of one environment when the request names one. */
  items: ReadinessHistoryEntry[];
}

/**
 * Desired against live state of one environment, in `GET .../parity`: a report with the columns
 * `desired` and `live`, or why it could not be computed.
 *
 * @public
 */
export interface DesiredVsLiveParity {
  /** Name of the environment. */
  environment: string;
  /** The comparison, with the columns `desired` and `live`; absent when `unavailable` says why. */
  report?: ParityReport;
  /** Why there is no report, e.g. `desired state ok, live state error (TIMEOUT)`. */
  unavailable?: string;
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/parity`.
 *
 * @public
 */
export interface EntityParityResponse {
  /** The entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Desired state (manifests) compared across the environments. */
  desired: ParityReport;
  /** Live state (clusters) compared across the environments. */
  live: ParityReport;
  /** Desired against live, per environment, in promotion order. */
  desiredVsLive: DesiredVsLiveParity[];
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/waivers`: waivers that have not expired.
 *
 * @public
 */
export interface EntityWaiversResponse {
  /** The entity's waivers whose `expiresAt` is still in the future. */
  items: Waiver[];
}

/**
 * Body of `POST /entities/{kind}/{namespace}/{name}/waivers`.
 *
 * @public
 */
export interface CreateWaiverRequest {
  /** An environment of the promotion path (`preflight.environments`). */
  environment: string;
  /** Id of a registered check (see `GET /checks`). */
  checkId: string;
  /** Why the check may be waived: 10 to 2000 characters after trimming. */
  justification: string;
  /** ISO 8601 date-time in the future. */
  expiresAt: string;
}

/**
 * A row of the catalog-wide overview: the latest evaluation of one entity in one environment
 * (`OverviewRow` of the OpenAPI document).
 *
 * @public
 */
export interface ReadinessOverviewRow {
  /** The entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Lower-case kind. */
  kind: string;
  /** The entity's namespace, e.g. `default`. */
  namespace: string;
  /** The entity's name. */
  name: string;
  /** The entity's `metadata.title`, when it has one. */
  title?: string;
  /** Entity ref of the owner, e.g. `group:default/checkout-team`. */
  owner?: string;
  /** Entity ref of the system, e.g. `system:default/shop`. */
  system?: string;
  /** The entity's `spec.lifecycle`, e.g. `production`, when it has one. */
  lifecycle?: string;
  /** The entity's `spec.type`, e.g. `service`, when it has one. */
  type?: string;
  /** Name of the environment. */
  environment: string;
  /** The environment's verdict at the latest evaluation. */
  verdict: ReadinessVerdict;
  /** 0–100, as {@link EnvironmentReadiness.score}. */
  score: number;
  /** Ids of the blocking checks that failed and were not waived. */
  failingChecks: string[];
  /** Ids of the blocking checks that were `unknown` and not waived. */
  unknownChecks: string[];
  /** When the latest evaluation ran (ISO 8601). */
  evaluatedAt: string;
}

/**
 * Filters of `GET /readiness`. Owner and system match the stored entity refs
 * (`group:default/checkout-team`, `system:default/shop`).
 *
 * @public
 */
export interface ReadinessOverviewFilters {
  /** Only entities with this owner (an entity ref, matched exactly). */
  owner?: string;
  /** Only entities of this system (an entity ref, matched exactly). */
  system?: string;
  /** Only entities with this `spec.lifecycle`. */
  lifecycle?: string;
  /** Only rows of this environment. */
  environment?: string;
  /** Only rows with this verdict (`counts` in the response ignore this filter). */
  verdict?: ReadinessVerdict;
  /** Only rows where this check id is among `failingChecks`. */
  failingCheck?: string;
}

/**
 * Paging of `GET /readiness` (the backend defaults to 50 rows from offset 0).
 *
 * @public
 */
export interface ReadinessOverviewPaging {
  /** 1–999. */
  limit?: number;
  /** How many rows to skip (0–9,999,999). */
  offset?: number;
}

/**
 * Response of `GET /readiness`.
 *
 * @public
 */
export interface ReadinessOverviewResponse {
  /** One page of rows, lowest score first (then by entity ref and environment). */
  items: ReadinessOverviewRow[];
  /** Rows matching the filters (verdict included), over all pages. */
  totalCount: number;
  /** Rows per verdict matching the filters other than the verdict. */
  counts: Record<string, number>;
}
