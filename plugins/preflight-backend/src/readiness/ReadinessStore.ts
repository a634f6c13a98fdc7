import { randomUUID } from 'node:crypto';
import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  EnvironmentReadiness,
  ReadinessVerdict,
  ReadinessHistoryEntry,
  ReadinessOverviewFilters,
  ReadinessOverviewRow,
  Waiver,
} from '@preflight/plugin-preflight-common';
import type { Knex } from 'knex';
import {
  blockingChecks,
  recordedEnvironment,
  type RecordedEnvironment,
} from './recorded';
import { chunks } from './util/chunks';
import { toIso, toOverviewRow, toWaiver, type LatestRow } from './storeRows';

const migrationsDir = resolvePackagePath(
  '@preflight/plugin-preflight-backend',
  'migrations',
);

/** One stored evaluation, as the history API returns it. */
export type HistoryEntry = ReadinessHistoryEntry;

/** A row of the catalog-wide overview. */
export type OverviewRow = ReadinessOverviewRow;

/**
 * Up to this many allowed entities, a restricted overview is counted and paged in SQL with a
 * bound `IN` list; beyond it, in memory.
 */
const MAX_BOUND_REFS = 5000;

/** Filters and paging of the overview query. */
export interface OverviewQuery extends ReadinessOverviewFilters {
  limit: number;
  offset: number;
}

/**
 * Waivers, history and the latest result per entity and environment, in the plugin's database
 * (SQLite or PostgreSQL through Backstage's `DatabaseService`, schema by knex migrations).
 */
export class ReadinessStore {
  static async create(database: DatabaseService): Promise<ReadinessStore> {
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new ReadinessStore(knex);
  }

  constructor(private readonly db: Knex) {}

  // --- waivers -----------------------------------------------------------------------------

  async addWaiver(
    w: Omit<Waiver, 'id' | 'createdAt'>,
    now: Date,
  ): Promise<Waiver> {
    const waiver: Waiver = {
      ...w,
      id: randomUUID(),
      createdAt: now.toISOString(),
    };
    await this.db('preflight_waivers').insert({
      id: waiver.id,
      entity_ref: waiver.entityRef,
      environment: waiver.environment,
      check_id: waiver.checkId,
      justification: waiver.justification,
      expires_at: new Date(waiver.expiresAt),
      created_by: waiver.createdBy,
      created_at: now,
    });
    return waiver;
  }

  /** Waivers of an entity that have not expired at `now`: expired ones stop applying by themselves. */
  async listActive(entityRef: string, now: Date): Promise<Waiver[]> {
    const rows = await this.db('preflight_waivers')
      .where('entity_ref', entityRef)
      .andWhere('expires_at', '>', now)
      .orderBy('created_at', 'asc');
    return rows.map(toWaiver);
  }

  /**
   * The active waivers of many entities at once (the catalog-wide run loads a page's with one
   * query instead of one per entity): by entity ref, each entity's in creation order, as
   * {@link ReadinessStore.listActive} returns them. Entities without any are absent.
   */
  async listActiveMany(
    entityRefs: readonly string[],
    now: Date,
  ): Promise<Map<string, Waiver[]>> {
    const byRef = new Map<string, Waiver[]>();
    for (const chunk of chunks([...new Set(entityRefs)], 500)) {
      const rows = await this.db('preflight_waivers')
        .whereIn('entity_ref', chunk)
        .andWhere('expires_at', '>', now)
        .orderBy('created_at', 'asc');
      for (const row of rows) {
        const waiver = toWaiver(row);
        const list = byRef.get(waiver.entityRef);
        if (list) list.push(waiver);
        else byRef.set(waiver.entityRef, [waiver]);
      }
    }
    return byRef;
  }

  async getWaiver(id: string): Promise<Waiver | undefined> {
    const row = await this.db('preflight_waivers').where('id', id).first();
    return row ? toWaiver(row) : undefined;
  }

  async deleteWaiver(id: string): Promise<void> {
    await this.db('preflight_waivers').where('id', id).delete();
  }

  // --- evaluations -------------------------------------------------------------------------

  /**
   * Records an evaluation: a history row per environment and the new latest result. Returns the
   * previous latest verdicts, so callers can detect regressions.
   */
  async record(
    entity: Entity,
    environments: ReadonlyArray<EnvironmentReadiness>,
    evaluatedAt: Date,
  ): Promise<Map<string, ReadinessVerdict>> {
    const [previous] = await this.recordMany([
      {
        entity,
        environments: environments.map(recordedEnvironment),
        evaluatedAt,
      },
    ]);
    return previous;
  }

  /**
   * Records the evaluations of many entities at once (the catalog-wide run records a page of the
   * catalog at a time): in one transaction, with a few multi-row statements instead of a few per
   * entity. Returns, for each evaluation in order, the previous latest verdicts of its entity (as
   * they were before this call).
   */
  async recordMany(
    evaluations: ReadonlyArray<{
      entity: Entity;
      environments: ReadonlyArray<RecordedEnvironment>;
      evaluatedAt: Date;
    }>,
  ): Promise<Array<Map<string, ReadinessVerdict>>> {
    const refs = evaluations.map(e => stringifyEntityRef(e.entity));
    // Rows are built a chunk at a time, right before their statement: a page's rows never all
    // exist at once.
    const history = evaluations.flatMap(({ environments, evaluatedAt }, i) =>
      environments.map(env => ({ i, env, evaluatedAt })),
    );
    // Keyed by entity and environment: one row each, the last evaluation winning (PostgreSQL
    // refuses an upsert that touches a row twice).
    const latest = new Map<string, (typeof history)[number]>();
    for (const row of history) {
      latest.set(JSON.stringify([refs[row.i], row.env.environment]), row);
    }
    const historyRow = ({ i, env, evaluatedAt }: (typeof history)[number]) => ({
      entity_ref: refs[i],
      environment: env.environment,
      verdict: env.verdict,
      score: env.score,
      counts: JSON.stringify(env.counts),
      checks: JSON.stringify(
        env.checks.map(c => ({ id: c.id, status: c.status, waived: c.waived })),
      ),
      evaluated_at: evaluatedAt,
    });
    const latestRow = ({ i, env, evaluatedAt }: (typeof history)[number]) => {
      const entity = evaluations[i].entity;
      const ref = parseEntityRef(refs[i]);
      return {
        entity_ref: refs[i],
        environment: env.environment,
        kind: ref.kind.toLocaleLowerCase('en-US'),
        namespace: ref.namespace,
        name: ref.name,
        title: entity.metadata.title ?? null,
        owner:
          relationTarget(entity, 'ownedBy') ?? stringOrNull(entity.spec?.owner),
        system:
          relationTarget(entity, 'partOf') ?? stringOrNull(entity.spec?.system),
        lifecycle: stringOrNull(entity.spec?.lifecycle),
        type: stringOrNull(entity.spec?.type),
        verdict: env.verdict,
        score: env.score,
        failing_checks: `,${blockingChecks(env, 'fail')
          .map(c => c.id)
          .join(',')},`,
        unknown_checks: `,${blockingChecks(env, 'unknown')
          .map(c => c.id)
          .join(',')},`,
        evaluated_at: evaluatedAt,
      };
    };

    const before = new Map<string, Map<string, ReadinessVerdict>>();
    // PostgreSQL: the previous rows are locked, in key order; a concurrent record of the same
    // entity (another instance, a refresh) waits, then reads this one's verdict: one regression,
    // one caller told. (SQLite has one writer.)
    const lock = /^(pg|postgres)/.test(String(this.db.client.config.client));
    await this.db.transaction(async tx => {
      for (const chunk of chunks([...new Set(refs)].sort(), 500)) {
        const query = tx('preflight_latest')
          .whereIn('entity_ref', chunk)
          .select('entity_ref', 'environment', 'verdict');
        const rows = await (lock
          ? query.orderBy(['entity_ref', 'environment']).forUpdate()
          : query);
        for (const row of rows) {
          if (!before.has(row.entity_ref))
            before.set(row.entity_ref, new Map());
          before.get(row.entity_ref)!.set(row.environment, row.verdict);
        }
      }
      // Bounded statements: 500 rows each, SQLite's limit (knex inserts many rows there as one
      // compound SELECT, of at most 500 terms); 8 and 17 bound values per row, far below either
      // database's limit of bound values.
      for (const chunk of chunks(history, 500)) {
        await tx('preflight_evaluations').insert(chunk.map(historyRow));
      }
      for (const chunk of chunks([...latest.values()], 500)) {
        await tx('preflight_latest')
          .insert(chunk.map(latestRow))
          .onConflict(['entity_ref', 'environment'])
          .merge();
      }
    });
    return refs.map(ref => new Map(before.get(ref) ?? []));
  }

  async history(
    entityRef: string,
    opts: { environment?: string; limit: number },
  ): Promise<HistoryEntry[]> {
    const q = this.db('preflight_evaluations')
      .where('entity_ref', entityRef)
      .orderBy('evaluated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit);
    if (opts.environment) q.andWhere('environment', opts.environment);
    const rows = await q;
    return rows.map(row => {
      const checks: { id: string; status: string; waived: boolean }[] =
        JSON.parse(row.checks);
      return {
        environment: row.environment,
        verdict: row.verdict,
        score: Number(row.score),
        counts: JSON.parse(row.counts),
        failing: checks
          .filter(c => c.status === 'fail' && !c.waived)
          .map(c => c.id),
        evaluatedAt: toIso(row.evaluated_at),
      };
    });
  }

  /**
   * The entities with a latest result matching the filters (the verdict filter aside, since
   * the counts cover every verdict): what a caller must be authorized for before
   * {@link ReadinessStore.overview} is restricted to it.
   */
  async overviewEntityRefs(
    filters: ReadinessOverviewFilters,
  ): Promise<string[]> {
    const rows = await this.overviewFilter(this.db('preflight_latest'), filters)
      .distinct('entity_ref')
      .orderBy('entity_ref');
    return rows.map((r: { entity_ref: string }) => r.entity_ref);
  }

  /**
   * The latest result per entity and environment, filtered, counted per verdict and paged.
   * With `entityRefs`, only those entities count and are listed (the caller's permissions),
   * so pages stay full and the counts say only what the caller may read.
   */
  async overview(
    query: OverviewQuery,
    options: {
      entityRefs?: ReadonlySet<string>;
      /** Above this many `entityRefs`, count and page in memory instead of in SQL. */
      maxBoundRefs?: number;
    } = {},
  ): Promise<{
    items: OverviewRow[];
    totalCount: number;
    counts: Record<string, number>;
  }> {
    const base = this.db('preflight_latest');
    const order: { column: string; order: 'asc' | 'desc' }[] = [
      { column: 'score', order: 'asc' },
      { column: 'entity_ref', order: 'asc' },
      { column: 'environment', order: 'asc' },
    ];
    const counts: Record<string, number> = {
      ready: 0,
      'not-ready': 0,
      unknown: 0,
    };
    let rows: LatestRow[];
    const { entityRefs, maxBoundRefs = MAX_BOUND_REFS } = options;
    if (entityRefs && entityRefs.size > maxBoundRefs) {
      // Many allowed entities: a `whereIn` of all of them would approach the bind-parameter
      // limits of SQLite (32,766) and PostgreSQL (65,535), so read the filtered rows once
      // and count and page in memory.
      const all: LatestRow[] = (
        await this.overviewFilter(base.clone(), query).orderBy(order)
      ).filter((row: LatestRow) => entityRefs.has(row.entity_ref));
      for (const row of all)
        counts[row.verdict] = (counts[row.verdict] ?? 0) + 1;
      rows = all
        .filter(row => !query.verdict || row.verdict === query.verdict)
        .slice(query.offset, query.offset + query.limit);
    } else {
      // Unrestricted, or few allowed entities (e.g. one team's): counted and paged in SQL.
      const filtered = () => {
        const q = this.overviewFilter(base.clone(), query);
        if (entityRefs) q.whereIn('entity_ref', [...entityRefs]);
        return q;
      };
      const countsRows = await filtered()
        .select('verdict')
        .count({ n: '*' })
        .groupBy('verdict');
      for (const r of countsRows) counts[r.verdict as string] = Number(r.n);
      const q = filtered();
      if (query.verdict) q.where('verdict', query.verdict);
      rows = await q.orderBy(order).limit(query.limit).offset(query.offset);
    }
    const totalCount = query.verdict
      ? counts[query.verdict] ?? 0
      : Object.values(counts).reduce((a, b) => a + b, 0);
    return {
      totalCount,
      counts,
      items: rows.map(toOverviewRow),
    };
  }

  private overviewFilter(
    q: Knex.QueryBuilder,
    filters: ReadinessOverviewFilters,
  ): Knex.QueryBuilder {
    if (filters.owner) q.where('owner', filters.owner);
    if (filters.system) q.where('system', filters.system);
    if (filters.lifecycle) q.where('lifecycle', filters.lifecycle);
    if (filters.environment) q.where('environment', filters.environment);
    if (filters.failingCheck)
      // ESCAPE is explicit: SQLite has no default escape character for LIKE.
      q.whereRaw(`failing_checks LIKE ? ESCAPE '\\'`, [
        `%,${escapeLike(filters.failingCheck)},%`,
      ]);
    return q;
  }

  /** Deletes history older than `before`; returns how many rows went. */
  async prune(before: Date): Promise<number> {
    return this.db('preflight_evaluations')
      .where('evaluated_at', '<', before)
      .delete();
  }

  /**
   * Removes the overview rows of entities that are not in `present` (gone from the catalog), in
   * batches that stay under the databases' bind-parameter limits; only among the refs `scope`
   * accepts (a shard's). Returns how many were removed.
   */
  async pruneLatest(
    present: ReadonlySet<string>,
    scope: (entityRef: string) => boolean = () => true,
  ): Promise<number> {
    const known = await this.db('preflight_latest').distinct('entity_ref');
    const gone = known
      .map(r => r.entity_ref as string)
      .filter(ref => scope(ref) && !present.has(ref));
    let removed = 0;
    for (const batch of chunks(gone, 500)) {
      removed += await this.db('preflight_latest')
        .whereIn('entity_ref', batch)
        .delete();
    }
    return removed;
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, m => `\\${m}`);
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function relationTarget(entity: Entity, type: string): string | undefined {
  return entity.relations?.find(r => r.type === type)?.targetRef;
}
