// `preflight.registries`: the registries the image-tagged check may query.
import {
  canonicalRegistryHost,
  DOCKER_HUB,
  isRegistryHost,
} from '@preflight/plugin-preflight-common';
import { z } from 'zod';
import { nonEmptyString, strictObject } from './values';

/** Where Docker Hub's registry API is served. */
export const DOCKER_HUB_API_URL = 'https://registry-1.docker.io';

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

const entrySchema = strictObject({
  host: nonEmptyString().optional(),
  url: nonEmptyString().optional(),
  insecure: z.boolean({ error: 'expected true or false' }).optional(),
  username: nonEmptyString().optional(),
  password: nonEmptyString().optional(),
  token: nonEmptyString().optional(),
}).transform((entry, ctx): RegistryConfig => {
  const fail = (field: string, message: string) => {
    ctx.addIssue({ code: 'custom', path: [field], message });
    return z.NEVER;
  };
  const { host: hostValue, username, password, token } = entry;
  if (!hostValue) return fail('host', 'missing (e.g. host: ghcr.io)');
  if (hostValue.includes('://') || !isRegistryHost(hostValue)) {
    return fail(
      'host',
      `expected a registry host such as ghcr.io or registry.example.com:5000, got ${JSON.stringify(
        hostValue,
      )} (put a full URL in url)`,
    );
  }
  const host = canonicalRegistryHost(hostValue);
  const insecure = entry.insecure ?? false;
  let url: URL;
  try {
    url = new URL(
      entry.url ??
        (host === DOCKER_HUB
          ? DOCKER_HUB_API_URL
          : `${insecure ? 'http' : 'https'}://${hostValue.toLowerCase()}`),
    );
  } catch {
    return fail('url', 'not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('url', 'expected an http(s) URL');
  }
  if (url.username || url.password) {
    return fail(
      'url',
      'must not contain credentials (use username/password or token)',
    );
  }
  if (url.search || url.hash) {
    return fail('url', 'must not have a query or fragment');
  }
  if (url.protocol === 'http:' && !insecure) {
    return fail('url', 'plain http requires insecure: true on the same entry');
  }
  if (url.protocol === 'https:' && insecure && entry.url) {
    return fail(
      'insecure',
      'insecure: true means plain http, but url is https',
    );
  }
  if (username && !password) return fail('password', 'required with username');
  if (password && !username) return fail('username', 'required with password');
  if (token && username) {
    return fail('token', 'use either token or username/password, not both');
  }
  return {
    host,
    url: url.toString().replace(/\/+$/, ''),
    insecure,
    ...(username ? { username, password } : {}),
    ...(token ? { token } : {}),
  };
});

/** `preflight.registries`, validated and with their URLs resolved; `[]` when absent. */
export const registriesSchema = z
  .array(entrySchema, {
    error:
      'expected a list of registries ({ host, url?, insecure?, username?, password?, token? })',
  })
  .superRefine((registries, ctx) => {
    registries.forEach((registry, index) => {
      if (registries.findIndex(r => r.host === registry.host) < index) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'host'],
          message: `${registry.host} is listed more than once`,
        });
      }
    });
  })
  .default([]);
