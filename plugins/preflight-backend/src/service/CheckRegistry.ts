import type { CheckDefinition } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';

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

  definitions(): CheckDefinition[] {
    return this.list().map(check => ({
      id: check.id,
      title: check.title,
      description: check.description,
      severity: check.defaultSeverity,
      enabled: true,
    }));
  }
}
