#!/usr/bin/env node
/*
 * No import cycles (docs/architecture.md): between the folders of a package's src/ (two levels
 * deep, e.g. `sources/live` and `readiness/checks`; a file at the root of src/ counts as a folder
 * of its own, so an index.ts that re-exports everything makes no cycle) nor between files. Only
 * runtime imports count: `import type` and `export type` make no cycle. Exits 1 naming the cycles.
 *
 *   node scripts/check-import-cycles.js [package dir ...]   (default: every package)
 */
const fs = require('fs');
const path = require('path');

const repo = path.resolve(__dirname, '..');
const packages = process.argv.slice(2).length
  ? process.argv.slice(2).map(p => path.resolve(p))
  : ['plugins', 'packages'].flatMap(group =>
      fs
        .readdirSync(path.join(repo, group), { withFileTypes: true })
        .filter(d => d.isDirectory())
        .map(d => path.join(repo, group, d.name)),
    );

function sourceFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('__'))
        out.push(...sourceFiles(p));
    } else if (
      /\.tsx?$/.test(e.name) &&
      !/\.test\.tsx?$|\.d\.ts$/.test(e.name)
    ) {
      out.push(p);
    }
  }
  return out;
}

function resolveImport(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  return [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ].find(c => fs.existsSync(c) && fs.statSync(c).isFile());
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]*|\.{1,2})['"]/g;

/** Strongly connected components of more than one node (Tarjan). */
function cycles(graph) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const found = [];
  const visit = v => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) {
        low.set(v, Math.min(low.get(v), idx.get(w)));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return found;
}

let failed = false;
for (const pkg of packages) {
  const src = path.join(pkg, 'src');
  if (!fs.existsSync(src)) continue;
  const files = new Map();
  for (const file of sourceFiles(src)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = new Set();
    for (const m of text.matchAll(IMPORT)) {
      if (m[1]) continue;
      const target = resolveImport(file, m[2]);
      if (target && target.startsWith(src)) targets.add(target);
    }
    files.set(file, targets);
  }
  const folderOf = file => {
    const dir = path.relative(src, path.dirname(file));
    return dir
      ? dir.split(path.sep).slice(0, 2).join('/')
      : path.basename(file);
  };
  const folders = new Map();
  for (const [file, targets] of files) {
    for (const target of targets) {
      const a = folderOf(file);
      const b = folderOf(target);
      if (a === b) continue;
      if (!folders.has(a)) folders.set(a, new Set());
      folders.get(a).add(b);
    }
  }
  const name = path.relative(repo, pkg);
  for (const cycle of cycles(folders)) {
    failed = true;
    console.error(`${name}: folders import each other: ${cycle.join(' ↔ ')}`);
    for (const a of cycle) {
      for (const [file, targets] of files) {
        if (folderOf(file) !== a) continue;
        for (const t of targets) {
          if (folderOf(t) !== a && cycle.includes(folderOf(t))) {
            console.error(
              `  ${path.relative(src, file)} → ${path.relative(src, t)}`,
            );
          }
        }
      }
    }
  }
  for (const cycle of cycles(files)) {
    failed = true;
    console.error(
      `${name}: files import each other: ${cycle
        .map(f => path.relative(src, f))
        .join(' ↔ ')}`,
    );
  }
}
if (failed) process.exit(1);
console.log(`No import cycles in ${packages.length} packages.`);
