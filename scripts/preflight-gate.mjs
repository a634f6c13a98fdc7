#!/usr/bin/env node
/*
 * Preflight deploy gate: asks Backstage whether an entity is ready for an environment and exits
 * non-zero when it is not. No dependencies (Node 18+); copy it into a pipeline as it is.
 *
 *   PREFLIGHT_TOKEN=<external access token> node preflight-gate.mjs \
 *     --backstage https://backstage.example.com --entity component:default/checkout-api \
 *     --environment production [--refresh] [--allow-unknown]
 *
 * Exit codes: 0 ready; 1 not ready; 2 unknown (unless --allow-unknown); 3 usage or request error.
 * The token is read from PREFLIGHT_TOKEN only (never from the command line, which CI logs show).
 * Text from the server (summaries, justifications, errors) is printed through `safe`: control
 * characters (ANSI escapes, carriage returns, newlines) and bidirectional overrides are shown as
 * `\u001b`-style escapes, so no catalog or waiver text can rewrite the terminal or forge lines.
 */

const EXIT = { ready: 0, notReady: 1, unknown: 2, error: 3 };
const MAX_TEXT = 2000;
// C0 and C1 controls, DEL, line/paragraph separators and bidirectional overrides/isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Server-provided text as one printable line: controls escaped, capped. */
function safe(value) {
  const text = String(value ?? '');
  const cut =
    text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (cut)` : text;
  return cut.replace(
    UNSAFE,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function parseArgs(argv) {
  const args = { refresh: false, allowUnknown: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--backstage') args.backstage = value();
    else if (arg === '--entity') args.entity = value();
    else if (arg === '--environment') args.environment = value();
    else if (arg === '--refresh') args.refresh = true;
    else if (arg === '--allow-unknown') args.allowUnknown = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  for (const key of ['backstage', 'entity', 'environment']) {
    if (!args[key]) throw new Error(`--${key} is required`);
  }
  return args;
}

function parseEntityRef(ref) {
  const m = /^([^:/]+):(?:([^/]+)\/)?([^:/]+)$/.exec(ref);
  if (!m)
    throw new Error(
      `--entity must look like kind:namespace/name, got '${ref}'`,
    );
  return { kind: m[1], namespace: m[2] ?? 'default', name: m[3] };
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`preflight-gate: ${error.message}`);
    return EXIT.error;
  }
  const token = process.env.PREFLIGHT_TOKEN;
  if (!token) {
    console.error(
      'preflight-gate: set PREFLIGHT_TOKEN to a Backstage external access token',
    );
    return EXIT.error;
  }
  let ref;
  try {
    ref = parseEntityRef(args.entity);
  } catch (error) {
    console.error(`preflight-gate: ${error.message}`);
    return EXIT.error;
  }
  const url = new URL(
    `api/preflight/entities/${[ref.kind, ref.namespace, ref.name]
      .map(p => encodeURIComponent(p.toLowerCase()))
      .join('/')}/readiness`,
    args.backstage.endsWith('/') ? args.backstage : `${args.backstage}/`,
  );
  url.searchParams.set('environment', args.environment);
  if (args.refresh) url.searchParams.set('refresh', 'true');

  let response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}` },
    });
  } catch (error) {
    console.error(
      `preflight-gate: cannot reach ${url.origin}: ${safe(error.message)}`,
    );
    return EXIT.error;
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    console.error(
      `preflight-gate: ${response.status} ${safe(body?.error?.name)} ${safe(
        body?.error?.message ?? response.statusText,
      )}`.trim(),
    );
    return EXIT.error;
  }
  const env = body?.environments?.find(e => e.environment === args.environment);
  if (!env) {
    console.error(
      `preflight-gate: no result for environment '${safe(args.environment)}'`,
    );
    return EXIT.error;
  }
  const blocking = env.checks.filter(
    c =>
      c.severity === 'blocking' &&
      !c.waiver &&
      (c.status === 'fail' || c.status === 'unknown'),
  );
  console.log(
    `${safe(body.entityRef)} in ${safe(env.environment)}: ${safe(
      env.verdict,
    )} (score ${safe(env.score)})`,
  );
  for (const c of blocking)
    console.log(
      `  ${safe(c.status).toUpperCase()} ${safe(c.id)}: ${safe(c.summary)}`,
    );
  for (const c of env.checks.filter(c => c.waiver)) {
    console.log(
      `  WAIVED ${safe(c.id)} until ${safe(c.waiver.expiresAt)}: ${safe(
        c.waiver.justification,
      )}`,
    );
  }
  if (env.verdict === 'ready') return EXIT.ready;
  if (env.verdict === 'unknown')
    return args.allowUnknown ? EXIT.ready : EXIT.unknown;
  return EXIT.notReady;
}

process.exitCode = await main();
