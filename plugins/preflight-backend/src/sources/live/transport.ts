import https from 'node:https';
import { errorCode } from '../../util/errorChain';
import {
  IsomorphicFetchHttpLibrary,
  Observable,
  ResponseContext,
  type ConfigurationOptions,
  type HttpLibrary,
  type RequestContext,
} from '@kubernetes/client-node';
import type { EnvironmentErrorReason } from '@preflight/plugin-preflight-common';
import type { KubernetesCredential } from './credentials';

/** A failure of a live read with a typed reason and a message safe to show and log. */
export class LiveReadError extends Error {
  readonly name = 'LiveReadError';

  constructor(readonly reason: EnvironmentErrorReason, message: string) {
    super(message);
  }
}

/** A response as received: status, headers and raw body text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** What one read passes to every request it makes. */
export interface RequestScope {
  /** Aborted at the deadline, on the first failure, or when the caller aborts. */
  signal: AbortSignal;
  /** Epoch milliseconds after which no retry is started. */
  deadline: number;
  /** Counts the HTTP requests actually sent. */
  onRequest: () => void;
  /**
   * The credential the cluster's authentication strategy gave for this read (none: the request
   * goes as client-node makes it, e.g. in tests of the transport).
   */
  credential?: KubernetesCredential;
}

/**
 * Adds a strategy's credential to a request: a bearer token, or a client certificate. Shared by
 * the transport and the watch cache's streams (`watchStream.ts`).
 */
export function applyCredential(
  request: RequestContext,
  credential: KubernetesCredential | undefined,
) {
  if (credential?.type === 'bearer token') {
    request.setHeaderParam('Authorization', `Bearer ${credential.token}`);
  } else if (credential?.type === 'x509 client certificate') {
    const agent = request.getAgent();
    if (agent instanceof https.Agent) {
      // The TLS settings of the cluster (CA, verification) with the client certificate; the
      // keep-alive pool (agents.ts) keys its agents by all of them.
      request.setAgent(
        new https.Agent({
          ...(agent as unknown as { options: https.AgentOptions }).options,
          cert: credential.cert,
          key: credential.key,
        }),
      );
    }
  }
}

// Sent as the body to client-node's typed response processors: the raw body is kept by the
// transport, so the generated deserializer (which renames fields such as `exec` → `_exec` and turns
// timestamps into Dates) only ever sees an empty object.
const EMPTY_JSON = '{}';

/**
 * A client-node `HttpLibrary` that sends one request through the underlying library (client-node's
 * node-fetch library by default) with the read's `AbortSignal` and an optional `Accept` header, and
 * keeps the raw response.
 */
class CapturingHttpLibrary implements HttpLibrary {
  response?: RawResponse;

  constructor(
    private readonly base: HttpLibrary,
    private readonly scope: RequestScope,
    private readonly accept: string | undefined,
  ) {}

  send(request: RequestContext): Observable<ResponseContext> {
    return new Observable(this.sendAsync(request));
  }

  private async sendAsync(request: RequestContext): Promise<ResponseContext> {
    this.scope.signal.throwIfAborted();
    if (this.accept) {
      request.setHeaderParam('Accept', this.accept);
    }
    applyCredential(request, this.scope.credential);
    request.setSignal(this.scope.signal);
    this.scope.onRequest();
    const response = await this.base.send(request).toPromise();
    const text = await response.body.text();
    this.response = {
      status: response.httpStatusCode,
      headers: response.headers,
      text,
    };
    return new ResponseContext(
      response.httpStatusCode,
      { 'content-type': 'application/json' },
      {
        text: async () => EMPTY_JSON,
        binary: async () => Buffer.from(EMPTY_JSON),
      },
    );
  }
}

/** Transport-level failures (the request did not get an HTTP response). */
export class TransportError extends Error {
  readonly name = 'TransportError';

  constructor(readonly code: string | undefined, readonly aborted: boolean) {
    super(code ?? 'request failed');
  }
}

/**
 * Makes one request with a typed client-node call, returning the raw response, or throwing a
 * `TransportError` when no HTTP response was received (refused, DNS, TLS, aborted).
 */
export async function sendOnce(
  call: (options: ConfigurationOptions) => Promise<unknown>,
  scope: RequestScope,
  base: HttpLibrary,
  accept?: string,
): Promise<RawResponse> {
  const transport = new CapturingHttpLibrary(base, scope, accept);
  try {
    await call({ httpApi: transport });
  } catch (error) {
    if (!transport.response) {
      const aborted =
        scope.signal.aborted || (error as Error)?.name === 'AbortError';
      throw new TransportError(errorCode(error), aborted);
    }
    // Non-2xx answers make the typed processors throw; the raw response is what counts.
  }
  if (!transport.response) {
    throw new TransportError(undefined, scope.signal.aborted);
  }
  return transport.response;
}

/** The default transport: client-node's own (node-fetch based) HTTP library. */
export function defaultHttpLibrary(): HttpLibrary {
  return new IsomorphicFetchHttpLibrary();
}

/** Milliseconds to wait according to a `Retry-After` header (seconds or HTTP date), if any. */
export function retryAfterMs(
  headers: Record<string, string>,
  now = Date.now(),
): number | undefined {
  const value = headers['retry-after'];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) {
    return Number(trimmed) * 1000;
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Full-jitter exponential backoff: a random delay in [0, min(cap, base·2^attempt)). */
export function backoffMs(
  attempt: number,
  random: () => number = Math.random,
  baseMs = 200,
  capMs = 5000,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

/** Waits, or rejects as soon as the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new TransportError(undefined, true));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new TransportError(undefined, true));
    };
    timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const RETRYABLE = new Set([429, 503]);

/**
 * Sends a request, retrying on 429 and 503 at most `retries` times: waits `Retry-After` when the
 * server sets it, else full-jitter exponential backoff; never starts a wait that would end past
 * the deadline (the last answer is returned instead). Each attempt takes a slot of the cluster's
 * concurrency limit; waits do not hold one.
 */
export async function sendWithRetries(options: {
  call: (options: ConfigurationOptions) => Promise<unknown>;
  scope: RequestScope;
  base: HttpLibrary;
  accept?: string;
  retries: number;
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  random?: () => number;
}): Promise<RawResponse & { attempts: number }> {
  const { call, scope, base, accept, retries, limit } = options;
  for (let attempt = 0; ; attempt++) {
    const response = await limit(() => sendOnce(call, scope, base, accept));
    if (!RETRYABLE.has(response.status) || attempt >= retries) {
      return { ...response, attempts: attempt + 1 };
    }
    const wait =
      retryAfterMs(response.headers) ?? backoffMs(attempt, options.random);
    if (Date.now() + wait >= scope.deadline) {
      return { ...response, attempts: attempt + 1 };
    }
    await sleep(wait, scope.signal);
  }
}

/**
 * The `message` of a Kubernetes `Status` body, if the body is one (bounded, control characters
 * removed). Other bodies are never quoted: they may contain data.
 */
export function statusMessage(text: string): string | undefined {
  let body: { kind?: unknown; message?: unknown } | null;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (
    !body ||
    typeof body !== 'object' ||
    body.kind !== 'Status' ||
    typeof body.message !== 'string'
  ) {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  const clean = body.message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}

const TLS_CODE =
  /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

/** A user-facing description of a transport error code. */
export function describeTransportCode(code: string | undefined): string {
  if (!code) return 'the connection failed';
  if (code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return `the host name does not resolve (${code})`;
  }
  if (TLS_CODE.test(code)) return `TLS error (${code})`;
  return `the connection failed (${code})`;
}
