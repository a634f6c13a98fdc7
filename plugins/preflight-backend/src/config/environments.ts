import type { Config } from '@backstage/config';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** The promotion path used when `preflight.environments` is not configured. */
export const DEFAULT_ENVIRONMENTS: PreflightEnvironment[] = [
  { name: 'dev', title: 'Development' },
  { name: 'staging', title: 'Staging' },
  { name: 'production', title: 'Production' },
];

/**
 * Names of the clusters that the Kubernetes plugin's `config` cluster locator defines.
 * Clusters are never configured twice: Preflight refers to these by name.
 */
export function readConfiguredClusterNames(config: Config): Set<string> {
  const names = new Set<string>();
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    if (method.getString('type') !== 'config') {
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      names.add(cluster.getString('name'));
    }
  }
  return names;
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
  const clusters = readConfiguredClusterNames(config);
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
    if (cluster !== undefined && !clusters.has(cluster)) {
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
