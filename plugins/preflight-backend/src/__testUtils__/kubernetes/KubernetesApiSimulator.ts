import { randomUUID } from 'node:crypto';
import { delay, http, HttpResponse } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { parseLabelMatcher } from './labelSelector';
import {
  apiVersionOf,
  autoServedResource,
  BUILTIN_RESOURCES,
  CUSTOM_RESOURCES,
  type CustomResourceGroup,
  type SimulatedResource,
} from './resources';
import {
  bookmarkObject,
  concerns,
  tooOldStatus,
  watchStream,
  type OpenWatch,
  type StoredEvent,
} from './watch';

/** The `Accept` header value (fragment) that asks for metadata-only lists. */
export const PARTIAL_METADATA_ACCEPT = 'as=PartialObjectMetadataList';
/**
 * How a metadata-only watch is asked for: a watch carries single objects, so it negotiates the
 * singular kind (client-go's metadata client does so). The list form on a watch is answered with
 * full objects here, as some API server versions do: a client that sends it fetches Secret values.
 */
const PARTIAL_METADATA_WATCH_ACCEPT = /;\s*as=PartialObjectMetadata\s*(;|,|$)/;

/**
 * A fault injected into a simulated cluster's answers. The first fault that matches a request and
 * has uses left applies.
 */
export interface SimulatedFault {
  /**
   * Which requests: a resource plural (`deployments`), `discovery` (`/api`, `/apis`), or all
   * requests when absent.
   */
  resource?: string;
  /** Answer with a Kubernetes `Status` of this code (401, 403, 404, 410, 429, 500, 503, …). */
  status?: number;
  /** `message` of the Status body (a realistic default per code otherwise). */
  message?: string;
  /** `Retry-After` header, in seconds (with 429/503). */
  retryAfterSeconds?: number;
  /** Never answer (until the request is aborted or the simulator is reset). */
  hang?: boolean;
  /** Answer with this raw body (e.g. invalid JSON), with `status` or 200. */
  body?: string;
  /** Only for requests carrying a `continue` token: 410 Expired (a token that expired). */
  expireContinue?: boolean;
  /** Only watch requests (`true`) or only other requests (`false`); both when absent. */
  watch?: boolean;
  /** Extra latency before answering, in ms. */
  delayMs?: number;
  /** How many requests it applies to; unlimited when absent. */
  times?: number;
}

export interface SimulatedClusterOptions {
  /** A name for logs and lookups. */
  name: string;
  /** Base URL, e.g. `https://dev.k8s.test`. */
  baseUrl: string;
  /**
   * Objects stored in the cluster (any kind of `BUILTIN_RESOURCES` or installed CRs). Storing a
   * Flux object (`kustomize.toolkit.fluxcd.io`, `helm.toolkit.fluxcd.io`) serves its group at its
   * version, as if Flux were installed.
   */
  objects?: KubernetesObject[];
  /**
   * Custom resource API groups installed, e.g. `['monitoring.coreos.com']` (Flux's too:
   * `kustomize.toolkit.fluxcd.io` serves Kustomizations v1, `helm.toolkit.fluxcd.io` HelmReleases
   * v2).
   */
  customResourceGroups?: CustomResourceGroup[];
  /** When set, requests must carry `Authorization: Bearer <token>`, else 401. */
  token?: string;
  /**
   * When set, decides whether a request is authenticated from its `Authorization` header (empty
   * when absent), as a webhook token authenticator would (e.g. an EKS cluster checking an
   * `aws-iam-authenticator` token); a request it rejects is answered 401.
   */
  authenticate?: (authorization: string) => boolean | Promise<boolean>;
  /** Latency of every answer, in ms. */
  delayMs?: number;
  faults?: SimulatedFault[];
}

/** One request as the simulated API server saw it. */
export interface RecordedRequest {
  cluster: string;
  method: string;
  path: string;
  /** Resource plural, or `discovery`, or undefined for unknown paths. */
  resource?: string;
  /** `list` (a collection), `get` (one object by name), `discovery`; undefined for unknown paths. */
  verb?: 'list' | 'get' | 'discovery';
  namespace?: string;
  /** The object's name, for a `get`. */
  name?: string;
  labelSelector?: string;
  limit?: number;
  continue?: string;
  accept: string;
  /** Whether the request asked for a metadata-only list (`PartialObjectMetadataList`). */
  metadataOnly: boolean;
  /** Whether an `Authorization: Bearer …` header was sent. */
  bearer: boolean;
  /** Whether it was a watch (`?watch=1`), and from which `resourceVersion`. */
  watch: boolean;
  resourceVersion?: string;
  /** Whether a watch asked for `BOOKMARK` events (`allowWatchBookmarks=true`). */
  allowWatchBookmarks: boolean;
  /** The answer's status code (0 while hanging, or for a network error). */
  status: number;
}

const DEFAULT_MESSAGES: Record<number, [string, string]> = {
  400: ['BadRequest', 'bad request'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['NotFound', 'the server could not find the requested resource'],
  410: [
    'Expired',
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
  ],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: [
    'InternalError',
    'Internal error occurred: etcdserver: request timed out',
  ],
  503: [
    'ServiceUnavailable',
    'The server is currently unable to handle the request',
  ],
};

function statusBody(code: number, message?: string, details?: object) {
  const [reason, defaultMessage] = DEFAULT_MESSAGES[code] ?? [
    'Unknown',
    `HTTP ${code}`,
  ];
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: message ?? defaultMessage,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

interface ContinueToken {
  rv: number;
  offset: number;
  resource: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(value: string): ContinueToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(value, 'base64url').toString());
    return typeof token?.offset === 'number' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** Changes kept for watches that resume from a resourceVersion (older ones answer 410). */
const MAX_EVENTS = 10_000;

interface FaultState extends SimulatedFault {
  used: number;
}

/** One simulated cluster: its objects, faults and request log. */
export class SimulatedCluster {
  readonly name: string;
  readonly baseUrl: string;
  readonly origin: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  token?: string;
  authenticate?: (authorization: string) => boolean | Promise<boolean>;
  delayMs: number;
  /** Requests being answered right now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  private readonly objects: KubernetesObject[] = [];
  private readonly groups: Set<string>;
  /** Resources served because an object of an auto-served group is stored (Flux's). */
  private readonly autoServed = new Map<string, SimulatedResource>();
  private faults: FaultState[] = [];
  private resourceVersion = 1000;
  /** Changes, oldest first, for watches that resume from a resourceVersion (bounded). */
  private readonly events: StoredEvent[] = [];
  /** Watches from a resourceVersion below this one get 410 Gone (their events were dropped). */
  private compactedUpTo = 1000;
  /** Watches open right now. */
  private readonly watches = new Set<OpenWatch>();
  /** Selections of `list`, by resource, namespace and selector, as of `listsAt`. */
  private readonly lists = new Map<string, KubernetesObject[]>();
  private listsAt = 0;

  constructor(
    options: SimulatedClusterOptions,
    private readonly hangs: Set<() => void>,
  ) {
    this.name = options.name;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = new URL(this.baseUrl).origin;
    this.token = options.token;
    this.authenticate = options.authenticate;
    this.delayMs = options.delayMs ?? 0;
    this.groups = new Set(options.customResourceGroups ?? []);
    this.setFaults(options.faults ?? []);
    this.addAll(options.objects ?? []);
  }

  /**
   * Stores objects (uid, resourceVersion and creationTimestamp are filled in). For many objects
   * use {@link SimulatedCluster.addAll}: spreading a large array into a call overflows the stack
   * (from about 120,000 arguments).
   */
  add(...objects: KubernetesObject[]): this {
    return this.addAll(objects);
  }

  /** Stores any number of objects, one at a time (never spread into a call). */
  addAll(objects: Iterable<KubernetesObject>): this {
    for (const object of objects) {
      const resource = autoServedResource(object.apiVersion, object.kind);
      if (resource) {
        this.autoServed.set(
          `${apiVersionOf(resource)}/${resource.plural}`,
          resource,
        );
      }
      this.resourceVersion++;
      const stored = {
        ...object,
        metadata: {
          uid: randomUUID(),
          creationTimestamp: '2025-01-15T09:30:00Z',
          ...object.metadata,
          resourceVersion: String(this.resourceVersion),
        },
      };
      this.objects.push(stored);
      this.record('ADDED', stored, undefined);
    }
    return this;
  }

  /**
   * Replaces a stored object (found by apiVersion, kind, namespace and name; it must exist) with a
   * new resourceVersion, keeping its uid: open watches get `MODIFIED` (or `ADDED`/`DELETED` when
   * the change makes it enter or leave their selector).
   */
  update(object: KubernetesObject): this {
    const index = this.indexOf(object);
    const previous = this.objects[index];
    this.resourceVersion++;
    const stored = {
      ...object,
      metadata: {
        ...object.metadata,
        uid: previous.metadata.uid,
        creationTimestamp: previous.metadata.creationTimestamp,
        resourceVersion: String(this.resourceVersion),
      },
    };
    this.objects[index] = stored;
    this.record('MODIFIED', stored, previous);
    return this;
  }

  /** Deletes a stored object (it must exist): open watches get `DELETED`. */
  remove(
    object: Pick<KubernetesObject, 'apiVersion' | 'kind' | 'metadata'>,
  ): this {
    const index = this.indexOf(object);
    const previous = this.objects[index];
    this.objects.splice(index, 1);
    this.resourceVersion++;
    const deleted = {
      ...previous,
      metadata: {
        ...previous.metadata,
        resourceVersion: String(this.resourceVersion),
      },
    };
    this.record('DELETED', deleted, previous);
    return this;
  }

  /**
   * Forgets every change so far, as etcd's compaction does: a watch resuming from an earlier
   * resourceVersion gets an `ERROR` event with a 410 `Status`.
   */
  compact(): this {
    this.events.length = 0;
    this.compactedUpTo = this.resourceVersion;
    return this;
  }

  /** Sends a `BOOKMARK` with the current resourceVersion on every watch that allows them. */
  bookmark(): this {
    for (const watch of this.watches) {
      if (watch.allowBookmarks) {
        watch.send('BOOKMARK', bookmarkObject(watch, this.resourceVersion));
      }
    }
    return this;
  }

  /** Ends every open watch, as an API server does when a watch's timeout passes. */
  closeWatches(): this {
    for (const watch of [...this.watches]) watch.close();
    return this;
  }

  /** How many watches are open. */
  get openWatches(): number {
    return this.watches.size;
  }

  /** The current resourceVersion of the store. */
  get currentResourceVersion(): string {
    return String(this.resourceVersion);
  }

  private indexOf(
    object: Pick<KubernetesObject, 'apiVersion' | 'kind' | 'metadata'>,
  ): number {
    const index = this.objects.findIndex(
      o =>
        o.apiVersion === object.apiVersion &&
        o.kind === object.kind &&
        o.metadata.name === object.metadata.name &&
        (o.metadata.namespace ?? undefined) ===
          (object.metadata.namespace ?? undefined),
    );
    if (index < 0) {
      throw new Error(
        `No ${object.kind} ${object.metadata.namespace ?? ''}/${
          object.metadata.name
        } in simulated cluster ${this.name}`,
      );
    }
    return index;
  }

  /** Keeps a change for resuming watches (at most MAX_EVENTS) and tells the open watches. */
  private record(
    type: StoredEvent['type'],
    object: KubernetesObject,
    previous: KubernetesObject | undefined,
  ) {
    this.events.push({
      type,
      object,
      resourceVersion: this.resourceVersion,
    });
    if (this.events.length > 2 * MAX_EVENTS) {
      const dropped = this.events.splice(0, this.events.length - MAX_EVENTS);
      this.compactedUpTo = dropped[dropped.length - 1].resourceVersion;
    }
    for (const watch of this.watches) {
      const now = concerns(watch, object);
      const before = previous !== undefined && concerns(watch, previous);
      if (type === 'DELETED') {
        if (before) watch.send('DELETED', watch.present(object));
      } else if (now) {
        watch.send(
          before || type === 'ADDED' ? type : 'ADDED',
          watch.present(object),
        );
      } else if (before) {
        watch.send('DELETED', watch.present(object));
      }
    }
  }

  /** Replaces the faults. */
  setFaults(faults: SimulatedFault[]): this {
    this.faults = faults.map(f => ({ ...f, used: 0 }));
    return this;
  }

  /** Installs or removes a custom resource API group. */
  setCustomResourceGroup(group: CustomResourceGroup, installed: boolean): this {
    if (installed) this.groups.add(group);
    else this.groups.delete(group);
    return this;
  }

  /** Requests for one resource plural (or `discovery`). */
  requestsFor(resource: string): RecordedRequest[] {
    return this.requests.filter(r => r.resource === resource);
  }

  /** Secret list and watch requests that did not ask for metadata only (should be none). */
  fullSecretRequests(): RecordedRequest[] {
    return this.requestsFor('secrets').filter(r => !r.metadataOnly);
  }

  private served(): SimulatedResource[] {
    const installed = [...this.groups].flatMap(g => CUSTOM_RESOURCES[g] ?? []);
    return [
      ...BUILTIN_RESOURCES,
      ...installed,
      ...[...this.autoServed.values()].filter(
        r =>
          !installed.some(
            i =>
              i.group === r.group &&
              i.version === r.version &&
              i.plural === r.plural,
          ),
      ),
    ];
  }

  private takeFault(
    resource: string | undefined,
    hasContinue: boolean,
    isWatch: boolean,
  ) {
    for (const fault of this.faults) {
      if (fault.times !== undefined && fault.used >= fault.times) continue;
      if (fault.resource !== undefined && fault.resource !== resource) continue;
      if (fault.watch !== undefined && fault.watch !== isWatch) continue;
      if (fault.expireContinue && !hasContinue) continue;
      fault.used++;
      return fault;
    }
    return undefined;
  }

  /** Answers one request of this cluster. */
  async handle(request: Request): Promise<Response> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.answer(request);
    } finally {
      this.inFlight--;
    }
  }

  private async answer(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const accept = request.headers.get('accept') ?? '';
    const authorization = request.headers.get('authorization') ?? '';
    const route = this.route(url.pathname);
    const limitParam = url.searchParams.get('limit');
    const watchParam = url.searchParams.get('watch');
    const isWatch =
      route?.kind === 'list' && (watchParam === '1' || watchParam === 'true');
    const record: RecordedRequest = {
      cluster: this.name,
      method: request.method,
      path: url.pathname,
      resource:
        route && route.kind !== 'discovery'
          ? route.resource.plural
          : route?.kind,
      verb: route?.kind,
      namespace:
        route && route.kind !== 'discovery' ? route.namespace : undefined,
      name: route?.kind === 'get' ? route.name : undefined,
      labelSelector: url.searchParams.get('labelSelector') ?? undefined,
      limit: limitParam === null ? undefined : Number(limitParam),
      continue: url.searchParams.get('continue') ?? undefined,
      accept,
      metadataOnly: isWatch
        ? PARTIAL_METADATA_WATCH_ACCEPT.test(accept)
        : accept.includes(PARTIAL_METADATA_ACCEPT),
      bearer: /^Bearer\s+\S+/.test(authorization),
      watch: isWatch,
      resourceVersion: url.searchParams.get('resourceVersion') ?? undefined,
      allowWatchBookmarks:
        url.searchParams.get('allowWatchBookmarks') === 'true',
      status: 0,
    };
    this.requests.push(record);
    const respond = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ) => {
      record.status = status;
      return HttpResponse.json(body as any, { status, headers });
    };

    const fault = this.takeFault(
      record.resource,
      record.continue !== undefined,
      isWatch,
    );
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

    if (
      (this.token !== undefined && authorization !== `Bearer ${this.token}`) ||
      (this.authenticate && !(await this.authenticate(authorization)))
    ) {
      // Authentication comes first in a real API server: the fault is not used up.
      if (fault) fault.used--;
      return respond(401, statusBody(401));
    }
    if (fault?.body !== undefined) {
      record.status = fault.status ?? 200;
      return new HttpResponse(fault.body, {
        status: record.status,
        headers: { 'content-type': 'application/json' },
      });
    }
    if (fault?.status !== undefined || fault?.expireContinue) {
      const code = fault.status ?? 410;
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) {
        headers['retry-after'] = String(fault.retryAfterSeconds);
      }
      let details: object | undefined =
        code === 429 && fault.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: fault.retryAfterSeconds }
          : undefined;
      let message = fault.message;
      if (code === 403 && route && route.kind !== 'discovery') {
        // As the API server answers a denied request: the resource in `details.kind`.
        details = {
          ...(route.kind === 'get' ? { name: route.name } : {}),
          group: route.resource.group || undefined,
          kind: route.resource.plural,
        };
      }
      if (code === 403 && !message && route && route.kind !== 'discovery') {
        const group = route.resource.group;
        message = `${route.resource.plural}${group ? `.${group}` : ''}${
          route.kind === 'get' ? ` "${route.name}"` : ''
        } is forbidden: User "system:serviceaccount:backstage:preflight" cannot ${
          route.kind
        } resource "${route.resource.plural}" in API group "${group}" ${
          route.namespace
            ? `in the namespace "${route.namespace}"`
            : 'at the cluster scope'
        }`;
      }
      return respond(code, statusBody(code, message, details), headers);
    }

    if (!route) {
      return respond(404, statusBody(404));
    }
    if (route.kind === 'discovery') {
      return respond(200, this.discovery(url.pathname));
    }
    if (route.kind === 'get') {
      return this.get(route.resource, route.namespace, route.name, respond);
    }
    if (isWatch) {
      return this.watch(route.resource, route.namespace, record, url, request);
    }
    return this.list(route.resource, route.namespace, record, respond);
  }

  /** A watch of a collection, streamed (see `watch.ts`). */
  private watch(
    resource: SimulatedResource,
    namespace: string | undefined,
    record: RecordedRequest,
    url: URL,
    request: Request,
  ): Response {
    let matches: (labels: Record<string, string> | undefined) => boolean;
    try {
      matches = parseLabelMatcher(record.labelSelector ?? '');
    } catch (error) {
      record.status = 400;
      return HttpResponse.json(
        statusBody(
          400,
          `unable to parse requirement: ${(error as Error).message}`,
        ) as any,
        { status: 400 },
      );
    }
    const requested = record.resourceVersion;
    const from =
      requested === undefined || requested === '' || requested === '0'
        ? undefined
        : Number(requested);
    if (from !== undefined && !Number.isInteger(from)) {
      record.status = 400;
      return HttpResponse.json(
        statusBody(400, `invalid resource version: ${requested}`) as any,
        { status: 400 },
      );
    }
    const apiVersion = apiVersionOf(resource);
    const metadataOnly = record.metadataOnly;
    const timeout = Number(url.searchParams.get('timeoutSeconds') ?? '');
    const stream = watchStream({
      watch: {
        apiVersion,
        kind: resource.kind,
        namespace,
        matches,
        allowBookmarks: record.allowWatchBookmarks,
        // Watch events carry apiVersion and kind, built-in kinds included.
        present: o =>
          metadataOnly
            ? {
                kind: 'PartialObjectMetadata',
                apiVersion: 'meta.k8s.io/v1',
                metadata: o.metadata,
              }
            : o,
      },
      signal: request.signal,
      timeoutSeconds: Number.isFinite(timeout) ? timeout : undefined,
      open: watch => {
        this.watches.add(watch);
        const release = () => watch.close();
        this.hangs.add(release);
        return () => {
          this.watches.delete(watch);
          this.hangs.delete(release);
        };
      },
      start: watch => {
        if (from === undefined) {
          for (const o of this.objects) {
            if (concerns(watch, o)) watch.send('ADDED', watch.present(o));
          }
        } else if (from < this.compactedUpTo) {
          watch.send('ERROR', tooOldStatus(requested!, this.compactedUpTo));
          watch.close();
        } else {
          for (const event of this.events) {
            if (event.resourceVersion > from && concerns(watch, event.object)) {
              watch.send(event.type, watch.present(event.object));
            }
          }
        }
      },
    });
    record.status = 200;
    return new HttpResponse(stream, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }

  /**
   * The stored objects a list selects, sorted by namespace/name as an API server serves them.
   * Remembered per selection until objects are added: a paged list of 150,000 objects asks for the
   * same selection once per page, and filtering and sorting them all for every page would make the
   * simulator, not the client, the cost of a benchmark.
   */
  private matching(
    key: string,
    selects: (o: KubernetesObject) => boolean,
  ): KubernetesObject[] {
    if (this.listsAt !== this.resourceVersion) {
      this.lists.clear();
      this.listsAt = this.resourceVersion;
    }
    let found = this.lists.get(key);
    if (!found) {
      found = this.objects
        .filter(selects)
        .map(o => ({ o, k: `${o.metadata.namespace}/${o.metadata.name}` }))
        .sort((a, b) => a.k.localeCompare(b.k))
        .map(({ o }) => o);
      this.lists.set(key, found);
    }
    return found;
  }

  /** One object by name: as stored (custom resources and built-ins alike carry apiVersion/kind). */
  private get(
    resource: SimulatedResource,
    namespace: string | undefined,
    name: string,
    respond: (status: number, body: unknown) => Response,
  ): Response {
    const apiVersion = apiVersionOf(resource);
    const found = this.objects.find(
      o =>
        o.apiVersion === apiVersion &&
        o.kind === resource.kind &&
        o.metadata.name === name &&
        (o.metadata.namespace ?? undefined) === namespace,
    );
    if (!found) {
      const group = resource.group;
      return respond(
        404,
        statusBody(
          404,
          `${resource.plural}${group ? `.${group}` : ''} "${name}" not found`,
          { name, ...(group ? { group } : {}), kind: resource.plural },
        ),
      );
    }
    return respond(200, found);
  }

  private list(
    resource: SimulatedResource,
    namespace: string | undefined,
    record: RecordedRequest,
    respond: (
      status: number,
      body: unknown,
      headers?: Record<string, string>,
    ) => Response,
  ): Response {
    let matches: (labels: Record<string, string> | undefined) => boolean;
    try {
      matches = parseLabelMatcher(record.labelSelector ?? '');
    } catch (error) {
      return respond(
        400,
        statusBody(
          400,
          `unable to parse requirement: ${(error as Error).message}`,
        ),
      );
    }
    const apiVersion = apiVersionOf(resource);
    const all = this.matching(
      `${apiVersion}\n${resource.kind}\n${namespace ?? ''}\n${
        record.labelSelector ?? ''
      }`,
      o =>
        o.apiVersion === apiVersion &&
        o.kind === resource.kind &&
        (!namespace || o.metadata.namespace === namespace) &&
        matches(o.metadata.labels),
    );

    let offset = 0;
    let rv = this.resourceVersion;
    if (record.continue !== undefined) {
      const token = decodeContinue(record.continue);
      if (!token || token.resource !== resource.plural) {
        return respond(400, statusBody(400, 'continue key is not valid'));
      }
      offset = token.offset;
      rv = token.rv;
    }
    const limit = record.limit && record.limit > 0 ? record.limit : all.length;
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;

    const metadataOnly = record.metadataOnly;
    // Items of built-in lists carry no apiVersion/kind; custom resource items do.
    const custom =
      resource.group !== '' && !BUILTIN_RESOURCES.includes(resource);
    const items = page.map(o => {
      if (metadataOnly) {
        return {
          kind: 'PartialObjectMetadata',
          apiVersion: 'meta.k8s.io/v1',
          metadata: o.metadata,
        };
      }
      if (custom) return o;
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest;
    });
    const body = {
      kind: metadataOnly ? 'PartialObjectMetadataList' : `${resource.kind}List`,
      apiVersion: metadataOnly ? 'meta.k8s.io/v1' : apiVersion,
      metadata: {
        resourceVersion: String(rv),
        ...(more
          ? {
              continue: encodeContinue({
                rv,
                offset: offset + limit,
                resource: resource.plural,
              }),
              remainingItemCount: all.length - offset - limit,
            }
          : {}),
      },
      items,
    };
    record.status = 200;
    return new HttpResponse(JSON.stringify(body), {
      status: 200,
      headers: {
        'content-type': metadataOnly
          ? 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1'
          : 'application/json',
      },
    });
  }

  private route(pathname: string):
    | { kind: 'discovery' }
    | { kind: 'list'; resource: SimulatedResource; namespace?: string }
    | {
        kind: 'get';
        resource: SimulatedResource;
        namespace?: string;
        name: string;
      }
    | undefined {
    const path = pathname.replace(/\/+$/, '');
    if (path === '/api' || path === '/apis') return { kind: 'discovery' };
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    let group = '';
    let rest: string[];
    if (parts[0] === 'api') {
      rest = parts.slice(1);
    } else if (parts[0] === 'apis') {
      group = parts[1];
      rest = parts.slice(2);
    } else {
      return undefined;
    }
    const [version, ...tail] = rest;
    let namespace: string | undefined;
    let plural: string | undefined;
    let name: string | undefined;
    if (tail.length === 1 || tail.length === 2) {
      [plural, name] = tail;
    } else if (
      (tail.length === 3 || tail.length === 4) &&
      tail[0] === 'namespaces'
    ) {
      [, namespace, plural, name] = tail;
    } else {
      return undefined;
    }
    const resource = this.served().find(
      r => r.group === group && r.version === version && r.plural === plural,
    );
    if (!resource) return undefined;
    return name === undefined
      ? { kind: 'list', resource, namespace }
      : { kind: 'get', resource, namespace, name };
  }

  private discovery(pathname: string) {
    if (pathname.replace(/\/+$/, '') === '/api') {
      return {
        kind: 'APIVersions',
        apiVersion: 'v1',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' },
        ],
      };
    }
    const byGroup = new Map<string, Set<string>>();
    for (const r of this.served()) {
      if (!r.group) continue;
      if (!byGroup.has(r.group)) byGroup.set(r.group, new Set());
      byGroup.get(r.group)!.add(r.version);
    }
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [...byGroup].map(([name, versions]) => {
        const list = [...versions].map(version => ({
          groupVersion: `${name}/${version}`,
          version,
        }));
        return { name, versions: list, preferredVersion: list[0] };
      }),
    };
  }
}

/**
 * Simulated Kubernetes API servers for tests, with msw: any number of clusters at distinct base
 * URLs speaking the real API's shapes (`<Kind>List` with `metadata.resourceVersion`/`continue`,
 * label selectors, `limit`/`continue` paging, `GET` of one object by name, `Status` error bodies,
 * `PartialObjectMetadataList`, `/api` and `/apis` discovery, watches streamed as newline-delimited
 * events with bookmarks and 410 for a compacted resourceVersion: see `watch.ts`), with injectable faults (status codes, `Retry-After`, latency,
 * hanging, expired continue tokens, invalid bodies) and a request log.
 *
 * Requests to loopback addresses that no simulated cluster owns go to the real network (e.g.
 * `http://127.0.0.1:1` for a refused connection); any other unknown request is an error.
 *
 * ```ts
 * const k8s = new KubernetesApiSimulator();
 * beforeAll(() => k8s.listen());
 * afterEach(() => k8s.reset());
 * afterAll(() => k8s.close());
 * const dev = k8s.addCluster({ name: 'dev', baseUrl: 'https://dev.k8s.test', objects });
 * ```
 */
export class KubernetesApiSimulator {
  readonly server: SetupServer;
  private readonly clusters = new Map<string, SimulatedCluster>();
  private readonly hangs = new Set<() => void>();

  constructor() {
    this.server = setupServer(
      http.all('*', async ({ request }) => {
        const cluster = this.clusters.get(new URL(request.url).origin);
        return cluster ? cluster.handle(request) : undefined;
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

  addCluster(options: SimulatedClusterOptions): SimulatedCluster {
    const cluster = new SimulatedCluster(options, this.hangs);
    if (this.clusters.has(cluster.origin)) {
      throw new Error(`A simulated cluster already serves ${cluster.origin}`);
    }
    this.clusters.set(cluster.origin, cluster);
    return cluster;
  }

  cluster(name: string): SimulatedCluster {
    const found = [...this.clusters.values()].find(c => c.name === name);
    if (!found) throw new Error(`No simulated cluster named ${name}`);
    return found;
  }

  /** All requests received by all clusters. */
  get requests(): RecordedRequest[] {
    return [...this.clusters.values()].flatMap(c => c.requests);
  }

  /** Releases hanging requests and removes the clusters. */
  reset(): void {
    this.releaseHangs();
    this.clusters.clear();
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
