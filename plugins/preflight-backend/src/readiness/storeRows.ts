import type {
  ReadinessOverviewRow,
  ReadinessVerdict,
  Waiver,
} from '@preflight/plugin-preflight-common';

// The rows of Preflight's tables as the database driver returns them, and how they become the
// API's types (timestamps are Dates from PostgreSQL, strings from SQLite).

/** A row of `preflight_latest`, as the database driver returns it. */
export interface LatestRow {
  entity_ref: string;
  environment: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  type: string | null;
  verdict: ReadinessVerdict;
  /** A number, or a string from PostgreSQL drivers that return integers as text. */
  score: number | string;
  failing_checks: string;
  unknown_checks: string;
  evaluated_at: Date | string;
}

/** A row of `preflight_waivers`, as the database driver returns it. */
export interface WaiverRow {
  id: string;
  entity_ref: string;
  environment: string;
  check_id: string;
  justification: string;
  expires_at: Date | string;
  created_by: string;
  created_at: Date | string;
}

export function splitIds(value: string): string[] {
  return value.split(',').filter(Boolean);
}

export function toIso(value: unknown): string {
  return value instanceof Date
    ? value.toISOString()
    : new Date(value as string).toISOString();
}

export function toWaiver(row: WaiverRow): Waiver {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    environment: row.environment,
    checkId: row.check_id,
    justification: row.justification,
    expiresAt: toIso(row.expires_at),
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
  };
}

/** An overview row of the API from a row of `preflight_latest`. */
export function toOverviewRow(row: LatestRow): ReadinessOverviewRow {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    ...(row.owner ? { owner: row.owner } : {}),
    ...(row.system ? { system: row.system } : {}),
    ...(row.lifecycle ? { lifecycle: row.lifecycle } : {}),
    ...(row.type ? { type: row.type } : {}),
    environment: row.environment,
    verdict: row.verdict,
    score: Number(row.score),
    failingChecks: splitIds(row.failing_checks),
    unknownChecks: splitIds(row.unknown_checks),
    evaluatedAt: toIso(row.evaluated_at),
  };
}
