import type { ReadinessVerdict, Waiver } from './checks';
import type { ParityReport } from './parity/types';

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
  environment: string;
  verdict: ReadinessVerdict;
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
  entityRef: string;
  items: ReadinessHistoryEntry[];
}

/**
 * Desired against live state of one environment, in `GET .../parity`: a report with the columns
 * `desired` and `live`, or why it could not be computed.
 *
 * @public
 */
export interface DesiredVsLiveParity {
  environment: string;
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
  items: Waiver[];
}

/**
 * Body of `POST /entities/{kind}/{namespace}/{name}/waivers`.
 *
 * @public
 */
export interface CreateWaiverRequest {
  environment: string;
  checkId: string;
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
  entityRef: string;
  /** Lower-case kind. */
  kind: string;
  namespace: string;
  name: string;
  title?: string;
  /** Entity ref of the owner, e.g. `group:default/checkout-team`. */
  owner?: string;
  /** Entity ref of the system, e.g. `system:default/shop`. */
  system?: string;
  lifecycle?: string;
  type?: string;
  environment: string;
  verdict: ReadinessVerdict;
  score: number;
  failingChecks: string[];
  unknownChecks: string[];
  evaluatedAt: string;
}

/**
 * Filters of `GET /readiness`. Owner and system match the stored entity refs
 * (`group:default/checkout-team`, `system:default/shop`).
 *
 * @public
 */
export interface ReadinessOverviewFilters {
  owner?: string;
  system?: string;
  lifecycle?: string;
  environment?: string;
  verdict?: ReadinessVerdict;
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
  offset?: number;
}

/**
 * Response of `GET /readiness`.
 *
 * @public
 */
export interface ReadinessOverviewResponse {
  items: ReadinessOverviewRow[];
  /** Rows matching the filters (verdict included), over all pages. */
  totalCount: number;
  /** Rows per verdict matching the filters other than the verdict. */
  counts: Record<string, number>;
}
