#!/usr/bin/env node
/*
 * Records the type-check of the fixture app: one check per README snippet (the files the README
 * steps wrote, from <log-dir>/readme-files.json), and one for everything else.
 *
 *   tsc-report.js <log-dir> <tsc-output> <tsc-exit-status> <seconds>
 *
 * <tsc-output> is `tsc --pretty false` output: `path(line,col): error TS...: message`.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { record } = require('./results');

const [logDir, outputFile, exitStatus, seconds] = process.argv.slice(2);
const output = fs.readFileSync(outputFile, 'utf8');
const written = fs.existsSync(path.join(logDir, 'readme-files.json'))
  ? JSON.parse(fs.readFileSync(path.join(logDir, 'readme-files.json'), 'utf8'))
  : [];

// an error starts a line; its continuation lines are indented
const errors = [];
for (const line of output.split('\n')) {
  const m = line.match(/^([^\s(][^(]*)\(\d+,\d+\): error /);
  if (m) errors.push({ file: m[1].trim(), text: line });
  else if (errors.length && /^\s+\S/.test(line))
    errors[errors.length - 1].text += `\n${line}`;
}

let failed = 0;
const byReadme = new Map();
for (const { file, from } of written) {
  if (!byReadme.has(from)) byReadme.set(from, new Set());
  byReadme.get(from).add(file);
}
const attributed = new Set();
for (const [from, files] of byReadme) {
  const own = errors.filter(e => files.has(e.file));
  own.forEach(e => attributed.add(e));
  const title = `README snippet ${from} type-checks where it was applied (${[
    ...files,
  ].join(', ')})`;
  record(
    'readme',
    title,
    own.length ? 'failed' : 'passed',
    0,
    own.map(e => e.text).join('\n'),
  );
  console.log(`  ${own.length ? '✗' : '✓'} ${title}`);
  if (own.length) {
    failed++;
    console.log(own.map(e => `      ${e.text}`).join('\n'));
  }
}
const rest = errors.filter(e => !attributed.has(e));
const ok = rest.length === 0 && (errors.length > 0 || Number(exitStatus) === 0);
const title =
  'yarn tsc in the app: both apps, the backend and the fixture tests type-check';
record(
  'app',
  title,
  ok ? 'passed' : 'failed',
  seconds,
  ok ? '' : rest.map(e => e.text).join('\n') || output.slice(-3000),
);
console.log(`  ${ok ? '✓' : '✗'} ${title} (${seconds}s)`);
if (!ok)
  console.log(
    (rest.map(e => e.text).join('\n') || output.slice(-3000)).replace(
      /^/gm,
      '      ',
    ),
  );
process.exit(failed || !ok ? 1 : 0);
