/**
 * The watch cache: the live source's reads of an entity answered from memory.
 *
 * For each cluster read with a server-side credential, on its first read, one list + watch per kind
 * the live source lists (the built-in kinds, and the custom resources its API discovery announces;
 * see `kindWatch.ts`), across all namespaces or in each namespace of
 * `preflight.live.watch.namespaces`, kept while the plugin runs and stopped on shutdown. An entity's
 * read (its label selector and namespace) is then answered by matching the held objects with the
 * matcher the snapshots use (`snapshotLabelConstraint` and `labelSelectorMatcher`), in the API
 * server's order, without a request.
 *
 * The cache answers kind by kind: a kind it holds (synced, confirmed within `maxStalenessMs`) from
 * memory, and the read lists the others from the cluster (see `mixedRead.ts`):
 *
 * - a kind not synced yet, or `unavailable` (403 or 404 on its cluster-wide list or watch: a Role
 *   may still grant it in the entity's namespace), or not confirmed (event, bookmark, relist or new
 *   watch) within `maxStalenessMs` (a watch that keeps failing).
 *
 * The whole read goes to the cluster, unchanged (`answer` returns why), when the cache can answer
 * no kind of it or cannot answer at all:
 *
 * - a cluster over `maxObjectsPerCluster` objects (logged once; its watches stop, its objects are
 *   dropped);
 * - a namespace the cache does not cover (an entity read across all namespaces while only some are
 *   watched);
 * - a cluster whose API discovery has not succeeded yet, or whose every kind is not synced,
 *   unavailable or stale (a cluster that is down);
 * - a component whose workloads name a Flux object, or a cluster that serves the Trivy Operator's
 *   reports: their follow-ups are read, not watched.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import pLimit from 'p-limit';
import type {
  KubernetesObject,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { ClusterClient } from './clusterClients';
import type { KubernetesCluster } from './clusters';
import { hasUserToken, type KubernetesCredential } from './credentials';
import { discover } from './discovery';
import { fluxOwnersOf } from './flux';
import { BUILTIN_KINDS, CUSTOM_KINDS, type LiveKind } from './kinds';
import { KindWatch, WATCH_BACKOFF_CAP_MS } from './kindWatch';
import type { RequestDeps } from './lister';
import {
  labelSelectorMatcher,
  parseLabelRequirements,
  type LiveTarget,
} from './selectors';
import { snapshotLabelConstraint } from './snapshot';
import { sleep } from './transport';
import { TRIVY_LIVE_KINDS } from './trivy';
import { readWatchSettings, type WatchSettings } from './watchSettings';

/**
 * An answer of the cache: the objects of the kinds it holds, how fresh they are, and the kinds the
 * read must list from the cluster itself (see `mixedRead.ts`).
 */
export interface WatchAnswer {
  /** The objects of the kinds answered from memory, kind after kind. */
  objects: KubernetesObject[];
  /** The same by kind, each in the API server's order (a kind with no match: `[]`). */
  byKind: Map<LiveKind, KubernetesObject[]>;
  /** The kinds not answered (not synced, unavailable or stale); empty: the whole read is. */
  direct: LiveKind[];
  /** The oldest last confirmation among the kinds answered from memory (epoch ms). */
  observedAt: number;
}

/** Why the cache did not answer (for tests and debug logs). */
export type WatchMiss =
  | 'over-bound'
  | 'namespace'
  | 'not-synced'
  | 'unavailable'
  | 'stale'
  | 'follow-up'
  | 'stopped';

/** The watch cache of one cluster. */
export class ClusterWatchCache {
  private readonly controller = new AbortController();
  private readonly watches = new Map<string, KindWatch>();
  /** The group/versions the cluster serves, once discovered. */
  private served?: ReadonlySet<string>;
  private count = 0;
  private overBound = false;
  private started = false;
  /** The cache's own share of requests: its lists do not take the slots of reads. */
  private readonly limit: pLimit.Limit;
  private readonly running: Promise<void>[] = [];
  private readonly now: () => number;

  constructor(
    readonly client: ClusterClient,
    private readonly options: {
      requests: RequestDeps;
      logger: LoggerService;
      settings: WatchSettings;
      getCredential: () => Promise<KubernetesCredential>;
      now?: () => number;
      random?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
    this.limit = pLimit(options.requests.settings.concurrency);
  }

  /** The namespaces watched; undefined: all. */
  private get namespaces(): readonly string[] | undefined {
    return this.options.settings.namespaces;
  }

  /** Objects held, all kinds together. */
  get objectCount(): number {
    return this.count;
  }

  /** The kinds' watches (for tests and logs). */
  kindWatches(): KindWatch[] {
    return [...this.watches.values()];
  }

  /** Starts the built-in kinds' watches at once, the custom resources' after the discovery. */
  start(): void {
    if (this.started) return;
    this.started = true;
    for (const kind of BUILTIN_KINDS) this.watchKind(kind);
    this.running.push(this.discoverCustomKinds());
  }

  /** Stops every watch and drops the objects. */
  async stop(): Promise<void> {
    this.controller.abort();
    await Promise.all(this.running);
    for (const watch of this.watches.values()) watch.clear();
    this.count = 0;
  }

  private watchKind(kind: LiveKind) {
    const { settings, requests, logger, getCredential } = this.options;
    for (const namespace of this.namespaces ?? [undefined]) {
      const watch = new KindWatch(kind, namespace, {
        requests,
        logger,
        client: this.client,
        getCredential,
        onCount: delta => this.onCount(delta),
        limit: this.limit,
        signal: this.controller.signal,
        // The server ends each watch within half the staleness bound: a quiet kind is confirmed
        // by its next watch at least that often, even without bookmarks.
        timeoutSeconds: Math.max(1, Math.floor(settings.maxStalenessMs / 2000)),
        now: this.options.now,
        random: this.options.random,
      });
      this.watches.set(
        `${kind.apiVersion}/${kind.kind}/${namespace ?? ''}`,
        watch,
      );
      this.running.push(watch.run());
    }
  }

  /** One discovery (shared with reads), retried with backoff until it succeeds or the cache stops. */
  private async discoverCustomKinds(): Promise<void> {
    const signal = this.controller.signal;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        const credential = await this.options.getCredential();
        const served = await discover(this.options.requests, {
          client: this.client,
          target: { labelSelector: '' },
          scope: {
            signal,
            deadline: this.now() + this.options.requests.settings.timeoutMs,
            onRequest: () => undefined,
            credential,
          },
          fail: () => undefined,
        });
        if (signal.aborted) return;
        this.served = served;
        for (const kind of CUSTOM_KINDS) {
          if (served.has(kind.apiVersion)) this.watchKind(kind);
        }
        return;
      } catch {
        // A failed discovery: reads go to the cluster (which says why) until one succeeds.
        try {
          await sleep(
            Math.min(WATCH_BACKOFF_CAP_MS, 500 * 2 ** attempt),
            signal,
          );
        } catch {
          return;
        }
      }
    }
  }

  private onCount(delta: number): boolean {
    if (this.overBound) return false;
    if (this.count + delta > this.options.settings.maxObjectsPerCluster) {
      this.overBound = true;
      this.options.logger.warn(
        `Preflight watch cache: cluster '${this.client.cluster.name}' holds more than ${this.options.settings.maxObjectsPerCluster} objects (preflight.live.watch.maxObjectsPerCluster); it is no longer watched, its reads go to the cluster`,
      );
      // Stopped from outside the watch that noticed it: the others end on the abort.
      queueMicrotask(() => {
        this.controller.abort();
        for (const watch of this.watches.values()) watch.clear();
        this.count = 0;
      });
      return false;
    }
    this.count += delta;
    return true;
  }

  /**
   * The objects an entity's target selects, or why the cache cannot answer (the read then goes to
   * the cluster).
   */
  answer(target: LiveTarget): WatchAnswer | WatchMiss {
    if (this.overBound) return 'over-bound';
    if (this.controller.signal.aborted) return 'stopped';
    const namespaces = this.namespaces;
    if (
      namespaces !== undefined &&
      (target.namespace === undefined || !namespaces.includes(target.namespace))
    ) {
      return 'namespace';
    }
    const served = this.served;
    if (!served) return 'not-synced';
    if (served.has(TRIVY_LIVE_KINDS[0].apiVersion)) return 'follow-up';
    const scope = namespaces === undefined ? undefined : target.namespace;
    const kinds = [
      ...BUILTIN_KINDS,
      ...CUSTOM_KINDS.filter(k => served.has(k.apiVersion)),
    ];
    const watches: [LiveKind, KindWatch][] = [];
    const direct: LiveKind[] = [];
    let miss: WatchMiss | undefined;
    let observedAt = Infinity;
    const now = this.now();
    for (const kind of kinds) {
      const watch = this.watches.get(
        `${kind.apiVersion}/${kind.kind}/${scope ?? ''}`,
      );
      const why = kindMiss(watch, now, this.options.settings.maxStalenessMs);
      if (why) {
        // This kind is listed by the read; the others are still answered from memory.
        miss ??= why;
        direct.push(kind);
      } else {
        observedAt = Math.min(observedAt, watch!.confirmedAt);
        watches.push([kind, watch!]);
      }
    }
    if (watches.length === 0) return miss ?? 'not-synced';
    const requirements = parseLabelRequirements(target.labelSelector);
    const ids = snapshotLabelConstraint(requirements) ?? 'any';
    const matches = labelSelectorMatcher(requirements);
    const objects: KubernetesObject[] = [];
    const byKind = new Map<LiveKind, KubernetesObject[]>();
    for (const [kind, watch] of watches) {
      const selected: KubernetesObject[] = [];
      for (const object of watch.candidates(ids, target.namespace)) {
        if (
          (target.namespace === undefined ||
            object.metadata.namespace === target.namespace) &&
          matches(object.metadata.labels)
        ) {
          selected.push(object);
        }
      }
      // As the API server lists them: by namespace, then name.
      selected.sort(byNamespaceAndName);
      byKind.set(kind, selected);
      for (const object of selected) objects.push(object);
    }
    if (fluxOwnersOf(objects, served).length > 0) return 'follow-up';
    return { objects, byKind, direct, observedAt };
  }
}

/** Why a kind's watch cannot answer now, if it cannot. */
function kindMiss(
  watch: KindWatch | undefined,
  now: number,
  maxStalenessMs: number,
): WatchMiss | undefined {
  if (!watch || watch.status === 'starting') return 'not-synced';
  if (watch.status === 'unavailable') return 'unavailable';
  return now - watch.confirmedAt > maxStalenessMs ? 'stale' : undefined;
}

function byNamespaceAndName(a: KubernetesObject, b: KubernetesObject) {
  const left = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const right = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

/**
 * The watch caches of a live source, one per cluster, started on the first read of the cluster
 * (when `preflight.live.watch.enabled`), stopped by {@link WatchCaches.stop}. Clusters read with
 * the signed-in user's token (`google`, `oidc`, `aks`) are never watched: there is no server-side
 * credential to watch them with.
 */
export class WatchCaches {
  private readonly caches = new Map<string, ClusterWatchCache>();
  private stopped = false;

  private readonly now: () => number;

  constructor(
    private readonly options: {
      settings: WatchSettings;
      requests: RequestDeps & { logger: LoggerService };
      credentialFor: (
        cluster: KubernetesCluster,
      ) => () => Promise<KubernetesCredential>;
      now?: () => number;
      random?: () => number;
    },
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * The caches of a live source: `preflight.live.watch` read and validated (throws, naming the
   * key), requests sent as the source's (`deps`), credentials from its strategies.
   */
  static fromConfig(
    config: Config,
    requests: RequestDeps & { logger: LoggerService },
    credentialFor: (
      cluster: KubernetesCluster,
    ) => () => Promise<KubernetesCredential>,
  ): WatchCaches {
    return new WatchCaches({
      settings: readWatchSettings(config),
      requests,
      credentialFor,
    });
  }

  /** Whether reads are answered from watches at all. */
  get enabled(): boolean {
    return this.options.settings.enabled && !this.stopped;
  }

  /** The cache of a cluster, if it has one (for tests and logs). */
  cacheOf(cluster: string): ClusterWatchCache | undefined {
    return this.caches.get(cluster);
  }

  /**
   * The answer for an entity's read from its cluster's cache, or why there is none; undefined when
   * the cluster is not watched. The first read of a cluster makes its cache, which
   * {@link WatchCaches.start} starts once that read is done.
   */
  answer(
    client: ClusterClient,
    target: LiveTarget,
  ): WatchAnswer | WatchMiss | undefined {
    if (!this.enabled || !hasUserToken(client.cluster, undefined)) {
      return undefined;
    }
    const name = client.cluster.name;
    const existing = this.caches.get(name);
    if (existing && existing.client === client) return existing.answer(target);
    // A new cluster, or a catalog cluster whose definition changed (a new client).
    void existing?.stop();
    const { settings, requests, now, random } = this.options;
    const cache = new ClusterWatchCache(client, {
      settings,
      requests,
      logger: requests.logger,
      now,
      random,
      getCredential: this.options.credentialFor(client.cluster),
    });
    this.caches.set(name, cache);
    return 'not-synced';
  }

  /**
   * Starts the watches of a cluster whose first read was just made: after it, not beside it, so
   * that the cluster-wide lists do not slow the read down. Nothing when they run already.
   */
  start(client: ClusterClient): void {
    const cache = this.caches.get(client.cluster.name);
    if (cache?.client === client && !this.stopped) cache.start();
  }

  /**
   * The state of an entity answered from the cache: `stateOf` (the live source's, as for a read)
   * with no request, and what the state says of its freshness (`watchCache`).
   */
  stateOf<S extends SourceState>(
    answer: WatchAnswer,
    stateOf: (options: {
      answer: { objects: KubernetesObject[] };
      requests: number;
      readAt: string;
      log: boolean;
    }) => S,
  ): S {
    const state = stateOf({
      answer: { objects: answer.objects },
      requests: 0,
      readAt: new Date(this.now()).toISOString(),
      log: true,
    });
    return this.withFreshness(state, answer);
  }

  /**
   * A state made at least in part from the cache (`answer`: the kinds it answered), with what it
   * says of its freshness (`watchCache`); unchanged without an answer, or for an `error` (which
   * holds no object, from memory or not).
   */
  withFreshness<S extends SourceState>(
    state: S,
    answer: WatchAnswer | undefined,
  ): S {
    if (!answer || state.status === 'error') return state;
    return {
      ...state,
      watchCache: {
        observedAt: new Date(answer.observedAt).toISOString(),
        maxStalenessMs: this.options.settings.maxStalenessMs,
      },
    };
  }

  /** Stops every watch (the plugin's shutdown); reads then go to the clusters. */
  async stop(): Promise<void> {
    this.stopped = true;
    const caches = [...this.caches.values()];
    this.caches.clear();
    await Promise.all(caches.map(cache => cache.stop()));
  }
}
