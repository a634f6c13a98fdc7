import type { Config } from '@backstage/config';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { CheckSeverity } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import {
  InvalidConfigError,
  readPreflightSection,
  type ConfigIssue,
  type PreflightConfig,
} from '../config/schema';

/** The effective configuration of one check, from `preflight.checks.<id>`. */
export interface CheckSettings {
  enabled: boolean;
  severity: CheckSeverity;
  thresholds: Record<string, number>;
  /** Entity filter: the check applies only to entities matching every listed field. */
  appliesTo: { kind?: string[]; type?: string[]; lifecycle?: string[] };
  /** The raw block, handed to the check. */
  config: Config;
}

const FILTER_KEYS = ['kind', 'type', 'lifecycle'] as const;

/**
 * The effective settings of every registered check, from the validated `preflight.checks` (the
 * schema checked each entry's shape): what only the registered checks tell is checked here, and
 * every problem is named in one error — an unknown check id, a threshold the check does not
 * declare, or one outside its bounds. `config` is the whole configuration, whose
 * `preflight.checks.<id>` block each check is handed.
 */
export function resolveCheckSettings(
  section: PreflightConfig['checks'],
  config: Config,
  checks: PreflightCheck[],
): Map<string, CheckSettings> {
  const root = 'preflight.checks';
  const known = new Map(checks.map(c => [c.id, c]));
  const issues: ConfigIssue[] = [];
  for (const id of Object.keys(section)) {
    if (!known.has(id)) {
      issues.push({
        key: `${root}.${id}`,
        message: `unknown check '${id}' (known checks: ${[...known.keys()].join(
          ', ',
        )})`,
      });
    }
  }

  const settings = new Map<string, CheckSettings>();
  for (const check of checks) {
    const at = `${root}.${check.id}`;
    const entry = section[check.id] ?? {};
    const thresholds: Record<string, number> = {};
    const declared = check.thresholds ?? {};
    const given = entry.thresholds ?? {};
    for (const key of Object.keys(given)) {
      if (!declared[key]) {
        issues.push({
          key: `${at}.thresholds.${key}`,
          message: `check '${check.id}' has no such threshold (thresholds: ${
            Object.keys(declared).join(', ') || 'none'
          })`,
        });
      }
    }
    for (const [key, def] of Object.entries(declared)) {
      const value = given[key] ?? def.default;
      if (value < def.min || value > def.max) {
        issues.push({
          key: `${at}.thresholds.${key}`,
          message: `${value} is outside ${def.min}–${def.max}`,
        });
      }
      thresholds[key] = value;
    }

    const appliesTo: CheckSettings['appliesTo'] = {};
    for (const key of FILTER_KEYS) {
      const values = entry.appliesTo?.[key];
      if (values) {
        appliesTo[key] = values.map(v => v.toLocaleLowerCase('en-US'));
      }
    }

    settings.set(check.id, {
      enabled: entry.enabled ?? true,
      severity: entry.severity ?? check.defaultSeverity,
      thresholds,
      appliesTo,
      config: config.getOptionalConfig(at) ?? new ConfigReader({}),
    });
  }
  if (issues.length > 0) throw new InvalidConfigError(issues);
  return settings;
}

/**
 * Reads and validates `preflight.checks` against the registered checks; throws naming every
 * invalid key (see {@link resolveCheckSettings}).
 */
export function readCheckSettings(
  config: Config,
  checks: PreflightCheck[],
): Map<string, CheckSettings> {
  return resolveCheckSettings(
    readPreflightSection(config, 'checks'),
    config,
    checks,
  );
}

/** Whether an entity passes a check's `appliesTo` filter. */
export function matchesFilter(
  entity: Entity,
  appliesTo: CheckSettings['appliesTo'],
): boolean {
  const fields: Record<string, unknown> = {
    kind: entity.kind,
    type: entity.spec?.type,
    lifecycle: entity.spec?.lifecycle,
  };
  return FILTER_KEYS.every(key => {
    const allowed = appliesTo[key];
    if (!allowed) return true;
    const value = fields[key];
    return (
      typeof value === 'string' &&
      allowed.includes(value.toLocaleLowerCase('en-US'))
    );
  });
}
