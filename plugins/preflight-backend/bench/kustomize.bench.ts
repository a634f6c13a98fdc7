/**
 * Benchmark: one Kustomize build per environment with the real kustomize (`kustomize build` or
 * `kubectl kustomize`, whichever `KustomizeRenderer` finds on PATH), for the demo component
 * examples/deploy/inventory-api (a base and three overlays) and the unit-test fixture. Each
 * overlay is built BENCH_RUNS times (default 5) after one warm-up; the table gives the median and
 * the slowest build, and the output size.
 *
 *   yarn bench:kustomize       (from plugins/preflight-backend)
 */
import path from 'path';
import { readKustomizeSettings } from '../src/sources/desired/kustomize/config';
import { KustomizeRenderer } from '../src/sources/desired/kustomize/KustomizeRenderer';
import { ConfigReader } from '@backstage/config';
import { printTable } from './lib/util';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const repo = path.resolve(__dirname, '../../..');
const TREES = [
  [
    'examples/deploy/inventory-api',
    path.join(repo, 'examples/deploy/inventory-api'),
  ],
  [
    'kustomize/__fixtures__/web',
    path.join(__dirname, '../src/sources/desired/kustomize/__fixtures__/web'),
  ],
];

async function main() {
  const renderer = new KustomizeRenderer(
    readKustomizeSettings(new ConfigReader({})),
  );
  const executable = await renderer.resolveExecutable();
  if (!executable) {
    console.log('No kustomize or kubectl on PATH: nothing to measure.');
    process.exitCode = 1;
    return;
  }
  console.log(
    `${executable.path} (${
      executable.flavour === 'kubectl' ? 'kubectl kustomize' : 'kustomize build'
    }), kustomize ${
      (await renderer.resolveVersion()) ?? 'version unknown'
    }, ${RUNS} runs per overlay after one warm-up`,
  );
  const rows: Array<Array<string | number>> = [
    ['tree', 'overlay', 'median ms', 'max ms', 'output bytes'],
  ];
  for (const [name, root] of TREES) {
    for (const env of ['dev', 'staging', 'production']) {
      const overlay = `overlays/${env}`;
      await renderer.render(root, overlay);
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        const started = process.hrtime.bigint();
        const result = await renderer.render(root, overlay);
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
        if (!result.ok) throw result.error;
        bytes = Buffer.byteLength(result.text);
      }
      times.sort((a, b) => a - b);
      rows.push([
        name,
        env,
        times[Math.floor(times.length / 2)].toFixed(0),
        times[times.length - 1].toFixed(0),
        bytes,
      ]);
    }
  }
  printTable(rows);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
