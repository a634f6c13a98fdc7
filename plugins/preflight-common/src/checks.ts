/**
 * Outcome of one check in one environment (design §3).
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
}
