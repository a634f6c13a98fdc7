import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  CheckResult,
  CheckSeverity,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';

/**
 * What a check is given to evaluate one entity in one environment.
 *
 * @public
 */
export interface PreflightCheckContext {
  entity: Entity;
  environment: PreflightEnvironment;
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
  title: string;
  description: string;
  /** Default severity; `preflight.checks.<id>.severity` overrides it. */
  defaultSeverity: CheckSeverity;
  /** Whether the check applies to an entity at all (otherwise `not-applicable`). */
  isApplicable?(entity: Entity): boolean;
  /** Evaluates the check for one environment. A thrown error becomes `unknown`, never a crash. */
  evaluate(context: PreflightCheckContext): Promise<CheckResult>;
}

/**
 * Extension point through which backend modules add checks to Preflight.
 *
 * @public
 */
export interface PreflightChecksExtensionPoint {
  addCheck(...checks: PreflightCheck[]): void;
}

/**
 * @public
 */
export const preflightChecksExtensionPoint =
  createExtensionPoint<PreflightChecksExtensionPoint>({
    id: 'preflight.checks',
  });
