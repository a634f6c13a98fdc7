#!/usr/bin/env node
/*
 * Follows the Preflight package READMEs in the fixture app, literally: runs the commands of their
 * install sections and applies their `// packages/...` snippets to the named files. A command
 * that fails or a snippet that does not apply is a failed check.
 *
 *   readme.js <repo-root> <app-dir> <log-dir>
 *
 * The plan below says which README sections are followed, and for which app: the frontend
 * README is followed twice, for the new frontend system app (`packages/app`, create-app's
 * default) and for the legacy one (`packages/app-legacy`, from `create-app --legacy`), its paths
 * `packages/app/...` read as `packages/app-legacy/...` there. Any install-like block (a `yarn
 * ... add` command or a snippet naming a file under packages/) of a README that the plan does not
 * cover is a failed check too, so that a new README step cannot go untested.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseMarkdown, snippetParts, applySnippet } = require('./snippets');
const { record } = require('./results');

const PLAN = [
  { readme: 'plugins/preflight-backend/README.md', section: 'Install' },
  {
    readme: 'plugins/scaffolder-backend-module-preflight/README.md',
    section: 'Install',
  },
  { readme: 'plugins/preflight-node/README.md', section: 'Install' },
  // the extension recipe: a complete module, type-checked in the backend package
  {
    readme: 'plugins/preflight-node/README.md',
    section: 'Add a check',
    compileAs: 'packages/backend/src/readme/preflightNodeAddACheck.ts',
  },
  {
    readme: 'plugins/preflight-node/README.md',
    section: 'Add a desired-state source',
    compileAs:
      'packages/backend/src/readme/preflightNodeAddADesiredStateSource.ts',
  },
  // its `yarn add @backstage/plugin-kubernetes-node` is not run (compileAs): the package is
  // already there, through @backstage/plugin-kubernetes-backend and -node
  {
    readme: 'plugins/preflight-node/README.md',
    section: 'Add a Kubernetes auth strategy',
    compileAs:
      'packages/backend/src/readme/preflightNodeAddAKubernetesAuthStrategy.ts',
  },
  { readme: 'plugins/preflight-common/README.md', section: '' },
  // new frontend system: the install command; discovery (app.packages: all) does the rest
  { readme: 'plugins/preflight/README.md', section: '' },
  // ... and the "without package discovery" alternative, applied to a copy of App.tsx
  {
    readme: 'plugins/preflight/README.md',
    section: 'New frontend system',
    copySuffix: '.withoutDiscovery',
  },
  // legacy frontend system, in the app created with `create-app --legacy`
  {
    readme: 'plugins/preflight/README.md',
    section: '',
    app: 'packages/app-legacy',
  },
  {
    readme: 'plugins/preflight/README.md',
    section: 'Legacy frontend system',
    app: 'packages/app-legacy',
  },
];

const [repoRoot, appDir, logDir] = process.argv.slice(2);
fs.mkdirSync(logDir, { recursive: true });
const SUITE = 'readme';
let failures = 0;
let logIndex = 0;

function check(title, fn) {
  const start = Date.now();
  let status = 'passed';
  let message = '';
  try {
    fn();
  } catch (error) {
    status = 'failed';
    message = error.message;
    failures++;
  }
  const seconds = (Date.now() - start) / 1000;
  record(SUITE, title, status, seconds, message);
  console.log(
    `  ${status === 'passed' ? '✓' : '✗'} ${title} (${seconds.toFixed(1)}s)`,
  );
  if (message) console.log(message.replace(/^/gm, '      '));
}

/** `packages/app` → the app the step is for. */
const forApp = (text, app) =>
  app ? text.replace(/\bpackages\/app(?![\w-])/g, app) : text;

function commandsOf(code) {
  return code
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));
}

function run(command) {
  const log = path.join(logDir, `readme-${++logIndex}.log`);
  const result = spawnSync('bash', ['-c', command], {
    cwd: appDir,
    encoding: 'utf8',
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  fs.writeFileSync(log, `$ ${command}\n${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n');
    throw new Error(
      `exit ${result.status}; last lines (full log ${log}):\n${output
        .slice(-15)
        .join('\n')}`,
    );
  }
}

const readmes = new Map();
const blocksOf = readme => {
  if (!readmes.has(readme)) {
    readmes.set(
      readme,
      parseMarkdown(fs.readFileSync(path.join(repoRoot, readme), 'utf8')),
    );
  }
  return readmes.get(readme);
};
const written = [];

for (const step of PLAN) {
  const where = `${step.readme} § ${step.section || 'introduction'}`;
  const blocks = blocksOf(step.readme).filter(
    b =>
      b.section === step.section &&
      ['sh', 'bash', 'shell', 'ts', 'tsx'].includes(b.lang),
  );
  if (blocks.length === 0) {
    check(`${where}: has the install steps the test follows`, () => {
      throw new Error(
        `no sh/ts code block in section "${step.section}" of ${step.readme}`,
      );
    });
    continue;
  }
  for (const block of blocks) {
    if (['sh', 'bash', 'shell'].includes(block.lang)) {
      if (step.compileAs || step.copySuffix) continue;
      for (const command of commandsOf(block.code)) {
        const actual = forApp(command, step.app);
        check(`${where}: $ ${actual}`, () => run(actual));
      }
      continue;
    }
    if (step.compileAs) {
      const file = path.join(appDir, step.compileAs);
      check(
        `${where}: snippet (${step.readme}:${block.line}) saved as ${step.compileAs} to type-check`,
        () => {
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, `${block.code}\n`);
          written.push({
            file: step.compileAs,
            from: `${step.readme}:${block.line}`,
          });
        },
      );
      continue;
    }
    // one part per file the snippet names; a snippet that names none is an illustration
    for (const part of snippetParts(block.code)) {
      const original = forApp(part.target, step.app);
      const relative = step.copySuffix
        ? original.replace(/(\.\w+)$/, `${step.copySuffix}$1`)
        : original;
      const as = relative === part.target ? '' : ` as ${relative}`;
      check(
        `${where}: apply the snippet (${step.readme}:${block.line}) for ${part.target}${as}`,
        () => {
          const originalFile = path.join(appDir, original);
          if (!fs.existsSync(originalFile))
            throw new Error(`${original} does not exist`);
          const file = path.join(appDir, relative);
          const source = fs.readFileSync(
            fs.existsSync(file) ? file : originalFile,
            'utf8',
          );
          const updated = applySnippet(source, part.code);
          if (updated === source && !step.copySuffix) {
            throw new Error('the snippet changed nothing (already applied?)');
          }
          fs.writeFileSync(file, updated);
          written.push({
            file: relative,
            from: `${step.readme}:${block.line}`,
          });
        },
      );
    }
  }
}

// Every install-like block must be followed by the plan above.
const covered = new Set(PLAN.map(s => `${s.readme}#${s.section}`));
const uncovered = [];
for (const readme of fs
  .readdirSync(path.join(repoRoot, 'plugins'))
  .map(p => `plugins/${p}/README.md`)
  .filter(p => fs.existsSync(path.join(repoRoot, p)))) {
  for (const block of blocksOf(readme)) {
    const installLike =
      (['sh', 'bash', 'shell'].includes(block.lang) &&
        /\byarn\b.*\badd\b/.test(block.code)) ||
      (['ts', 'tsx', 'js', 'jsx'].includes(block.lang) &&
        snippetParts(block.code).length > 0);
    if (installLike && !covered.has(`${readme}#${block.section}`)) {
      uncovered.push(
        `${readme}:${block.line} (§ ${block.section || 'introduction'})`,
      );
    }
  }
}
check(
  'every install step of the package READMEs is followed by the install test',
  () => {
    if (uncovered.length) {
      throw new Error(
        `not followed (add them to the plan of scripts/install-test/lib/readme.js):\n${uncovered.join(
          '\n',
        )}`,
      );
    }
  },
);

fs.writeFileSync(
  path.join(logDir, 'readme-files.json'),
  JSON.stringify(written, null, 2),
);
process.exit(failures ? 1 : 0);
