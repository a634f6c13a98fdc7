#!/usr/bin/env node
/*
 * Check results of the install test: one JSON line per check in the file named by
 * $INSTALL_TEST_RESULTS, turned at the end into a Jest-shaped report (the shape
 * scripts/test-summary.js and .ci/run read).
 *
 *   results.js record <suite> <title> <passed|failed|pending> <seconds> [message]
 *   results.js report <out.json>      writes the report, prints the totals
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function record(suite, title, status, seconds, message) {
  const file = process.env.INSTALL_TEST_RESULTS;
  if (!file) throw new Error('INSTALL_TEST_RESULTS is not set');
  fs.appendFileSync(
    file,
    `${JSON.stringify({
      suite,
      title,
      status,
      duration: Math.round(Number(seconds || 0) * 1000),
      message: message || '',
    })}\n`,
  );
}

function report(out) {
  const file = process.env.INSTALL_TEST_RESULTS;
  const lines = fs.existsSync(file)
    ? fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
    : [];
  const suites = new Map();
  for (const r of lines) {
    if (!suites.has(r.suite)) suites.set(r.suite, []);
    suites.get(r.suite).push(r);
  }
  const count = status => lines.filter(r => r.status === status).length;
  const testResults = [...suites].map(([suite, results]) => ({
    name: `install-test/${suite}`,
    status: results.some(r => r.status === 'failed') ? 'failed' : 'passed',
    message: results
      .filter(r => r.status === 'failed')
      .map(r => `${r.title}: ${r.message}`)
      .join('\n'),
    startTime: 0,
    endTime: results.reduce((sum, r) => sum + r.duration, 0),
    assertionResults: results.map(r => ({
      ancestorTitles: ['install test', suite],
      title: r.title,
      fullName: `install test ${suite} ${r.title}`,
      status: r.status,
      duration: r.duration,
      failureMessages: r.status === 'failed' ? [r.message] : [],
    })),
  }));
  const result = {
    numTotalTestSuites: testResults.length,
    numPassedTestSuites: testResults.filter(s => s.status === 'passed').length,
    numFailedTestSuites: testResults.filter(s => s.status === 'failed').length,
    numTotalTests: lines.length,
    numPassedTests: count('passed'),
    numFailedTests: count('failed'),
    numPendingTests: count('pending'),
    numTodoTests: 0,
    success: count('failed') === 0 && lines.length > 0,
    startTime: Date.now(),
    testResults,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(
    `${result.numPassedTests} passed, ${result.numFailedTests} failed${
      result.numPendingTests ? `, ${result.numPendingTests} skipped` : ''
    }`,
  );
  return result.success ? 0 : 1;
}

module.exports = { record };

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'record') {
    record(...args);
  } else if (command === 'report') {
    process.exit(report(args[0]));
  } else {
    console.error('usage: results.js record|report ...');
    process.exit(2);
  }
}
