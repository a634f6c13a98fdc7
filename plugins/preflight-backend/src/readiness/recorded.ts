import type {
  CheckOutcome,
  CheckStatus,
  EnvironmentReadiness,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';

/**
 * What the store keeps of an environment's readiness, taken as soon as it is evaluated
 * ({@link recordedEnvironment}): the catalog-wide run holds only this of each evaluation until its
 * page is recorded, not the reasons, evidence and fixes (hundreds of full results outliving the
 * young generation would fill the old one).
 */
export interface RecordedEnvironment {
  environment: string;
  verdict: ReadinessVerdict;
  score: number;
  counts: Record<CheckStatus, number>;
  /** Every check's outcome, in order. */
  checks: ReadonlyArray<RecordedCheck>;
}

/** A check's outcome as recorded (one frozen instance per distinct value, shared). */
export type RecordedCheck = Readonly<
  Pick<CheckOutcome, 'id' | 'title' | 'status' | 'severity'> & {
    waived: boolean;
  }
>;

/**
 * The recorded checks by id, one instance per distinct value. A few exist per check (its statuses,
 * waived or not), so every evaluation's list holds shared instances instead of its own; bounded
 * all the same (a check's title and severity come from its module and configuration).
 */
const recordedChecks = new Map<string, RecordedCheck[]>();
const MAX_RECORDED_CHECK_IDS = 1_000;
const MAX_RECORDED_CHECKS_PER_ID = 64;

function recordedCheck(check: CheckOutcome): RecordedCheck {
  const waived = !!check.waiver;
  let known = recordedChecks.get(check.id);
  if (known) {
    for (const c of known) {
      if (
        c.status === check.status &&
        c.waived === waived &&
        c.severity === check.severity &&
        c.title === check.title
      ) {
        return c;
      }
    }
  } else if (recordedChecks.size < MAX_RECORDED_CHECK_IDS) {
    known = [];
    recordedChecks.set(check.id, known);
  }
  const value: RecordedCheck = Object.freeze({
    id: check.id,
    title: check.title,
    status: check.status,
    severity: check.severity,
    waived,
  });
  if (known && known.length < MAX_RECORDED_CHECKS_PER_ID) known.push(value);
  return value;
}

/** An environment's readiness reduced to what the store records (see {@link RecordedEnvironment}). */
export function recordedEnvironment(
  env: EnvironmentReadiness,
): RecordedEnvironment {
  return {
    environment: env.environment,
    verdict: env.verdict,
    score: env.score,
    counts: env.counts,
    checks: env.checks.map(recordedCheck),
  };
}

/** The blocking checks with this status, not waived (the overview's filters, a regression notice). */
export function blockingChecks(
  env: RecordedEnvironment,
  status: 'fail' | 'unknown',
): RecordedCheck[] {
  return env.checks.filter(
    c => c.status === status && !c.waived && c.severity === 'blocking',
  );
}
