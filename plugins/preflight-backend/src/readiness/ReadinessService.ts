import type {
  AuthService,
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { KubernetesRequestAuth } from '@backstage/plugin-kubernetes-common';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import {
  PREFLIGHT_ENTITY_ANNOTATIONS,
  type EntityReadiness,
  type Waiver,
} from '@preflight/plugin-preflight-common';
import type { LiveSnapshots } from '../service/EnvironmentStateService';
import type { ReadinessEngine } from './ReadinessEngine';
import { nextToRun } from './shardTurns';
import type { ReadinessStore } from './ReadinessStore';
import {
  blockingChecks,
  recordedEnvironment,
  type RecordedEnvironment,
} from './recorded';

/**
 * Entities Preflight evaluates, as catalog filters: Components with one of
 * `PREFLIGHT_ENTITY_ANNOTATIONS` (the same set `isPreflightEntity` and the frontend use).
 */
export const EVALUATED_ENTITY_FILTERS = PREFLIGHT_ENTITY_ANNOTATIONS.map(
  annotation => ({
    kind: 'component',
    [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
  }),
);

/**
 * Evaluates readiness, records it (history and the overview's latest rows), notifies owners of
 * regressions, and re-evaluates the catalog on a schedule.
 */
export class ReadinessService {
  /**
   * Evaluations of the catalog-wide run still to run one at a time before they run `concurrency`
   * at a time: the process's first ones (its code not yet optimized). Several slow evaluations
   * interleaved keep all their objects alive at a young-generation collection, and V8 then
   * decides to allocate those object literals in the old generation for the rest of the process
   * (allocation-site pretenuring), where every later evaluation's garbage (reasons, evidence,
   * details) waits for a full collection: at 50,000 components the process's RSS reached 1.8 GB
   * in about half the runs instead of 0.9–1.0 GB. One at a time, a literal's objects alive at a
   * collection are one evaluation's, too few for that decision (see docs/benchmarks.md).
   */
  private warmUp: number;

  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: ReadinessStore;
      /**
       * Takes the live snapshots of a catalog-wide run, and lets them go of each entity's objects
       * once it is evaluated (the `EnvironmentStateService`).
       */
      states: {
        takeSnapshots(opts: { signal?: AbortSignal }): Promise<LiveSnapshots>;
        releaseSnapshots?(entity: Entity, snapshots: LiveSnapshots): void;
      };
      logger: LoggerService;
      notifications?: NotificationService;
      now?: () => Date;
      /** How many of the process's first catalog-wide evaluations run one at a time (25). */
      warmUpEvaluations?: number;
    },
  ) {
    this.warmUp = deps.warmUpEvaluations ?? 25;
  }

  /** Evaluates and records. */
  async evaluateAndRecord(
    entity: Entity,
    opts: { refresh?: boolean; auth?: KubernetesRequestAuth } = {},
  ): Promise<EntityReadiness> {
    const result = await this.deps.engine.evaluate(entity, opts);
    const environments = result.environments.map(recordedEnvironment);
    const [previous] = await this.deps.store.recordMany([
      { entity, environments, evaluatedAt: new Date(result.evaluatedAt) },
    ]);
    await this.notifyRegressions(entity, environments, previous);
    return result;
  }

  private async notifyRegressions(
    entity: Entity,
    environments: ReadonlyArray<RecordedEnvironment>,
    previous: Map<string, string>,
  ) {
    const notifications = this.deps.notifications;
    if (!notifications) return;
    const regressed = environments.filter(
      e => previous.get(e.environment) === 'ready' && e.verdict === 'not-ready',
    );
    if (regressed.length === 0) return;
    const owner = entity.relations?.find(r => r.type === 'ownedBy')?.targetRef;
    const entityRef = stringifyEntityRef(entity);
    const failing = regressed.flatMap(e =>
      blockingChecks(e, 'fail').map(c => `${e.environment}: ${c.title}`),
    );
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: owner ?? entityRef },
        payload: {
          title: `${
            entity.metadata.title ?? entity.metadata.name
          } is no longer ready for ${regressed
            .map(e => e.environment)
            .join(', ')}`,
          description: failing.join('; '),
          link: `/catalog/${
            entity.metadata.namespace ?? 'default'
          }/${entity.kind.toLocaleLowerCase('en-US')}/${
            entity.metadata.name
          }/deploy-readiness`,
          severity: 'high',
          topic: 'preflight-readiness',
          scope: `preflight:${entityRef}`,
        },
      });
    } catch (error) {
      // The notifications backend may not be installed: readiness must not depend on it.
      this.deps.logger.warn(
        `Could not notify the owner of ${entityRef} of a readiness regression: ${
          (error as Error).message
        }`,
      );
    }
  }

  /**
   * Schedules the catalog-wide re-evaluation. The scheduler runs a `global` task on one backend
   * instance at a time, so several instances are safe.
   *
   * With `shards` > 1 the catalog is split into that many parts by a hash of the entity ref, each
   * its own global task (`preflight-readiness-refresh-<i>-of-<n>`): backend instances sharing one
   * database pick up different shards, so they evaluate the catalog together, each entity once per
   * cycle (one history row per environment, at most one notification per regression): an
   * instance runs one shard at a time and hands the others back. A shard whose instance stops
   * mid-run is run again at its next turn (a dead instance's claim expires after the timeout).
   *
   * Each run takes one live snapshot per environment at its start (one listing per kind per
   * cluster, paged) and hands it to every evaluation, so the run's Kubernetes requests grow with
   * clusters × kinds × pages, not with the number of components.
   */
  async schedule(options: {
    scheduler: SchedulerService;
    schedule: SchedulerServiceTaskScheduleDefinition;
    catalog: CatalogService;
    auth: AuthService;
    concurrency: number;
    retentionDays: number;
    /** Parts of the catalog, each a global task (default 1). */
    shards?: number;
  }) {
    const count = options.shards ?? 1;
    // The scheduler lets an instance claim every due task at one look, so the first instance to
    // look would run every shard. An instance runs one shard at a time and hands the others
    // back, due at once, to whichever instance is free. Its task workers poll in step, so the
    // same shard would come first at every turn and the others starve: a shard handed back waits
    // its turn here, and the one waiting longest runs first (`nextToRun`).
    const local = { running: 0, waiting: new Map<number, number>() };
    for (let index = 0; index < count; index++) {
      const id =
        count === 1
          ? 'preflight-readiness-refresh'
          : `preflight-readiness-refresh-${index + 1}-of-${count}`;
      await options.scheduler.scheduleTask({
        id,
        scope: 'global',
        ...options.schedule,
        fn: async signal => {
          if (count > 1 && nextToRun(local, index) !== index) {
            if (!local.waiting.has(index)) local.waiting.set(index, Date.now());
            this.handBack(options.scheduler, id);
            return;
          }
          local.waiting.delete(index);
          local.running++;
          try {
            await this.runOnce({ ...options, signal, shard: { index, count } });
          } finally {
            local.running--;
          }
        },
      });
    }
  }

  /**
   * Makes a shard task due again once the scheduler has released this instance's claim (right
   * after its function returns). A conflict means the claim is not released yet, or another
   * instance has claimed the task since: a few tries, then it waits for its next turn.
   */
  private handBack(scheduler: SchedulerService, id: string, attempt = 1) {
    setTimeout(() => {
      scheduler.triggerTask(id).catch(error => {
        if ((error as Error).name === 'ConflictError' && attempt < 5) {
          this.handBack(scheduler, id, attempt + 1);
        } else if ((error as Error).name !== 'ConflictError') {
          this.deps.logger.warn(
            `Could not hand ${id} back to the scheduler: ${
              (error as Error).message
            }; it runs at its next turn`,
          );
        }
      });
    }, 200 * attempt);
  }

  /** One catalog-wide re-evaluation, from one live snapshot per environment. */
  private async runOnce(options: {
    catalog: CatalogService;
    auth: AuthService;
    concurrency: number;
    retentionDays: number;
    signal?: AbortSignal;
    shard: { index: number; count: number };
  }) {
    const { signal, shard } = options;
    const mine = (ref: string) =>
      shard.count === 1 || shardOf(ref, shard.count) === shard.index;
    const started = Date.now();
    const credentials = await options.auth.getOwnServiceCredentials();
    // Taken when the first entity comes, shared by all, released when the run returns.
    let snapshots: Promise<LiveSnapshots> | undefined;
    let cursor: string | undefined;
    const counts = { evaluated: 0, failed: 0 };
    const seen = new Set<string>();
    do {
      const page = await options.catalog.queryEntities(
        cursor
          ? { cursor, limit: 500 }
          : { filter: EVALUATED_ENTITY_FILTERS, limit: 500 },
        { credentials },
      );
      const items = page.items.filter(e => mine(stringifyEntityRef(e)));
      for (const entity of items) seen.add(stringifyEntityRef(entity));
      if (items.length > 0) {
        snapshots ??= this.deps.states.takeSnapshots({ signal });
      }
      const pageSnapshots = items.length > 0 ? await snapshots : undefined;
      // The page's active waivers in one query (each evaluation drops those expired since); if
      // it fails, every evaluation reads its own, as it would without it.
      const waivers: Map<string, Waiver[]> | undefined =
        items.length > 0
          ? await this.deps.store
              .listActiveMany(
                items.map(e => stringifyEntityRef(e)),
                (this.deps.now ?? (() => new Date()))(),
              )
              .catch(() => undefined)
          : undefined;
      // Evaluate the page (`concurrency` at a time, each worker taking the next entity: no
      // promise per entity waits in a queue), then record it at once (one transaction), then
      // notify.
      const evaluateOne = async (entity: Entity) => {
        if (signal?.aborted) return undefined;
        try {
          const result = await this.deps.engine.evaluate(entity, {
            refresh: true,
            snapshots: pageSnapshots,
            // Recorded is each check's status: details, evidence and fixes are not built.
            detail: 'status',
            waivers: waivers
              ? waivers.get(stringifyEntityRef(entity)) ?? []
              : undefined,
          });
          // Only what is recorded is kept until the page is: the reasons, evidence and fixes
          // of hundreds of evaluations would otherwise outlive the young generation and fill
          // the old one (the heap then grows to gigabytes between two full collections).
          return {
            entity,
            evaluatedAt: new Date(result.evaluatedAt),
            environments: result.environments.map(recordedEnvironment),
          };
        } catch (error) {
          counts.failed++;
          this.deps.logger.warn(
            `Readiness of ${stringifyEntityRef(
              entity,
            )} could not be evaluated: ${(error as Error).message}`,
          );
          return undefined;
        } finally {
          // Its objects are needed no more: the snapshots shrink as the run goes.
          if (pageSnapshots) {
            this.deps.states.releaseSnapshots?.(entity, pageSnapshots);
          }
        }
      };
      const results: Array<Awaited<ReturnType<typeof evaluateOne>>> = [];
      let next = 0;
      // The process's first evaluations run one at a time: see `warmUp`.
      for (; this.warmUp > 0 && next < items.length; next++, this.warmUp--) {
        results[next] = await evaluateOne(items[next]);
      }
      await Promise.all(
        Array.from(
          { length: Math.min(options.concurrency, items.length) },
          async () => {
            while (next < items.length) {
              const i = next++;
              results[i] = await evaluateOne(items[i]);
            }
          },
        ),
      );
      const evaluated = results.filter((r): r is NonNullable<typeof r> =>
        Boolean(r),
      );
      if (evaluated.length > 0) {
        try {
          const previous = await this.deps.store.recordMany(evaluated);
          counts.evaluated += evaluated.length;
          for (const [i, evaluation] of evaluated.entries()) {
            await this.notifyRegressions(
              evaluation.entity,
              evaluation.environments,
              previous[i],
            );
          }
        } catch (error) {
          counts.failed += evaluated.length;
          this.deps.logger.warn(
            `Readiness of ${evaluated.length} entities could not be recorded: ${
              (error as Error).message
            }`,
          );
        }
      }
      cursor = page.pageInfo.nextCursor;
    } while (cursor && !signal?.aborted);
    const now = (this.deps.now ?? (() => new Date()))();
    // History retention is the first shard's (the same rows for all).
    const pruned =
      shard.index === 0
        ? await this.deps.store.prune(
            new Date(now.getTime() - options.retentionDays * 86_400_000),
          )
        : 0;
    // Entities gone from the catalog leave the overview; only after a complete pass, so that an
    // aborted run never removes rows of entities it did not get to.
    const removed = signal?.aborted
      ? 0
      : await this.deps.store.pruneLatest(seen, mine);
    this.deps.logger.info(
      `Preflight re-evaluated ${counts.evaluated} entities${
        shard.count > 1 ? ` of shard ${shard.index + 1}/${shard.count}` : ''
      } (${counts.failed} failed) in ${
        Date.now() - started
      } ms; pruned ${pruned} history rows and the overview rows of ${removed} entities no longer in the catalog`,
    );
  }
}

/** The shard of an entity ref: FNV-1a (32 bit) of the ref, modulo the shard count. */
export function shardOf(entityRef: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < entityRef.length; i++) {
    hash ^= entityRef.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}
