/**
 * Outcome of one check in one environment.
 *
 * @public
 */
export type CheckStatus =
  | 'pass'
  | 'warn'
  | 'fail'
  | 'unknown'
  | 'not-applicable';

/**
 * How a failing check weighs on the verdict.
 *
 * @public
 */
export type CheckSeverity = 'blocking' | 'advisory';

/**
 * A reference to a fact a check relied on: a link or a Kubernetes object.
 *
 * @public
 */
export type CheckEvidence =
  | { type: 'link'; title: string; url: string }
  | {
      type: 'object';
      title: string;
      kind: string;
      namespace?: string;
      name: string;
      source: 'live' | 'desired';
      /** Manifest file (desired) or cluster (live) the object was read from. */
      location?: string;
      /** 1-based line of the object in the manifest file. */
      line?: number;
    };

/**
 * The result of evaluating one check for one environment.
 *
 * @public
 */
export interface CheckResult {
  status: CheckStatus;
  /** One line, shown next to the status. */
  summary: string;
  /** Longer explanation (markdown). */
  details?: string;
  evidence?: CheckEvidence[];
  /** How to fix it (markdown). */
  remediation?: string;
  /** When the facts the result is based on were read (ISO 8601). */
  factsReadAt?: string;
  /**
   * What the check evaluated, e.g. `{ subject: 'containers', count: 3 }`. A statement about every
   * member of an empty set is not evidence: the engine turns a `pass` or `warn` with `count: 0`
   * into `unknown`.
   */
  evaluated?: CheckSubjects;
}

/**
 * The subjects a check's result is about: what they are (plural noun) and how many there were.
 *
 * @public
 */
export interface CheckSubjects {
  /** Plural noun, e.g. `containers`, `workloads`, `CI runs`. */
  subject: string;
  count: number;
}

/**
 * Definition of a check as exposed by `GET /checks`.
 *
 * @public
 */
export interface CheckDefinition {
  id: string;
  title: string;
  description: string;
  severity: CheckSeverity;
  enabled: boolean;
  /** Effective thresholds (`preflight.checks.<id>.thresholds`). */
  thresholds?: Record<string, number>;
  /** Entity filter (`preflight.checks.<id>.appliesTo`). */
  appliesTo?: { kind?: string[]; type?: string[]; lifecycle?: string[] };
}

/**
 * A waiver: a check accepted as not blocking for an entity in an environment, until it expires.
 *
 * @public
 */
export interface Waiver {
  id: string;
  entityRef: string;
  environment: string;
  checkId: string;
  justification: string;
  /** ISO 8601; the waiver stops applying by itself after this instant. */
  expiresAt: string;
  createdBy: string;
  createdAt: string;
}

/**
 * One check's outcome in one environment, as the API returns it.
 *
 * @public
 */
export interface CheckOutcome extends CheckResult {
  id: string;
  title: string;
  severity: CheckSeverity;
  /** The active waiver, when one applies: the check then does not count against the verdict. */
  waiver?: Waiver;
}

/**
 * Verdict of an environment: `ready` when no blocking check fails or is unknown (waived checks
 * excepted), `unknown` when nothing fails but some blocking check could not be decided.
 *
 * @public
 */
export type ReadinessVerdict = 'ready' | 'not-ready' | 'unknown';

/**
 * The readiness of an entity in one environment.
 *
 * @public
 */
export interface EnvironmentReadiness {
  environment: string;
  verdict: ReadinessVerdict;
  /** 0–100: the share of applicable checks that pass (warn counts half). */
  score: number;
  checks: CheckOutcome[];
  /** Counts per status. */
  counts: Record<CheckStatus, number>;
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/readiness`.
 *
 * @public
 */
export interface EntityReadiness {
  entityRef: string;
  evaluatedAt: string;
  environments: EnvironmentReadiness[];
}
