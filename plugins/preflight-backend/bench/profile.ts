/**
 * Summarizes a V8 profile:
 *
 * - a CPU profile (`node --cpu-prof`, a `.cpuprofile` JSON file): the frames with the most self
 *   time, and the frames with the most total time (self + callees, each sample counted once per
 *   frame however deep the recursion);
 * - a sampling heap profile (`node --heap-prof`, a `.heapprofile` file, written at exit): the
 *   allocation sites of the sampled objects still alive when it was written, by self size.
 *
 *   node -r ./bench/register.js bench/profile.ts <file.cpuprofile|file.heapprofile> [top=25]
 *
 * Profiles of `yarn bench:catalog` (one size; the simulated clusters' process is not profiled):
 *
 *   BENCH_COMPONENTS=50000 BENCH_RUNS=1 node --expose-gc --cpu-prof --cpu-prof-dir=/tmp/prof \
 *     -r ./bench/register.js bench/catalog.bench.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
    columnNumber: number;
  };
  hitCount?: number;
  children?: number[];
}

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children?: HeapNode[];
}

/** Live sampled bytes by allocation site (self) and by frame with its callees (total). */
function summarizeHeap(head: HeapNode, top: number) {
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const walk = (node: HeapNode, stack: string[]): number => {
    const name = frameName(node as unknown as ProfileNode);
    let size = node.selfSize;
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    const inner = [...stack, name];
    for (const child of node.children ?? []) size += walk(child, inner);
    if (!stack.includes(name)) total.set(name, (total.get(name) ?? 0) + size);
    return size;
  };
  const all = walk(head, []);
  const print = (title: string, values: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, bytes] of [...values]
      .filter(([frame]) => !/^\(root\)/.test(frame))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)) {
      process.stdout.write(
        `${(bytes / 1048576).toFixed(1).padStart(8)} MB ${((100 * bytes) / all)
          .toFixed(1)
          .padStart(5)} %  ${name}\n`,
      );
    }
  };
  process.stdout.write(
    `${(all / 1048576).toFixed(1)} MB of sampled live objects\n`,
  );
  print(`Top ${top} allocation sites by live size (self)`, self);
  print(`Top ${top} frames by live size (self + callees)`, total);
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  if (!url) return name;
  const file = url.replace(/^file:\/\//, '');
  const short = file.includes('/node_modules/')
    ? file.slice(file.lastIndexOf('/node_modules/') + 14)
    : path.relative(process.cwd(), file);
  return `${name} ${short}:${lineNumber + 1}`;
}

function main() {
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    process.stderr.write(
      'usage: node -r ./bench/register.js bench/profile.ts <file.cpuprofile> [top]\n',
    );
    process.exit(2);
  }
  const top = Number(topArg ?? 25);
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  if (parsed.head) {
    summarizeHeap(parsed.head, top);
    return;
  }
  const profile: Profile = parsed;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) parent.set(c, n.id);
  }

  // Time per sample: the deltas when present (µs), else an even share of the duration.
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  const selfUs = new Map<number, number>();
  if (samples.length > 0) {
    samples.forEach((id, i) => {
      // timeDeltas[i] is the time before sample i; the time of sample i is the next delta.
      const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
      selfUs.set(id, (selfUs.get(id) ?? 0) + us);
    });
  } else {
    const total = profile.endTime - profile.startTime;
    const hits = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0);
    for (const n of profile.nodes) {
      selfUs.set(n.id, ((n.hitCount ?? 0) * total) / Math.max(1, hits));
    }
  }
  const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (us === 0) continue;
    const node = byId.get(id)!;
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; ) {
      const frame = frameName(byId.get(at)!);
      if (!seen.has(frame)) {
        seen.add(frame);
        inclusive.set(frame, (inclusive.get(frame) ?? 0) + us);
      }
      at = parent.get(at);
    }
  }

  const print = (title: string, values: Map<string, number>) => {
    process.stdout.write(`\n${title}\n`);
    const sorted = [...values].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [name, us] of sorted) {
      process.stdout.write(
        `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / totalUs)
          .toFixed(1)
          .padStart(5)} %  ${name}\n`,
      );
    }
  };
  process.stdout.write(
    `${file}: ${(totalUs / 1e6).toFixed(1)} s sampled, ${
      samples.length
    } samples\n`,
  );
  print(`Top ${top} frames by self time`, self);
  print(
    `Top ${top} frames by total time (self + callees)`,
    new Map(
      [...inclusive].filter(([name]) => !/^\((root|program|idle)\)/.test(name)),
    ),
  );
}

main();
