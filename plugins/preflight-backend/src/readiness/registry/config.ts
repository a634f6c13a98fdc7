import type { Config } from '@backstage/config';
import { readPreflightSection } from '../../config/schema';

// The schema of `preflight.registries` (`config/schema/registries.ts`) validates the entries and
// resolves their URLs.
export { DOCKER_HUB_API_URL, type RegistryConfig } from '../../config/schema';

/** The config key listing the registries Preflight may query. */
export const REGISTRIES_CONFIG_KEY = 'preflight.registries';
/** The config key of the deadline of one registry lookup, in milliseconds. */
export const REGISTRY_TIMEOUT_CONFIG_KEY = 'preflight.registryTimeoutMs';
/** Default deadline of one registry lookup (token exchange included). */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 5000;

/**
 * Reads and validates `preflight.registries`. Throws an error naming every invalid key: a missing
 * or malformed host, a duplicate host, a url that is not http(s) or carries credentials, plain
 * http without `insecure: true`, a username without a password (or the reverse), or a token
 * together with a username.
 */
export function readRegistryConfigs(config: Config) {
  return readPreflightSection(config, 'registries');
}

/** Reads `preflight.registryTimeoutMs` (100–60000, default 5000). */
export function readRegistryTimeoutMs(config: Config): number {
  return readPreflightSection(config, 'registryTimeoutMs');
}
