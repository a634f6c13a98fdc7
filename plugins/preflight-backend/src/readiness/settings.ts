import type { Config } from '@backstage/config';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { CheckSeverity } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';

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

const SETTINGS_KEYS = new Set([
  'enabled',
  'severity',
  'thresholds',
  'appliesTo',
  'options',
]);
const FILTER_KEYS = ['kind', 'type', 'lifecycle'] as const;

/**
 * Reads and validates `preflight.checks`. Throws naming the key for an unknown check id, an
 * unknown setting, a bad severity or a threshold that is not a number within its bounds.
 */
export function readCheckSettings(
  config: Config,
  checks: PreflightCheck[],
): Map<string, CheckSettings> {
  const root = 'preflight.checks';
  const block = config.getOptionalConfig(root);
  const known = new Map(checks.map(c => [c.id, c]));
  for (const id of block?.keys() ?? []) {
    if (!known.has(id)) {
      throw new Error(
        `Invalid config at '${root}.${id}': unknown check '${id}' (known checks: ${[
          ...known.keys(),
        ].join(', ')})`,
      );
    }
  }

  const settings = new Map<string, CheckSettings>();
  for (const check of checks) {
    const at = `${root}.${check.id}`;
    const c = block?.getOptionalConfig(check.id) ?? new ConfigReader({});
    for (const key of c.keys()) {
      if (!SETTINGS_KEYS.has(key)) {
        throw new Error(
          `Invalid config at '${at}.${key}': unknown setting (allowed: ${[
            ...SETTINGS_KEYS,
          ].join(', ')})`,
        );
      }
    }
    const severity = c.getOptionalString('severity') ?? check.defaultSeverity;
    if (severity !== 'blocking' && severity !== 'advisory') {
      throw new Error(
        `Invalid config at '${at}.severity': expected 'blocking' or 'advisory', got '${severity}'`,
      );
    }

    const thresholds: Record<string, number> = {};
    const declared = check.thresholds ?? {};
    const given = c.getOptionalConfig('thresholds');
    for (const key of given?.keys() ?? []) {
      if (!declared[key]) {
        throw new Error(
          `Invalid config at '${at}.thresholds.${key}': check '${
            check.id
          }' has no such threshold (thresholds: ${
            Object.keys(declared).join(', ') || 'none'
          })`,
        );
      }
    }
    for (const [key, def] of Object.entries(declared)) {
      let value = def.default;
      if (given?.has(key)) {
        const raw = given.get(key);
        if (typeof raw !== 'number' || !Number.isFinite(raw)) {
          throw new Error(
            `Invalid config at '${at}.thresholds.${key}': expected a number, got ${JSON.stringify(
              raw,
            )}`,
          );
        }
        value = raw;
      }
      if (value < def.min || value > def.max) {
        throw new Error(
          `Invalid config at '${at}.thresholds.${key}': ${value} is outside ${def.min}–${def.max}`,
        );
      }
      thresholds[key] = value;
    }

    const appliesTo: CheckSettings['appliesTo'] = {};
    const filter = c.getOptionalConfig('appliesTo');
    for (const key of filter?.keys() ?? []) {
      if (!(FILTER_KEYS as readonly string[]).includes(key)) {
        throw new Error(
          `Invalid config at '${at}.appliesTo.${key}': unknown filter (allowed: ${FILTER_KEYS.join(
            ', ',
          )})`,
        );
      }
    }
    for (const key of FILTER_KEYS) {
      const values = filter?.getOptionalStringArray(key);
      if (values) {
        appliesTo[key] = values.map(v => v.toLocaleLowerCase('en-US'));
      }
    }

    settings.set(check.id, {
      enabled: c.getOptionalBoolean('enabled') ?? true,
      severity,
      thresholds,
      appliesTo,
      config: c,
    });
  }
  return settings;
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
