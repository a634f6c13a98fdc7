#!/usr/bin/env node
/*
 * Reads the test runners' own JSON reports in a directory (Jest's `--json` output, one or more
 * *.json files) and prints the totals as one line:  N passed, N failed[, N skipped]
 * A suite that failed to run (syntax error, failing import) counts as one failed test.
 * `--exit-status N`: the exit status of the whole run; when it is non-zero and no test failed
 * (install, type-check or a stage outside the tests failed), one failure is counted so that the
 * line never reads as green.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] || '.test-output';
const statusIndex = process.argv.indexOf('--exit-status');
const exitStatus =
  statusIndex > 0 ? Number(process.argv[statusIndex + 1]) || 0 : 0;

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
const files = fs.existsSync(dir)
  ? fs.readdirSync(dir).filter(f => f.endsWith('.json'))
  : [];
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (typeof report.numPassedTests !== 'number') continue;
  reports++;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests || 0);
  // Suites that could not run have no tests counted but are failures.
  for (const suite of report.testResults || []) {
    if (
      suite.status === 'failed' &&
      (suite.assertionResults || []).length === 0
    ) {
      failed++;
    }
  }
}
if ((reports === 0 || exitStatus !== 0) && failed === 0) failed++;
console.log(
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
