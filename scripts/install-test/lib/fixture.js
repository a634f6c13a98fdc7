#!/usr/bin/env node
/*
 * Prepares the create-app output for the install test. Node built-ins only.
 *
 *   fixture.js pin <app> <repo-root>      pin every @backstage/* to one release (see below)
 *   fixture.js pin-transitive <app>       pin the transitive @backstage/* from the lockfile
 *   fixture.js check-pins <app>           one version per @backstage/*, each the pinned one
 *   fixture.js legacy-app <app> <legacy>  packages/app of a `create-app --legacy` output as
 *                                         packages/app-legacy
 *   fixture.js scope-registry <app> <url> map @preflight/* to the local registry (.yarnrc.yml)
 *
 * Pinning: create-app writes `^<version of its release>` for each @backstage/* dependency, but
 * without the yarn.lock seed it fetches from GitHub (not reachable here, and a moving target
 * anyway) a plain install resolves some of them, and their transitive @backstage/* packages, to
 * later releases — e.g. a plugin-signals-backend that needs httpRouter.addWebSocketHandler from
 * a newer backend-defaults. So the root `resolutions` get: the @backstage/* pins of this
 * repository's root package.json (Backstage 1.55.0), the exact versions create-app templated
 * (the same release), and, after a lockfile-only resolution, the transitive ones at the lower
 * bound of the `^` ranges the pinned packages ask for (Backstage publishes `^<version in the
 * same release>`).
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function workspacePackageJsons(app) {
  const result = [path.join(app, 'package.json')];
  for (const group of ['packages', 'plugins']) {
    const dir = path.join(app, group);
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name, 'package.json');
      if (fs.existsSync(file)) result.push(file);
    }
  }
  return result;
}

function compareSemver(a, b) {
  const pa = a.split(/[.-]/).map(x => (/^\d+$/.test(x) ? Number(x) : x));
  const pb = b.split(/[.-]/).map(x => (/^\d+$/.test(x) ? Number(x) : x));
  for (let i = 0; i < 3; i++)
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  return 0;
}

/** name -> [{ range, resolution }] for every @backstage/* descriptor of a yarn.lock. */
function readLockfile(app) {
  const lock = fs.readFileSync(path.join(app, 'yarn.lock'), 'utf8');
  const entries = [];
  for (const chunk of lock.split(/\n(?=\S)/)) {
    const [keyLine] = chunk.split('\n');
    const version = chunk.match(/^ {2}version: "?([^"\n]+)"?$/m);
    for (const raw of keyLine.replace(/:$/, '').split(', ')) {
      const descriptor = raw.replace(/^"|"$/g, '');
      const m = descriptor.match(/^(@backstage\/[^@]+)@(?:npm:)?(.+)$/);
      if (m && version)
        entries.push({ name: m[1], range: m[2], version: version[1] });
    }
  }
  return entries;
}

const commands = {
  pin(app, repoRoot) {
    const rootPins = Object.fromEntries(
      Object.entries(
        readJson(path.join(repoRoot, 'package.json')).resolutions,
      ).filter(([n]) => n.startsWith('@backstage/')),
    );
    const templated = {};
    for (const file of workspacePackageJsons(app)) {
      const pkg = readJson(file);
      for (const deps of [pkg.dependencies, pkg.devDependencies]) {
        for (const [name, range] of Object.entries(deps || {})) {
          const m =
            name.startsWith('@backstage/') &&
            range.match(/^\^?(\d+\.\d+\.\d+\S*)$/);
          if (m) templated[name] = m[1];
        }
      }
    }
    const conflicts = Object.entries(templated).filter(
      ([name, version]) => rootPins[name] && rootPins[name] !== version,
    );
    for (const [name, version] of conflicts) {
      console.error(
        `${name}: create-app templated ${version}, this repository pins ${rootPins[name]}`,
      );
    }
    const pkg = readJson(path.join(app, 'package.json'));
    pkg.resolutions = { ...pkg.resolutions, ...templated, ...rootPins };
    writeJson(path.join(app, 'package.json'), pkg);
    console.log(
      `pinned ${
        Object.keys(rootPins).length
      } @backstage/* from the repository and ${
        Object.keys(templated).filter(n => !rootPins[n]).length
      } more from the create-app output`,
    );
    return conflicts.length ? 1 : 0;
  },

  'pin-transitive'(app) {
    const pkg = readJson(path.join(app, 'package.json'));
    const added = {};
    for (const { name, range } of readLockfile(app)) {
      if (pkg.resolutions[name]) continue;
      const m = range.match(/^\^(\d+\.\d+\.\d+)$/);
      if (!m) {
        console.error(
          `${name}@${range}: not a caret range, cannot derive its release version`,
        );
        continue;
      }
      if (!added[name] || compareSemver(m[1], added[name]) > 0)
        added[name] = m[1];
    }
    pkg.resolutions = { ...pkg.resolutions, ...added };
    writeJson(path.join(app, 'package.json'), pkg);
    console.log(
      `pinned ${
        Object.keys(added).length
      } transitive @backstage/*: ${Object.entries(added)
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')}`,
    );
    return 0;
  },

  'check-pins'(app) {
    const pins = readJson(path.join(app, 'package.json')).resolutions;
    const versions = new Map();
    for (const { name, version } of readLockfile(app)) {
      if (!versions.has(name)) versions.set(name, new Set());
      versions.get(name).add(version);
    }
    const problems = [];
    for (const [name, set] of versions) {
      const list = [...set];
      if (list.length > 1)
        problems.push(`${name}: several versions ${list.join(', ')}`);
      else if (!pins[name]) problems.push(`${name}@${list[0]}: not pinned`);
      else if (list[0] !== pins[name])
        problems.push(`${name}@${list[0]}: pinned ${pins[name]}`);
    }
    console.log(`${versions.size} @backstage/* packages in the lockfile`);
    for (const p of problems) console.error(p);
    return problems.length ? 1 : 0;
  },

  'legacy-app'(app, legacy) {
    const target = path.join(app, 'packages', 'app-legacy');
    fs.cpSync(path.join(legacy, 'packages', 'app'), target, {
      recursive: true,
    });
    const pkg = readJson(path.join(target, 'package.json'));
    pkg.name = 'app-legacy';
    writeJson(path.join(target, 'package.json'), pkg);
    return 0;
  },

  'scope-registry'(app, url) {
    const file = path.join(app, '.yarnrc.yml');
    const host = new URL(url).hostname;
    fs.appendFileSync(
      file,
      [
        '',
        '# install test: @preflight/* from the local registry of the packed tarballs',
        'npmScopes:',
        '  preflight:',
        `    npmRegistryServer: "${url}"`,
        'unsafeHttpWhitelist:',
        `  - "${host}"`,
        '',
      ].join('\n'),
    );
    return 0;
  },
};

const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  console.error(`usage: fixture.js ${Object.keys(commands).join('|')} ...`);
  process.exit(2);
}
process.exit(commands[command](...args));
