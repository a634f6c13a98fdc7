/**
 * Benchmark: one component across three environments (three simulated
 * clusters), 200 ms per Kubernetes request — Preflight's `EnvironmentStateService` /
 * `LiveStateSource` (and the readiness engine on top) against the Backstage Kubernetes plugin's
 * own backend (`@backstage/plugin-kubernetes-backend`, `POST /api/kubernetes/services/:serviceId`
 * in a test backend) fetching the same entity from the same clusters, in the same run.
 *
 *   yarn bench:environments       (from plugins/preflight-backend)
 *
 * Environment variables: BENCH_DELAY_MS (200), BENCH_REPEAT (warm calls per scenario, 5),
 * BENCH_NEIGHBOURS (other components in each cluster, 100).
 *
 * The clusters are the test suite's simulator, served over HTTP by a child process
 * (`lib/clusterServer.ts`); requests are counted by the simulator.
 */
import { CacheManager } from '@backstage/backend-defaults/cache';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { readEnvironments } from '../src/config/environments';
import { ReadinessEngine } from '../src/readiness/ReadinessEngine';
import { EnvironmentStateService } from '../src/service/EnvironmentStateService';
import { summarizeEnvironmentStates } from '../src/service/podSummary';
import { DesiredStateSource } from '../src/sources/desired';
import { LiveStateSource } from '../src/sources/live';
import { BUILTIN_KINDS } from '../src/sources/live/kinds';
import { benchChecks } from './lib/checks';
import { SimulatedClusters } from './lib/clusters';
import { benchLogger, percentile, printTable } from './lib/util';

const DELAY_MS = Number(process.env.BENCH_DELAY_MS ?? 200);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const NEIGHBOURS = Number(process.env.BENCH_NEIGHBOURS ?? 100);
const TOKEN = 'bench-sa-token';
const ID = 'checkout-api';
const ENVIRONMENTS = ['dev', 'staging', 'production'];

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': ID,
      'backstage.io/kubernetes-namespace': 'shop',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
};

interface Measure {
  ms: number;
  /** TCP connections opened to the clusters. */
  connections: number;
  requests: Record<string, number>;
  check?: string;
}

async function measure(
  clusters: SimulatedClusters,
  fn: () => Promise<string | void>,
): Promise<Measure> {
  await clusters.clear();
  const started = process.hrtime.bigint();
  const check = await fn();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const log = await clusters.requests();
  const connections = Object.values(await clusters.connections()).reduce(
    (a, b) => a + b,
    0,
  );
  return {
    ms,
    connections,
    requests: Object.fromEntries(
      Object.entries(log).map(([name, requests]) => [name, requests.length]),
    ),
    check: check || undefined,
  };
}

function row(name: string, measures: Measure[], note: string) {
  const times = measures.map(m => m.ms);
  const last = measures[measures.length - 1];
  const perCluster = ENVIRONMENTS.map(e => last.requests[e] ?? 0);
  return [
    name,
    measures.length === 1
      ? times[0].toFixed(0)
      : `${percentile(times, 50).toFixed(0)} (${Math.min(...times).toFixed(
          0,
        )}–${Math.max(...times).toFixed(0)})`,
    perCluster.reduce((a, b) => a + b, 0),
    perCluster.join(' / '),
    last.connections,
    last.check ?? '',
    note,
  ];
}

async function main() {
  process.stdout.write(
    `One component (${ID}) × ${ENVIRONMENTS.length} environments (one simulated cluster each, ${NEIGHBOURS} other components in each), ` +
      `${DELAY_MS} ms per Kubernetes request; Node ${process.version}, ${
        os.cpus().length
      } CPUs, load average ${os
        .loadavg()
        .map(l => l.toFixed(2))
        .join(' ')}\n\n`,
  );
  const clusters = await SimulatedClusters.start(
    ENVIRONMENTS.map(name => ({
      name,
      token: TOKEN,
      delayMs: DELAY_MS,
      namespace: 'shop',
      componentIds: [
        ID,
        ...Array.from({ length: NEIGHBOURS }, (_, i) => `neighbour-${i}`),
      ],
    })),
  );
  const clusterConfig = (extra: object = {}) =>
    ENVIRONMENTS.map(name => ({
      name: `${name}-cluster`,
      url: clusters.urls[name],
      authProvider: 'serviceAccount',
      serviceAccountToken: TOKEN,
      ...extra,
    }));

  // --- Preflight ----------------------------------------------------------------------------
  const config = new ConfigReader({
    backend: { cache: { store: 'memory' } },
    kubernetes: {
      clusterLocatorMethods: [{ type: 'config', clusters: clusterConfig() }],
    },
    preflight: {
      environments: ENVIRONMENTS.map(name => ({
        name,
        cluster: `${name}-cluster`,
      })),
    },
  });
  const { logger } = benchLogger();
  const {
    checks,
    settings: checkSettings,
    urlReader,
  } = benchChecks(config, logger);
  const states = new EnvironmentStateService({
    environments: readEnvironments(config),
    sources: {
      live: new LiveStateSource({ config, logger }),
      desired: new DesiredStateSource({
        config,
        logger,
        urlReader,
      }),
    },
    cache: CacheManager.fromConfig(config).forPlugin('preflight'),
    logger,
    ttlMs: 30_000,
  });
  const engine = new ReadinessEngine({
    checks: () => checks,
    settings: checkSettings,
    states,
    waivers: { listActive: async () => [] },
    logger,
  });
  const liveSummary = async (refresh: boolean) => {
    const result = await states.getStates(entity, { refresh });
    return `${result.map(s => s.live.status).join('/')}, ${result
      .map(s => s.live.objects.length)
      .join('+')} objects`;
  };

  const preflightCold = await measure(clusters, () => liveSummary(true));
  const preflightWarm: Measure[] = [];
  for (let i = 0; i < REPEAT; i++) {
    preflightWarm.push(await measure(clusters, () => liveSummary(true)));
  }
  const preflightCached = await measure(clusters, () => liveSummary(false));
  const readiness: Measure[] = [];
  for (let i = 0; i < REPEAT; i++) {
    readiness.push(
      await measure(clusters, async () => {
        const result = await engine.evaluate(entity, { refresh: true });
        return result.environments.map(e => e.verdict).join('/');
      }),
    );
  }

  // --- The Kubernetes plugin ----------------------------------------------------------------
  async function kubernetesPlugin(skipMetricsLookup: boolean) {
    const backend = await startTestBackend({
      features: [
        // The baseline: the Kubernetes plugin as the example backend installs it (root
        // node_modules), on purpose not a dependency of this package.
        // eslint-disable-next-line @backstage/no-undeclared-imports
        import('@backstage/plugin-kubernetes-backend'),
        catalogServiceMock.factory({ entities: [entity] }),
        mockServices.rootConfig.factory({
          data: {
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: clusterConfig({ skipMetricsLookup }),
                },
              ],
            },
          },
        }),
      ],
    });
    const { port } = backend.server.address() as AddressInfo;
    const call = async () => {
      const response = await fetch(
        `http://localhost:${port}/api/kubernetes/services/${ID}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: mockCredentials.user.header(),
          },
          body: JSON.stringify({ entity }),
        },
      );
      if (!response.ok) {
        throw new Error(
          `The Kubernetes plugin answered ${
            response.status
          }: ${await response.text()}`,
        );
      }
      const body = await response.json();
      const items: any[] = body.items;
      return `${items.length} clusters, ${items
        .map(item =>
          item.resources
            .map((r: any) => r.resources.length)
            .reduce((a: number, b: number) => a + b, 0),
        )
        .join('+')} objects, ${items
        .map(item => item.errors.length)
        .join('+')} errors`;
    };
    const cold = await measure(clusters, call);
    const warm: Measure[] = [];
    for (let i = 0; i < REPEAT; i++) warm.push(await measure(clusters, call));
    await backend.stop();
    return { cold, warm };
  }
  const k8sDefault = await kubernetesPlugin(false);
  const k8sNoMetrics = await kubernetesPlugin(true);

  // A second Preflight round after the Kubernetes plugin's, so that neither benefits from order.
  const preflightWarm2: Measure[] = [];
  for (let i = 0; i < REPEAT; i++) {
    preflightWarm2.push(await measure(clusters, () => liveSummary(true)));
  }

  const kinds = BUILTIN_KINDS.length;
  printTable([
    [
      'scenario',
      'wall ms',
      'k8s requests',
      'per cluster',
      'new TCP conns',
      'answer',
      'notes',
    ],
    row(
      'Preflight getStates, cold',
      [preflightCold],
      `discovery + ${kinds} kinds per cluster`,
    ),
    row(
      'Preflight getStates, warm (refresh)',
      [...preflightWarm, ...preflightWarm2],
      `${kinds} kinds per cluster, discovery cached`,
    ),
    row('Preflight getStates, cached', [preflightCached], 'within the TTL'),
    row(
      'Preflight readiness (engine, refresh)',
      readiness,
      `${checks.length} checks × ${ENVIRONMENTS.length} environments`,
    ),
    row(
      'Kubernetes plugin, cold',
      [k8sDefault.cold],
      '13 kinds, then pod metrics per namespace (a 2nd round trip)',
    ),
    row('Kubernetes plugin, warm', k8sDefault.warm, 'same'),
    row(
      'Kubernetes plugin, skipMetricsLookup, cold',
      [k8sNoMetrics.cold],
      '13 kinds',
    ),
    row('Kubernetes plugin, skipMetricsLookup, warm', k8sNoMetrics.warm, ''),
  ]);
  process.stdout.write(
    `\nwarm figures: median (min–max) of ${
      REPEAT * 2
    } calls for Preflight getStates, ${REPEAT} otherwise. ` +
      `The simulator serves no metrics.k8s.io, LimitRange or ResourceQuota: the Kubernetes plugin's requests for them answer 404 ` +
      `(after the same ${DELAY_MS} ms) and are reported as errors, as they would be on such a cluster.\n`,
  );
  // What the routes answer (cached states, as `/environments` and `/readiness` serve them).
  const kb = (value: unknown) =>
    `${(Buffer.byteLength(JSON.stringify(value)) / 1024).toFixed(1)} KB`;
  const answered = await states.getStates(entity);
  process.stdout.write(
    `response sizes: /environments ${kb({
      environments: summarizeEnvironmentStates(answered),
    })} (every Pod in full: ${kb({ environments: answered })}), /readiness ${kb(
      await engine.evaluate(entity),
    )}\n`,
  );
  clusters.close();
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
