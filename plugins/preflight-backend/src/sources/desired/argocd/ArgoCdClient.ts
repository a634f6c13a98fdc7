// The Argo CD REST client of one instance: authentication, the concurrency limit and shared
// requests. Its answers are read in argoAnswers and its errors built in ArgoCdErrors.
import type { LoggerService } from '@backstage/backend-plugin-api';
import pLimit from 'p-limit';
import { DesiredStateError } from '../errors';
import { readBody, TOO_LARGE } from '../../../util/readBody';
import { isPlainObject, type Answer } from './argoAnswers';
import { ArgoCdErrors } from './ArgoCdErrors';
import { ARGOCD_LOCATOR_KEY, type ArgoCdInstance } from './config';
import { SharedRequests } from './SharedRequests';
import type {
  ArgoApplication,
  ArgoApplicationList,
  ArgoManifestResponse,
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
  private readonly errors: ArgoCdErrors;

  constructor(
    readonly instance: ArgoCdInstance,
    options: { concurrency: number; logger: LoggerService },
  ) {
    this.limit = pLimit(options.concurrency);
    this.logger = options.logger;
    this.errors = new ArgoCdErrors(instance, () => this.session);
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
          throw this.errors.badResponse(`${what} is not an Application`);
        }
        return body as ArgoApplication;
      },
      signal,
      () => this.errors.timeout(what),
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
          throw this.errors.badResponse(`${what} is not an ApplicationList`);
        }
        if (items.length > MAX_APPLICATIONS) {
          throw this.errors.badResponse(
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
      () => this.errors.timeout(what),
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
          throw this.errors.badResponse(`${what} are not a ManifestResponse`);
        }
        return body as ArgoManifestResponse;
      },
      signal,
      () => this.errors.timeout(what),
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
      throw this.errors.httpError(answer, what);
    }
    try {
      return JSON.parse(answer.text);
    } catch {
      throw this.errors.badResponse(`${what}: the answer is not valid JSON`);
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
        reject(this.errors.timeout(what));
        return;
      }
      const onAbort = () => reject(this.errors.timeout(what));
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
        }' rejected the username and password configured under ${ARGOCD_LOCATOR_KEY} (${this.errors.statusDetail(
          answer,
        )})`,
      );
    }
    const body = this.parse(answer, what) as ArgoSessionResponse;
    if (!isPlainObject(body) || typeof body.token !== 'string' || !body.token) {
      throw this.errors.badResponse(`${what}: the answer holds no token`);
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
    if (signal.aborted) return Promise.reject(this.errors.timeout(what));
    const task = async (): Promise<Answer> => {
      if (signal.aborted) throw this.errors.timeout(what);
      let response: Response;
      try {
        response = await fetch(url, { ...init, signal, redirect: 'manual' });
      } catch (error) {
        throw this.errors.transportError(error, what, signal);
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
        throw this.errors.transportError(error, what, signal);
      }
      if (text === TOO_LARGE) {
        throw this.errors.badResponse(
          `${what}: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`,
        );
      }
      return { status: response.status, text };
    };
    return new Promise<Answer>((resolve, reject) => {
      const onAbort = () => reject(this.errors.timeout(what));
      signal.addEventListener('abort', onAbort, { once: true });
      this.limit(task)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onAbort));
    });
  }
}
