/**
 * Benchmark: reading the headings of a hostile runbook — a heading line of `# x` + N spaces +
 * `y` — with the regex reader Preflight used before (on the event loop) and with the `marked`
 * block lexer in a worker thread (`markdownSections`), measuring the time and the largest
 * event-loop delay while it runs.
 *
 *   yarn bench:runbook       (from plugins/preflight-backend)
 *
 * Environment variables: BENCH_OLD_MAX (largest line given to the old reader, 60000 — it is
 * quadratic: a 1 MiB line would take many minutes).
 */
import { withEventLoopLag } from '../src/__testUtils__/eventLoopLag';
import { markdownSections } from '../src/readiness/runbook/markdown';
import { regexMarkdownSections } from './lib/regexMarkdown';
import { printTable } from './lib/util';

const OLD_MAX = Number(process.env.BENCH_OLD_MAX ?? 60_000);
const MIB = 1024 * 1024;

async function measure(run: () => unknown) {
  // The largest event-loop stall while it runs (the test suite's helper).
  const { outcome, maxLagMs, elapsedMs } = await withEventLoopLag(async () => {
    await run();
  });
  return {
    ms: elapsedMs,
    maxLagMs,
    outcome: outcome instanceof Error ? outcome.message : 'ok',
  };
}

async function main() {
  const rows: string[][] = [];
  for (const spaces of [10_000, 30_000, 60_000, MIB]) {
    const doc = `# x${' '.repeat(spaces)}y\n\n## Rollback\n\nundo\n`;
    for (const [reader, run] of [
      ['regex (before)', () => regexMarkdownSections(doc)],
      ['marked in a worker (after)', () => markdownSections(doc)],
    ] as const) {
      if (reader.startsWith('regex') && spaces > OLD_MAX) {
        rows.push([String(spaces), reader, 'skipped (quadratic)', '', '']);
        continue;
      }
      const r = await measure(run);
      rows.push([
        String(spaces),
        reader,
        r.ms.toFixed(1),
        r.maxLagMs.toFixed(1),
        r.outcome,
      ]);
    }
  }
  printTable([
    [
      'spaces in the heading line',
      'reader',
      'ms',
      'max event-loop delay ms',
      'outcome',
    ],
    ...rows,
  ]);
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error}\n`);
  process.exit(1);
});
