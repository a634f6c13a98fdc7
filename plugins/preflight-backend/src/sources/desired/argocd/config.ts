import type { Config } from '@backstage/config';
import { readPreflightSection } from '../../../config/schema';
import { LABEL_KEY } from '@preflight/plugin-preflight-common';

/** Where Argo CD instances are configured (the convention of the community Argo CD plugins). */
export const ARGOCD_LOCATOR_KEY = 'argocd.appLocatorMethods';
/** Preflight's own settings of the Argo CD source. */
export const PREFLIGHT_ARGOCD_KEY = 'preflight.argocd';

export const DEFAULT_ENVIRONMENT_LABEL = 'environment';
export const DEFAULT_ARGOCD_CONCURRENCY = 8;

/** How the source authenticates to an instance. */
export type ArgoCdAuth =
  | { type: 'token'; token: string }
  | { type: 'password'; username: string; password: string };

/** One configured Argo CD instance. */
export interface ArgoCdInstance {
  name: string;
  /** Base URL without a trailing slash, e.g. `https://argocd.example.com` or `…/argocd`. */
  url: string;
  auth: ArgoCdAuth;
}

/** The configuration of the Argo CD source. */
export interface ArgoCdSettings {
  /** In the order configured; the first is the default instance. */
  instances: ArgoCdInstance[];
  /** The Application label naming the environment (`preflight.argocd.environmentLabel`). */
  environmentLabel: string;
  /** Requests in flight per instance (`preflight.argocd.concurrency`). */
  concurrency: number;
}

const INSTANCE_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;

function invalid(key: string, why: string): Error {
  return new Error(`Invalid config at '${key}': ${why}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** A non-empty string without control characters (they cannot be sent in a header), trimmed. */
function optionalString(
  object: Record<string, unknown>,
  field: string,
  key: string,
): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${key}.${field}`, 'expected a non-empty string');
  }
  if (CONTROL_CHARACTERS.test(value.trim())) {
    throw invalid(`${key}.${field}`, 'contains a control character');
  }
  return value.trim();
}

/** Whether a string is a Kubernetes label key (`[prefix/]name`). */
export function isLabelKey(value: string): boolean {
  return LABEL_KEY.test(value);
}

function readUrl(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(key, 'expected the base URL of the Argo CD server');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid(key, 'not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid(key, 'expected an http(s) URL');
  }
  if (url.username || url.password) {
    throw invalid(
      key,
      'must not contain credentials (use token, or username and password)',
    );
  }
  if (url.search || url.hash) {
    throw invalid(key, 'must not have a query or a fragment');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** `argocd.username` / `argocd.password`: credentials of instances that have none of their own. */
interface DefaultCredentials {
  username?: string;
  password?: string;
}

function readInstance(
  value: unknown,
  key: string,
  defaults: DefaultCredentials,
): ArgoCdInstance {
  if (!isPlainObject(value)) {
    throw invalid(key, 'expected an object with name, url and credentials');
  }
  const name = value.name;
  if (typeof name !== 'string' || !INSTANCE_NAME.test(name)) {
    throw invalid(
      `${key}.name`,
      'expected a name of letters, digits, ".", "_" or "-" (at most 63 characters)',
    );
  }
  const url = readUrl(value.url, `${key}.url`);
  const token = optionalString(value, 'token', key);
  const username = optionalString(value, 'username', key);
  const password = optionalString(value, 'password', key);
  if (token !== undefined) {
    return { name, url, auth: { type: 'token', token } };
  }
  if (username !== undefined && password !== undefined) {
    return { name, url, auth: { type: 'password', username, password } };
  }
  if (username !== undefined) {
    throw invalid(`${key}.password`, 'username is set without a password');
  }
  if (password !== undefined) {
    throw invalid(`${key}.username`, 'password is set without a username');
  }
  if (defaults.username !== undefined && defaults.password !== undefined) {
    return {
      name,
      url,
      auth: {
        type: 'password',
        username: defaults.username,
        password: defaults.password,
      },
    };
  }
  throw invalid(
    key,
    'expected a token, or a username and a password (here or as argocd.username and argocd.password)',
  );
}

function readDefaultCredentials(config: Config): DefaultCredentials {
  const section = config.getOptional('argocd');
  if (!isPlainObject(section)) return {};
  const username = optionalString(section, 'username', 'argocd');
  const password = optionalString(section, 'password', 'argocd');
  if (username !== undefined && password === undefined) {
    throw invalid(
      'argocd.password',
      'argocd.username is set without a password',
    );
  }
  if (password !== undefined && username === undefined) {
    throw invalid(
      'argocd.username',
      'argocd.password is set without a username',
    );
  }
  return { username, password };
}

function readInstances(config: Config): ArgoCdInstance[] {
  const methods = config.getOptional(ARGOCD_LOCATOR_KEY);
  if (methods === undefined || methods === null) return [];
  const defaults = readDefaultCredentials(config);
  if (!Array.isArray(methods)) {
    throw invalid(
      ARGOCD_LOCATOR_KEY,
      "expected a list of locator methods, e.g. [{ type: 'config', instances: [...] }]",
    );
  }
  const instances: ArgoCdInstance[] = [];
  methods.forEach((method, m) => {
    const methodKey = `${ARGOCD_LOCATOR_KEY}[${m}]`;
    if (!isPlainObject(method)) {
      throw invalid(methodKey, "expected { type: 'config', instances: [...] }");
    }
    if (method.type !== 'config') {
      throw invalid(
        `${methodKey}.type`,
        `unsupported type ${JSON.stringify(
          method.type,
        )}; only 'config' is supported`,
      );
    }
    const list = method.instances ?? [];
    if (!Array.isArray(list)) {
      throw invalid(`${methodKey}.instances`, 'expected a list of instances');
    }
    list.forEach((value, i) => {
      const instance = readInstance(
        value,
        `${methodKey}.instances[${i}]`,
        defaults,
      );
      if (instances.some(other => other.name === instance.name)) {
        throw invalid(
          `${methodKey}.instances[${i}].name`,
          `duplicate instance name '${instance.name}'`,
        );
      }
      instances.push(instance);
    });
  });
  return instances;
}

/**
 * Reads `argocd.appLocatorMethods` and `preflight.argocd`; throws an error naming the key when a
 * value is invalid (`preflight.argocd` by the configuration schema). `instances` is empty when no Argo CD instance is configured.
 */
export function readArgoCdSettings(config: Config): ArgoCdSettings {
  const instances = readInstances(config);

  // `preflight.argocd`, validated by the configuration schema.
  const { environmentLabel, concurrency } = readPreflightSection(
    config,
    'argocd',
  );

  return { instances, environmentLabel, concurrency };
}
