/**
 * Benchmark: the Deploy readiness and Environments views of one component across three
 * environments (three simulated clusters), through Preflight's HTTP routes, against the Backstage
 * Kubernetes plugin's own backend fetch (`POST /api/kubernetes/services/:serviceId`) of the same
 * entity from the same clusters, in the same run and the same test backend.
 *
 *   yarn bench:environments       (from plugins/preflight-backend)
 *
 * Scenarios: a small component (2 Pods per environment) and one with thousands of Pods (3,000 in
 * production, 300 in staging, 30 in dev), each at every delay of BENCH_DELAYS (ms per Kubernetes
 * request, default 50,200).
 *
 * - **cold (new backend)**: the first call of a freshly started backend (no cached state, no
 *   `/apis` discovery made, no open connection, nothing compiled); one backend per sample and view.
 * - **cold (running backend)**: the first view of this component on a backend that has served
 *   another one (discovery made, connections open): only this component's state is not cached —
 *   the usual first view in a running install. The Kubernetes plugin caches nothing per entity:
 *   its call on a running backend is its warm call.
 * - **warm**: a second view after the first, as a user reloading the tab, within
 *   `preflight.cache.ttlSeconds` (30 s): Preflight answers from its cache of the sources' answers
 *   and asks no cluster anything. The Kubernetes plugin has no such cache and reads the clusters
 *   on every call.
 * - **warm, refresh**: the same with `?refresh=true` (the views' refresh button): Preflight reads
 *   every cluster again, with the discovery cached and the connections open — what the Kubernetes
 *   plugin's warm call does.
 *
 * Environment variables: BENCH_DELAYS (50,200), BENCH_REPEAT (warm calls per row, 5), BENCH_COLD
 * (cold samples per row, 3), BENCH_PODS (Pods in production of the large component, 3000),
 * BENCH_WATCH (off, on or both: `preflight.live.watch.enabled`, default off), BENCH_SCENARIOS
 * (`small`, `large` or `small,large`, the default). With watches on, a running backend's are synced
 * before it is measured; a new backend's first read starts them, and the requests they send are
 * counted with its row's.
 *
 * The clusters are the test suite's simulator, served over HTTP by a child process
 * (`lib/clusterServer.ts`); requests are counted by the simulator. Timings are the client's wall
 * time of one HTTP call on loopback.
 */
import type { Entity } from '@backstage/catalog-model';
import os from 'node:os';
import { SimulatedClusters } from './lib/clusters';
import {
  startBenchBackend,
  type BenchBackend,
  type HttpAnswer,
} from './lib/backend';
import { percentile, printTable } from './lib/util';

const DELAYS = (process.env.BENCH_DELAYS ?? '50,200').split(',').map(Number);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const COLD = Number(process.env.BENCH_COLD ?? 3);
const BIG_PODS = Number(process.env.BENCH_PODS ?? 3000);
const WATCH = process.env.BENCH_WATCH ?? 'off';
const NEIGHBOURS = 100;
const TOKEN = 'bench-sa-token';
const ENVIRONMENTS = ['dev', 'staging', 'production'];
const MAX_KB = 300;

function component(id: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': id,
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
  };
}

const ALL_SCENARIOS = [
  {
    key: 'small',
    name: 'small',
    id: 'checkout-api',
    pods: { dev: 2, staging: 2, production: 2 } as Record<string, number>,
  },
  {
    key: 'large',
    name: `${BIG_PODS} pods`,
    id: 'big-service',
    pods: {
      dev: Math.round(BIG_PODS / 100),
      staging: Math.round(BIG_PODS / 10),
      production: BIG_PODS,
    } as Record<string, number>,
  },
];

const SCENARIOS = ALL_SCENARIOS.filter(s =>
  (process.env.BENCH_SCENARIOS ?? 'small,large').split(',').includes(s.key),
);

interface Sample {
  ms: number;
  bytes: number;
  /** Requests received by each cluster, in ENVIRONMENTS order. */
  perCluster: number[];
}

type Call = () => Promise<HttpAnswer>;

async function main() {
  const loads: number[][] = [os.loadavg()];
  const clusters = await SimulatedClusters.start(
    ENVIRONMENTS.map(name => ({
      name,
      token: TOKEN,
      delayMs: DELAYS[0],
      namespace: 'shop',
      componentIds: [
        ...SCENARIOS.map(s => s.id),
        ...Array.from({ length: NEIGHBOURS }, (_, i) => `neighbour-${i}`),
      ],
      pods: Object.fromEntries(SCENARIOS.map(s => [s.id, s.pods[name]])),
    })),
  );

  async function measure(call: Call): Promise<Sample> {
    await clusters.clear();
    const answer = await call();
    const log = await clusters.requests();
    return {
      ms: answer.ms,
      bytes: answer.bytes,
      perCluster: ENVIRONMENTS.map(e => log[e]?.length ?? 0),
    };
  }

  const config = (watch: boolean) => ({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
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
      schedule: false,
      ...(watch ? { live: { watch: { enabled: true } } } : {}),
    },
  });
  // A component viewed before the measured one on a "running" backend.
  const neighbour = component('neighbour-0');
  const entities = [...SCENARIOS.map(s => component(s.id)), neighbour];
  const start = (watch: boolean) =>
    startBenchBackend({ entities, config: config(watch) });

  /** Waits until a read of the neighbour is answered from the watch cache in every environment. */
  async function watchesSynced(backend: BenchBackend) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { body } = await backend.environments(neighbour, true);
      if (body.environments.every((e: any) => e.live?.watchCache)) return;
      if (Date.now() > deadline) {
        throw new Error('The watch cache did not answer within 60 s');
      }
      await new Promise(resolve => setTimeout(resolve, 200));
    }
  }

  // JIT and module loading, not measured.
  {
    const backend = await start(false);
    await backend.readiness(entities[0]);
    await backend.kubernetes(entities[0], SCENARIOS[0].id);
    await backend.stop();
  }

  type Row = { label: string; samples: Sample[] };
  const results: Array<{
    scenario: string;
    delay: number;
    watch: boolean;
    rows: Row[];
  }> = [];

  const watchModes = { off: [false], on: [true], both: [false, true] }[
    WATCH as 'off' | 'on' | 'both'
  ];
  if (!watchModes) throw new Error(`BENCH_WATCH: expected off, on or both`);
  // Watches on last, so that no watch is open while the figures without them are taken (the
  // plugin stops its watches when a backend stops).
  for (const watch of watchModes) {
    for (const scenario of SCENARIOS) {
      const entity = component(scenario.id);
      for (const delay of DELAYS) {
        await clusters.setDelay(delay);
        const samples: Record<string, Sample[]> = {};
        const add = async (label: string, call: Call) => {
          (samples[label] ??= []).push(await measure(call));
        };
        // Cold: a new backend per sample and per view; on a new backend (nothing cached, no
        // discovery made, no connection open), or on a running one (another component viewed
        // first: only this component's state is not cached).
        for (let i = 0; i < COLD; i++) {
          for (const view of ['environments', 'readiness', 'kubernetes']) {
            // The Kubernetes plugin does not read Preflight's settings: measured once.
            if (view === 'kubernetes' && watch && watchModes.length > 1)
              continue;
            for (const running of [false, true]) {
              // The Kubernetes plugin caches nothing per entity: on a running backend, its call
              // is its warm call.
              if (view === 'kubernetes' && running) continue;
              const backend = await start(watch);
              if (running) {
                await backend.readiness(neighbour);
                await backend.environments(neighbour);
                // A running backend with watches has them synced.
                if (watch) await watchesSynced(backend);
              }
              await add(
                `${view}, cold (${running ? 'running' : 'new'} backend)`,
                () =>
                  view === 'kubernetes'
                    ? backend.kubernetes(entity, scenario.id)
                    : backend[view as 'environments' | 'readiness'](entity),
              );
              await backend.stop();
            }
          }
        }
        // Warm: one backend, after a first view of each; interleaved so that no row profits
        // from order.
        const backend = await start(watch);
        await backend.readiness(entity);
        await backend.environments(entity);
        await backend.kubernetes(entity, scenario.id);
        if (watch) await watchesSynced(backend);
        for (let i = 0; i < REPEAT; i++) {
          await add('environments, warm', () => backend.environments(entity));
          await add('environments, warm, refresh', () =>
            backend.environments(entity, true),
          );
          await add('readiness, warm', () => backend.readiness(entity));
          await add('readiness, warm, refresh', () =>
            backend.readiness(entity, true),
          );
          if (!watch || watchModes.length === 1) {
            await add('kubernetes, warm', () =>
              backend.kubernetes(entity, scenario.id),
            );
          }
        }
        await backend.stop();
        loads.push(os.loadavg());
        results.push({
          scenario: scenario.name,
          delay,
          watch,
          rows: Object.entries(samples).map(([label, s]) => ({
            label,
            samples: s,
          })),
        });
        process.stderr.write(
          `done: ${scenario.name}, ${delay} ms, watch ${
            watch ? 'on' : 'off'
          }\n`,
        );
      }
    }
  }
  clusters.close();

  const median = (s: Sample[]) =>
    percentile(
      s.map(x => x.ms),
      50,
    );
  const table: Array<Array<string | number>> = [
    [
      'scenario',
      'delay',
      'view',
      'ms median (min–max)',
      'requests dev/stg/prod',
      'KB',
      '× k8s plugin',
      'target',
    ],
  ];
  const order = (r: (typeof results)[number]) =>
    SCENARIOS.findIndex(s => s.name === r.scenario) * 1000 +
    DELAYS.indexOf(r.delay) * 10 +
    (r.watch ? 1 : 0);
  results.sort((a, b) => order(a) - order(b));
  for (const result of results) {
    const k8s = (label: string) =>
      results
        .filter(r => r.scenario === result.scenario && r.delay === result.delay)
        .flatMap(r => r.rows)
        .find(r => r.label === `kubernetes, ${label}`)!;
    for (const row of result.rows) {
      const times = row.samples.map(s => s.ms);
      const last = row.samples[row.samples.length - 1];
      const kb = Math.max(...row.samples.map(s => s.bytes)) / 1024;
      const isPreflight = !row.label.startsWith('kubernetes');
      // A first call of a new backend is compared with the Kubernetes plugin's; any other call
      // with its call on a running backend (it caches nothing per entity: its warm call).
      const reference = k8s(
        row.label.endsWith('(new backend)') ? 'cold (new backend)' : 'warm',
      );
      const ratio = median(row.samples) / median(reference.samples);
      const bound = row.label.includes('cold') ? 1 : 0.5;
      const targets = isPreflight
        ? [
            `${ratio <= bound ? 'met' : 'NOT met'} (≤ ${bound}×)`,
            ...(kb >= MAX_KB ? [`NOT met (< ${MAX_KB} KB)`] : []),
          ]
        : [];
      table.push([
        result.scenario,
        `${result.delay} ms`,
        `${isPreflight ? 'Preflight ' : ''}${row.label}${
          isPreflight && result.watch ? ' [watch on]' : ''
        }`,
        `${median(row.samples).toFixed(0)} (${Math.min(...times).toFixed(
          0,
        )}–${Math.max(...times).toFixed(0)})`,
        last.perCluster.join(' / '),
        kb.toFixed(1),
        isPreflight ? ratio.toFixed(2) : '',
        targets.join(', '),
      ]);
    }
  }
  process.stdout.write(
    `Views of one component × ${ENVIRONMENTS.length} environments (one simulated cluster each, ` +
      `${NEIGHBOURS} other components in each namespace); Node ${
        process.version
      }, ${os.cpus().length} CPUs; load average (1 min) from ${Math.min(
        ...loads.map(l => l[0]),
      ).toFixed(2)} to ${Math.max(...loads.map(l => l[0])).toFixed(
        2,
      )} during the run\n` +
      `cold: median of ${COLD} first calls of the component, each on its own backend, new (nothing ` +
      `cached, no discovery, no connection) or running (another component viewed first); warm: ` +
      `median of ${REPEAT} calls (Preflight's from its cache of the sources' answers, within the ` +
      `TTL; refresh: ?refresh=true, every cluster read again); the Kubernetes plugin reads the ` +
      `clusters on every call. × k8s plugin: to its first call on a new backend for 'cold (new ` +
      `backend)', to its warm call otherwise\n\n`,
  );
  printTable(table);
  process.stdout.write(
    `\nTargets: warm ≤ 0.5× and cold ≤ 1× the Kubernetes plugin's call of the same scenario, ` +
      `delay and temperature; responses under ${MAX_KB} KB (KB: the largest answer of the row). ` +
      `The simulator serves no metrics.k8s.io, LimitRange or ResourceQuota: the Kubernetes ` +
      `plugin's requests for them answer 404 after the same delay and are reported as errors.\n`,
  );
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
