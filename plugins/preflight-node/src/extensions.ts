import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type {
  CheckResult,
  CheckSeverity,
  EnvironmentState,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';

/**
 * What a check is given to evaluate one entity in one environment.
 *
 * @public
 */
export interface PreflightCheckContext {
  /** The catalog entity evaluated (a Component with Preflight's annotations). */
  entity: Entity;
  /** The environment evaluated, one of the entity's promotion path. */
  environment: PreflightEnvironment;
  /** Live and desired state of this environment. */
  state: EnvironmentState;
  /** Every environment of the promotion path, in order (this one included). */
  path: EnvironmentState[];
  /** The check's own configuration block, `preflight.checks.<id>` (empty when absent). */
  config: Config;
  /** Aborted when the evaluation is cancelled. */
  signal?: AbortSignal;
  /**
   * How much of the result the caller keeps. `status`: each check's status and summary only (the
   * catalog-wide evaluation records that much of every entity, every cycle), so a check may skip
   * the work that only its details, evidence and remediation need; the status must be the one a
   * full evaluation gives. Absent or `full`: the whole result is shown (a component's views, the
   * deploy gate). A check that ignores it is correct, only slower in the catalog-wide run.
   */
  detail?: 'full' | 'status';
}

/**
 * A threshold a check accepts under `preflight.checks.<id>.thresholds`, validated at start-up.
 *
 * @public
 */
export interface CheckThreshold {
  /** What the threshold means, with its unit, e.g. `Maximum age of the last backup, in hours`. */
  description: string;
  /** The value used when `preflight.checks.<id>.thresholds` does not set it. */
  default: number;
  /** The lowest value accepted (inclusive); a lower one stops the backend at start-up. */
  min: number;
  /** The highest value accepted (inclusive); a higher one stops the backend at start-up. */
  max: number;
}

/**
 * A readiness check. Built-in checks and checks contributed by other backend modules implement
 * the same interface.
 *
 * @public
 */
export interface PreflightCheck {
  /** Unique id, e.g. `health-checks`; also the key under `preflight.checks`. */
  id: string;
  /** Short name shown in the readiness views, e.g. `Health checks`. */
  title: string;
  /** What the check verifies and why, shown with its result. */
  description: string;
  /** Default severity; `preflight.checks.<id>.severity` overrides it. */
  defaultSeverity: CheckSeverity;
  /** Thresholds the check reads from `preflight.checks.<id>.thresholds`. */
  thresholds?: Record<string, CheckThreshold>;
  /** Whether the check applies to an entity at all (otherwise `not-applicable`). */
  isApplicable?(entity: Entity): boolean;
  /**
   * Live kinds (e.g. `Pod`, `Secret`) the check cannot be decided without. When an environment's
   * facts come from the live state and one of these kinds is in its `unreadKinds`, the engine
   * reports the check `unknown`, naming the kind and the reason, without evaluating it.
   */
  requiredKinds?: readonly string[];
  /**
   * Evaluates the check for one environment. A thrown error becomes `unknown` with the error's
   * message as the reason, never a crash.
   */
  evaluate(context: PreflightCheckContext): Promise<CheckResult>;
}

/**
 * Extension point through which backend modules add checks to Preflight.
 *
 * @public
 */
export interface PreflightChecksExtensionPoint {
  /** Adds checks, evaluated alongside the built-in ones through the same interface. */
  addCheck(...checks: PreflightCheck[]): void;
}

/**
 * The extension point (`preflight.checks`) a backend module registers checks through, with
 * {@link PreflightChecksExtensionPoint.addCheck}.
 *
 * @public
 */
export const preflightChecksExtensionPoint =
  createExtensionPoint<PreflightChecksExtensionPoint>({
    id: 'preflight.checks',
  });
