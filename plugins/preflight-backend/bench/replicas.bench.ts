/**
 * Benchmark: the catalog-wide evaluation shared by backend replicas on one PostgreSQL — one
 * replica, then two, each a separate Node process (`lib/replica.ts`: Backstage's scheduler and
 * Preflight's `ReadinessService` with `preflight.evaluation.shards`), with the same shard count,
 * against simulated clusters served by a child process (`lib/clusterServer.ts`).
 *
 *   yarn bench:replicas       (from plugins/preflight-backend: starts PostgreSQL through
 *                              scripts/with-test-services.sh, as the PostgreSQL tests do)
 *
 * Environment variables: BENCH_COMPONENTS (10000), BENCH_DELAY_MS (latency of every simulated
 * request, 50), BENCH_SHARDS (4), BENCH_REPLICAS (`1,2`: the replica counts measured, in order;
 * `1,2,1,2` gives pairs taken under about the same load, each 2 compared with the 1 before it),
 * BENCH_CONCURRENCY (evaluations at once per shard run, 4: the default of
 * preflight.evaluation.concurrency).
 *
 * Each measurement starts on an empty database once every replica is up: the shard tasks are all
 * made due at once, and the wall time runs until every entity's latest row (per environment) is
 * written. Printed per measurement: that wall time, the CPU of each replica process over it,
 * the shard runs each replica did (and their summed wall time), history rows written, duplicated
 * (entity, environment) history rows (must be 0: one cycle on an empty database; the script
 * exits 1 otherwise), Kubernetes requests, and the speed-up of two replicas over one.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { CATALOG_NAMESPACES } from './lib/catalog';
import { SimulatedClusters } from './lib/clusters';
import type {
  ReplicaCommand,
  ReplicaMessage,
  ReplicaOptions,
} from './lib/replica';
import { printTable } from './lib/util';

const COMPONENTS = Number(process.env.BENCH_COMPONENTS ?? 10_000);
const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 50);
const SHARDS = Number(process.env.BENCH_SHARDS ?? 4);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REPLICAS = (process.env.BENCH_REPLICAS ?? '1,2')
  .split(',')
  .map(n => Number(n.trim()));
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const TOKEN = 'bench-sa-token';
const PAGE_SIZE = 500;
const TASKS = 'backstage_backend_tasks__tasks';
const TASK_IDS = 'preflight-readiness-refresh%';

const load = () =>
  os
    .loadavg()
    .map(l => l.toFixed(2))
    .join(' ');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

class Replica {
  private readonly reports: Array<(m: ReplicaMessage) => void> = [];

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (m: ReplicaMessage) => {
      if (m.type === 'report') this.reports.shift()?.(m);
    });
  }

  static async start(options: ReplicaOptions): Promise<Replica> {
    const child = fork(path.join(__dirname, 'lib', 'replica.ts'), [], {
      execArgv: ['-r', require.resolve('./register.js')],
      env: { ...process.env, BENCH_REPLICA: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', code =>
        reject(new Error(`replica ${options.name} exited (${code})`)),
      );
    });
    return new Replica(options.name, child);
  }

  send(command: ReplicaCommand) {
    this.child.send(command);
  }

  report(): Promise<Extract<ReplicaMessage, { type: 'report' }>> {
    return new Promise(resolve => {
      this.reports.push(m => resolve(m as any));
      this.send({ type: 'report' });
    });
  }

  async stop() {
    const exited = new Promise(r => this.child.once('exit', r));
    this.send({ type: 'stop' });
    await exited;
  }
}

async function until(condition: () => Promise<boolean>, everyMs = 100) {
  while (!(await condition())) await new Promise(r => setTimeout(r, everyMs));
}

const count = async (query: Knex.QueryBuilder) =>
  Number(((await query.count({ n: '*' })) as Array<{ n: string }>)[0].n);

interface Measurement {
  replicas: number;
  wallMs: number;
  cpu: Array<{
    name: string;
    cpuMs: number;
    runs: number;
    /** Wall time of its shard runs, summed (from their log lines). */
    runMs: number;
    warnings: number;
  }>;
  historyRows: number;
  duplicates: number;
  latestRows: number;
  notifications: number;
  requests: number;
  loadBefore: string;
  loadAfter: string;
}

async function measure(
  admin: Knex,
  connection: string,
  clusters: SimulatedClusters,
  replicas: number,
): Promise<Measurement> {
  const name = `preflight_bench_${replicas}_replicas_${process.pid}`;
  await admin.raw(`drop database if exists ${name}`);
  await admin.raw(`create database ${name}`);
  const url = new URL(connection);
  url.pathname = `/${name}`;
  const db = knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 2 },
  });
  // One after the other, as a deployment rolls out (the first one creates the tables).
  const started: Replica[] = [];
  for (let i = 0; i < replicas; i++) {
    started.push(
      await Replica.start({
        name: String.fromCharCode(65 + i),
        connection: url.toString(),
        components: COMPONENTS,
        shards: SHARDS,
        concurrency: CONCURRENCY,
        pageSize: PAGE_SIZE,
        environments: ENVIRONMENTS,
        clusterUrls: clusters.urls,
        token: TOKEN,
      }),
    );
  }
  await clusters.clear();
  for (const r of started) r.send({ type: 'mark' });
  const loadBefore = load();
  const t0 = new Date();
  await db(TASKS)
    .where('id', 'like', TASK_IDS)
    .update({ next_run_start_at: db.fn.now() });
  const expected = COMPONENTS * ENVIRONMENTS.length;
  await until(
    async () =>
      (await count(db('preflight_latest').where('evaluated_at', '>=', t0))) ===
      expected,
  );
  const wallMs = Date.now() - t0.getTime();
  // The runs end (prune, release) and no shard is due any more.
  await until(
    async () =>
      (await count(
        db(TASKS)
          .where('id', 'like', TASK_IDS)
          .where(q =>
            q
              .whereNotNull('current_run_ticket')
              .orWhereNotNull('next_run_start_at'),
          ),
      )) === 0,
    250,
  );
  const reports = await Promise.all(started.map(r => r.report()));
  const loadAfter = load();
  const requests = Object.values(await clusters.requests()).reduce(
    (n, r) => n + r.length,
    0,
  );
  const historyRows = await count(db('preflight_evaluations'));
  const duplicates = await count(
    db.from(
      db('preflight_evaluations')
        .select('entity_ref', 'environment')
        .groupBy('entity_ref', 'environment')
        .havingRaw('count(*) > 1')
        .as('d'),
    ),
  );
  const latestRows = await count(db('preflight_latest'));
  for (const r of started) await r.stop();
  await db.destroy();
  await admin.raw(`drop database ${name}`);
  return {
    replicas,
    wallMs,
    cpu: reports.map((r, i) => ({
      name: started[i].name,
      cpuMs: r.cpuMs,
      runs: r.shardRuns.length,
      runMs: r.shardRuns.reduce(
        (n, line) => n + Number(/ in (\d+) ms/.exec(line)?.[1] ?? 0),
        0,
      ),
      warnings: r.warnings,
    })),
    historyRows,
    duplicates,
    latestRows,
    notifications: reports.reduce((n, r) => n + r.notifications, 0),
    requests,
    loadBefore,
    loadAfter,
  };
}

async function main() {
  const connection =
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
  if (!connection) {
    throw new Error(
      'No PostgreSQL: run `yarn bench:replicas` (scripts/with-test-services.sh starts one and sets BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING)',
    );
  }
  process.stdout.write(
    `Preflight catalog-wide evaluation across replicas: ${COMPONENTS} components × ${ENVIRONMENTS.length} environments, ` +
      `${SHARDS} shards, ${CONCURRENCY} evaluations at once per shard run, ${DELAY_MS} ms per simulated request, ` +
      `one PostgreSQL; Node ${process.version}, ${
        os.cpus().length
      } CPUs, load average ${load()}\n\n`,
  );
  const clusters = await SimulatedClusters.start(
    ENVIRONMENTS.map(name => ({
      name,
      token: TOKEN,
      delayMs: DELAY_MS,
      catalog: { components: COMPONENTS, namespaces: CATALOG_NAMESPACES },
    })),
  );
  const admin = knexFactory({
    client: 'pg',
    connection,
    pool: { min: 0, max: 1 },
  });
  const results: Measurement[] = [];
  for (const replicas of REPLICAS) {
    process.stdout.write(`measuring ${replicas} replica(s)…\n`);
    results.push(await measure(admin, connection, clusters, replicas));
  }
  await admin.destroy();
  clusters.close();

  const rows: Array<Array<string | number>> = [
    [
      'replicas',
      'wall (all latest rows)',
      'CPU per replica',
      'CPU total',
      'shard runs per replica (their wall time)',
      'history rows',
      'duplicates',
      'latest rows',
      'k8s requests',
      'load before → after',
    ],
  ];
  for (const m of results) {
    rows.push([
      m.replicas,
      sec(m.wallMs),
      m.cpu.map(c => `${c.name} ${sec(c.cpuMs)}`).join(', '),
      sec(m.cpu.reduce((n, c) => n + c.cpuMs, 0)),
      m.cpu.map(c => `${c.name} ${c.runs} (${sec(c.runMs)})`).join(', '),
      m.historyRows,
      m.duplicates,
      m.latestRows,
      m.requests,
      `${m.loadBefore} → ${m.loadAfter}`,
    ]);
  }
  printTable(rows);
  // Each measurement with several replicas against the last one-replica measurement before it
  // (BENCH_REPLICAS=1,2,1,2 gives pairs taken under about the same load).
  results.forEach((m, i) => {
    const one = results
      .slice(0, i)
      .reverse()
      .find(x => x.replicas === 1);
    if (m.replicas > 1 && one) {
      process.stdout.write(
        `\nSpeed-up, ${m.replicas} replicas vs 1: ${(
          one.wallMs / m.wallMs
        ).toFixed(2)}× (wall ${sec(one.wallMs)} → ${sec(m.wallMs)})\n`,
      );
    }
  });
  const warnings = results
    .flatMap(m => m.cpu)
    .reduce((n, c) => n + c.warnings, 0);
  const bad = results.filter(
    m =>
      m.duplicates > 0 ||
      m.historyRows !== COMPONENTS * ENVIRONMENTS.length ||
      m.notifications > 0,
  );
  if (warnings > 0) {
    process.stdout.write(
      `(${warnings} warnings logged by the replicas: BENCH_VERBOSE=1 prints them)\n`,
    );
  }
  if (bad.length > 0) {
    process.stdout.write(
      `\nFAILED: duplicated or missing history rows, or notifications on an empty database, with ${bad
        .map(m => m.replicas)
        .join(' and ')} replica(s)\n`,
    );
    process.exit(1);
  }
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
