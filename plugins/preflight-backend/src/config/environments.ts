import { DEFAULT_ENVIRONMENTS as SHARED_DEFAULT_ENVIRONMENTS } from '@preflight/plugin-preflight-common';
import type { Config } from '@backstage/config';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import { ClusterDirectory } from '../sources/live';
import {
  InvalidConfigError,
  readPreflightSection,
  type ConfigIssue,
} from './schema';
import type { LoggerService } from '@backstage/backend-plugin-api';

// Cluster problems are reported by the live source when it reads; here only names matter.
const silentLogger: LoggerService = {
  warn() {},
  info() {},
  debug() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** The promotion path used when `preflight.environments` is not configured. */
export const DEFAULT_ENVIRONMENTS: PreflightEnvironment[] = [
  ...SHARED_DEFAULT_ENVIRONMENTS,
];

/**
 * Names of the clusters the Kubernetes plugin's configuration defines (`config` clusters,
 * `localKubectlProxy`). Clusters are never configured twice: Preflight refers
 * to these by name.
 */
export function readConfiguredClusterNames(config: Config): Set<string> {
  return new Set(readClusterDirectory(config).definedNames());
}

function readClusterDirectory(config: Config): ClusterDirectory {
  return ClusterDirectory.fromConfig(config, { logger: silentLogger });
}

/**
 * The environments whose `cluster` is not a cluster of `kubernetes.clusterLocatorMethods`. With a
 * catalog locator, a cluster may be a catalog Resource, known only when the catalog is read: the
 * live state says so if it is not.
 */
export function environmentClusterIssues(
  config: Config,
  environments: readonly PreflightEnvironment[],
): ConfigIssue[] {
  if (!environments.some(e => e.cluster !== undefined)) return [];
  const directory = readClusterDirectory(config);
  if (directory.hasCatalogLocator()) return [];
  const clusters = new Set(directory.definedNames());
  const known = [...clusters].join(', ') || 'none';
  return environments.flatMap((environment, index) =>
    environment.cluster !== undefined && !clusters.has(environment.cluster)
      ? [
          {
            key: `preflight.environments[${index}].cluster`,
            message: `cluster '${environment.cluster}' is not defined in kubernetes.clusterLocatorMethods (defined: ${known})`,
          },
        ]
      : [],
  );
}

/**
 * Reads and validates `preflight.environments` (the schema, then each `cluster`). Throws at
 * start-up naming every offending key, so that a misconfigured backend never starts half-working.
 */
export function readEnvironments(config: Config): PreflightEnvironment[] {
  const environments = readPreflightSection(config, 'environments');
  const issues = environmentClusterIssues(config, environments);
  if (issues.length > 0) throw new InvalidConfigError(issues);
  return environments;
}

/** `preflight.cache.ttlSeconds`, in milliseconds: how long a source's answer is reused. */
export function readCacheTtlMs(config: Config): number {
  return readPreflightSection(config, 'cache').ttlSeconds * 1000;
}
