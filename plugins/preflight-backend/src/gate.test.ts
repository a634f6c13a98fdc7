import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { preflightPlugin } from './plugin';

/*
 * The deploy gate: scripts/preflight-gate.mjs asks a real backend — real auth and
 * httpAuth services with a static external-access token, as a pipeline would — and exits with
 * the verdict.
 */
const run = promisify(execFile);
const gate = path.resolve(__dirname, '../../../scripts/preflight-gate.mjs');
const examples = path.resolve(__dirname, '../../../examples');
const TOKEN = 'preflight-gate-test-token-0123456789';

const entity = (name: string, manifests: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/managed-by-location': `file:${examples}/entities.yaml`,
      'preflight.dev/manifests': manifests,
    },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
});

jest.setTimeout(60_000);

describe('preflight-gate', () => {
  let baseUrl: string;

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        preflightPlugin,
        authServiceFactory,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: {
              baseUrl: 'http://localhost',
              auth: {
                externalAccess: [
                  {
                    type: 'static',
                    options: { token: TOKEN, subject: 'ci-pipeline' },
                  },
                ],
              },
            },
            preflight: {
              environments: [{ name: 'dev' }, { name: 'production' }],
              desired: { localRoots: [examples] },
              // only what the manifests decide, so the verdicts are stable
              checks: Object.fromEntries(
                [
                  'ci-tests',
                  'rollback-plan',
                  'migrations-ready',
                  'monitoring',
                  'backup-verified',
                  'environment-parity',
                  'tls-certificates',
                  'env-configured',
                ].map(id => [id, { enabled: false }]),
              ),
              schedule: false,
            },
          },
        }),
        catalogServiceMock.factory({
          entities: [
            entity('checkout-api', './deploy/checkout-api/{env}'),
            entity('payments-api', './deploy/payments-api/{env}'),
            entity('nothing-api', './deploy/nothing-api/{env}'),
          ],
        }),
      ],
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  async function runGate(args: string[], token: string | null = TOKEN) {
    try {
      const { stdout, stderr } = await run(process.execPath, [gate, ...args], {
        env: {
          PATH: process.env.PATH,
          ...(token ? { PREFLIGHT_TOKEN: token } : {}),
        },
      });
      return { code: 0, stdout, stderr };
    } catch (error: any) {
      return {
        code: error.code as number,
        stdout: error.stdout as string,
        stderr: error.stderr as string,
      };
    }
  }

  it('exits 0 when the entity is ready', async () => {
    const r = await runGate([
      '--backstage',
      baseUrl,
      '--entity',
      'component:default/checkout-api',
      '--environment',
      'production',
    ]);
    expect(r.stdout).toContain(
      'component:default/checkout-api in production: ready',
    );
    expect(r.code).toBe(0);
  });

  it('exits 1 and names the failing checks when it is not', async () => {
    const r = await runGate([
      '--backstage',
      baseUrl,
      '--entity',
      'component:default/payments-api',
      '--environment',
      'production',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('payments-api in production: not-ready');
    expect(r.stdout).toContain('FAIL health-checks');
  });

  it('exits 2 when the verdict is unknown, 0 with --allow-unknown', async () => {
    const args = [
      '--backstage',
      baseUrl,
      '--entity',
      'component:default/nothing-api',
      '--environment',
      'dev',
    ];
    expect((await runGate(args)).code).toBe(2);
    expect((await runGate([...args, '--allow-unknown'])).code).toBe(0);
  });

  it('exits 3 on a rejected token, an unknown entity or bad usage — never 0', async () => {
    const base = ['--backstage', baseUrl, '--environment', 'production'];
    const bad = await runGate(
      [...base, '--entity', 'component:default/checkout-api'],
      'wrong-token-0123456789',
    );
    expect([bad.code, bad.stderr]).toEqual([3, expect.stringContaining('401')]);
    const missing = await runGate([
      ...base,
      '--entity',
      'component:default/nope',
    ]);
    expect([missing.code, missing.stderr]).toEqual([
      3,
      expect.stringContaining('404 NotFoundError'),
    ]);
    expect(
      (
        await runGate(
          [...base, '--entity', 'component:default/checkout-api'],
          null,
        )
      ).code,
    ).toBe(3);
    expect((await runGate(['--entity', 'x'])).code).toBe(3);
  });
});

describe('preflight-gate on hostile server text', () => {
  const ESC = '\u001b';
  const hostile = `${ESC}[2J${ESC}[32mall clear\r\nproduction: ready\u202e${ESC}]0;title\u0007\u009b31m`;
  let server: http.Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          entityRef: `component:default/api${ESC}[8m`,
          environments: [
            {
              environment: 'production',
              verdict: 'not-ready',
              score: 10,
              checks: [
                {
                  id: 'rollback-plan',
                  severity: 'blocking',
                  status: 'fail',
                  summary: hostile,
                },
                {
                  id: 'health-checks',
                  severity: 'blocking',
                  status: 'fail',
                  summary: 'x',
                  waiver: { expiresAt: '2030-01-01', justification: hostile },
                },
              ],
            },
          ],
        }),
      );
    });
    await new Promise<void>(resolve =>
      server.listen(0, '127.0.0.1', () => resolve()),
    );
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

  it('prints summaries and justifications with control characters escaped', async () => {
    const outcome = await run(
      process.execPath,
      [
        gate,
        '--backstage',
        baseUrl,
        '--entity',
        'component:default/api',
        '--environment',
        'production',
      ],
      { env: { PATH: process.env.PATH, PREFLIGHT_TOKEN: TOKEN } },
    ).catch((error: any) => error);
    expect(outcome.code).toBe(1);
    const stdout: string = outcome.stdout;
    expect(stdout).not.toMatch(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/,
    );
    expect(stdout.split('\n')).toEqual([
      'component:default/api\\u001b[8m in production: not-ready (score 10)',
      '  FAIL rollback-plan: \\u001b[2J\\u001b[32mall clear\\u000d\\u000aproduction: ready\\u202e\\u001b]0;title\\u0007\\u009b31m',
      '  WAIVED health-checks until 2030-01-01: \\u001b[2J\\u001b[32mall clear\\u000d\\u000aproduction: ready\\u202e\\u001b]0;title\\u0007\\u009b31m',
      '',
    ]);
  });
});
