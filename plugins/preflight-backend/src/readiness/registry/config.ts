import { readInteger } from '../../util/readInteger';
import type { Config } from '@backstage/config';
import {
  canonicalRegistryHost,
  DOCKER_HUB,
  isRegistryHost,
} from '@preflight/plugin-preflight-common';

/** Where Docker Hub's registry API is served. */
export const DOCKER_HUB_API_URL = 'https://registry-1.docker.io';

/** The config key listing the registries Preflight may query. */
export const REGISTRIES_CONFIG_KEY = 'preflight.registries';
/** The config key of the deadline of one registry lookup, in milliseconds. */
export const REGISTRY_TIMEOUT_CONFIG_KEY = 'preflight.registryTimeoutMs';
/** Default deadline of one registry lookup (token exchange included). */
export const DEFAULT_REGISTRY_TIMEOUT_MS = 5000;

/** A registry Preflight may query, as configured under `preflight.registries`. */
export interface RegistryConfig {
  /** Canonical host (with port) image references are matched on; `docker.io` for Docker Hub. */
  host: string;
  /** Base URL of the registry API, without a trailing slash (`/v2/…` is appended). */
  url: string;
  /** Whether plain http is allowed (`insecure: true`). */
  insecure: boolean;
  /** Basic credentials, used with a `Basic` challenge and for the bearer token exchange. */
  username?: string;
  password?: string;
  /** A static bearer token sent with every request. */
  token?: string;
}

const ENTRY_KEYS = new Set([
  'host',
  'url',
  'insecure',
  'username',
  'password',
  'token',
]);

function optionalString(
  entry: Config,
  key: string,
  at: string,
): string | undefined {
  if (!entry.has(key)) return undefined;
  const value = entry.getOptional(key);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(
      `Invalid config at '${at}.${key}': expected a non-empty string`,
    );
  }
  return value;
}

/**
 * Reads and validates `preflight.registries`. Throws an error naming the key on anything invalid:
 * a missing or malformed host, a duplicate host, a url that is not http(s) or carries credentials,
 * plain http without `insecure: true`, a username without a password (or the reverse), or a token
 * together with a username.
 */
export function readRegistryConfigs(config: Config): RegistryConfig[] {
  const key = REGISTRIES_CONFIG_KEY;
  if (!config.has(key)) return [];
  const raw = config.getOptional(key);
  if (!Array.isArray(raw)) {
    throw new Error(
      `Invalid config at '${key}': expected a list of registries ({ host, url?, insecure?, username?, password?, token? })`,
    );
  }
  const entries = config.getConfigArray(key);
  const out: RegistryConfig[] = [];
  entries.forEach((entry, index) => {
    const at = `${key}[${index}]`;
    for (const k of entry.keys()) {
      if (!ENTRY_KEYS.has(k)) {
        throw new Error(
          `Invalid config at '${at}.${k}': unknown setting (allowed: ${[
            ...ENTRY_KEYS,
          ].join(', ')})`,
        );
      }
    }
    const hostValue = optionalString(entry, 'host', at);
    if (!hostValue) {
      throw new Error(
        `Invalid config at '${at}.host': missing (e.g. host: ghcr.io)`,
      );
    }
    if (hostValue.includes('://') || !isRegistryHost(hostValue)) {
      throw new Error(
        `Invalid config at '${at}.host': expected a registry host such as ghcr.io or registry.example.com:5000, got ${JSON.stringify(
          hostValue,
        )} (put a full URL in url)`,
      );
    }
    const host = canonicalRegistryHost(hostValue);
    if (out.some(r => r.host === host)) {
      throw new Error(
        `Invalid config at '${at}.host': ${host} is listed more than once`,
      );
    }

    let insecure = false;
    if (entry.has('insecure')) {
      const value = entry.getOptional('insecure');
      if (typeof value !== 'boolean') {
        throw new Error(
          `Invalid config at '${at}.insecure': expected true or false`,
        );
      }
      insecure = value;
    }

    const urlValue = optionalString(entry, 'url', at);
    let url: URL;
    try {
      url = new URL(
        urlValue ??
          (host === DOCKER_HUB
            ? DOCKER_HUB_API_URL
            : `${insecure ? 'http' : 'https'}://${hostValue.toLowerCase()}`),
      );
    } catch {
      throw new Error(`Invalid config at '${at}.url': not a valid URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new Error(`Invalid config at '${at}.url': expected an http(s) URL`);
    }
    if (url.username || url.password) {
      throw new Error(
        `Invalid config at '${at}.url': must not contain credentials (use username/password or token)`,
      );
    }
    if (url.search || url.hash) {
      throw new Error(
        `Invalid config at '${at}.url': must not have a query or fragment`,
      );
    }
    if (url.protocol === 'http:' && !insecure) {
      throw new Error(
        `Invalid config at '${at}.url': plain http requires insecure: true on the same entry`,
      );
    }
    if (url.protocol === 'https:' && insecure && urlValue) {
      throw new Error(
        `Invalid config at '${at}.insecure': insecure: true means plain http, but url is https`,
      );
    }

    const username = optionalString(entry, 'username', at);
    const password = optionalString(entry, 'password', at);
    const token = optionalString(entry, 'token', at);
    if (username && !password) {
      throw new Error(
        `Invalid config at '${at}.password': required with username`,
      );
    }
    if (password && !username) {
      throw new Error(
        `Invalid config at '${at}.username': required with password`,
      );
    }
    if (token && username) {
      throw new Error(
        `Invalid config at '${at}.token': use either token or username/password, not both`,
      );
    }

    out.push({
      host,
      url: url.toString().replace(/\/+$/, ''),
      insecure,
      ...(username ? { username, password } : {}),
      ...(token ? { token } : {}),
    });
  });
  return out;
}

/** Reads `preflight.registryTimeoutMs` (100–60000, default 5000). */
export function readRegistryTimeoutMs(config: Config): number {
  return readInteger(config, REGISTRY_TIMEOUT_CONFIG_KEY, {
    min: 100,
    max: 60_000,
    fallback: DEFAULT_REGISTRY_TIMEOUT_MS,
  });
}
