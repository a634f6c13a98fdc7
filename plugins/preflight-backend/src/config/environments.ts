import { DEFAULT_ENVIRONMENTS as SHARED_DEFAULT_ENVIRONMENTS } from '@preflight/plugin-preflight-common';
import type { Config } from '@backstage/config';
import {
  DNS_1123_LABEL,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import { ClusterDirectory } from '../sources/live';

// Cluster problems are reported by the live source when it reads; here only names matter.
const silentLogger = {
  warn() {},
  info() {},
  debug() {},
  error() {},
  child() {
    return silentLogger;
  },
} as any;

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
 * Reads and validates `preflight.environments`. Throws at start-up with a message naming the
 * offending key, so that a misconfigured backend never starts half-working.
 */
export function readEnvironments(config: Config): PreflightEnvironment[] {
  const key = 'preflight.environments';
  const items = config.getOptionalConfigArray(key);
  if (!items) {
    return DEFAULT_ENVIRONMENTS;
  }
  if (items.length === 0) {
    throw new Error(
      `Invalid config at '${key}': at least one environment is required`,
    );
  }
  const directory = readClusterDirectory(config);
  const clusters = new Set(directory.definedNames());
  // With a catalog locator, a cluster may be a catalog Resource, known only when the catalog is
  // read: the live state says so if it is not.
  const catalogClusters = directory.hasCatalogLocator();
  const seen = new Set<string>();
  return items.map((item, index) => {
    const at = `${key}[${index}]`;
    // getString throws "Missing required config value at 'preflight.environments[i].name'"
    const name = item.getString('name');
    if (!DNS_1123_LABEL.test(name)) {
      throw new Error(
        `Invalid config at '${at}.name': '${name}' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`,
      );
    }
    if (seen.has(name)) {
      throw new Error(
        `Invalid config at '${at}.name': environment '${name}' is defined more than once`,
      );
    }
    seen.add(name);
    const cluster = item.getOptionalString('cluster');
    if (cluster !== undefined && !clusters.has(cluster) && !catalogClusters) {
      const known = [...clusters].join(', ') || 'none';
      throw new Error(
        `Invalid config at '${at}.cluster': cluster '${cluster}' is not defined in kubernetes.clusterLocatorMethods (defined: ${known})`,
      );
    }
    const namespace = item.getOptionalString('namespace');
    if (namespace !== undefined && !DNS_1123_LABEL.test(namespace)) {
      throw new Error(
        `Invalid config at '${at}.namespace': '${namespace}' is not a valid Kubernetes namespace name`,
      );
    }
    return {
      name,
      title: item.getOptionalString('title') ?? name,
      ...(cluster ? { cluster } : {}),
      ...(namespace ? { namespace } : {}),
    };
  });
}

/**
 * `preflight.cache.ttlSeconds`: how long a source's answer is reused (default 30 s).
 */
export function readCacheTtlMs(config: Config): number {
  const key = 'preflight.cache.ttlSeconds';
  const ttl = config.getOptionalNumber(key) ?? 30;
  if (!Number.isFinite(ttl) || ttl < 0 || ttl > 3600) {
    throw new Error(
      `Invalid config at '${key}': expected a number of seconds between 0 and 3600, got ${ttl}`,
    );
  }
  return ttl * 1000;
}
