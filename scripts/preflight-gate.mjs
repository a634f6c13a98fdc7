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
 */

const EXIT = { ready: 0, notReady: 1, unknown: 2, error: 3 };

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
      `preflight-gate: cannot reach ${url.origin}: ${error.message}`,
    );
    return EXIT.error;
  }
  const body = await response.json().catch(() => undefined);
  if (!response.ok) {
    console.error(
      `preflight-gate: ${response.status} ${body?.error?.name ?? ''} ${
        body?.error?.message ?? response.statusText
      }`.trim(),
    );
    return EXIT.error;
  }
  const env = body?.environments?.find(e => e.environment === args.environment);
  if (!env) {
    console.error(
      `preflight-gate: no result for environment '${args.environment}'`,
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
    `${body.entityRef} in ${env.environment}: ${env.verdict} (score ${env.score})`,
  );
  for (const c of blocking)
    console.log(`  ${c.status.toUpperCase()} ${c.id}: ${c.summary}`);
  for (const c of env.checks.filter(c => c.waiver)) {
    console.log(
      `  WAIVED ${c.id} until ${c.waiver.expiresAt}: ${c.waiver.justification}`,
    );
  }
  if (env.verdict === 'ready') return EXIT.ready;
  if (env.verdict === 'unknown')
    return args.allowUnknown ? EXIT.ready : EXIT.unknown;
  return EXIT.notReady;
}

process.exitCode = await main();
