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
  /**
   * `pass`, `warn`, `fail`, `unknown` (could not be decided, e.g. a source failed, the check threw or
   * timed out, or nothing was evaluated) or `not-applicable` (the check does not apply to the entity).
   */
  status: CheckStatus;
  /** One line, shown next to the status. */
  summary: string;
  /** Longer explanation (markdown). */
  details?: string;
  /** The objects and links the result is based on, so that a reader can verify it. */
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
  /** How many subjects were evaluated (0 or more). */
  count: number;
}

/**
 * Definition of a check as exposed by `GET /checks`.
 *
 * @public
 */
export interface CheckDefinition {
  /** Stable id, e.g. `image-tagged`: the key under `preflight.checks` and a waiver's `checkId`. */
  id: string;
  /** Human-readable name. */
  title: string;
  /** What the check verifies. */
  description: string;
  /** Effective severity: the check's default unless `preflight.checks.<id>.severity` overrides it. */
  severity: CheckSeverity;
  /** `false` when `preflight.checks.<id>.enabled` is `false`: the check is then not evaluated. */
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
  /** Unique id (a UUID), used to delete the waiver. */
  id: string;
  /** The waived entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Name of the environment the waiver applies to. */
  environment: string;
  /** Id of the waived check (a {@link CheckDefinition.id}). */
  checkId: string;
  /** Why the check may be waived: 10 to 2000 characters, trimmed. */
  justification: string;
  /** ISO 8601; the waiver stops applying by itself after this instant. */
  expiresAt: string;
  /** Who created it: the user's entity ref (e.g. `user:default/jane`), or `service:<subject>` for a service. */
  createdBy: string;
  /** When it was created (ISO 8601). */
  createdAt: string;
}

/**
 * One check's outcome in one environment, as the API returns it.
 *
 * @public
 */
export interface CheckOutcome extends CheckResult {
  /** Id of the check (see {@link CheckDefinition.id}). */
  id: string;
  /** The check's human-readable name. */
  title: string;
  /** The check's effective severity (after `preflight.checks.<id>.severity`). */
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
  /** Name of the environment. */
  environment: string;
  /** The environment's verdict (see {@link ReadinessVerdict}). */
  verdict: ReadinessVerdict;
  /** 0–100: the share of applicable checks that pass (warn counts half). */
  score: number;
  /** One outcome per enabled check (`not-applicable` for a check that does not apply to the entity). */
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
  /** The evaluated entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** When the evaluation ran (ISO 8601). */
  evaluatedAt: string;
  /** In promotion order; only the requested one when the request names an `environment`. */
  environments: EnvironmentReadiness[];
}
