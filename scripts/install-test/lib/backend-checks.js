#!/usr/bin/env node
/*
 * The backend checks of the install test, against the fixture backend started with the Preflight
 * packages installed as the READMEs say. Node 18+ built-ins only (fetch).
 *
 *   backend-checks.js <base-url> <static-token> <entity-name> <scaffolder-module-readme>
 */
'use strict';
const fs = require('node:fs');
const { record } = require('./results');

const [base, token, entityName, scaffolderReadme] = process.argv.slice(2);
const SUITE = 'backend';
let failures = 0;

async function check(title, fn) {
  const start = Date.now();
  let status = 'passed';
  let message = '';
  try {
    await fn();
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

async function get(path, bearer, headers = {}) {
  const res = await fetch(`${base}${path}`, {
    headers: {
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...headers,
    },
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json, headers: res.headers };
}

function expectStatus(res, status, what) {
  if (res.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${res.status}: ${res.text.slice(
        0,
        500,
      )}`,
    );
  }
}

async function poll(what, fn, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      return await fn();
    } catch (error) {
      last = error;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `${what} (gave up after ${timeoutMs / 1000}s): ${last && last.message}`,
  );
}

/** The action ids of the README's Actions table. */
function documentedActions() {
  const text = fs.readFileSync(scaffolderReadme, 'utf8');
  return [...text.matchAll(/^\|\s*`(preflight:[\w:-]+)`\s*\|/gm)].map(
    m => m[1],
  );
}

(async () => {
  const entityPath = `/api/preflight/entities/component/default/${entityName}`;

  await check(
    'GET /api/preflight/health without credentials → 200 {"status":"ok"}',
    async () => {
      const res = await get('/api/preflight/health');
      expectStatus(res, 200, 'health');
      if (res.json?.status !== 'ok')
        throw new Error(`unexpected body ${res.text}`);
    },
  );

  await check(
    'GET /api/preflight/environments without credentials → 401',
    async () => {
      expectStatus(
        await get('/api/preflight/environments'),
        401,
        'environments',
      );
    },
  );

  await check(
    'GET /api/preflight/environments with a static external-access token → 200, the configured promotion path',
    async () => {
      const res = await get('/api/preflight/environments', token);
      expectStatus(res, 200, 'environments');
      const list = Array.isArray(res.json)
        ? res.json
        : res.json?.environments ?? res.json?.items;
      const names = (list || []).map(e => e.name).join(',');
      if (names !== 'dev,staging,production')
        throw new Error(`environments: ${res.text}`);
    },
  );

  await check(
    'GET /api/preflight/environments with a guest user token → 200',
    async () => {
      const session = await get('/api/auth/guest/refresh', undefined, {
        'x-requested-with': 'XMLHttpRequest',
      });
      expectStatus(session, 200, 'guest sign-in (/api/auth/guest/refresh)');
      const userToken = session.json?.backstageIdentity?.token;
      if (!userToken)
        throw new Error(`no token in ${session.text.slice(0, 300)}`);
      expectStatus(
        await get('/api/preflight/environments', userToken),
        200,
        'environments',
      );
    },
  );

  await check(
    'GET /api/kubernetes/clusters with a token → 200: the Kubernetes plugin accepted the clusters Preflight reads (every authProvider, localKubectlProxy, catalog)',
    async () => {
      const res = await get('/api/kubernetes/clusters', token);
      expectStatus(res, 200, 'kubernetes clusters');
      const names = (res.json?.items ?? []).map(c => c.name).sort();
      const expected = [
        'install-aks-azure',
        'install-aks-user',
        'install-eks',
        'install-gke-sa',
        'install-gke-user',
        'install-oidc',
        'install-sa',
        'local',
      ];
      const missing = expected.filter(n => !names.includes(n));
      if (missing.length)
        throw new Error(
          `clusters missing: ${missing.join(', ')} (got ${names.join(', ')})`,
        );
    },
  );

  await check(
    'GET /api/preflight/checks with a token → 200, the registered checks',
    async () => {
      const res = await get('/api/preflight/checks', token);
      expectStatus(res, 200, 'checks');
      const list = Array.isArray(res.json)
        ? res.json
        : res.json?.checks ?? res.json?.items;
      if (!Array.isArray(list) || list.length === 0)
        throw new Error(`no checks: ${res.text}`);
    },
  );

  await check(
    `GET ${entityPath}/readiness with a token → 200, every environment evaluated with checks`,
    async () => {
      await poll('entity in the catalog', async () =>
        expectStatus(
          await get(
            `/api/catalog/entities/by-name/component/default/${entityName}`,
            token,
          ),
          200,
          'catalog entity',
        ),
      );
      const res = await poll('readiness', async () => {
        const r = await get(`${entityPath}/readiness`, token);
        expectStatus(r, 200, 'readiness');
        return r;
      });
      const envs = res.json?.environments;
      if (!Array.isArray(envs) || envs.length !== 3) {
        throw new Error(`expected 3 environments: ${res.text.slice(0, 500)}`);
      }
      for (const env of envs) {
        const name = env.environment?.name ?? env.environment ?? env.name;
        if (!env.verdict)
          throw new Error(`no verdict for ${JSON.stringify(name)}`);
        if (!Array.isArray(env.checks) || env.checks.length === 0) {
          throw new Error(`no checks for ${JSON.stringify(name)}`);
        }
      }
    },
  );

  await check(
    `GET ${entityPath}/environments with a token → 200, desired state from the entity's manifests`,
    async () => {
      const res = await get(`${entityPath}/environments`, token);
      expectStatus(res, 200, 'entity environments');
      if (!res.text.includes('production'))
        throw new Error(res.text.slice(0, 500));
    },
  );

  await check(
    'GET /api/scaffolder/v2/actions with a token lists every preflight:* action of the README',
    async () => {
      const wanted = documentedActions();
      if (wanted.length === 0)
        throw new Error(`no preflight:* actions in ${scaffolderReadme}`);
      const res = await get('/api/scaffolder/v2/actions', token);
      expectStatus(res, 200, 'actions');
      const ids = new Set((res.json || []).map(a => a.id));
      const missing = wanted.filter(id => !ids.has(id));
      if (missing.length) throw new Error(`missing: ${missing.join(', ')}`);
    },
  );

  await check(
    'GET / serves the built app, whose scripts include the discovered @preflight/plugin-preflight',
    async () => {
      const res = await get('/');
      expectStatus(res, 200, 'app');
      const scripts = [
        ...res.text.matchAll(/<script[^>]*\ssrc="([^"]+)"/g),
      ].map(m => m[1]);
      if (scripts.length === 0)
        throw new Error(`no scripts in ${res.text.slice(0, 300)}`);
      let found = false;
      for (const src of scripts) {
        const js = await get(
          src.startsWith('http') ? new URL(src).pathname : src,
        );
        if (
          js.text.includes('"@preflight/plugin-preflight"') &&
          js.text.includes('./alpha')
        ) {
          found = true;
        }
      }
      if (!found)
        throw new Error(
          `none of ${scripts.join(', ')} lists @preflight/plugin-preflight`,
        );
    },
  );

  process.exit(failures ? 1 : 0);
})();
