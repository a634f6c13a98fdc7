/*
 * Talking to an OCI registry: the authentication of the distribution spec (a `WWW-Authenticate`
 * challenge answered with a bearer token from the realm, or Basic credentials) and the reasons of
 * failed lookups, safe to show (no credentials, no token).
 */
import { REGISTRIES_CONFIG_KEY, type RegistryConfig } from './config';

export const USER_AGENT = 'backstage-preflight';
/** Bearer tokens are dropped this long before they expire. */
const TOKEN_EXPIRY_MARGIN_MS = 10_000;

/** A failed lookup, with a reason that is safe to show (no credentials, no token). */
export class LookupError extends Error {
  readonly name = 'LookupError';
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header: `Bearer realm="…",service="…",scope="…"` or
 * `Basic realm="…"`. Only the first challenge is read.
 */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = header.trim().match(/^([A-Za-z][A-Za-z0-9_-]*)(?:\s+(.*))?$/s);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const pattern =
    /([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(?:,|$)/g;
  for (const m of (match[2] ?? '').matchAll(pattern)) {
    params[m[1].toLowerCase()] =
      m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

/** The token flow of the distribution spec: `GET <realm>?service=…&scope=…`. */
export async function fetchToken(
  fetchImpl: typeof fetch,
  registry: RegistryConfig,
  params: Record<string, string>,
  scope: string,
  signal: AbortSignal,
): Promise<{ token: string; expiresAt: number }> {
  let realm: URL;
  try {
    realm = new URL(params.realm);
  } catch {
    throw new LookupError(
      'the registry named an invalid token service (realm)',
    );
  }
  if (
    realm.protocol !== 'https:' &&
    !(realm.protocol === 'http:' && registry.insecure)
  ) {
    throw new LookupError(
      `the registry named a token service at ${realm.origin}, which is not https`,
    );
  }
  if (realm.username || realm.password) {
    throw new LookupError(
      'the registry named a token service URL with credentials',
    );
  }
  if (params.service) realm.searchParams.set('service', params.service);
  realm.searchParams.set('scope', params.scope || scope);

  const response = await fetchImpl(realm.toString(), {
    headers: {
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
      ...(registry.username
        ? { Authorization: basicAuthorization(registry) }
        : {}),
    },
    signal,
  });
  if (response.status !== 200) {
    discard(response);
    throw new LookupError(
      response.status === 401 || response.status === 403
        ? `the token service at ${realm.origin} refused ${
            registry.username
              ? 'the configured credentials'
              : 'anonymous access'
          } (${response.status})`
        : `the token service at ${realm.origin} answered ${response.status}`,
    );
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = await response.json();
    body =
      parsed && typeof parsed === 'object'
        ? (parsed as Record<string, unknown>)
        : undefined;
  } catch {
    throw new LookupError(
      `the token service at ${realm.origin} did not answer with JSON`,
    );
  }
  const token = body?.token ?? body?.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new LookupError(
      `the token service at ${realm.origin} returned no token`,
    );
  }
  const expiresIn =
    typeof body?.expires_in === 'number' && body.expires_in > 0
      ? body.expires_in
      : 60;
  return {
    token,
    expiresAt: Date.now() + expiresIn * 1000 - TOKEN_EXPIRY_MARGIN_MS,
  };
}

/** Releases a response body that is not read (not awaited: a HEAD answer may never end it). */
export function discard(response: Response) {
  response.body?.cancel().catch(() => undefined);
}

export function basicAuthorization(registry: RegistryConfig): string {
  return `Basic ${Buffer.from(
    `${registry.username}:${registry.password}`,
  ).toString('base64')}`;
}

export function describeStatus(
  status: number,
  registry: RegistryConfig,
): string {
  const hasCredentials = Boolean(registry.token || registry.username);
  switch (status) {
    case 401:
      return hasCredentials
        ? 'the registry rejected the configured credentials (401)'
        : `the registry requires authentication (401): configure credentials for ${registry.host} in ${REGISTRIES_CONFIG_KEY}, or the repository does not exist`;
    case 403:
      return 'access to the repository was denied (403)';
    case 429:
      return 'the registry is rate limiting requests (429)';
    default:
      return `the registry answered ${status}`;
  }
}
