import { errorCode } from '../../util/errorChain';
/** Why a CI provider's API could not answer; the message is safe to show (never a token). */
export type CiApiErrorReason =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'BAD_RESPONSE';

/** A failed API request, with a typed reason and a message that names no credential. */
export class CiApiError extends Error {
  readonly name = 'CiApiError';

  constructor(readonly reason: CiApiErrorReason, message: string) {
    super(message);
  }
}

/** What a request needs. */
export interface ApiRequest {
  fetch: typeof fetch;
  /** `GitHub` or `GitLab`, for messages. */
  service: string;
  headers: Record<string, string>;
  /** The shared deadline of the lookup. */
  signal: AbortSignal;
  /** The deadline in ms, for messages. */
  timeoutMs: number;
}

/** The reset instant of a rate limit, from GitHub's or GitLab's headers, as ISO 8601. */
function resetAt(headers: Headers): string | undefined {
  const reset =
    headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  const seconds = reset ? Number(reset) : NaN;
  if (Number.isFinite(seconds) && seconds > 1_000_000_000) {
    return new Date(seconds * 1000).toISOString();
  }
  return undefined;
}

function rateLimitMessage(
  service: string,
  headers: Headers,
  status: number,
): string {
  const reset = resetAt(headers);
  const retryAfter = headers.get('retry-after');
  let when = '';
  if (reset) when = `; resets at ${reset}`;
  else if (retryAfter) when = `; retry after ${retryAfter} s`;
  return `${service} API rate limit exceeded (${status}${when})`;
}

/**
 * GETs a JSON document. Maps 401 to `UNAUTHORIZED`; 403 or 429 with an exhausted rate limit
 * (`x-ratelimit-remaining: 0`, `retry-after`) to `RATE_LIMITED`, other 403 to `FORBIDDEN`; 404 (and
 * 422, GitHub's answer for an unknown commit) to `NOT_FOUND`; the deadline to `TIMEOUT`; network
 * failures to `UNREACHABLE`; anything else to `BAD_RESPONSE`. `what` names the resource in
 * messages.
 */
export async function getJson(
  url: string,
  what: string,
  request: ApiRequest,
): Promise<unknown> {
  let response: Response;
  try {
    response = await request.fetch(url, {
      headers: request.headers,
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) {
      throw new CiApiError(
        'TIMEOUT',
        `${request.service} did not answer within ${request.timeoutMs} ms`,
      );
    }
    throw new CiApiError(
      'UNREACHABLE',
      `${request.service} API unreachable (${
        errorCode(error) ?? 'network error'
      })`,
    );
  }

  const { status, headers } = response;
  if (status === 200) {
    try {
      return await response.json();
    } catch {
      throw new CiApiError(
        'BAD_RESPONSE',
        `${request.service} answered ${what} with something that is not JSON`,
      );
    }
  }
  response.body?.cancel().catch(() => undefined);
  const exhausted =
    headers.get('x-ratelimit-remaining') === '0' ||
    headers.get('ratelimit-remaining') === '0' ||
    headers.has('retry-after');
  if (status === 429 || (status === 403 && exhausted)) {
    throw new CiApiError(
      'RATE_LIMITED',
      rateLimitMessage(request.service, headers, status),
    );
  }
  if (status === 401) {
    throw new CiApiError(
      'UNAUTHORIZED',
      `${request.service} rejected the configured credentials (401)`,
    );
  }
  if (status === 403) {
    throw new CiApiError(
      'FORBIDDEN',
      `the configured ${request.service} credentials may not read ${what} (403)`,
    );
  }
  if (status === 404 || status === 422) {
    throw new CiApiError('NOT_FOUND', `${what} not found (${status})`);
  }
  throw new CiApiError(
    'BAD_RESPONSE',
    `${request.service} answered ${status} for ${what}`,
  );
}

/** A field of a JSON answer, or undefined when the answer is not an object. */
export function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
