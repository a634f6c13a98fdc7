import type { Config } from '@backstage/config';
import { environmentClusterIssues } from './environments';
import {
  InvalidConfigError,
  issuesOf,
  type ConfigIssue,
} from './schema/errors';
import { environmentsSchema } from './schema/environments';
import { preflightConfigSchema, type PreflightConfig } from './schema';

/**
 * Reads and validates the whole of `preflight.*` with the one schema (`./schema`), at the
 * plugin's start-up. Throws one {@link InvalidConfigError} naming every invalid key with its full
 * path and what was expected, one per line (`Invalid config at 'preflight.live.pageSize':
 * expected an integer between 1 and 10000, got 0`), so that a misconfigured backend does not
 * start and one restart shows every mistake.
 *
 * Besides the schema, each environment's `cluster` must be a cluster of
 * `kubernetes.clusterLocatorMethods` (or may be a catalog cluster when a `catalog` locator is
 * configured). Check ids and thresholds are checked against the registered checks afterwards
 * (`resolveCheckSettings`), since modules add checks.
 */
export function readPreflightConfig(config: Config): PreflightConfig {
  const raw = config.getOptional('preflight');
  const issues: ConfigIssue[] = [];
  const result = preflightConfigSchema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    issues.push(...issuesOf(result.error, 'preflight'));
  }
  // The environments may be valid while another section is not: their clusters are checked too.
  const environments = result.success
    ? result.data.environments
    : environmentsSchema.safeParse(
        raw && typeof raw === 'object' && !Array.isArray(raw)
          ? raw.environments
          : undefined,
      ).data;
  if (environments) {
    issues.push(...environmentClusterIssues(config, environments));
  }
  if (issues.length > 0 || !result.success) {
    throw new InvalidConfigError(issues);
  }
  return result.data;
}
