import { errorChain } from '../../util/errorChain';
import type { EnvironmentErrorReason } from '@preflight/plugin-preflight-common';

// One class for every desired-state source, built-in or added by a module.
import { DesiredStateError } from '@preflight/plugin-preflight-node';

export { DesiredStateError };

/**
 * The manifests location does not exist (the environment has no manifests): `not-configured`.
 * `location` is the user-facing location (URL or root-relative path).
 */
export class ManifestsNotFoundError extends Error {
  readonly name = 'ManifestsNotFoundError';

  constructor(readonly location: string) {
    super(`No manifests at ${location}`);
  }
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const TIMEOUT_CODES = new Set([
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function httpStatusOf(error: unknown): number | undefined {
  for (const e of errorChain(error)) {
    const response = (e.response ?? {}) as Record<string, unknown>;
    for (const candidate of [
      e.status,
      e.statusCode,
      response.status,
      response.statusCode,
    ]) {
      if (typeof candidate === 'number' && candidate >= 400) return candidate;
    }
  }
  // Backstage's URL readers end their messages with "<status> <statusText>", e.g.
  // "Request failed for https://…, 401 Unauthorized" (optionally "(rate limit exceeded)").
  const message = String((error as { message?: unknown })?.message ?? '');
  const match = message.match(
    /(?:^|[\s,])([45]\d\d)(?: [A-Za-z][A-Za-z -]*)?(?: \(rate limit exceeded\))?\s*$/,
  );
  return match ? Number(match[1]) : undefined;
}

function hasCode(error: unknown, codes: Set<string>): boolean {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && codes.has(e.code)) return true;
    const message = String(e.message ?? '');
    for (const code of codes) {
      if (message.includes(code)) return true;
    }
  }
  return false;
}

/** Removes credentials and token-like query parameters from URLs in a message. */
export function redactUrls(text: string): string {
  return text
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]*@/gi, '$1')
    .replace(
      /([?&](?:token|access_token|private_token|sig|signature|key|code|password)=)[^&\s#]+/gi,
      '$1***',
    );
}

/**
 * The typed reason for an error thrown by a `UrlReaderService`, or `not-found` for a missing
 * location. Readers throw `NotFoundError`, `NotAllowedError`, `AuthenticationError` or plain
 * errors whose message ends with the HTTP status.
 */
export function classifyReaderError(
  error: unknown,
  signal?: AbortSignal,
): EnvironmentErrorReason | 'not-found' {
  const e = error as { name?: unknown; message?: unknown } | undefined;
  const name = String(e?.name ?? '');
  if (name === 'NotFoundError') return 'not-found';
  if (
    signal?.aborted ||
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    hasCode(error, TIMEOUT_CODES)
  ) {
    return 'TIMEOUT';
  }
  if (name === 'AuthenticationError') return 'UNAUTHORIZED';
  if (name === 'NotAllowedError') return 'FORBIDDEN';
  const message = String(e?.message ?? '');
  if (/rate limit/i.test(message)) return 'RATE_LIMITED';
  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status === 401) return 'UNAUTHORIZED';
    if (status === 403) return 'FORBIDDEN';
    if (status === 404 || status === 410) return 'not-found';
    if (status === 408 || status === 504) return 'TIMEOUT';
    if (status === 429) return 'RATE_LIMITED';
    if (status === 502 || status === 503) return 'UNREACHABLE';
    return 'BAD_RESPONSE';
  }
  if (hasCode(error, NETWORK_CODES) || /fetch failed/i.test(message)) {
    return 'UNREACHABLE';
  }
  return 'BAD_RESPONSE';
}

/**
 * What a failed `UrlReaderService` read of `what` (e.g. "the manifests") at `url` becomes: a
 * `DesiredStateError` passes through, a missing location is `ManifestsNotFoundError`, anything
 * else a `DesiredStateError` with its typed reason and a redacted detail.
 */
export function readerFailure(
  error: unknown,
  signal: AbortSignal | undefined,
  url: string,
  what: string,
): Error {
  if (error instanceof DesiredStateError) return error;
  const reason = classifyReaderError(error, signal);
  if (reason === 'not-found') return new ManifestsNotFoundError(url);
  return new DesiredStateError(
    reason,
    reason === 'TIMEOUT' && signal?.aborted
      ? `Reading ${what} at ${url} timed out`
      : `Could not read ${what} at ${url}: ${safeErrorDetail(error)}`,
  );
}

/** The first line of an error message, redacted and bounded, for user-facing messages. */
export function safeErrorDetail(error: unknown): string {
  const message = String(
    (error as { message?: unknown } | undefined)?.message ?? error ?? '',
  );
  const firstLine = message.split('\n')[0] ?? '';
  const redacted = redactUrls(firstLine);
  return redacted.length > 300 ? `${redacted.slice(0, 297)}...` : redacted;
}
