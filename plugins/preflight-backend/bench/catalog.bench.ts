/**
 * Benchmark: the catalog-wide evaluation of 10,000 components × 3
 * environments against simulated clusters, through the scheduled task of `ReadinessService`
 * (live snapshots, the real `ReadinessEngine` with the built-in checks, `ReadinessStore` on an
 * SQLite file, or in memory), then the overview query.
 *
 *   yarn bench:catalog            (from plugins/preflight-backend)
 *
 * Environment variables: BENCH_COMPONENTS (`1000,10000,50000`: one size, or several separated by
 * commas, each measured in its own process and summed up in one table at the end; add `100000`
 * for the 100k line), BENCH_DELAY_MS (latency of every simulated request, 50), BENCH_RUNS
 * (catalog-wide runs per size, 2: the first on an empty database, then steady state; 1 when
 * several sizes are measured), BENCH_OVERVIEW_CALLS (200), BENCH_CHECKS (`none` to evaluate no
 * check: the cost of everything but the checklist), BENCH_DATABASE (`memory`: the store's SQLite in
 * this process's memory instead of a temporary file), BENCH_GC_PHASES (`1`: collect garbage after
 * the snapshots are taken, to print the heap they hold; costs a full GC), BENCH_SNAPSHOT_TIMEOUT_MS
 * (`preflight.live.snapshotTimeoutMs`, default 60000: raise it on a loaded machine, where listing
 * 150,000 objects per cluster can take longer; a snapshot that times out makes the run cheap and
 * its figures meaningless — the benchmark's requests then fall short of the expected count).
 *
 * Every run prints its phases: list (the live snapshots: every kind of every cluster), evaluate
 * (the checklist of every entity), history write (`ReadinessStore.recordMany`, a page at a time),
 * prune; then the overview queries. Phases run one after the other (a page is evaluated, then
 * recorded), so their CPU times are the process's during them.
 *
 * The simulated clusters run in a child process over HTTP (`lib/clusterServer.ts`), so that their
 * CPU and memory are not counted here. Targets: 10,000 components under 30 s; 50,000 under 60 s and
 * 1 GB; overview p95 under 150 ms.
 */
import type {
  AuthService,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import knexFactory from 'knex';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readEnvironments } from '../src/config/environments';
import { ReadinessEngine } from '../src/readiness/ReadinessEngine';
import { ReadinessService } from '../src/readiness/ReadinessService';
import {
  ReadinessStore,
  type OverviewQuery,
} from '../src/readiness/ReadinessStore';
import { BUILTIN_KINDS } from '../src/sources/live/kinds';
import { benchChecks, benchStates } from './lib/checks';
import { SimulatedClusters, summarize } from './lib/clusters';
import {
  benchLogger,
  mb,
  percentile,
  printTable,
  sampleMemory,
} from './lib/util';
import {
  CATALOG_NAMESPACES,
  catalogEntities,
  fakeCatalog,
} from './lib/catalog';

const SIZES = (process.env.BENCH_COMPONENTS ?? '1000,10000,50000')
  .split(',')
  .map(n => Number(n.trim()));
const COMPONENTS = SIZES[0];
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const RUNS = Number(process.env.BENCH_RUNS ?? (SIZES.length > 1 ? 1 : 2));
const OVERVIEW_CALLS = Number(process.env.BENCH_OVERVIEW_CALLS ?? 200);
const PAGE_SIZE = 500;
const TOKEN = 'bench-sa-token';
const ENVIRONMENTS = ['dev', 'staging', 'production'];

/** Wall and CPU time spent in one phase of a run (summed over its calls). */
interface PhaseTime {
  wallMs: number;
  cpuMs: number;
  calls: number;
}

const phaseTime = (): PhaseTime => ({ wallMs: 0, cpuMs: 0, calls: 0 });

async function timed<T>(into: PhaseTime, fn: () => Promise<T>): Promise<T> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await fn();
  } finally {
    into.wallMs += performance.now() - wall;
    const used = process.cpuUsage(cpu);
    into.cpuMs += (used.user + used.system) / 1000;
    into.calls++;
  }
}

/** What one size's process reports to the sweep (see `sweep`). */
interface SizeSummary {
  components: number;
  load: string;
  wallMs: number;
  cpuMs: number;
  peakRss: number;
  requests: number;
  phases: Record<'list' | 'evaluate' | 'record' | 'prune', PhaseTime>;
  overviewP95: number;
}

/** Several sizes: each in its own process (its own heap and RSS), then one table. */
function sweep() {
  const dir = mkdtempSync(path.join(tmpdir(), 'preflight-bench-'));
  const summaries: SizeSummary[] = [];
  for (const size of SIZES) {
    const file = path.join(dir, `${size}.json`);
    process.stdout.write(`\n=== ${size} components ===\n`);
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          BENCH_COMPONENTS: String(size),
          BENCH_RUNS: String(RUNS),
          BENCH_SUMMARY_FILE: file,
        },
      },
    );
    if (child.status !== 0) {
      process.stdout.write(
        `${size} components: the benchmark failed (exit ${
          child.status ?? child.signal
        })\n`,
      );
      continue;
    }
    summaries.push(JSON.parse(readFileSync(file, 'utf8')));
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const rows: Array<Array<string | number>> = [
    [
      'components',
      'wall',
      'CPU',
      'peak RSS',
      'k8s requests',
      'list',
      'evaluate',
      'history write',
      'prune',
      'overview p95',
      'load average',
    ],
  ];
  for (const x of summaries) {
    const phase = (p: PhaseTime) => `${s(p.wallMs)} (CPU ${s(p.cpuMs)})`;
    rows.push([
      x.components,
      s(x.wallMs),
      s(x.cpuMs),
      mb(x.peakRss),
      x.requests,
      phase(x.phases.list),
      phase(x.phases.evaluate),
      phase(x.phases.record),
      phase(x.phases.prune),
      `${x.overviewP95.toFixed(1)} ms`,
      x.load,
    ]);
  }
  process.stdout.write(
    `\nCatalog-wide evaluation by size (last run of each; phases: wall, CPU)\n`,
  );
  printTable(rows);
  rmSync(dir, { recursive: true, force: true });
}

async function main() {
  process.stdout.write(
    `Preflight catalog-wide evaluation: ${COMPONENTS} components × ${ENVIRONMENTS.length} environments, ` +
      `${
        COMPONENTS * 3
      } objects per cluster (Deployment + Service + Pod each), page size ${PAGE_SIZE}, ` +
      `${DELAY_MS} ms per simulated request; Node ${process.version}, ${
        require('node:os').cpus().length
      } CPUs, load average ${require('node:os')
        .loadavg()
        .map((l: number) => l.toFixed(2))
        .join(' ')}\n\n`,
  );

  let t = Date.now();
  const clusters = await SimulatedClusters.start(
    ENVIRONMENTS.map(name => ({
      name,
      token: TOKEN,
      delayMs: DELAY_MS,
      catalog: { components: COMPONENTS, namespaces: CATALOG_NAMESPACES },
    })),
  );
  process.stdout.write(
    `simulated clusters ready in ${Date.now() - t} ms (child process, RSS ${mb(
      await clusters.rss(),
    )})\n`,
  );

  const config = new ConfigReader({
    backend: { cache: { store: 'memory' } },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: ENVIRONMENTS.map(name => ({
            name: `${name}-cluster`,
            url: clusters.urls[name],
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
          })),
        },
      ],
    },
    preflight: {
      environments: ENVIRONMENTS.map(name => ({
        name,
        cluster: `${name}-cluster`,
      })),
      live: {
        pageSize: PAGE_SIZE,
        ...(process.env.BENCH_SNAPSHOT_TIMEOUT_MS
          ? { snapshotTimeoutMs: Number(process.env.BENCH_SNAPSHOT_TIMEOUT_MS) }
          : {}),
      },
    },
  });
  const { logger, counts: logged } = benchLogger({
    print: Boolean(process.env.BENCH_VERBOSE),
  });
  const environments = readEnvironments(config);
  const bench = benchChecks(config, logger);
  const { settings: checkSettings, urlReader } = bench;
  // BENCH_CHECKS=none evaluates no check: what the run costs without the checklist itself.
  const checks = process.env.BENCH_CHECKS === 'none' ? [] : bench.checks;
  const states = benchStates(config, logger, environments, urlReader);
  // The store's database: a SQLite file in a temporary directory, as a deployment's database is
  // outside the backend's memory (PostgreSQL in production); BENCH_DATABASE=memory keeps it in
  // this process (its pages then count in the peak RSS: 210 MB at 50,000 components).
  const inMemory = process.env.BENCH_DATABASE === 'memory';
  const databaseDir = inMemory
    ? undefined
    : mkdtempSync(path.join(tmpdir(), 'preflight-db-'));
  // Removed however the process ends (210 MB at 50,000 components).
  process.on('exit', () => {
    if (databaseDir) rmSync(databaseDir, { recursive: true, force: true });
  });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: {
      filename: databaseDir ? path.join(databaseDir, 'db') : ':memory:',
    },
    useNullAsDefault: true,
    pool: { min: 1, max: 1 },
  });
  const store = await ReadinessStore.create({
    getClient: async () => knex,
  } as any);
  const engine = new ReadinessEngine({
    checks: () => checks,
    settings: checkSettings,
    states,
    waivers: store,
    logger,
  });
  // The run's phases, measured around what the scheduled task calls (the instances are the real
  // ones; only the timing is added).
  let phases = {
    list: phaseTime(),
    record: phaseTime(),
    prune: phaseTime(),
  };
  // Set by the list phase (a holder: assigned in a callback).
  const marks: { afterList?: NodeJS.MemoryUsage; snapshotHeap?: number } = {};
  const timedStates = {
    takeSnapshots: (opts: { signal?: AbortSignal }) =>
      timed(phases.list, async () => {
        const snapshots = await states.takeSnapshots(opts);
        marks.afterList = process.memoryUsage();
        if (process.env.BENCH_GC_PHASES && global.gc) {
          global.gc();
          marks.snapshotHeap = process.memoryUsage().heapUsed;
        }
        return snapshots;
      }),
    releaseSnapshots: states.releaseSnapshots.bind(states),
  };
  const timedStore = Object.assign(Object.create(store), {
    recordMany: (evaluations: Parameters<ReadinessStore['recordMany']>[0]) =>
      timed(phases.record, () => store.recordMany(evaluations)),
    prune: (before: Date) => timed(phases.prune, () => store.prune(before)),
    pruneLatest: (...args: Parameters<ReadinessStore['pruneLatest']>) =>
      timed(phases.prune, () => store.pruneLatest(...args)),
  }) as ReadinessStore;
  const readiness = new ReadinessService({
    engine,
    store: timedStore,
    logger,
    states: timedStates,
  });

  let task: SchedulerServiceTaskFunction | undefined;
  const scheduler = {
    async scheduleTask(definition: { fn: SchedulerServiceTaskFunction }) {
      task = definition.fn;
    },
  } as unknown as SchedulerService;
  const auth = {
    async getOwnServiceCredentials() {
      return { $$type: '@backstage/BackstageCredentials', principal: {} };
    },
  } as unknown as AuthService;
  await readiness.schedule({
    scheduler,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
    catalog: fakeCatalog(catalogEntities(COMPONENTS)),
    auth,
    concurrency: 4, // the default of preflight.evaluation.concurrency
    retentionDays: 90,
  });

  global.gc?.();
  const baseline = process.memoryUsage();
  process.stdout.write(
    `before the runs: RSS ${mb(baseline.rss)}, heap used ${mb(
      baseline.heapUsed,
    )} (entities and modules loaded)\n\n`,
  );

  const rows: Array<Array<string | number>> = [
    [
      'run',
      'wall time',
      'k8s requests',
      'per cluster',
      'CPU (user+sys)',
      'peak RSS',
      'peak heap used',
      'heap after GC',
    ],
  ];
  const kinds = BUILTIN_KINDS.length;
  let lastRequests: Record<string, any> = {};
  const breakdowns: string[] = [];
  const phaseRows: Array<Array<string | number>> = [
    ['run', 'phase', 'wall', 'CPU', 'calls', 'memory at its end'],
  ];
  let last: Omit<SizeSummary, 'overviewP95'> | undefined;
  for (let run = 1; run <= RUNS; run++) {
    await clusters.clear();
    phases = { list: phaseTime(), record: phaseTime(), prune: phaseTime() };
    marks.afterList = undefined;
    marks.snapshotHeap = undefined;
    const memory = sampleMemory();
    const cpu = process.cpuUsage();
    t = Date.now();
    await task!(new AbortController().signal);
    const wall = Date.now() - t;
    const cpuMs = (({ user, system }) => (user + system) / 1000)(
      process.cpuUsage(cpu),
    );
    const peak = memory.stop();
    // Between scheduled runs (30 minutes apart) V8 collects the run's garbage; --expose-gc (as
    // `yarn bench:catalog` runs it) lets the benchmark do that now and show what stays.
    global.gc?.();
    const retained = process.memoryUsage().heapUsed;
    const at = peak.atPeakRss;
    breakdowns.push(
      `run ${run} at peak RSS ${mb(at.rss)}: V8 heap ${mb(
        at.heapTotal,
      )} committed (${mb(at.heapUsed)} used), external ${mb(
        at.external,
      )} (array buffers ${mb(at.arrayBuffers)}); the rest is code, stacks, ` +
        `malloc (SQLite's page cache, or its database with BENCH_DATABASE=memory) and allocator slack`,
    );
    const requests = await clusters.requests();
    lastRequests = requests;
    const perCluster = Object.values(requests).map(r => r.length);
    // Evaluation is what is left of the run (catalog paging included: in memory here).
    const evaluate: PhaseTime = {
      wallMs:
        wall - phases.list.wallMs - phases.record.wallMs - phases.prune.wallMs,
      cpuMs:
        cpuMs - phases.list.cpuMs - phases.record.cpuMs - phases.prune.cpuMs,
      calls: COMPONENTS,
    };
    // (Assigned by the list phase's callback: not narrowed to undefined.)
    const { afterList, snapshotHeap } = marks as typeof marks;
    const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const label = run === 1 ? '1 (empty database)' : `${run} (steady state)`;
    phaseRows.push(
      [
        label,
        'list (snapshots)',
        sec(phases.list.wallMs),
        sec(phases.list.cpuMs),
        phases.list.calls,
        afterList
          ? `RSS ${mb(afterList.rss)}, heap used ${mb(afterList.heapUsed)}${
              snapshotHeap !== undefined
                ? ` (${mb(snapshotHeap)} after GC)`
                : ''
            }`
          : '',
      ],
      [
        '',
        'evaluate',
        sec(evaluate.wallMs),
        sec(evaluate.cpuMs),
        COMPONENTS,
        `peak RSS ${mb(peak.rss)}, peak heap used ${mb(peak.heapUsed)}`,
      ],
      [
        '',
        'history write',
        sec(phases.record.wallMs),
        sec(phases.record.cpuMs),
        phases.record.calls,
        '',
      ],
      [
        '',
        'prune',
        sec(phases.prune.wallMs),
        sec(phases.prune.cpuMs),
        phases.prune.calls,
        `heap after GC ${global.gc ? mb(retained) : 'n/a'}`,
      ],
    );
    last = {
      components: COMPONENTS,
      load: require('node:os')
        .loadavg()
        .map((l: number) => l.toFixed(2))
        .join(' '),
      wallMs: wall,
      cpuMs,
      peakRss: peak.rss,
      requests: perCluster.reduce((a, b) => a + b, 0),
      phases: { ...phases, evaluate },
    };
    rows.push([
      run === 1 ? '1 (empty database)' : `${run} (steady state)`,
      `${(wall / 1000).toFixed(1)} s`,
      perCluster.reduce((a, b) => a + b, 0),
      perCluster.join(' / '),
      `${(cpuMs / 1000).toFixed(1)} s`,
      mb(peak.rss),
      mb(peak.heapUsed),
      global.gc ? mb(retained) : 'n/a',
    ]);
  }
  process.stdout.write(
    'Catalog-wide evaluation (ReadinessService scheduled task)\n',
  );
  printTable(rows);
  process.stdout.write(`${breakdowns.join('\n')}\n\nPhases\n`);
  printTable(phaseRows);
  if (logged.warn + logged.error > 0) {
    process.stdout.write(
      `(${logged.warn} warnings, ${logged.error} errors logged: BENCH_VERBOSE=1 prints them)\n`,
    );
  }

  const sample = summarize(Object.values(lastRequests)[0]);
  const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE_SIZE));
  const expected =
    1 + // discovery, cached for the source's lifetime: counted on the first run only
    kinds +
    3 * (pages(COMPONENTS) - 1); // deployments, services and pods are paged
  process.stdout.write(
    `\nRequests of one cluster in the last run: ${JSON.stringify(
      sample.byResource,
    )}\n` +
      `= ${kinds} kinds + ${
        3 * (pages(COMPONENTS) - 1)
      } extra pages (Deployments, Services, Pods: ${pages(
        COMPONENTS,
      )} pages of ${PAGE_SIZE} each)${
        sample.byResource.discovery ? ' + 1 discovery' : ''
      }; expected ≤ ${expected}. ` +
      `Per-entity reads would have cost ${COMPONENTS} × ${kinds} = ${
        COMPONENTS * kinds
      } requests per cluster.\n`,
  );

  const [{ n: latestRows }] = await knex('preflight_latest').count({ n: '*' });
  const [{ n: historyRows }] = await knex('preflight_evaluations').count({
    n: '*',
  });
  if (Number(latestRows) !== COMPONENTS * ENVIRONMENTS.length) {
    process.stdout.write(
      `\nINVALID RUN: ${latestRows} latest rows stored, ${
        COMPONENTS * ENVIRONMENTS.length
      } expected (BENCH_VERBOSE=1 prints the warnings)\n`,
    );
    process.exitCode = 1;
  }
  const verdicts = await knex('preflight_latest')
    .select('verdict')
    .count({ n: '*' })
    .groupBy('verdict');
  // An in-memory database is part of this process's RSS (outside the V8 heap).
  const pragmaValue = async (pragma: string) =>
    Number(Object.values((await knex.raw(`PRAGMA ${pragma}`))[0])[0]);
  const databaseBytes =
    (await pragmaValue('page_count')) * (await pragmaValue('page_size'));
  process.stdout.write(
    `Stored: ${latestRows} latest rows, ${historyRows} history rows (SQLite ${
      inMemory ? 'in memory' : 'file'
    }: ${mb(databaseBytes)}); verdicts ${JSON.stringify(
      Object.fromEntries(verdicts.map((v: any) => [v.verdict, Number(v.n)])),
    )}\n\n`,
  );

  // --- the overview -------------------------------------------------------------------------
  const queries: Array<Omit<OverviewQuery, 'limit' | 'offset'>> = [
    {},
    { environment: 'production' },
    { owner: 'group:default/team-7' },
    { system: 'system:default/system-42', environment: 'staging' },
    { verdict: 'not-ready' },
    { failingCheck: 'health-checks' },
    { lifecycle: 'production', environment: 'production', verdict: 'unknown' },
    { owner: 'group:default/team-3', failingCheck: 'container-security' },
  ];
  const byQuery = new Map<number, number[]>();
  const all: number[] = [];
  for (let i = 0; i < OVERVIEW_CALLS; i++) {
    const q = i % queries.length;
    const started = process.hrtime.bigint();
    const page = await store.overview({
      ...queries[q],
      limit: 50,
      offset: (Math.floor(i / queries.length) % 4) * 50,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (i < queries.length) byQuery.set(q, [page.totalCount]);
    byQuery.get(q)!.push(ms);
    all.push(ms);
  }
  process.stdout.write(
    `Overview (ReadinessStore.overview, limit 50, ${OVERVIEW_CALLS} calls over ${queries.length} filter combinations, ${latestRows} rows)\n`,
  );
  const overviewRows: Array<Array<string | number>> = [
    ['filter', 'matches', 'p50 ms', 'p95 ms'],
  ];
  for (const [q, [total, ...times]] of byQuery) {
    overviewRows.push([
      JSON.stringify(queries[q]),
      total,
      percentile(times, 50).toFixed(1),
      percentile(times, 95).toFixed(1),
    ]);
  }
  overviewRows.push([
    'all calls',
    '',
    percentile(all, 50).toFixed(1),
    percentile(all, 95).toFixed(1),
  ]);
  printTable(overviewRows);

  // --- the overview under a conditional ("owners only") decision ----------------------------
  // The route resolves the decision for the refs the filters select, then the store counts
  // and pages only the allowed ones. The permission round trips themselves depend on the
  // deployment's permission backend and are not measured here.
  const owned = new Set(
    (
      await knex('preflight_latest')
        .distinct('entity_ref')
        .where('owner', 'group:default/team-7')
    ).map((r: { entity_ref: string }) => r.entity_ref),
  );
  const restricted: number[] = [];
  let restrictedTotal = 0;
  let candidates = 0;
  for (let i = 0; i < OVERVIEW_CALLS; i++) {
    const q = i % queries.length;
    const started = process.hrtime.bigint();
    const refs = await store.overviewEntityRefs(queries[q]);
    const page = await store.overview(
      {
        ...queries[q],
        limit: 50,
        offset: 0,
      },
      { entityRefs: new Set(refs.filter(r => owned.has(r))) },
    );
    restricted.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (q === 0) {
      restrictedTotal = page.totalCount;
      candidates = refs.length;
    }
  }
  process.stdout.write(
    `\nOverview restricted to one team's ${owned.size} components (conditional decision; ` +
      `unfiltered: ${candidates} candidate refs → ${restrictedTotal} rows): ` +
      `p50 ${percentile(restricted, 50).toFixed(1)} ms, p95 ${percentile(
        restricted,
        95,
      ).toFixed(1)} ms (store only, authorization not counted)\n`,
  );

  if (process.env.BENCH_SUMMARY_FILE && last) {
    const summary: SizeSummary = { ...last, overviewP95: percentile(all, 95) };
    writeFileSync(process.env.BENCH_SUMMARY_FILE, JSON.stringify(summary));
  }
  clusters.close();
  await knex.destroy();
  process.exit(process.exitCode ?? 0);
}

(SIZES.length > 1 ? Promise.resolve().then(sweep) : main()).catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
