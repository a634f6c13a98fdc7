#!/usr/bin/env node
/*
 * A tiny, read-only npm registry for the packed Preflight tarballs, so that the fixture app can
 * follow the package READMEs literally: `yarn --cwd packages/backend add @preflight/plugin-…`
 * resolves `@preflight/*` here (the fixture's .yarnrc.yml maps the scope to this server) and every
 * other package from the usual registry. Node built-ins only.
 *
 *   node registry.js <tarball-dir> <port-file> [<log-file>]
 *
 * Listens on 127.0.0.1 (random port, written to <port-file>); serves
 *   GET /<name>        the packument of every *.tgz in <tarball-dir> (one version each)
 *   GET /-/<file.tgz>  the tarball
 * Publication times are reported as old, so that a `npmMinimalAgeGate` (create-app sets 3 days)
 * does not hide the packages.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const crypto = require('node:crypto');
const { readTarball } = require('./tar');

const [dir, portFile, logFile] = process.argv.slice(2);
if (!dir || !portFile) {
  console.error('usage: registry.js <tarball-dir> <port-file> [<log-file>]');
  process.exit(2);
}
const log = line => {
  if (logFile)
    fs.appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
};

/** One file of a .tgz, as text. */
function readFromTarball(file, wanted) {
  const entry = readTarball(file).find(e => e.name === wanted);
  if (!entry) throw new Error(`${wanted} not found in ${file}`);
  return entry.body.toString('utf8');
}

const OLD = '2020-01-01T00:00:00.000Z';
const packages = new Map(); // name -> { manifest, file, shasum, integrity }
for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const full = path.join(dir, file);
  const manifest = JSON.parse(readFromTarball(full, 'package/package.json'));
  const data = fs.readFileSync(full);
  packages.set(manifest.name, {
    manifest,
    file,
    shasum: crypto.createHash('sha1').update(data).digest('hex'),
    integrity: `sha512-${crypto
      .createHash('sha512')
      .update(data)
      .digest('base64')}`,
  });
}

const server = http.createServer((req, res) => {
  const url = decodeURIComponent((req.url || '/').split('?')[0]);
  const { port } = server.address();
  const base = `http://127.0.0.1:${port}`;
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  if (url.startsWith('/-/')) {
    const entry = [...packages.values()].find(p => `/-/${p.file}` === url);
    log(`${req.method} ${url} ${entry ? 200 : 404}`);
    if (!entry) return send(404, '{"error":"not found"}');
    return send(
      200,
      fs.readFileSync(path.join(dir, entry.file)),
      'application/octet-stream',
    );
  }
  const entry = packages.get(url.slice(1));
  log(`${req.method} ${url} ${entry ? 200 : 404}`);
  if (!entry) return send(404, '{"error":"not found"}');
  const { manifest } = entry;
  const version = manifest.version;
  return send(
    200,
    JSON.stringify({
      name: manifest.name,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          ...manifest,
          _id: `${manifest.name}@${version}`,
          dist: {
            tarball: `${base}/-/${encodeURIComponent(entry.file)}`,
            shasum: entry.shasum,
            integrity: entry.integrity,
          },
        },
      },
      time: { created: OLD, modified: OLD, [version]: OLD },
    }),
  );
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  fs.writeFileSync(portFile, String(port));
  log(`listening on ${port}: ${[...packages.keys()].join(', ')}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
