#!/usr/bin/env node
/*
 * Browser tests of the example app: Playwright (`playwright-core`, no bundled browser) driving
 * Debian's Chromium. Plain Node, CommonJS, no build step. See e2e/README.md.
 *
 * Stages, each timed:
 *   1. browser   - /usr/bin/chromium must exist (scripts/e2e/install-browser.sh installs it)
 *   2. build     - `backstage-cli package build` of packages/app (the static bundle)
 *   3. backend   - ONE process: packages/backend on E2E_PORT, which also serves the bundle through
 *                  @backstage/plugin-app-backend; waits for /.backstage/health/v1/readiness
 *   4. catalog   - waits until the catalog has ingested the demo estate
 *   5. tests     - the cases of e2e/tests.js, each in a fresh page; any browser console error or
 *                  uncaught page error fails the case (allow-list: ALLOWED_CONSOLE_ERRORS below)
 *   6. live-server - only for cases with `needs: 'kubernetes-double'`: stops the demo backend,
 *                  starts e2e/kubernetes-double.ts (a Kubernetes API on 127.0.0.1) and the backend
 *                  again with a config file that gives Development that cluster
 *   7. live-tests - those cases, like stage 5
 * Stages 2-4 are skipped with E2E_BASE_URL (servers already running, e.g. `make start`); the
 * kubernetes-double cases are then reported as pending (the runner cannot give those servers a
 * cluster).
 * Whatever it started is stopped (whole process group) at the end, also on failure or Ctrl-C.
 *
 * Report: .test-output/e2e.json in the shape of Jest's --json report, read by
 * scripts/test-summary.js (so `.ci/run`'s totals include the browser tests).
 *
 * Environment:
 *   E2E_PORT              backend (and app) port when the runner starts the servers (7007)
 *   E2E_BASE_URL          use running servers: the app's URL, e.g. http://localhost:3000
 *   E2E_BACKEND_URL       with E2E_BASE_URL: the backend's URL when it differs from the app's
 *   E2E_SKIP_BUILD=1      reuse packages/app/dist as it is (iterating on the tests only)
 *   E2E_ONLY=a,b          run only these cases (names from tests.js / upcoming.js)
 *   E2E_UPCOMING=a,b|all  also run the drafted cases for views not built yet (upcoming.js)
 *   E2E_CHROMIUM          browser path (/usr/bin/chromium)
 *   E2E_START_TIMEOUT_MS  bound for the backend's readiness (120000)
 *   E2E_TEST_TIMEOUT_MS   bound for one case (60000)
 *   E2E_HEADED=1          show the browser (needs a display)
 */
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const net = require('node:net');
const path = require('node:path');
const { spawn } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const APP_DIR = path.join(ROOT, 'packages', 'app');
const BACKEND_DIR = path.join(ROOT, 'packages', 'backend');
const REPORT_DIR = path.join(ROOT, '.test-output');
const REPORT_FILE = path.join(REPORT_DIR, 'e2e.json');
const LOG_DIR = path.join(REPORT_DIR, 'e2e');
const SCREENSHOT_DIR = path.join(__dirname, 'screenshots');
const CONFIG_FILE = path.join(ROOT, 'app-config.yaml');

const env = process.env;
const PORT = Number(env.E2E_PORT || 7007);
const REUSE = Boolean(env.E2E_BASE_URL);
const BASE_URL = (env.E2E_BASE_URL || `http://localhost:${PORT}`).replace(
  /\/$/,
  '',
);
const BACKEND_URL = (env.E2E_BACKEND_URL || BASE_URL).replace(/\/$/, '');
const CHROMIUM = env.E2E_CHROMIUM || '/usr/bin/chromium';
const START_TIMEOUT_MS = Number(env.E2E_START_TIMEOUT_MS || 120_000);
const TEST_TIMEOUT_MS = Number(env.E2E_TEST_TIMEOUT_MS || 60_000);
const CATALOG_TIMEOUT_MS = 60_000;

// Chromium as root, without the sandbox, GPU or any connection of its own to outside hosts.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Browser console errors that do not fail a case. Each entry says why it is harmless; every
 * message it lets through is still printed ("allowed console error (...)"). The production
 * bundle that the runner builds logs no console error at all today, so no entry applies to the
 * default run.
 * @type {{ id: string, reason: string, test: (text: string) => boolean }[]}
 */
const ALLOWED_CONSOLE_ERRORS = [
  {
    id: 'react-dev-warning-in-dependency',
    reason:
      'React development-mode warning raised inside a dependency (MUI v4 findDOMNode, material-table ' +
      'defaultProps, Backstage ExtensionBoundary keys); only a development bundle (a dev server, ' +
      'E2E_BASE_URL=http://localhost:3000) contains these warnings; the component that triggers ' +
      'it is third-party code, not Preflight',
    test: text => {
      if (!/^Warning: /.test(text)) return false;
      // The first stack frame with a source location must be a dependency's module, so a warning
      // raised by Preflight's own components (plugins/...) still fails the case.
      const frame = /\(webpack-internal:\/\/\/([^)\s]+)\)/.exec(text);
      return Boolean(frame) && frame[1].startsWith('../../node_modules/');
    },
  },
];

// ---------------------------------------------------------------------------------------------

const t0 = Date.now();
const stages = [];
const log = msg => console.log(`[e2e] ${msg}`);
const secs = ms => `${(ms / 1000).toFixed(1)}s`;

async function stage(name, fn) {
  const start = Date.now();
  log(`stage ${name} ...`);
  try {
    const result = await fn();
    const ms = Date.now() - start;
    stages.push({ name, ms, ok: true });
    log(`stage ${name}: done in ${secs(ms)}`);
    return result;
  } catch (error) {
    const ms = Date.now() - start;
    stages.push({ name, ms, ok: false });
    log(`stage ${name}: FAILED after ${secs(ms)}`);
    throw error;
  }
}

// ---- processes ------------------------------------------------------------------------------

/** Processes started here, each the leader of its own process group. */
const children = new Set();

function startProcess(name, command, args, options) {
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(command, args, {
    ...options,
    stdio: ['ignore', out, out],
    detached: true, // own process group: killed as a whole
  });
  fs.closeSync(out);
  child.logFile = logFile;
  child.label = name;
  child.exited = new Promise(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  children.add(child);
  child.exited.then(() => children.delete(child));
  return child;
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    killGroup(child, 'SIGKILL'); // grandchildren left behind, if any
    return;
  }
  killGroup(child, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
  await child.exited;
  clearTimeout(timer);
  killGroup(child, 'SIGKILL');
}

async function stopAll() {
  await Promise.all([...children].map(stopProcess));
}

// Last resort when the runner itself is ended: never leave a server behind.
process.on('exit', () => {
  for (const child of children) killGroup(child, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    log(`${sig}: stopping what was started`);
    stopAll().finally(() => process.exit(130));
  });
}

function tail(file, lines = 40) {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .trimEnd()
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no log)';
  }
}

async function runToEnd(name, command, args, options) {
  const child = startProcess(name, command, args, options);
  const { code, signal } = await child.exited;
  if (code !== 0) {
    throw new Error(
      `${name} failed (${signal || `exit ${code}`}); log ${path.relative(
        ROOT,
        child.logFile,
      )}:\n${tail(child.logFile)}`,
    );
  }
}

function portInUse(port) {
  const tryHost = host =>
    new Promise(resolve => {
      const socket = net.connect({ port, host });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
      socket.setTimeout(1000, () => {
        socket.destroy();
        resolve(false);
      });
    });
  return Promise.all([tryHost('127.0.0.1'), tryHost('::1')]).then(r =>
    r.some(Boolean),
  );
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

// eslint-disable-next-line no-control-regex
const stripAnsi = s => s.replace(/\u001b\[[0-9;]*m/g, '');

/** The text appended to a file since `offset` (whole lines only) and the new offset. */
function readFrom(file, offset) {
  try {
    const size = fs.statSync(file).size;
    if (size <= offset) return { text: '', offset };
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    return {
      text: text.slice(0, end),
      offset: offset + Buffer.byteLength(text.slice(0, end)),
    };
  } catch {
    return { text: '', offset };
  }
}

// ---- stages ---------------------------------------------------------------------------------

function resolveFrom(dir, request) {
  return require.resolve(request, { paths: [dir, ROOT] });
}

function checkBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: run scripts/e2e/install-browser.sh (installs Debian's chromium; as root)`,
    );
  }
  try {
    return require(resolveFrom(ROOT, 'playwright-core'));
  } catch {
    throw new Error(
      'playwright-core is not installed: run `yarn install` in the repository root',
    );
  }
}

async function buildApp() {
  const cliPkg = resolveFrom(APP_DIR, '@backstage/cli/package.json');
  const cliBin = path.join(
    path.dirname(cliPkg),
    require(cliPkg).bin['backstage-cli'],
  );
  // --config: exactly the committed configuration (no app-config.local.yaml of a developer).
  await runToEnd(
    'app-build',
    process.execPath,
    [cliBin, 'package', 'build', '--config', CONFIG_FILE],
    {
      cwd: APP_DIR,
      env: { ...env, NODE_ENV: 'production' },
    },
  );
  if (!fs.existsSync(path.join(APP_DIR, 'dist', 'index.html'))) {
    throw new Error('the app build wrote no packages/app/dist/index.html');
  }
}

/**
 * Starts packages/backend on PORT. `name` names its log; `extraConfig` is a config file read after
 * app-config.yaml (the live-cluster cases' overrides). Returns the process once it is ready.
 */
async function startBackend({ name = 'backend', extraConfig } = {}) {
  if (await portInUse(PORT)) {
    throw new Error(
      `port ${PORT} is already in use (another backend?): stop it or pick another port, e.g. E2E_PORT=${
        PORT + 100
      }`,
    );
  }
  // What `backstage-cli package start` runs for a backend, without its file watcher (edits
  // elsewhere in the repository must not restart the server in the middle of a test).
  const transform = backstageTransform();
  const url = `http://localhost:${PORT}`;
  const child = startProcess(
    name,
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index.ts',
      '--config',
      CONFIG_FILE,
      ...(extraConfig ? ['--config', extraConfig] : []),
    ],
    {
      cwd: BACKEND_DIR,
      env: {
        ...env,
        // Guest sign-in is only offered outside production (auth-backend-module-guest-provider).
        NODE_ENV: 'development',
        // The backend serves the app bundle itself: app and backend share one origin.
        APP_CONFIG_app_baseUrl: url,
        APP_CONFIG_backend_baseUrl: url,
        APP_CONFIG_backend_listen_port: String(PORT),
        APP_CONFIG_backend_cors_origin: url,
      },
    },
  );
  log(`${name} pid ${child.pid}, log ${path.relative(ROOT, child.logFile)}`);
  await waitForReadiness(child);
  return child;
}

function backstageTransform() {
  return resolveFrom(
    path.dirname(resolveFrom(BACKEND_DIR, '@backstage/cli/package.json')),
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
}

// ---- live state: a loopback Kubernetes API double ---------------------------------------------

/** Cases with `needs: KUBERNETES_DOUBLE` run against a backend whose Development reads it. */
const KUBERNETES_DOUBLE = 'kubernetes-double';
const DOUBLE_TOKEN = 'e2e-kubernetes-double-token';
/**
 * The signed-in user's token for the double's Staging cluster (`authProvider: oidc`,
 * `oidcTokenProvider: e2e`): the example app's test OIDC provider `e2e` gives it
 * (packages/app/src/modules/kubernetesAuth), the cluster accepts no other.
 */
const USER_TOKEN = 'e2e-user-oidc-token';

/**
 * Starts e2e/kubernetes-double.ts (127.0.0.1, a free port) and writes the config file that makes
 * the `dev` environment of app-config.yaml read it. Returns the config file's path.
 */
async function startKubernetesDouble() {
  const child = startProcess(
    KUBERNETES_DOUBLE,
    process.execPath,
    [
      '--require',
      backstageTransform(),
      path.join(__dirname, 'kubernetes-double.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...env,
        E2E_K8S_TOKEN: DOUBLE_TOKEN,
        E2E_K8S_USER_TOKEN: USER_TOKEN,
      },
    },
  );
  const deadline = Date.now() + 30_000;
  let url;
  let productionUrl;
  let stagingUrl;
  while (!url || !productionUrl || !stagingUrl) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `the Kubernetes double exited before listening; log:\n${tail(
          child.logFile,
        )}`,
      );
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the Kubernetes double did not listen within 30s; log:\n${tail(
          child.logFile,
        )}`,
      );
    }
    const text = readFrom(child.logFile, 0).text;
    const match = /double listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    const production =
      /production listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    const staging = /staging listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(
      text,
    );
    if (match) url = match[1];
    if (production) productionUrl = production[1];
    if (staging) stagingUrl = staging[1];
    if (!url || !productionUrl || !stagingUrl) await sleep(200);
  }
  log(
    `kubernetes double ${url}, production ${productionUrl}, staging ${stagingUrl} (pid ${child.pid})`,
  );

  // The promotion path of app-config.yaml, with a cluster for Development and one for Production
  // (arrays of a later config file replace the earlier ones, so the whole list is written).
  const { parse, stringify } = require(resolveFrom(ROOT, 'yaml'));
  const demo = parse(fs.readFileSync(CONFIG_FILE, 'utf8'));
  const clusterOf = {
    dev: 'e2e-dev',
    staging: 'e2e-staging',
    production: 'e2e-prod',
  };
  const environments = demo.preflight.environments.map(e =>
    clusterOf[e.name]
      ? { ...e, cluster: clusterOf[e.name], namespace: 'shop' }
      : e,
  );
  const file = path.join(LOG_DIR, 'kubernetes-double.app-config.yaml');
  fs.writeFileSync(
    file,
    stringify({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'e2e-dev',
                url,
                authProvider: 'serviceAccount',
                serviceAccountToken: DOUBLE_TOKEN,
              },
              {
                name: 'e2e-prod',
                url: productionUrl,
                authProvider: 'serviceAccount',
                serviceAccountToken: DOUBLE_TOKEN,
              },
              // Read with the signed-in user's token (the app's test OIDC provider `e2e`).
              {
                name: 'e2e-staging',
                url: stagingUrl,
                authProvider: 'oidc',
                oidcTokenProvider: 'e2e',
              },
            ],
          },
        ],
      },
      preflight: { environments },
      // The app's extensions of app-config.yaml, and the test OIDC provider's token.
      app: {
        extensions: [
          ...(demo.app.extensions ?? []),
          {
            'api:kubernetes/auth-providers': {
              config: { testOidcToken: USER_TOKEN },
            },
          },
        ],
      },
    }),
  );
  return file;
}

async function waitForReadiness(child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const readiness = `${BACKEND_URL}/.backstage/health/v1/readiness`;
  let last = '';
  let logOffset = 0;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `the backend exited (${
          child.signalCode || `exit ${child.exitCode}`
        }) before it was ready; log:\n${tail(child.logFile)}`,
      );
    }
    if (child) {
      // A plugin that fails to start leaves the process up with readiness 503: stop waiting.
      const { text, offset } = readFrom(child.logFile, logOffset);
      logOffset = offset;
      const fatal = text
        .split('\n')
        .find(line => /Backend startup failed/.test(line));
      if (fatal) {
        const plain = stripAnsi(text);
        const start = plain.indexOf('Backend startup failed');
        throw new Error(
          `the backend did not start: ${plain.slice(start, start + 1500)}`,
        );
      }
    }
    try {
      const res = await fetch(readiness, { signal: AbortSignal.timeout(5000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code || error.message;
    }
    await sleep(500);
  }
  throw new Error(
    `${readiness} was not 200 within ${secs(START_TIMEOUT_MS)} (last: ${last})${
      child ? `; log:\n${tail(child.logFile)}` : ''
    }`,
  );
}

/** A Backstage token of the guest user, for the few API reads the runner and cases make. */
let guestToken;
async function backendApi(apiPath) {
  if (!guestToken) {
    const res = await fetch(
      `${BACKEND_URL}/api/auth/guest/refresh?env=development`,
      {
        headers: { 'X-Requested-With': 'XMLHttpRequest' },
      },
    );
    if (!res.ok)
      throw new Error(
        `guest sign-in through the API: HTTP ${res.status} ${await res.text()}`,
      );
    guestToken = (await res.json()).backstageIdentity.token;
  }
  const res = await fetch(`${BACKEND_URL}${apiPath}`, {
    headers: { Authorization: `Bearer ${guestToken}` },
  });
  if (!res.ok)
    throw new Error(`GET ${apiPath}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}

const DEMO_ENTITIES = [
  'component:default/checkout-api',
  'component:default/cart-service',
  'component:default/payments-api',
  'component:default/catalog-web',
  'template:default/preflight-node-service',
];

/** The catalog ingests examples/ a few seconds after start: wait for it rather than flake. */
async function waitForCatalog() {
  const deadline = Date.now() + CATALOG_TIMEOUT_MS;
  let missing = DEMO_ENTITIES;
  while (Date.now() < deadline) {
    try {
      const { items } = await backendApi(
        `/api/catalog/entities/by-query?filter=kind=component,kind=template&fields=kind,metadata.name,metadata.namespace&limit=500`,
      );
      const have = new Set(
        items.map(e =>
          `${e.kind}:${e.metadata.namespace || 'default'}/${
            e.metadata.name
          }`.toLowerCase(),
        ),
      );
      missing = DEMO_ENTITIES.filter(ref => !have.has(ref));
      if (missing.length === 0) return;
    } catch (error) {
      missing = [`(${error.message})`];
    }
    await sleep(1000);
  }
  // Not fatal: the cases that need these entities fail with their own, more precise message.
  log(
    `WARNING: after ${secs(
      CATALOG_TIMEOUT_MS,
    )} the catalog still lacks ${missing.join(', ')}`,
  );
}

// ---- browser cases ---------------------------------------------------------------------------

function loadCases() {
  const active = require('./tests.js');
  const upcoming = require('./upcoming.js');
  const wantUpcoming = (env.E2E_UPCOMING || '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const chosen = [
    ...active,
    ...upcoming.filter(
      c => wantUpcoming.includes('all') || wantUpcoming.includes(c.name),
    ),
  ];
  const unknown = wantUpcoming.filter(
    n => n !== 'all' && !upcoming.some(c => c.name === n),
  );
  if (unknown.length)
    throw new Error(
      `E2E_UPCOMING names no drafted case: ${unknown.join(', ')}`,
    );
  const only = (env.E2E_ONLY || '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  if (only.length === 0) return chosen;
  const all = [...active, ...upcoming];
  const missing = only.filter(n => !all.some(c => c.name === n));
  if (missing.length)
    throw new Error(`E2E_ONLY names no case: ${missing.join(', ')}`);
  return all.filter(c => only.includes(c.name));
}

class AssertionError extends Error {}

/** The helpers a case receives: its page plus small, explicit assertions. */
function caseContext(page, screenshots) {
  const t = {
    page,
    baseUrl: BASE_URL,
    api: backendApi,
    /** Fails unless the locator's first match becomes visible. */
    async visible(locator, what, timeout = 20_000) {
      try {
        await locator.first().waitFor({ state: 'visible', timeout });
      } catch {
        throw new AssertionError(
          `expected ${what} to be visible (waited ${secs(
            timeout,
          )}) on ${page.url()}`,
        );
      }
      return locator.first();
    },
    ok(condition, message) {
      if (!condition) throw new AssertionError(message);
    },
    equal(actual, expected, what) {
      const a = JSON.stringify(actual);
      const e = JSON.stringify(expected);
      if (a !== e) throw new AssertionError(`${what}: expected ${e}, got ${a}`);
    },
    /** Opens a path of the app; signs in as Guest when the sign-in page shows instead. */
    async open(appPath) {
      await page.goto(BASE_URL + appPath);
      const enter = page.getByRole('button', { name: /^enter$/i });
      // The sidebar's links (the <nav> itself has no height: its content is positioned).
      const shell = page
        .getByRole('navigation', { name: 'sidebar nav' })
        .getByRole('link')
        .first();
      await t.visible(
        enter.or(shell),
        'the app (sign-in page or navigation)',
        30_000,
      );
      if (await enter.isVisible()) {
        await enter.click();
        await t.visible(
          shell,
          'the app navigation after Guest sign-in',
          30_000,
        );
      }
    },
    /** Full-page screenshot of the current view to e2e/screenshots/<name>.png. */
    async screenshot(name) {
      await page.mouse.move(0, 0); // no hover highlight from the last click
      await page.evaluate(() => document.fonts && document.fonts.ready);
      await settle(page);
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await fullPageScreenshot(page, file);
      screenshots.push(path.relative(ROOT, file));
    },
  };
  return t;
}

/** Waits until no network request has been in flight for a moment (bounded). */
async function settle(page) {
  try {
    await page.waitForLoadState('networkidle', { timeout: 5000 });
  } catch {
    /* a long poll keeps the network busy: take the view as it is */
  }
  await page.waitForTimeout(300); // animations (MUI ripple, table fade-in)
}

/**
 * Playwright's fullPage screenshot draws fixed elements (Backstage's sidebar) at the wrong place;
 * growing the viewport to the page's height renders the page as a taller window would.
 */
async function fullPageScreenshot(page, file) {
  const viewport = page.viewportSize();
  const height = await page.evaluate(() =>
    Math.max(
      document.documentElement.scrollHeight,
      document.body ? document.body.scrollHeight : 0,
    ),
  );
  const tall = Math.min(Math.max(height, viewport.height), 4000);
  if (tall !== viewport.height) {
    await page.setViewportSize({ width: viewport.width, height: tall });
    await page.waitForTimeout(200);
  }
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  if (tall !== viewport.height) await page.setViewportSize(viewport);
}

async function runCase(context, testCase) {
  const started = Date.now();
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', msg => {
    if (msg.type() === 'error') {
      const where = msg.location();
      consoleErrors.push({
        kind: 'console.error',
        text: msg.text(),
        where: where && where.url ? `${where.url}:${where.lineNumber}` : '',
      });
    }
  });
  page.on('pageerror', error =>
    consoleErrors.push({
      kind: 'uncaught',
      text: String(error.stack || error.message || error),
    }),
  );
  page.on('crash', () =>
    consoleErrors.push({ kind: 'crash', text: 'the page crashed' }),
  );

  const screenshots = [];
  const failures = [];
  const t = caseContext(page, screenshots);
  let timer;
  try {
    await Promise.race([
      testCase.run(t),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${secs(TEST_TIMEOUT_MS)}`)),
          TEST_TIMEOUT_MS,
        );
      }),
    ]);
    await page.waitForTimeout(250); // errors logged by the last render
  } catch (error) {
    failures.push(
      error instanceof AssertionError
        ? error.message
        : String(error.stack || error),
    );
    try {
      fs.mkdirSync(LOG_DIR, { recursive: true });
      const file = path.join(LOG_DIR, `${testCase.name}.failed.png`);
      await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
      failures.push(`screenshot of the failure: ${path.relative(ROOT, file)}`);
    } catch {
      /* the page is gone */
    }
  } finally {
    clearTimeout(timer);
  }

  const allowed = [];
  const fatal = [];
  for (const e of consoleErrors) {
    const rule = ALLOWED_CONSOLE_ERRORS.find(r => r.test(e.text));
    (rule ? allowed : fatal).push(rule ? { ...e, rule: rule.id } : e);
  }
  const allowedLines = [
    ...new Set(
      allowed.map(e => `(${e.rule}) ${e.text.split('\n')[0].slice(0, 160)}`),
    ),
  ];
  for (const line of allowedLines) log(`  allowed console error ${line}`);
  if (fatal.length) {
    const seen = new Map();
    for (const e of fatal) {
      const key = `${e.kind}: ${e.text}`;
      seen.set(key, (seen.get(key) || 0) + 1);
    }
    failures.push(
      `${fatal.length} browser console error(s):\n${[...seen]
        .map(
          ([k, n]) =>
            `  - ${n > 1 ? `(${n}x) ` : ''}${k
              .split('\n')
              .slice(0, 4)
              .join('\n      ')}`,
        )
        .join('\n')}`,
    );
  }
  await page.close().catch(() => {});
  return {
    ancestorTitles: ['browser'],
    title: testCase.title,
    fullName: `browser ${testCase.title}`,
    status: failures.length ? 'failed' : 'passed',
    duration: Date.now() - started,
    failureMessages: failures,
    // Not part of Jest's report: the views saved and the console errors the allow-list let through.
    screenshots,
    allowedConsoleErrors: allowedLines,
  };
}

async function runBrowserCases(playwright, cases) {
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'preflight-e2e-chromium-'),
  );
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const context = await playwright.chromium.launchPersistentContext(
    userDataDir,
    {
      executablePath: CHROMIUM,
      headless: !env.E2E_HEADED,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: 'en-US',
      timezoneId: 'UTC',
      colorScheme: 'light',
    },
  );
  const results = [];
  try {
    log(
      `browser ${CHROMIUM} ${
        context.browser() ? context.browser().version() : ''
      } (profile ${userDataDir})`,
    );
    for (const testCase of cases) {
      const result = await runCase(context, testCase);
      results.push(result);
      log(
        `  ${result.status === 'passed' ? 'PASS' : 'FAIL'} ${
          testCase.name
        } (${secs(result.duration)}) ${testCase.title}`,
      );
      for (const f of result.failureMessages)
        log(`       ${f.split('\n').join('\n       ')}`);
    }
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return results;
}

/** The report entry of a case that was not run, with why. */
function pendingResult(testCase, why) {
  return {
    ancestorTitles: ['browser'],
    title: testCase.title,
    fullName: `browser ${testCase.title}`,
    status: 'pending',
    duration: 0,
    failureMessages: [],
    pendingReason: why,
    screenshots: [],
    allowedConsoleErrors: [],
  };
}

// ---- report -----------------------------------------------------------------------------------

function writeReport({ results, setupError, startTime }) {
  const passed = results.filter(r => r.status === 'passed').length;
  const failed = results.filter(r => r.status === 'failed').length;
  const suiteFailed = Boolean(setupError) || failed > 0;
  const report = {
    numFailedTestSuites: suiteFailed ? 1 : 0,
    numFailedTests: failed,
    numPassedTestSuites: suiteFailed ? 0 : 1,
    numPassedTests: passed,
    numPendingTestSuites: 0,
    numPendingTests: results.filter(r => r.status === 'pending').length,
    numRuntimeErrorTestSuites: setupError ? 1 : 0,
    numTodoTests: 0,
    numTotalTestSuites: 1,
    numTotalTests: results.length,
    startTime,
    success: !suiteFailed,
    testResults: [
      {
        name: path.join(ROOT, 'e2e', 'run.js'),
        status: suiteFailed ? 'failed' : 'passed',
        message: setupError ? String(setupError.message || setupError) : '',
        startTime,
        endTime: Date.now(),
        // A suite that could not run has no assertion results; test-summary.js counts it as one failure.
        assertionResults: results,
      },
    ],
    // Not part of Jest's report: the durations of the stages.
    e2eStages: stages,
  };
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  fs.writeFileSync(REPORT_FILE, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

// ---- main ---------------------------------------------------------------------------------------

async function main() {
  const startTime = Date.now();
  // Failure screenshots of an earlier run would read as this run's.
  if (fs.existsSync(LOG_DIR)) {
    for (const f of fs.readdirSync(LOG_DIR))
      if (f.endsWith('.failed.png')) fs.rmSync(path.join(LOG_DIR, f));
  }
  let results = [];
  let setupError;
  try {
    const cases = loadCases();
    const playwright = await stage('browser', async () => checkBrowser());
    const demoCases = cases.filter(c => c.needs !== KUBERNETES_DOUBLE);
    const liveCases = cases.filter(c => c.needs === KUBERNETES_DOUBLE);
    let backend;
    if (REUSE) {
      log(`using running servers: app ${BASE_URL}, backend ${BACKEND_URL}`);
      await stage('server', () => waitForReadiness(null));
    } else {
      if (env.E2E_SKIP_BUILD) log('E2E_SKIP_BUILD: reusing packages/app/dist');
      else await stage('build', buildApp);
      if (demoCases.length) {
        backend = await stage('server', () => startBackend());
      }
    }
    if (demoCases.length) {
      await stage('catalog', waitForCatalog);
      results = await stage('tests', () =>
        runBrowserCases(playwright, demoCases),
      );
    }
    if (liveCases.length && REUSE) {
      // The runner cannot give servers it did not start a cluster: said, and counted as pending.
      for (const c of liveCases) {
        log(
          `  PENDING ${c.name}: needs the runner's own backend (not with E2E_BASE_URL)`,
        );
        results.push(
          pendingResult(
            c,
            'needs the Kubernetes double of the runner; E2E_BASE_URL was set',
          ),
        );
      }
    } else if (liveCases.length) {
      // The demo has no cluster: these cases get a second backend (the same bundle and port) whose
      // Development environment reads a loopback Kubernetes API double.
      if (backend) await stopProcess(backend);
      guestToken = undefined; // issued by the backend just stopped
      await stage('live-server', async () => {
        const extraConfig = await startKubernetesDouble();
        await startBackend({ name: 'backend-live', extraConfig });
        await waitForCatalog();
      });
      results.push(
        ...(await stage('live-tests', () =>
          runBrowserCases(playwright, liveCases),
        )),
      );
    }
  } catch (error) {
    setupError = error;
    log(`ERROR: ${error.message}`);
  } finally {
    if (children.size) await stage('stop', stopAll);
  }
  const report = writeReport({ results, setupError, startTime });
  log('durations:');
  for (const s of stages)
    log(
      `  ${s.name.padEnd(8)} ${secs(s.ms).padStart(7)}${
        s.ok ? '' : '  FAILED'
      }`,
    );
  for (const r of results)
    log(
      `  case     ${secs(r.duration).padStart(7)}  ${r.status.padEnd(6)} ${
        r.title
      }`,
    );
  log(`  total    ${secs(Date.now() - t0).padStart(7)}`);
  log(
    `${report.numPassedTests} passed, ${report.numFailedTests} failed${
      setupError ? ' (setup failed)' : ''
    }; report ${path.relative(ROOT, REPORT_FILE)}`,
  );
  return report.success ? 0 : 1;
}

main().then(
  code => process.exit(code),
  error => {
    console.error(error);
    stopAll().finally(() => process.exit(1));
  },
);
