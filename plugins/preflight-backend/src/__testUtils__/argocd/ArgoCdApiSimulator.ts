import { randomUUID } from 'node:crypto';
import { delay, http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { parseLabelMatcher } from '../kubernetes/labelSelector';

/**
 * The endpoints of Argo CD's REST API the simulator serves (`assets/swagger.json` of
 * argoproj/argo-cd): `POST /api/v1/session` (SessionService_Create), `GET /api/v1/applications`
 * (ApplicationService_List), `GET /api/v1/applications/{name}` (ApplicationService_Get) and
 * `GET /api/v1/applications/{name}/manifests` (ApplicationService_GetManifests).
 */
export type ArgoCdEndpoint = 'session' | 'list' | 'get' | 'manifests';

/** One Application stored in a simulated instance. */
export interface SimulatedApplication {
  /** The `v1alpha1Application` (see `argoApplication` of the fixtures). */
  application: any;
  /** The objects its manifests render to; served as one JSON string each. */
  manifests?: unknown[];
  /** `sourceType` of the manifests answer; default the Application's `status.sourceType`. */
  sourceType?: string;
  /** `revision` of the manifests answer; default the Application's `status.sync.revision`. */
  revision?: string;
  /** The project's RBAC denies the account `get` on it: 403 permission denied, left out of lists. */
  forbidden?: boolean;
}

/**
 * A fault injected into an instance's answers. The first fault that matches a request and has
 * uses left applies.
 */
export interface ArgoCdFault {
  /** Which endpoint; all when absent. */
  endpoint?: ArgoCdEndpoint;
  /** Only requests for this Application (get, manifests). */
  application?: string;
  /** Answer with a `runtimeError` of this HTTP status. */
  status?: number;
  /** The runtimeError's message (a realistic default per status otherwise). */
  message?: string;
  /** Answer with this raw body (e.g. invalid JSON), with `status` or 200. */
  body?: string;
  /** Latency before answering, with msw's `delay`, in ms. */
  delayMs?: number;
  /** Never answer (until the request is aborted or the simulator is reset). */
  hang?: boolean;
  /** Fail at the network level (a reset connection). */
  networkError?: boolean;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

export interface SimulatedArgoCdOptions {
  /** A name for lookups. */
  name: string;
  /** Base URL, e.g. `https://argocd.example.test` (a path prefix is served under it). */
  baseUrl: string;
  /** Static API tokens (project or account tokens) accepted as `Authorization: Bearer`. */
  tokens?: string[];
  /** Local accounts that may log in with `POST /api/v1/session`. */
  accounts?: Array<{ username: string; password: string }>;
  applications?: SimulatedApplication[];
  faults?: ArgoCdFault[];
  /** Latency of every answer, in ms. */
  delayMs?: number;
}

/** One request as the simulated Argo CD saw it. */
export interface ArgoCdRecordedRequest {
  instance: string;
  method: string;
  /** The path below the base URL, e.g. `/api/v1/applications/payments-dev/manifests`. */
  path: string;
  endpoint?: ArgoCdEndpoint;
  /** The Application's name (get, manifests), decoded. */
  application?: string;
  /** The `selector` query parameter (list). */
  selector?: string;
  /** The bearer token sent, if any. */
  token?: string;
  /** The answer's status (0 for a network error or while hanging). */
  status: number;
}

/** gRPC codes of the `runtimeError.code` Argo CD answers with, per HTTP status. */
const GRPC_CODES: Record<number, number> = {
  400: 3,
  401: 16,
  403: 7,
  404: 5,
  409: 6,
  429: 8,
  500: 2,
  501: 12,
  503: 14,
  504: 4,
};

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'invalid request',
  401: 'no session information',
  403: 'permission denied',
  404: 'Not Found',
  429: 'too many requests',
  500: 'rpc error: code = Unknown desc = Manifest generation error (cached): `kustomize build .` failed exit status 1',
  503: 'rpc error: code = Unavailable desc = connection error',
};

/** The body Argo CD's gateway answers errors with (`runtimeError`). */
export function runtimeError(status: number, message?: string) {
  const text = message ?? DEFAULT_MESSAGES[status] ?? `HTTP ${status}`;
  return { error: text, code: GRPC_CODES[status] ?? 2, message: text };
}

interface FaultState extends ArgoCdFault {
  used: number;
}

/** One simulated Argo CD server: Applications, accounts, tokens, faults and a request log. */
export class SimulatedArgoCd {
  readonly name: string;
  readonly baseUrl: string;
  readonly origin: string;
  private readonly prefix: string;
  /** Every request received, in order. */
  readonly requests: ArgoCdRecordedRequest[] = [];
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  delayMs: number;
  private readonly tokens: Set<string>;
  private readonly accounts: Array<{ username: string; password: string }>;
  private readonly sessions = new Set<string>();
  private readonly expiredSessions = new Set<string>();
  private readonly applications = new Map<string, SimulatedApplication>();
  private faults: FaultState[] = [];

  constructor(
    options: SimulatedArgoCdOptions,
    private readonly hangs: Set<() => void>,
  ) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const url = new URL(this.baseUrl);
    this.origin = url.origin;
    this.prefix = url.pathname.replace(/\/+$/, '');
    this.tokens = new Set(options.tokens ?? []);
    this.accounts = options.accounts ?? [];
    this.delayMs = options.delayMs ?? 0;
    this.setFaults(options.faults ?? []);
    for (const app of options.applications ?? []) this.add(app);
  }

  /** Stores (or replaces) an Application. */
  add(...applications: SimulatedApplication[]): this {
    for (const app of applications) {
      this.applications.set(app.application.metadata.name, app);
    }
    return this;
  }

  /** Replaces the faults. */
  setFaults(faults: ArgoCdFault[]): this {
    this.faults = faults.map(f => ({ ...f, used: 0 }));
    return this;
  }

  /** Every session issued so far expires: requests with them answer 401 (token is expired). */
  expireSessions(): this {
    for (const token of this.sessions) this.expiredSessions.add(token);
    this.sessions.clear();
    return this;
  }

  /** Revokes a static token: requests with it answer 401. */
  revokeToken(token: string): this {
    this.tokens.delete(token);
    this.expiredSessions.add(token);
    return this;
  }

  /** The sessions issued and still valid. */
  get activeSessions(): string[] {
    return [...this.sessions];
  }

  /** Requests to one endpoint. */
  requestsTo(endpoint: ArgoCdEndpoint): ArgoCdRecordedRequest[] {
    return this.requests.filter(r => r.endpoint === endpoint);
  }

  private takeFault(
    endpoint: ArgoCdEndpoint | undefined,
    application: string | undefined,
  ) {
    for (const fault of this.faults) {
      if (fault.times !== undefined && fault.used >= fault.times) continue;
      if (fault.endpoint !== undefined && fault.endpoint !== endpoint) continue;
      if (
        fault.application !== undefined &&
        fault.application !== application
      ) {
        continue;
      }
      fault.used++;
      return fault;
    }
    return undefined;
  }

  private route(
    method: string,
    path: string,
  ): { endpoint?: ArgoCdEndpoint; application?: string } {
    if (method === 'POST' && path === '/api/v1/session') {
      return { endpoint: 'session' };
    }
    if (method !== 'GET') return {};
    if (path === '/api/v1/applications') return { endpoint: 'list' };
    let m = path.match(/^\/api\/v1\/applications\/([^/]+)\/manifests$/);
    if (m) {
      return { endpoint: 'manifests', application: decodeURIComponent(m[1]) };
    }
    m = path.match(/^\/api\/v1\/applications\/([^/]+)$/);
    if (m) return { endpoint: 'get', application: decodeURIComponent(m[1]) };
    return {};
  }

  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(this.prefix)
      ? url.pathname.slice(this.prefix.length)
      : url.pathname;
    const { endpoint, application } = this.route(request.method, path);
    const authorization = request.headers.get('authorization') ?? '';
    const token = authorization.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : undefined;
    const record: ArgoCdRecordedRequest = {
      instance: this.name,
      method: request.method,
      path,
      endpoint,
      ...(application !== undefined ? { application } : {}),
      ...(endpoint === 'list'
        ? { selector: url.searchParams.get('selector') ?? undefined }
        : {}),
      ...(token !== undefined ? { token } : {}),
      status: 0,
    };
    this.requests.push(record);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.answer(request, record, endpoint, application, token);
    } finally {
      this.inFlight--;
    }
  }

  private async answer(
    request: Request,
    record: ArgoCdRecordedRequest,
    endpoint: ArgoCdEndpoint | undefined,
    application: string | undefined,
    token: string | undefined,
  ): Promise<Response> {
    const respond = (status: number, body: unknown) => {
      record.status = status;
      return HttpResponse.json(body as any, { status });
    };

    const fault = this.takeFault(endpoint, application);
    const latency = (fault?.delayMs ?? 0) + this.delayMs;
    if (latency > 0) await delay(latency);
    if (fault?.hang) {
      await new Promise<void>(resolve => {
        this.hangs.add(resolve);
        request.signal?.addEventListener('abort', () => resolve(), {
          once: true,
        });
      });
      return HttpResponse.error();
    }
    if (fault?.networkError) return HttpResponse.error();

    if (endpoint === 'session') {
      if (fault?.status !== undefined || fault?.body !== undefined) {
        return this.faultAnswer(fault, record);
      }
      return this.login(request, respond);
    }

    if (endpoint !== undefined) {
      // Authentication comes first: a fault of another kind is not used up.
      const denied = this.authenticate(token);
      if (denied) {
        if (fault) fault.used--;
        return respond(401, runtimeError(401, denied));
      }
    }
    if (fault?.status !== undefined || fault?.body !== undefined) {
      return this.faultAnswer(fault, record);
    }

    switch (endpoint) {
      case 'list':
        return this.list(new URL(request.url), respond);
      case 'get':
      case 'manifests': {
        const stored = this.applications.get(application ?? '');
        if (!stored) {
          return respond(
            404,
            runtimeError(
              404,
              `applications.argoproj.io "${application}" not found`,
            ),
          );
        }
        if (stored.forbidden) {
          const project = stored.application.spec?.project ?? 'default';
          return respond(
            403,
            runtimeError(
              403,
              `permission denied: applications, get, ${project}/${application}, sub: preflight, iat: 2025-03-01T09:00:00Z`,
            ),
          );
        }
        return endpoint === 'get'
          ? respond(200, stored.application)
          : respond(200, this.manifestResponse(stored));
      }
      default:
        // The API server serves its UI for unknown paths; an API client sees a 404 there.
        record.status = 404;
        return new HttpResponse('Not Found', {
          status: 404,
          headers: { 'content-type': 'text/plain' },
        });
    }
  }

  private faultAnswer(fault: FaultState, record: ArgoCdRecordedRequest) {
    record.status = fault.status ?? 200;
    if (fault.body !== undefined) {
      return new HttpResponse(fault.body, {
        status: record.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    return HttpResponse.json(runtimeError(record.status, fault.message), {
      status: record.status,
    });
  }

  /** Why a token is refused (Argo CD's messages), or undefined when it is accepted. */
  private authenticate(token: string | undefined): string | undefined {
    if (token === undefined || token === '') return 'no session information';
    if (this.tokens.has(token) || this.sessions.has(token)) return undefined;
    if (this.expiredSessions.has(token)) {
      return 'invalid session: token has invalid claims: token is expired';
    }
    return 'invalid session: token signature is invalid';
  }

  private async login(
    request: Request,
    respond: (status: number, body: unknown) => Response,
  ): Promise<Response> {
    let body: any;
    try {
      body = await request.json();
    } catch {
      return respond(400, runtimeError(400, 'invalid character in request'));
    }
    const account = this.accounts.find(
      a => a.username === body?.username && a.password === body?.password,
    );
    if (!account) {
      return respond(401, runtimeError(401, 'Invalid username or password'));
    }
    const token = `session.${account.username}.${randomUUID()}`;
    this.sessions.add(token);
    return respond(200, { token });
  }

  private list(
    url: URL,
    respond: (status: number, body: unknown) => Response,
  ): Response {
    const selector = url.searchParams.get('selector') ?? '';
    let matches: (labels: Record<string, string> | undefined) => boolean;
    try {
      matches = parseLabelMatcher(selector);
    } catch (error) {
      return respond(
        400,
        runtimeError(
          400,
          `error parsing the selector: ${(error as Error).message}`,
        ),
      );
    }
    // Argo CD leaves out the Applications the account may not get.
    const items = [...this.applications.values()]
      .filter(a => !a.forbidden && matches(a.application.metadata.labels))
      .map(a => a.application);
    return respond(200, {
      metadata: { resourceVersion: '48213' },
      // Go's encoder writes an empty list as null.
      items: items.length > 0 ? items : null,
    });
  }

  private manifestResponse(stored: SimulatedApplication) {
    const app = stored.application;
    return {
      manifests: (stored.manifests ?? []).map(m => JSON.stringify(m)),
      namespace: app.spec?.destination?.namespace ?? '',
      server: app.spec?.destination?.server ?? '',
      revision: stored.revision ?? app.status?.sync?.revision ?? '',
      sourceType: stored.sourceType ?? app.status?.sourceType ?? 'Directory',
    };
  }
}

/**
 * Simulated Argo CD API servers for tests, with msw: any number of instances at distinct base
 * URLs, speaking the shapes of Argo CD's OpenAPI document (`v1alpha1Application`,
 * `v1alpha1ApplicationList` with `items: null` when empty, `repositoryManifestResponse`,
 * `sessionSessionResponse`, and `runtimeError` bodies `{ error, code, message }` for errors: 401 for
 * a missing, invalid or expired token, 403 `permission denied` by project RBAC, 404 for an unknown
 * Application), with injectable faults (status codes, raw bodies, latency with msw `delay`,
 * hanging, network errors) and a request log.
 *
 * Requests to loopback addresses that no simulated instance owns go to the real network (e.g.
 * `http://127.0.0.1:1` for a refused connection); any other unknown request is an error.
 *
 * ```ts
 * const argocd = new ArgoCdApiSimulator();
 * beforeAll(() => argocd.listen());
 * afterEach(() => argocd.reset());
 * afterAll(() => argocd.close());
 * const main = argocd.addInstance({ name: 'main', baseUrl: 'https://argocd.test', tokens: ['t'] });
 * ```
 */
export class ArgoCdApiSimulator {
  readonly server: SetupServer;
  private readonly instances = new Map<string, SimulatedArgoCd>();
  private readonly hangs = new Set<() => void>();

  constructor() {
    this.server = setupServer(
      http.all('*', async ({ request }) => {
        const instance = this.instances.get(new URL(request.url).origin);
        return instance ? instance.handle(request) : undefined;
      }),
    );
  }

  listen(): void {
    this.server.listen({
      onUnhandledRequest(request, print) {
        const { hostname } = new URL(request.url);
        if (['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) return;
        print.error();
      },
    });
  }

  addInstance(options: SimulatedArgoCdOptions): SimulatedArgoCd {
    const instance = new SimulatedArgoCd(options, this.hangs);
    if (this.instances.has(instance.origin)) {
      throw new Error(
        `A simulated Argo CD instance already serves ${instance.origin}`,
      );
    }
    this.instances.set(instance.origin, instance);
    return instance;
  }

  instance(name: string): SimulatedArgoCd {
    const found = [...this.instances.values()].find(i => i.name === name);
    if (!found) throw new Error(`No simulated Argo CD instance named ${name}`);
    return found;
  }

  /** All requests received by all instances. */
  get requests(): ArgoCdRecordedRequest[] {
    return [...this.instances.values()].flatMap(i => i.requests);
  }

  /** Releases hanging requests and removes the instances. */
  reset(): void {
    this.releaseHangs();
    this.instances.clear();
  }

  close(): void {
    this.releaseHangs();
    this.server.close();
  }

  private releaseHangs() {
    for (const release of this.hangs) release();
    this.hangs.clear();
  }
}
