import { ConfigReader } from '@backstage/config';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { matchesFilter, readCheckSettings } from './settings';

const backup: PreflightCheck = {
  id: 'backup-verified',
  title: 'Backup verified',
  description: 'd',
  defaultSeverity: 'blocking',
  thresholds: {
    maxBackupAgeHours: { description: 'h', default: 26, min: 1, max: 24 * 30 },
  },
  evaluate: async () => ({ status: 'pass', summary: '' }),
};
const health: PreflightCheck = {
  ...backup,
  id: 'health-checks',
  thresholds: undefined,
};

const read = (checks: object) =>
  readCheckSettings(new ConfigReader({ preflight: { checks } }), [
    backup,
    health,
  ]);

describe('readCheckSettings', () => {
  it('applies defaults and overrides', () => {
    const settings = read({
      'backup-verified': {
        severity: 'advisory',
        thresholds: { maxBackupAgeHours: 48 },
        appliesTo: { lifecycle: ['Production'] },
      },
      'health-checks': { enabled: false },
    });
    expect(settings.get('backup-verified')).toMatchObject({
      enabled: true,
      severity: 'advisory',
      thresholds: { maxBackupAgeHours: 48 },
      appliesTo: { lifecycle: ['production'] },
    });
    expect(settings.get('health-checks')).toMatchObject({
      enabled: false,
      severity: 'blocking',
      thresholds: {},
    });
  });

  it.each([
    [
      { 'no-such-check': {} },
      "Invalid config at 'preflight.checks.no-such-check': unknown check 'no-such-check'",
    ],
    [
      { 'health-checks': { severity: 'fatal' } },
      "Invalid config at 'preflight.checks.health-checks.severity'",
    ],
    [
      { 'backup-verified': { thresholds: { maxBackupAgeHours: 'soon' } } },
      "Invalid config at 'preflight.checks.backup-verified.thresholds.maxBackupAgeHours': expected a number",
    ],
    [
      { 'backup-verified': { thresholds: { maxBackupAgeHours: 0 } } },
      "Invalid config at 'preflight.checks.backup-verified.thresholds.maxBackupAgeHours': 0 is outside 1–720",
    ],
    [
      { 'backup-verified': { thresholds: { maxAge: 1 } } },
      "Invalid config at 'preflight.checks.backup-verified.thresholds.maxAge': check 'backup-verified' has no such threshold",
    ],
    [
      { 'health-checks': { enable: true } },
      "Invalid config at 'preflight.checks.health-checks.enable': unknown setting",
    ],
    [
      { 'health-checks': { appliesTo: { owner: ['x'] } } },
      "Invalid config at 'preflight.checks.health-checks.appliesTo.owner': unknown filter",
    ],
  ])('rejects %j naming the key', (checks, message) => {
    expect(() => read(checks)).toThrow(message);
  });

  it('filters entities by kind, type and lifecycle, case-insensitively', () => {
    const entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'a' },
      spec: { type: 'service', lifecycle: 'production' },
    };
    expect(matchesFilter(entity, {})).toBe(true);
    expect(
      matchesFilter(entity, { kind: ['component'], lifecycle: ['production'] }),
    ).toBe(true);
    expect(matchesFilter(entity, { type: ['website'] })).toBe(false);
    expect(
      matchesFilter({ ...entity, spec: {} }, { lifecycle: ['production'] }),
    ).toBe(false);
  });
});
