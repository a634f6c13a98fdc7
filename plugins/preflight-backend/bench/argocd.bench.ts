/**
 * Benchmark: reading desired state from Argo CD, per environment, with the Argo CD source against
 * the test suite's simulated Argo CD (the shapes of Argo CD's OpenAPI document) served over real
 * HTTP on a loopback port, in this process. One Application per environment (dev, staging,
 * production) selected by `argocd/app-selector`, each rendering BENCH_OBJECTS objects (default 20).
 *
 * Measured for each latency in BENCH_DELAY_MS (default "0,50": ms added to every answer):
 * - one environment, cold: a new source, so the list of Applications is fetched (list + manifests);
 * - three environments at once, cold: one shared list + three manifests calls;
 * - one environment, warm list: the list is reused (10 s), only the manifests are fetched.
 * Each is run BENCH_RUNS times (default 10) after a warm-up; the table gives median and max.
 *
 *   yarn bench:argocd       (from plugins/preflight-backend)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import {
  SimulatedArgoCd,
  argoApplication,
  renderedDeployment,
  renderedService,
  sha,
} from '../src/__testUtils__/argocd';
import {
  ArgoCdDesiredStateSource,
  readArgoCdSettings,
} from '../src/sources/desired/argocd';
import { printTable } from './lib/util';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 20);
const DELAYS = (process.env.BENCH_DELAY_MS ?? '0,50').split(',').map(Number);
const TOKEN = 'bench-token';
const ENVIRONMENTS: PreflightEnvironment[] = [
  'dev',
  'staging',
  'production',
].map(name => ({ name, title: name, namespace: `payments-${name}` }));
const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    annotations: { 'argocd/app-selector': 'app=payments' },
  },
};

const silent: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silent;
  },
};

function manifests(namespace: string) {
  const objects: unknown[] = [];
  for (let i = 0; objects.length < OBJECTS; i++) {
    objects.push(
      renderedDeployment(
        `payments-${i}`,
        namespace,
        `ghcr.io/acme/payments:1.${i}.0`,
      ),
    );
    if (objects.length < OBJECTS)
      objects.push(renderedService(`payments-${i}`, namespace));
  }
  return objects;
}

async function serve(): Promise<{
  simulator: SimulatedArgoCd;
  close: () => void;
}> {
  // The handler needs the simulator, which needs the port: it is set once listening.
  const served: { simulator?: SimulatedArgoCd } = {};
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const request = new Request(`${served.simulator!.baseUrl}${req.url}`, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      ...(body.length ? { body } : {}),
    });
    const response = await served.simulator!.handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const simulator = new SimulatedArgoCd(
    {
      name: 'main',
      baseUrl: `http://127.0.0.1:${port}`,
      tokens: [TOKEN],
      applications: ENVIRONMENTS.map(e => ({
        application: argoApplication({
          name: `payments-${e.name}`,
          namespace: e.namespace,
          labels: { app: 'payments', environment: e.name },
          revision: sha(e.name),
        }),
        manifests: manifests(e.namespace!),
      })),
    },
    new Set(),
  );
  served.simulator = simulator;
  return { simulator, close: () => server.close() };
}

function source(baseUrl: string) {
  return new ArgoCdDesiredStateSource({
    settings: readArgoCdSettings(
      new ConfigReader({
        argocd: {
          appLocatorMethods: [
            {
              type: 'config',
              instances: [{ name: 'main', url: baseUrl, token: TOKEN }],
            },
          ],
        },
      }),
    ),
    logger: silent,
  });
}

async function time(fn: () => Promise<unknown>) {
  const started = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const { simulator, close } = await serve();
  const read = async (
    s: ArgoCdDesiredStateSource,
    env: PreflightEnvironment,
  ) => {
    const state = await s.read(entity, env, {
      signal: AbortSignal.timeout(15_000),
    });
    if (state.status !== 'ok' || state.objects.length !== OBJECTS) {
      throw new Error(`unexpected answer for ${env.name}: ${state.status}`);
    }
  };
  const rows: Array<Array<string | number>> = [
    ['latency ms', 'case', 'requests', 'median ms', 'max ms'],
  ];
  for (const delay of DELAYS) {
    simulator.delayMs = delay;
    const cases: Array<[string, () => Promise<unknown>]> = [
      [
        '1 environment, cold',
        () => read(source(simulator.baseUrl), ENVIRONMENTS[2]),
      ],
      [
        '3 environments at once, cold',
        () => {
          const s = source(simulator.baseUrl);
          return Promise.all(ENVIRONMENTS.map(e => read(s, e)));
        },
      ],
    ];
    const warm = source(simulator.baseUrl);
    await read(warm, ENVIRONMENTS[0]);
    cases.push(['1 environment, warm list', () => read(warm, ENVIRONMENTS[2])]);
    for (const [name, fn] of cases) {
      await fn();
      const times: number[] = [];
      const before = simulator.requests.length;
      for (let i = 0; i < RUNS; i++) times.push(await time(fn));
      rows.push([
        delay,
        name,
        (simulator.requests.length - before) / RUNS,
        median(times).toFixed(1),
        Math.max(...times).toFixed(1),
      ]);
    }
  }
  console.log(
    `Argo CD source against the simulated Argo CD over loopback HTTP; ${OBJECTS} objects per Application, ${RUNS} runs per case after a warm-up`,
  );
  printTable(rows);
  close();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
