import type { Config } from '@backstage/config';
import { environmentClusterIssues } from './environments';
import {
  InvalidConfigError,
  issuesOf,
  type ConfigIssue,
} from './schema/errors';
import { argocdInstancesSchema } from './schema/argocdInstances';
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
 * configured), and the Argo CD instances of `argocd.*` (read by the Argo CD source) are validated
 * with their schema too. Check ids and thresholds are checked against the registered checks
 * afterwards (`resolveCheckSettings`), since modules add checks.
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
  // The Argo CD instances (`argocd.*`), which the plugin's Argo CD source reads.
  const argocd = argocdInstancesSchema.safeParse(config.getOptional('argocd'), {
    reportInput: true,
  });
  if (!argocd.success) issues.push(...issuesOf(argocd.error, 'argocd'));
  if (issues.length > 0 || !result.success) {
    throw new InvalidConfigError(issues);
  }
  return result.data;
}
