/**
 * One kind of one cluster (in one namespace, or all), kept current by list + watch, as
 * client-node's informers and Argo CD's cluster cache do:
 *
 * - a paged LIST (no label selector: every object of the kind in the scope), then a WATCH from
 *   the list's `resourceVersion` with `allowWatchBookmarks`;
 * - a watch the server ends (its `timeoutSeconds`) is made again from the last resourceVersion
 *   seen; a 410 Gone (HTTP 410, or an `ERROR` event with a `Status` of code 410) lists again;
 * - other failures (refused, 5xx, a credential that cannot be had, a broken stream) wait a
 *   full-jitter exponential backoff (bounded) and start again; a 403 or 404 makes the kind
 *   `unavailable` (reads that need it go to the cluster) and is tried again after ten minutes;
 * - every object is converted as a read converts it (`toLiveObject`: trimmed and sanitized) and
 *   frozen; a credential is asked for at every connection (list or watch), and never logged.
 *
 * The objects are kept in a {@link WatchStore}.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { ClusterClient } from './clusterClients';
import type { KubernetesCredential } from './credentials';
import {
  PARTIAL_OBJECT_METADATA,
  PARTIAL_OBJECT_METADATA_LIST,
  type LiveKind,
} from './kinds';
import {
  failureOf,
  kindLabel,
  MAX_PAGES_PER_KIND,
  parseBody,
  type ReadContext,
  type RequestDeps,
} from './lister';
import { isRecord, toLiveObject } from './objects';
import {
  backoffMs,
  LiveReadError,
  sendWithRetries,
  sleep,
  statusMessage,
  TransportError,
} from './transport';
import { keyOf, WatchStore } from './watchStore';
import { openWatch } from './watchStream';

/** Where a kind's watch is. */
export type KindWatchStatus = 'starting' | 'synced' | 'unavailable';

/** Backoff bounds of a failing list or watch. */
export const WATCH_BACKOFF_BASE_MS = 500;
export const WATCH_BACKOFF_CAP_MS = 60_000;

/**
 * How long a kind denied (403) or not served (404) waits before it is listed again: a Role may be
 * granted later, but a cluster-wide list of a large kind is not repeated every minute.
 */
export const UNAVAILABLE_RETRY_MS = 10 * 60_000;

/** How long past its timeoutSeconds a watch the server did not end is taken for dead. */
const DEAD_WATCH_GRACE_MS = 30_000;

/** A watch the server ends sooner than this after it started counts as a failure (backoff). */
const QUICK_END_MS = 1000;

/** What a kind's watch needs from its cluster's cache. */
export interface KindWatchDeps {
  requests: RequestDeps;
  logger: LoggerService;
  client: ClusterClient;
  getCredential: () => Promise<KubernetesCredential>;
  /** Called when the kind holds `delta` more (or fewer) objects; false: over the bound, stop. */
  onCount: (delta: number) => boolean;
  /** The concurrency limit of the cache's requests. */
  limit: <T>(fn: () => Promise<T>) => Promise<T>;
  /** Aborted when the cache stops. */
  signal: AbortSignal;
  /** Seconds after which the server ends a watch (it is then made again). */
  timeoutSeconds: number;
  now?: () => number;
  random?: () => number;
}

class Gone extends Error {}

/** The cluster went over its bound: the watch stops. */
export class OverBound extends Error {}

/** The list + watch of one kind in one scope (a namespace, or all when undefined). */
export class KindWatch {
  status: KindWatchStatus = 'starting';
  /** When the kind was last confirmed current (epoch ms): a relist, an event, a bookmark, a watch opened. */
  confirmedAt = 0;
  /** Why it is unavailable or failing (a message safe to log). */
  problem?: string;
  private resourceVersion?: string;
  private readonly store = new WatchStore();
  private readonly now: () => number;

  constructor(
    readonly kind: LiveKind,
    readonly namespace: string | undefined,
    private readonly deps: KindWatchDeps,
  ) {
    this.now = deps.now ?? Date.now;
  }

  /** Objects held. */
  get size(): number {
    return this.store.size;
  }

  /** See {@link WatchStore.candidates}. */
  candidates(
    ids: readonly string[] | 'any',
    namespace: string | undefined,
  ): Iterable<KubernetesObject> {
    return this.store.candidates(ids, namespace);
  }

  /** Lists and watches until the cache stops. Never throws. */
  async run(): Promise<void> {
    let failures = 0;
    while (!this.deps.signal.aborted) {
      try {
        if (this.resourceVersion === undefined) await this.list();
        const started = this.now();
        await this.watch();
        // The server ended the watch: made again from the last resourceVersion, at once unless
        // it keeps ending them as soon as they start.
        if (this.now() - started >= QUICK_END_MS) {
          failures = 0;
          continue;
        }
        await sleep(
          backoffMs(
            failures++,
            this.deps.random,
            WATCH_BACKOFF_BASE_MS,
            WATCH_BACKOFF_CAP_MS,
          ),
          this.deps.signal,
        );
      } catch (error) {
        if (this.deps.signal.aborted) return;
        if (error instanceof Gone) {
          this.resourceVersion = undefined;
          continue;
        }
        if (error instanceof OverBound) return;
        const unavailable =
          error instanceof LiveReadError &&
          (error.reason === 'FORBIDDEN' || error.reason === 'NOT_FOUND');
        this.onFailure(error, unavailable);
        const wait = unavailable
          ? UNAVAILABLE_RETRY_MS
          : backoffMs(
              failures++,
              this.deps.random,
              WATCH_BACKOFF_BASE_MS,
              WATCH_BACKOFF_CAP_MS,
            );
        try {
          await sleep(wait, this.deps.signal);
        } catch {
          return; // stopped
        }
      }
    }
  }

  private onFailure(error: unknown, unavailable: boolean) {
    const where = `${kindLabel(this.kind)} on cluster '${
      this.deps.client.cluster.name
    }'${this.namespace ? ` in namespace '${this.namespace}'` : ''}`;
    let message: string;
    if (error instanceof LiveReadError) message = error.message;
    else if (error instanceof TransportError) message = error.message;
    else message = `unexpected error: ${(error as Error)?.message ?? error}`;
    const first = this.problem === undefined;
    this.problem = message;
    if (unavailable) this.status = 'unavailable';
    // Logged when it starts failing; then at debug level (a cluster down for hours logs once).
    const text = `Preflight watch cache: cannot ${
      unavailable ? 'watch' : 'keep watching'
    } ${where}, reads of it go to the cluster: ${message}`;
    if (first) this.deps.logger.warn(text);
    else this.deps.logger.debug(text);
  }

  private context(credential: KubernetesCredential): ReadContext {
    return {
      client: this.deps.client,
      // Only named in messages: the cache lists every object of the kind in its scope.
      target: { labelSelector: '', namespace: this.namespace },
      scope: {
        signal: this.deps.signal,
        deadline: this.now() + this.deps.requests.settings.timeoutMs,
        onRequest: () => undefined,
        credential,
      },
      fail: () => undefined,
    };
  }

  private async credential(): Promise<KubernetesCredential> {
    try {
      return await this.deps.getCredential();
    } catch {
      // The strategy's error may quote what it was given: not repeated.
      throw new LiveReadError(
        'UNAUTHORIZED',
        `cannot get credentials from authProvider '${this.deps.client.cluster.authProvider}'`,
      );
    }
  }

  /** A paged list of every object of the kind in the scope; replaces what is held. */
  private async list(): Promise<void> {
    const { client, requests } = this.deps;
    const what = kindLabel(this.kind);
    let restarted = false;
    let token: string | undefined;
    let version: string | undefined;
    let pages = 0;
    let listed = new Map<string, KubernetesObject>();
    for (;;) {
      const context = this.context(await this.credential());
      const params = {
        limit: requests.settings.pageSize,
        ...(token ? { _continue: token } : {}),
      };
      const response = await sendWithRetries({
        call: options =>
          this.kind.list(client.apis, this.namespace, params, options),
        scope: context.scope,
        base: requests.httpApi,
        accept: this.kind.metadataOnly
          ? PARTIAL_OBJECT_METADATA_LIST
          : undefined,
        retries: requests.settings.retries,
        limit: this.deps.limit,
      });
      if (response.status === 410 && token && !restarted) {
        restarted = true;
        token = undefined;
        pages = 0;
        listed = new Map();
        continue;
      }
      // Any other answer than 2xx throws, typed (403 and 404 make the kind unavailable).
      const body = parseBody(response, context, what);
      if (!Array.isArray(body.items)) {
        throw new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${client.cluster.name}' answered the list of ${what} with something that is not a list`,
        );
      }
      version ??= body.metadata?.resourceVersion;
      for (const item of body.items) {
        const object = toLiveObject(item, this.kind);
        if (object) listed.set(keyOf(object), object);
      }
      const next = body.metadata?.continue;
      if (typeof next !== 'string' || next === '') break;
      if (next === token || ++pages >= MAX_PAGES_PER_KIND) {
        throw new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${client.cluster.name}' kept paging the list of ${what}`,
        );
      }
      token = next;
    }
    if (typeof version !== 'string' || version === '') {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${client.cluster.name}' listed ${what} without a resourceVersion`,
      );
    }
    this.replace(listed);
    this.resourceVersion = version;
    this.synced();
  }

  /** One watch from the last resourceVersion, until the server ends it. */
  private async watch(): Promise<void> {
    const { client, requests } = this.deps;
    const what = kindLabel(this.kind);
    const credential = await this.credential();
    // Until the answer starts, the read's deadline applies; the stream then lives until it ends.
    const connection = new AbortController();
    const onStop = () => connection.abort();
    this.deps.signal.addEventListener('abort', onStop, { once: true });
    let timer = setTimeout(
      () => connection.abort(),
      requests.settings.timeoutMs,
    );
    try {
      const response = await openWatch(
        options =>
          this.kind.list(
            client.apis,
            this.namespace,
            {
              watch: true,
              resourceVersion: this.resourceVersion,
              allowWatchBookmarks: true,
              timeoutSeconds: this.deps.timeoutSeconds,
            },
            options,
          ),
        {
          credential,
          signal: connection.signal,
          accept: this.kind.metadataOnly ? PARTIAL_OBJECT_METADATA : undefined,
        },
      );
      clearTimeout(timer);
      if (response.lines === undefined) {
        if (response.status === 410) throw new Gone();
        throw failureOf(
          { ...response, headers: {}, attempts: 1 },
          this.context(credential),
          what,
        );
      }
      this.synced();
      // The server ends the watch after timeoutSeconds: a connection still open well after that
      // is dead (a peer gone without a word), and is dropped to be made again.
      timer = setTimeout(
        () => connection.abort(),
        this.deps.timeoutSeconds * 1000 + DEAD_WATCH_GRACE_MS,
      );
      timer.unref?.();
      for await (const line of response.lines) {
        this.apply(line);
      }
    } finally {
      clearTimeout(timer);
      this.deps.signal.removeEventListener('abort', onStop);
      connection.abort();
    }
  }

  /** One event of the watch. */
  private apply(line: string) {
    let event: unknown;
    try {
      event = JSON.parse(line);
    } catch {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${this.deps.client.cluster.name}' sent a watch event that is not JSON`,
      );
    }
    if (!isRecord(event) || !isRecord(event.object)) {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${this.deps.client.cluster.name}' sent a watch event without an object`,
      );
    }
    const { type, object } = event;
    if (type === 'ERROR') {
      if (object.code === 410) throw new Gone();
      const detail = statusMessage(JSON.stringify(object));
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${
          this.deps.client.cluster.name
        }' ended the watch of ${kindLabel(this.kind)} with an error${
          detail ? `: ${detail}` : ''
        }`,
      );
    }
    const version = isRecord(object.metadata)
      ? object.metadata.resourceVersion
      : undefined;
    if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
      const converted = toLiveObject(object, this.kind);
      if (converted) {
        if (type === 'DELETED') this.remove(converted);
        else this.put(converted);
      }
    } else if (type !== 'BOOKMARK') {
      return; // an event type of a later API: ignored
    }
    if (typeof version === 'string' && version !== '') {
      this.resourceVersion = version;
    }
    this.synced();
  }

  private synced() {
    this.status = 'synced';
    this.problem = undefined;
    this.confirmedAt = this.now();
  }

  private replace(listed: Map<string, KubernetesObject>) {
    if (!this.deps.onCount(listed.size - this.store.size)) {
      throw new OverBound();
    }
    this.store.replace(listed);
  }

  private put(object: KubernetesObject) {
    if (!this.store.has(object) && !this.deps.onCount(1)) {
      throw new OverBound();
    }
    this.store.put(object);
  }

  private remove(object: KubernetesObject) {
    if (this.store.remove(object)) this.deps.onCount(-1);
  }

  /** Forgets every object (the cache went over its bound, or stopped). */
  clear() {
    this.store.clear();
  }
}
