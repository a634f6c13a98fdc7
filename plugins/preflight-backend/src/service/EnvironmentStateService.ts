import { createHash } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  EnvironmentState,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { LiveSnapshot } from '../sources/live/snapshot';
import type { StateSource } from '../sources/types';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import { ConfigMapValues } from './configMapValues';

type SourceName = 'live' | 'desired';

/** Live snapshots by environment name (see `LiveStateSource.snapshot`). */
export type LiveSnapshots = ReadonlyMap<string, LiveSnapshot>;

/** A live source that can take snapshots (the `LiveStateSource`). */
interface SnapshotSource extends StateSource {
  snapshot(
    environment: PreflightEnvironment,
    options?: { signal?: AbortSignal },
  ): Promise<LiveSnapshot>;
  readFromSnapshot(
    snapshot: LiveSnapshot,
    entity: Entity,
    environment: PreflightEnvironment,
    options?: { signal?: AbortSignal },
  ): Promise<SourceState>;
}

function canSnapshot(source: StateSource): source is SnapshotSource {
  const candidate = source as Partial<SnapshotSource>;
  return (
    typeof candidate.snapshot === 'function' &&
    typeof candidate.readFromSnapshot === 'function'
  );
}

/**
 * Reads both sources of every environment of an entity: all environments and both sources in
 * parallel, each answer cached for a short TTL through Backstage's `CacheService`. A source that
 * fails unexpectedly makes that environment's source an `error`, never the whole answer.
 *
 * For the catalog-wide evaluation, live state can come from snapshots instead (one listing per
 * kind per environment for all entities): take them with `takeSnapshots` and pass them to
 * `getStates`. Answers from a snapshot skip the cache (no round trip), and a run with snapshots
 * caches none of its answers (each entity is read once: cached, they would only be held for the
 * TTL, one per entity and environment); `releaseSnapshots` lets the snapshots go of an entity's
 * objects once it is evaluated.
 */
export class EnvironmentStateService {
  /** Reads in progress, by cache key. */
  private readonly inflight = new Map<string, Promise<SourceState>>();
  /** States read and answered, not yet in the cache (see `writeBehind`), by cache key. */
  private readonly unwritten = new Map<string, SourceState>();
  private readonly configMapValues: ConfigMapValues;

  constructor(
    private readonly options: {
      environments: PreflightEnvironment[];
      sources: Record<SourceName, StateSource>;
      cache: CacheService;
      logger: LoggerService;
      /** Cache TTL in milliseconds. */
      ttlMs: number;
      /** How ConfigMap values leave the service (default: every value as a digest). */
      configMapValues?: ConfigMapValues;
    },
  ) {
    this.configMapValues = options.configMapValues ?? new ConfigMapValues();
  }

  /**
   * The states of every environment of an entity, in promotion order.
   *
   * - `refresh`: read the sources again instead of using cached answers.
   * - `snapshots`: live snapshots by environment name; the live state of an environment with one
   *   is answered from it (the same answer as a read; entities it cannot answer are read on their
   *   own).
   * - `auth`: the signed-in user's Kubernetes provider tokens (from the request's
   *   `Backstage-Kubernetes-Authorization-*` headers), for clusters read with them; answers read
   *   with them are cached apart, by the tokens' digest.
   */
  async getStates(
    entity: Entity,
    opts: {
      refresh?: boolean;
      snapshots?: LiveSnapshots;
      auth?: KubernetesRequestAuth;
    } = {},
  ): Promise<EnvironmentState[]> {
    const snapshots = opts.snapshots;
    const live = this.options.sources.live;
    return Promise.all(
      this.options.environments.map(async environment => {
        const snapshot = snapshots?.get(environment.name);
        const [liveState, desired] = await Promise.all([
          snapshot && canSnapshot(live)
            ? this.fetch('live', entity, environment, () =>
                live.readFromSnapshot(snapshot, entity, environment),
              )
            : this.read('live', entity, environment, opts),
          this.read('desired', entity, environment, opts),
        ]);
        return { environment, live: liveState, desired };
      }),
    );
  }

  /**
   * Once an entity's states are no longer needed (it is evaluated), lets the snapshots go of its
   * objects (see `LiveSnapshot.releaseFor`): a catalog-wide run's snapshots shrink as it goes.
   */
  releaseSnapshots(entity: Entity, snapshots: LiveSnapshots): void {
    for (const snapshot of snapshots.values()) snapshot.releaseFor(entity);
  }

  /**
   * Takes a live snapshot of every environment, in parallel (see `LiveStateSource.snapshot`): for
   * `getStates({ snapshots })`. A cluster's failure is in its snapshot (every entity of that
   * environment is then in error); an environment whose snapshot could not be taken at all (a
   * defect) is left out and its entities are read one by one. Empty when the live source cannot
   * take snapshots.
   */
  async takeSnapshots(
    opts: { signal?: AbortSignal } = {},
  ): Promise<LiveSnapshots> {
    const snapshots = new Map<string, LiveSnapshot>();
    const live = this.options.sources.live;
    if (!canSnapshot(live)) {
      return snapshots;
    }
    const { logger } = this.options;
    const taken = await Promise.all(
      this.options.environments.map(async environment => {
        try {
          const snapshot = await live.snapshot(environment, {
            signal: opts.signal,
          });
          if (snapshot.status !== 'not-configured') {
            logger.info(
              `Preflight live snapshot of ${environment.name} (${
                snapshot.cluster
              }/${snapshot.namespace ?? '*'}): ${
                snapshot.status === 'ok'
                  ? `${snapshot.objectCount} objects`
                  : `${snapshot.error?.reason}`
              }, ${snapshot.requests} requests, ${snapshot.durationMs} ms`,
            );
          }
          return snapshot;
        } catch (error) {
          if (opts.signal?.aborted) {
            throw error;
          }
          logger.error(
            `Preflight could not take a live snapshot of ${environment.name}; its entities are read one by one`,
            error as Error,
          );
          return undefined;
        }
      }),
    );
    this.options.environments.forEach((environment, i) => {
      const snapshot = taken[i];
      if (snapshot) snapshots.set(environment.name, snapshot);
    });
    return snapshots;
  }

  private async read(
    source: SourceName,
    entity: Entity,
    environment: PreflightEnvironment,
    opts: {
      refresh?: boolean;
      auth?: KubernetesRequestAuth;
      snapshots?: LiveSnapshots;
    },
  ): Promise<SourceState> {
    // Only the live source reads with the user's tokens.
    const auth = source === 'live' ? opts.auth : undefined;
    const call = () =>
      this.options.sources[source].read(
        entity,
        environment,
        auth ? { auth } : undefined,
      );
    // A catalog-wide run (with snapshots) reads every entity once: caching its answers would
    // hold one per entity and environment for the TTL, for nobody to reuse, and no read of the
    // same state is in flight to share.
    if (opts.snapshots) {
      return this.fetch(source, entity, environment, call);
    }
    const key = cacheKey(source, entity, environment, auth);
    if (!opts.refresh) {
      const justRead = this.unwritten.get(key);
      if (justRead) return justRead;
      const cached = await this.options.cache.get(key);
      if (cached) {
        return cached as unknown as SourceState;
      }
    }
    // Concurrent misses (or refreshes) of the same state share one read.
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const reading = (async () => {
      const state = await this.fetch(source, entity, environment, call);
      this.writeBehind(key, state);
      return state;
    })();
    this.inflight.set(key, reading);
    try {
      return await reading;
    } finally {
      this.inflight.delete(key);
    }
  }

  /**
   * Caches a state once its caller has it: the cache's serialization (megabytes of JSON for a
   * component with thousands of Pods) runs after the answer, not before it. Until the state is
   * in the cache, a read of it is answered with it (no second read of the source); a refresh
   * reads again, and its state replaces it.
   */
  private writeBehind(key: string, state: SourceState): void {
    this.unwritten.set(key, state);
    setImmediate(() => {
      Promise.resolve()
        .then(() =>
          this.options.cache.set(key, state as unknown as JsonObject, {
            ttl: this.options.ttlMs,
          }),
        )
        .catch(error =>
          this.options.logger.warn(
            `Preflight could not cache a state (${key}): ${
              (error as Error).message
            }`,
          ),
        )
        .finally(() => {
          if (this.unwritten.get(key) === state) this.unwritten.delete(key);
        });
    });
  }

  /** Calls a source, keeping the contract's fields; a defect becomes the environment's error. */
  private async fetch(
    source: SourceName,
    entity: Entity,
    environment: PreflightEnvironment,
    call: () => Promise<SourceState>,
  ): Promise<SourceState> {
    let state: SourceState;
    try {
      // Sources may add their own fields (the live source counts `requests`): keep the contract's.
      const {
        status,
        error,
        message,
        objects,
        origins,
        readAt,
        location,
        unreadKinds,
        renderer,
        delivery,
        needsUserToken,
        watchCache,
      } = await call();
      state = {
        status,
        objects: this.configMapValues.apply(objects),
        ...(error ? { error } : {}),
        ...(message ? { message } : {}),
        ...(origins ? { origins } : {}),
        ...(readAt ? { readAt } : {}),
        ...(location ? { location } : {}),
        ...(renderer ? { renderer } : {}),
        ...(delivery ? { delivery } : {}),
        ...(status === 'ok' && unreadKinds?.length ? { unreadKinds } : {}),
        ...(source === 'live' && status === 'not-configured' && needsUserToken
          ? { needsUserToken }
          : {}),
        // The live source's answer from its watch cache says how fresh it is.
        ...(source === 'live' && watchCache ? { watchCache } : {}),
      };
    } catch (error) {
      if (error instanceof InputError) {
        throw error; // the caller's to fix: 400
      }
      // A defect in a source must not take the page down, nor pass for a good state.
      this.options.logger.error(
        `Preflight ${source} source failed for ${stringifyEntityRef(
          entity,
        )} in ${environment.name}`,
        error as Error,
      );
      state = {
        status: 'error',
        error: {
          reason: 'BAD_RESPONSE',
          message: `The ${source} state could not be read (internal error, see the backend log)`,
        },
        objects: [],
      };
    }
    return state;
  }
}

/**
 * The cache key covers what decides the answer: the entity (including the annotations that select
 * its objects and manifests), the environment and, for a read with a user's tokens, the tokens (a
 * user's answer is never served to another; only their digest is in the key).
 */
function cacheKey(
  source: SourceName,
  entity: Entity,
  environment: PreflightEnvironment,
  auth?: KubernetesRequestAuth,
): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        stringifyEntityRef(entity),
        entity.metadata.annotations ?? {},
        environment,
        ...(auth ? [auth] : []),
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return `state:v1:${source}:${hash}`;
}
