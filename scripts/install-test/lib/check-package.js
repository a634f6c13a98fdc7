#!/usr/bin/env node
/*
 * Checks one packed Preflight package the way a consumer sees it: its package.json as published
 * (after `backstage-cli package prepack`) and the files of the tarball. Node built-ins only.
 *
 *   check-package.js <tarball> <package-source-dir>
 *
 * Prints the problems, one a line, and exits 1 when there are any:
 * - entry points (`main`, `module`, `types`, every `exports` target, `typesVersions`) exist;
 * - no `workspace:` range is left in the dependencies;
 * - the Backstage metadata a consumer relies on: the role, feature detection of the default
 *   export (`backstage.features`), `./alpha` exported with its types for frontend plugins, the
 *   compiled `configSchema` when the source has a config.d.ts, migrations for a backend plugin
 *   that has them;
 * - no sources, tests or fixtures are shipped;
 * - every package that the built code imports (require, import, import()) or its type
 *   declarations reference is a declared dependency or peer dependency.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');
const { readTarball } = require('./tar');

const [tarball, sourceDir] = process.argv.slice(2);
const files = new Map(
  readTarball(tarball)
    .filter(e => e.type === '0')
    .map(e => [e.name.replace(/^package\//, ''), e.body]),
);
const pkg = JSON.parse(files.get('package.json').toString('utf8'));
const source = JSON.parse(
  fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8'),
);
const problems = [];
const has = p => files.has(p.replace(/^\.\//, ''));

for (const field of ['main', 'module', 'types']) {
  if (pkg[field] && !has(pkg[field]))
    problems.push(`"${field}": ${pkg[field]} is not in the tarball`);
}
if (!pkg.main) problems.push('no "main"');
if (!pkg.types) problems.push('no "types"');

function exportTargets(value, at) {
  if (typeof value === 'string') return [[at, value]];
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      k === 'backstage' ? [] : exportTargets(v, `${at}.${k}`),
    );
  }
  return [];
}
for (const [at, target] of exportTargets(pkg.exports, 'exports')) {
  if (!has(target)) problems.push(`"${at}": ${target} is not in the tarball`);
  if (/(^|\/)src\//.test(target))
    problems.push(`"${at}" points into src/: ${target}`);
}
for (const [entry, targets] of Object.entries(pkg.typesVersions?.['*'] ?? {})) {
  for (const target of targets) {
    if (!has(target))
      problems.push(
        `"typesVersions.*.${entry}": ${target} is not in the tarball`,
      );
  }
}
// every exported entry point of the source is published, with types
for (const mount of Object.keys(source.exports ?? {})) {
  if (mount === './package.json') continue;
  const exp = pkg.exports?.[mount];
  if (!exp)
    problems.push(`the source exports "${mount}", the package does not`);
  else if (typeof exp === 'object' && !exp.types)
    problems.push(`"exports.${mount}" has no types`);
}

for (const field of [
  'dependencies',
  'peerDependencies',
  'optionalDependencies',
]) {
  for (const [name, range] of Object.entries(pkg[field] ?? {})) {
    if (/^(workspace|link|file|portal):/.test(range))
      problems.push(`${field}.${name}: ${range}`);
  }
}

const role = pkg.backstage?.role;
if (!role) problems.push('no "backstage.role"');
if (role === 'backend-plugin' || role === 'backend-plugin-module') {
  if (pkg.backstage?.features?.['.'] !== '@backstage/BackendFeature') {
    problems.push(
      'the default export is not detected as a BackendFeature ("backstage.features")',
    );
  }
  if (role === 'backend-plugin-module' && !pkg.backstage.pluginPackage) {
    problems.push('no "backstage.pluginPackage" for a backend module');
  }
}
if (role === 'frontend-plugin') {
  if (!pkg.exports?.['./alpha']) problems.push('no "./alpha" export');
  if (pkg.backstage?.features?.['./alpha'] !== '@backstage/FrontendPlugin') {
    problems.push(
      '"./alpha" is not detected as a FrontendPlugin ("backstage.features")',
    );
  }
  if (pkg.main && /\.cjs\.js$/.test(pkg.main))
    problems.push(
      `"main" is CommonJS (${pkg.main}) but frontend plugins build ESM only`,
    );
}
if (
  [
    'frontend-plugin',
    'backend-plugin',
    'backend-plugin-module',
    'common-library',
    'node-library',
  ].includes(role) &&
  !pkg.backstage?.pluginId
) {
  problems.push('no "backstage.pluginId"');
}
if (fs.existsSync(path.join(sourceDir, 'config.d.ts'))) {
  if (!pkg.configSchema)
    problems.push(
      'the source has config.d.ts but the package no "configSchema"',
    );
  else if (!has(pkg.configSchema))
    problems.push(`"configSchema": ${pkg.configSchema} is not in the tarball`);
}
if (fs.existsSync(path.join(sourceDir, 'migrations'))) {
  const sourceMigrations = fs.readdirSync(path.join(sourceDir, 'migrations'));
  for (const m of sourceMigrations) {
    if (!has(`migrations/${m}`))
      problems.push(`migrations/${m} is not in the tarball`);
  }
}
if (!has('README.md')) problems.push('no README.md');
for (const name of files.keys()) {
  if (
    /^src\/|\.test\.|__fixtures__|__testUtils__|__mocks__|setupTests|\.tsbuildinfo$/.test(
      name,
    )
  ) {
    problems.push(`ships ${name}`);
  }
}

// Imports of the built code and its type declarations must be declared dependencies.
const declared = new Set([
  pkg.name,
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.peerDependencies ?? {}),
  ...Object.keys(pkg.optionalDependencies ?? {}),
]);
const builtins = new Set(builtinModules);
const undeclared = new Map();
for (const [name, body] of files) {
  if (!/\.(c|m)?js$|\.d\.ts$/.test(name) || name.endsWith('.map')) continue;
  const text = body.toString('utf8');
  const specifiers = [
    ...text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
    ...text.matchAll(
      /^\s*(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
    ),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
  ].map(m => m[1]);
  for (const spec of specifiers) {
    if (
      spec.startsWith('.') ||
      spec.startsWith('/') ||
      spec.startsWith('node:')
    )
      continue;
    const parts = spec.split('/');
    const dep = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
    if (builtins.has(dep) || declared.has(dep)) continue;
    if (name.endsWith('.d.ts') && declared.has(`@types/${dep}`)) continue;
    if (!undeclared.has(dep)) undeclared.set(dep, name);
  }
}
for (const [dep, file] of undeclared) {
  problems.push(
    `${file} imports ${dep}, which is not a dependency or peer dependency`,
  );
}

for (const p of problems) console.log(p);
process.exit(problems.length ? 1 : 0);
