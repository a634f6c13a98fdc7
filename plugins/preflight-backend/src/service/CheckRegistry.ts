import type { CheckDefinition } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import type { CheckSettings } from '../readiness/settings';

/**
 * Holds the checks: the built-in ones and those added through
 * `preflightChecksExtensionPoint`. Ids are unique.
 */
export class CheckRegistry {
  private readonly checks = new Map<string, PreflightCheck>();

  add(...checks: PreflightCheck[]) {
    for (const check of checks) {
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(check.id)) {
        throw new Error(
          `Preflight check id '${check.id}' is invalid: use lowercase words joined by '-'`,
        );
      }
      if (this.checks.has(check.id)) {
        throw new Error(
          `Preflight check '${check.id}' is registered more than once`,
        );
      }
      this.checks.set(check.id, check);
    }
  }

  list(): PreflightCheck[] {
    return [...this.checks.values()];
  }

  /** Definitions with their effective configuration. */
  definitions(settings: Map<string, CheckSettings>): CheckDefinition[] {
    return this.list().map(check => {
      const s = settings.get(check.id);
      return {
        id: check.id,
        title: check.title,
        description: check.description,
        severity: s?.severity ?? check.defaultSeverity,
        enabled: s?.enabled ?? true,
        ...(s && Object.keys(s.thresholds).length
          ? { thresholds: s.thresholds }
          : {}),
        ...(s && Object.keys(s.appliesTo).length
          ? { appliesTo: s.appliesTo }
          : {}),
      };
    });
  }
}
