import type { LoggerService } from '@backstage/backend-plugin-api';
import pLimit from 'p-limit';
import { errorChain, errorCode } from '../../../util/errorChain';
import { DesiredStateError, redactUrls } from '../errors';
import { ARGOCD_LOCATOR_KEY, type ArgoCdInstance } from './config';
import { SharedRequests } from './SharedRequests';
import type {
  ArgoApplication,
  ArgoApplicationList,
  ArgoManifestResponse,
  ArgoRuntimeError,
  ArgoSessionResponse,
} from './types';

/** Largest answer read from Argo CD, in bytes; a larger one is a `BAD_RESPONSE`. */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
/** Most Applications a selector may match. */
export const MAX_APPLICATIONS = 500;
/** How long an application list (per selector) or an application (per name) is reused. */
export const APPLICATION_CACHE_TTL_MS = 10_000;
/** Deadline of a login (`POST /api/v1/session`), shared by every read waiting for it. */
export const LOGIN_TIMEOUT_MS = 30_000;

const MAX_ERROR_BODY_BYTES = 64 * 1024;
const MAX_CACHED_KEYS = 1000;
const TOO_LARGE = Symbol('too-large');
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

interface Answer {
  status: number;
  text: string;
}

/** Lets a cancellation finish in the background: some streams never settle it. */
function discard(cancellation: Promise<void> | undefined): void {
  cancellation?.catch(() => undefined);
}

/** Reads a body up to `max` bytes: beyond it, `TOO_LARGE` (or the first `max` bytes, `truncate`). */
async function readBody(
  response: Response,
  max: number,
  truncate: boolean,
): Promise<string | typeof TOO_LARGE> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!truncate && Number.isFinite(declared) && declared > max) {
    discard(response.body?.cancel());
    return TOO_LARGE;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      discard(reader.cancel());
      if (!truncate) return TOO_LARGE;
      chunks.push(value.subarray(0, value.byteLength - (total - max)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads Argo CD's REST API for one configured instance: `GET /api/v1/applications/{name}`,
 * `GET /api/v1/applications?selector=…` and `GET /api/v1/applications/{name}/manifests`.
 *
 * - Authenticates with the configured token, or with a session token from
 *   `POST /api/v1/session` (username and password) that is kept, and renewed once when a request
 *   answers 401 (an expired session).
 * - At most `concurrency` requests are in flight; a request waiting for its turn gives up when its
 *   signal fires.
 * - Requests for the same list (selector) or application share one request in flight, and the
 *   answer is reused for {@link APPLICATION_CACHE_TTL_MS}; manifests are only shared in flight.
 * - Every failure is a `DesiredStateError` with a typed reason; messages name the instance and
 *   what was read, never a credential.
 */
export class ArgoCdClient {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly logger: LoggerService;
  private session?: string;
  private login?: Promise<string>;
  private readonly lists = new SharedRequests<ArgoApplication[]>(
    APPLICATION_CACHE_TTL_MS,
    MAX_CACHED_KEYS,
  );
  private readonly applications = new SharedRequests<ArgoApplication>(
    APPLICATION_CACHE_TTL_MS,
    MAX_CACHED_KEYS,
  );
  private readonly manifests = new SharedRequests<ArgoManifestResponse>(
    0,
    MAX_CACHED_KEYS,
  );

  constructor(
    readonly instance: ArgoCdInstance,
    options: { concurrency: number; logger: LoggerService },
  ) {
    this.limit = pLimit(options.concurrency);
    this.logger = options.logger;
  }

  /** `GET /api/v1/applications/{name}`. */
  getApplication(name: string, signal: AbortSignal): Promise<ArgoApplication> {
    const what = `application '${name}'`;
    return this.applications.get(
      name,
      async shared => {
        const body = await this.getJson(
          `/api/v1/applications/${encodeURIComponent(name)}`,
          what,
          shared,
        );
        if (!isPlainObject(body) || !isPlainObject(body.metadata)) {
          throw this.badResponse(`${what} is not an Application`);
        }
        return body as ArgoApplication;
      },
      signal,
      () => this.timeout(what),
    );
  }

  /** `GET /api/v1/applications?selector=…`: the Applications whose labels match. */
  listApplications(
    selector: string,
    signal: AbortSignal,
  ): Promise<ArgoApplication[]> {
    const what = `the applications matching selector '${selector}'`;
    return this.lists.get(
      selector,
      async shared => {
        const body = (await this.getJson(
          `/api/v1/applications?${new URLSearchParams({ selector })}`,
          what,
          shared,
        )) as ArgoApplicationList;
        const items = isPlainObject(body) ? body.items ?? [] : undefined;
        if (!Array.isArray(items)) {
          throw this.badResponse(`${what} is not an ApplicationList`);
        }
        if (items.length > MAX_APPLICATIONS) {
          throw this.badResponse(
            `selector '${selector}' matches ${items.length} applications (at most ${MAX_APPLICATIONS}); narrow it`,
          );
        }
        return items.filter(
          (item): item is ArgoApplication =>
            isPlainObject(item) &&
            isPlainObject(item.metadata) &&
            typeof item.metadata.name === 'string',
        );
      },
      signal,
      () => this.timeout(what),
    );
  }

  /** `GET /api/v1/applications/{name}/manifests`: the manifests Argo CD rendered. */
  getManifests(
    name: string,
    signal: AbortSignal,
  ): Promise<ArgoManifestResponse> {
    const what = `the manifests of application '${name}'`;
    return this.manifests.get(
      name,
      async shared => {
        const body = await this.getJson(
          `/api/v1/applications/${encodeURIComponent(name)}/manifests`,
          what,
          shared,
        );
        if (!isPlainObject(body)) {
          throw this.badResponse(`${what} are not a ManifestResponse`);
        }
        return body as ArgoManifestResponse;
      },
      signal,
      () => this.timeout(what),
    );
  }

  private async getJson(
    path: string,
    what: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    const url = `${this.instance.url}${path}`;
    for (let attempt = 0; ; attempt++) {
      const token = await this.token(signal);
      const answer = await this.send(
        url,
        {
          method: 'GET',
          headers: {
            accept: 'application/json',
            authorization: `Bearer ${token}`,
          },
        },
        what,
        signal,
      );
      if (
        answer.status === 401 &&
        this.instance.auth.type === 'password' &&
        attempt === 0
      ) {
        // The session expired (or Argo CD restarted with a new key): log in again, once.
        if (this.session === token) this.session = undefined;
        this.logger.debug(
          `Preflight Argo CD: the session on instance '${this.instance.name}' was rejected; logging in again`,
        );
        continue;
      }
      return this.parse(answer, what);
    }
  }

  private parse(answer: Answer, what: string): unknown {
    if (answer.status < 200 || answer.status > 299) {
      throw this.httpError(answer, what);
    }
    try {
      return JSON.parse(answer.text);
    } catch {
      throw this.badResponse(`${what}: the answer is not valid JSON`);
    }
  }

  /** The bearer token: the configured one, or the session's (logging in when there is none). */
  private token(signal: AbortSignal): Promise<string> {
    const auth = this.instance.auth;
    if (auth.type === 'token') return Promise.resolve(auth.token);
    if (this.session) return Promise.resolve(this.session);
    if (!this.login) {
      const login = this.createSession(auth.username, auth.password);
      this.login = login;
      const clear = () => {
        if (this.login === login) this.login = undefined;
      };
      login.then(clear, clear);
    }
    const pending = this.login;
    const what = 'a session (POST /api/v1/session)';
    return new Promise<string>((resolve, reject) => {
      if (signal.aborted) {
        reject(this.timeout(what));
        return;
      }
      const onAbort = () => reject(this.timeout(what));
      signal.addEventListener('abort', onAbort, { once: true });
      pending.then(resolve, reject).finally(() => {
        signal.removeEventListener('abort', onAbort);
      });
    });
  }

  /** `POST /api/v1/session` with the configured username and password. */
  private async createSession(
    username: string,
    password: string,
  ): Promise<string> {
    const what = 'a session (POST /api/v1/session)';
    const answer = await this.send(
      `${this.instance.url}/api/v1/session`,
      {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ username, password }),
      },
      what,
      AbortSignal.timeout(LOGIN_TIMEOUT_MS),
    );
    if (answer.status === 401 || answer.status === 403) {
      throw new DesiredStateError(
        'UNAUTHORIZED',
        `Argo CD instance '${
          this.instance.name
        }' rejected the username and password configured under ${ARGOCD_LOCATOR_KEY} (${this.statusDetail(
          answer,
        )})`,
      );
    }
    const body = this.parse(answer, what) as ArgoSessionResponse;
    if (!isPlainObject(body) || typeof body.token !== 'string' || !body.token) {
      throw this.badResponse(`${what}: the answer holds no token`);
    }
    this.session = body.token;
    this.logger.debug(
      `Preflight Argo CD: logged in to instance '${this.instance.name}'`,
    );
    return body.token;
  }

  /** One request, in turn with the others (at most `concurrency` in flight), its body capped. */
  private send(
    url: string,
    init: RequestInit,
    what: string,
    signal: AbortSignal,
  ): Promise<Answer> {
    if (signal.aborted) return Promise.reject(this.timeout(what));
    const task = async (): Promise<Answer> => {
      if (signal.aborted) throw this.timeout(what);
      let response: Response;
      try {
        response = await fetch(url, { ...init, signal, redirect: 'manual' });
      } catch (error) {
        throw this.transportError(error, what, signal);
      }
      const ok = response.status >= 200 && response.status <= 299;
      let text: string | typeof TOO_LARGE;
      try {
        text = await readBody(
          response,
          ok ? MAX_RESPONSE_BYTES : MAX_ERROR_BODY_BYTES,
          !ok,
        );
      } catch (error) {
        throw this.transportError(error, what, signal);
      }
      if (text === TOO_LARGE) {
        throw this.badResponse(
          `${what}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`,
        );
      }
      return { status: response.status, text };
    };
    return new Promise<Answer>((resolve, reject) => {
      const onAbort = () => reject(this.timeout(what));
      signal.addEventListener('abort', onAbort, { once: true });
      this.limit(task)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private transportError(
    error: unknown,
    what: string,
    signal: AbortSignal,
  ): DesiredStateError {
    const name = String((error as any)?.name ?? '');
    if (signal.aborted || name === 'AbortError' || name === 'TimeoutError') {
      return this.timeout(what);
    }
    const chain = errorChain(error);
    const cause = chain.length > 1 ? chain[chain.length - 1] : undefined;
    let detail = errorCode(error) ?? String(cause?.message ?? '');
    detail = this.redact(detail).replace(CONTROL_CHARACTERS, ' ').trim();
    if (detail.length > 100) detail = `${detail.slice(0, 97)}...`;
    return new DesiredStateError(
      'UNREACHABLE',
      `Argo CD instance '${this.instance.name}' (${
        this.instance.url
      }) is unreachable while reading ${what}${detail ? ` (${detail})` : ''}`,
    );
  }

  private httpError(answer: Answer, what: string): DesiredStateError {
    const instance = `Argo CD instance '${this.instance.name}'`;
    const detail = this.statusDetail(answer);
    switch (answer.status) {
      case 401:
        return new DesiredStateError(
          'UNAUTHORIZED',
          `${instance} rejected the credentials configured under ${ARGOCD_LOCATOR_KEY} while reading ${what} (${detail}); ${
            this.instance.auth.type === 'token'
              ? 'the token may have expired or been revoked'
              : 'a new session was rejected too'
          }`,
        );
      case 403:
        return new DesiredStateError(
          'FORBIDDEN',
          `${instance} denied reading ${what} (${detail}); the account needs 'get' permission on applications of the application's project`,
        );
      case 404:
        return new DesiredStateError(
          'NOT_FOUND',
          `${instance} has no ${what} (${detail})`,
        );
      case 429:
        return new DesiredStateError(
          'RATE_LIMITED',
          `${instance} is rate limiting requests (${detail}) while reading ${what}`,
        );
      default:
        if (
          answer.status >= 500 &&
          what.startsWith('the manifests') &&
          /manifest generation error/i.test(detail)
        ) {
          // Argo CD could not render the application (e.g. a broken Helm chart or overlay).
          return new DesiredStateError(
            'RENDER_FAILED',
            `${instance} could not render ${what} (${detail})`,
          );
        }
        if (answer.status >= 300 && answer.status < 400) {
          return this.badResponse(
            `${what}: answered with a redirect (${answer.status}); is ${this.instance.url} the Argo CD server, without a login proxy in front?`,
          );
        }
        return this.badResponse(`${what}: ${detail}`);
    }
  }

  /** `<status>: <message of the runtimeError body>`, single line, bounded, redacted. */
  private statusDetail(answer: Answer): string {
    let message = '';
    try {
      const body = JSON.parse(answer.text) as ArgoRuntimeError;
      if (isPlainObject(body)) {
        const text = body.message || body.error;
        if (typeof text === 'string') message = text;
      }
    } catch {
      // Not a runtimeError (e.g. a proxy's HTML page): the status alone.
    }
    message = this.redact(message).replace(CONTROL_CHARACTERS, ' ').trim();
    if (message.length > 200) message = `${message.slice(0, 197)}...`;
    return message ? `${answer.status}: ${message}` : `HTTP ${answer.status}`;
  }

  /** Removes the instance's credentials, token-like strings and URL credentials from a text. */
  private redact(text: string): string {
    let result = text;
    const auth = this.instance.auth;
    const secrets =
      auth.type === 'token' ? [auth.token] : [auth.password, this.session];
    for (const secret of secrets) {
      if (secret && secret.length >= 4)
        result = result.split(secret).join('***');
    }
    return redactUrls(result).replace(JWT_LIKE, '***');
  }

  private badResponse(what: string): DesiredStateError {
    return new DesiredStateError(
      'BAD_RESPONSE',
      `Argo CD instance '${this.instance.name}' answered badly: ${what}`,
    );
  }

  private timeout(what: string): DesiredStateError {
    return new DesiredStateError(
      'TIMEOUT',
      `Argo CD instance '${this.instance.name}' did not answer in time while reading ${what}`,
    );
  }
}
