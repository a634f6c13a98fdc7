import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  CheckResult,
  EnvironmentState,
  Waiver,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { ReadinessEngine, verdictOf } from './ReadinessEngine';
import { readCheckSettings } from './settings';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production' },
};

const state = (
  name: string,
  live: EnvironmentState['live'],
): EnvironmentState => ({
  environment: { name, title: name },
  live,
  desired: { status: 'ok', objects: [] },
});

const check = (
  id: string,
  evaluate: PreflightCheck['evaluate'],
  extra: Partial<PreflightCheck> = {},
): PreflightCheck => ({
  id,
  title: id,
  description: id,
  defaultSeverity: 'blocking',
  evaluate,
  ...extra,
});

function engine(
  checks: PreflightCheck[],
  opts: {
    states?: EnvironmentState[];
    waivers?: Waiver[];
    config?: object;
    checkTimeoutMs?: number;
  } = {},
) {
  return new ReadinessEngine({
    checks: () => checks,
    settings: readCheckSettings(
      new ConfigReader({ preflight: { checks: opts.config ?? {} } }),
      checks,
    ),
    states: {
      getStates: async () =>
        opts.states ?? [
          state('dev', { status: 'not-configured', objects: [] }),
          state('production', { status: 'not-configured', objects: [] }),
        ],
    },
    waivers: { listActive: async () => opts.waivers ?? [] },
    logger: mockServices.logger.mock(),
    checkTimeoutMs: opts.checkTimeoutMs,
    now: () => new Date('2026-11-25T12:00:00Z'),
  });
}

const pass = async (): Promise<CheckResult> => ({
  status: 'pass',
  summary: 'fine',
  evaluated: { subject: 'things', count: 1 },
});
const fail = async (): Promise<CheckResult> => ({
  status: 'fail',
  summary: 'broken',
});

describe('ReadinessEngine', () => {
  it('evaluates every enabled check for every environment', async () => {
    const seen: string[] = [];
    const result = await engine(
      [
        check('a', async ({ environment, path }) => {
          seen.push(`${environment.name}:${path.length}`);
          return pass();
        }),
        check('b', fail, { defaultSeverity: 'advisory' }),
        check('c', pass),
      ],
      { config: { c: { enabled: false } } },
    ).evaluate(entity);

    expect(seen.sort()).toEqual(['dev:2', 'production:2']);
    expect(result.entityRef).toBe('component:default/checkout-api');
    expect(result.evaluatedAt).toBe('2026-11-25T12:00:00.000Z');
    expect(
      result.environments.map(e => [
        e.environment,
        e.verdict,
        e.score,
        e.checks.map(c => `${c.id}:${c.status}`),
      ]),
    ).toEqual([
      ['dev', 'ready', 50, ['a:pass', 'b:fail']],
      ['production', 'ready', 50, ['a:pass', 'b:fail']],
    ]);
  });

  it('limits the answer to one environment when asked', async () => {
    const result = await engine([check('a', pass)]).evaluate(entity, {
      environment: 'production',
    });
    expect(result.environments.map(e => e.environment)).toEqual(['production']);
  });

  it('turns a throwing check into unknown with the reason, and a blocking unknown into an unknown verdict', async () => {
    const result = await engine([
      check('a', async () => {
        throw new Error('registry said 500');
      }),
    ]).evaluate(entity);
    expect(result.environments[0].checks[0]).toMatchObject({
      status: 'unknown',
      summary: 'The check could not be evaluated: registry said 500',
    });
    expect(result.environments[0].verdict).toBe('unknown');
  });

  it('gives up on a check that hangs, within its deadline', async () => {
    const started = Date.now();
    const result = await engine([check('slow', () => new Promise(() => {}))], {
      checkTimeoutMs: 50,
    }).evaluate(entity);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(result.environments[0].checks[0]).toMatchObject({
      status: 'unknown',
      summary:
        'The check could not be evaluated: the check did not finish within 50 ms',
    });
  });

  it('evaluates the checks after a hung one with their own time and signal', async () => {
    const signals: Array<[string, AbortSignal]> = [];
    const result = await engine(
      [
        check('slow', ({ signal }) => {
          signals.push(['slow', signal!]);
          return new Promise(() => {});
        }),
        check('next', async ({ signal }) => {
          signals.push(['next', signal!]);
          return pass();
        }),
      ],
      { checkTimeoutMs: 50 },
    ).evaluate(entity);
    for (const env of result.environments) {
      expect(env.checks.map(c => c.status)).toEqual(['unknown', 'pass']);
    }
    expect(signals.length).toBe(2 * result.environments.length);
    for (const [id, signal] of signals) {
      expect([id, signal.aborted]).toEqual([id, id === 'slow']);
    }
  });

  it('never passes a check in an environment whose cluster is in error', async () => {
    const result = await engine([check('a', pass)], {
      states: [
        state('production', {
          status: 'error',
          error: { reason: 'UNAUTHORIZED', message: 'token rejected' },
          objects: [],
        }),
      ],
    }).evaluate(entity);
    expect(result.environments[0].checks[0]).toMatchObject({
      status: 'unknown',
      summary: 'Live state unavailable (UNAUTHORIZED); not confirmed: fine',
    });
    expect(result.environments[0].verdict).toBe('unknown');
  });

  it('marks checks that do not apply as not-applicable, by filter or by the check itself', async () => {
    const result = await engine(
      [check('a', pass, { isApplicable: () => false }), check('b', fail)],
      { config: { b: { appliesTo: { lifecycle: ['experimental'] } } } },
    ).evaluate(entity);
    expect(result.environments[0].checks.map(c => c.status)).toEqual([
      'not-applicable',
      'not-applicable',
    ]);
    expect(result.environments[0].verdict).toBe('ready');
    expect(result.environments[0].score).toBe(100);
  });

  it('applies waivers of the right check and environment, and shows them', async () => {
    const waiver: Waiver = {
      id: 'w1',
      entityRef: 'component:default/checkout-api',
      environment: 'production',
      checkId: 'a',
      justification: 'known',
      expiresAt: '2026-12-01T00:00:00.000Z',
      createdBy: 'user:default/guest',
      createdAt: '2026-11-24T00:00:00.000Z',
    };
    const result = await engine([check('a', fail)], {
      waivers: [waiver],
    }).evaluate(entity);
    const [dev, prod] = result.environments;
    expect(dev.verdict).toBe('not-ready');
    expect(dev.checks[0].waiver).toBeUndefined();
    expect(prod.verdict).toBe('ready');
    expect(prod.checks[0]).toMatchObject({ status: 'fail', waiver });
  });

  it("uses the caller's waivers instead of reading them, without those expired since", async () => {
    const waiver = (id: string, expiresAt: string): Waiver => ({
      id,
      entityRef: 'component:default/checkout-api',
      environment: 'production',
      checkId: 'a',
      justification: 'known',
      expiresAt,
      createdBy: 'user:default/guest',
      createdAt: '2026-11-24T00:00:00.000Z',
    });
    const read = waiver('read', '2026-12-01T00:00:00.000Z');
    const e = engine([check('a', fail)], { waivers: [read] });
    const expired = waiver('expired', '2026-11-25T11:59:59.000Z');
    const given = waiver('given', '2026-11-25T12:00:01.000Z');
    const result = await e.evaluate(entity, { waivers: [expired, given] });
    expect(result.environments[1].checks[0].waiver).toEqual(given);
    const none = await e.evaluate(entity, { waivers: [expired] });
    expect(none.environments[1].checks[0].waiver).toBeUndefined();
    expect(none.environments[1].verdict).toBe('not-ready');
  });
});

describe('verdictOf', () => {
  const o = (status: any, severity: any = 'blocking') => ({
    id: status,
    title: '',
    summary: '',
    status,
    severity,
  });
  it('ranks fail over unknown over ready and ignores advisory checks', () => {
    expect(verdictOf([o('pass'), o('unknown'), o('fail')]).verdict).toBe(
      'not-ready',
    );
    expect(verdictOf([o('pass'), o('unknown')]).verdict).toBe('unknown');
    expect(
      verdictOf([o('pass'), o('fail', 'advisory'), o('unknown', 'advisory')])
        .verdict,
    ).toBe('ready');
  });
  it('scores pass 1, warn ½, others 0, over applicable checks', () => {
    const r = verdictOf([o('pass'), o('warn'), o('fail'), o('not-applicable')]);
    expect(r.score).toBe(50);
    expect(r.counts).toEqual({
      pass: 1,
      warn: 1,
      fail: 1,
      unknown: 0,
      'not-applicable': 1,
    });
  });
  describe('no vacuous pass', () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout-api' },
      spec: { template: { spec: { containers: [{ name: 'app' }] } } },
    };
    const withDesired = (objects: any[]) => [
      {
        environment: { name: 'dev', title: 'dev' },
        live: { status: 'not-configured' as const, objects: [] },
        desired: { status: 'ok' as const, objects },
      },
    ];

    it('turns a pass over zero stated subjects into unknown, naming them and the source', async () => {
      const result = await engine(
        [
          check('a', async () => ({
            status: 'pass',
            summary: 'Every container is fine',
            remediation: 'not shown',
            evaluated: { subject: 'containers', count: 0 },
          })),
        ],
        { states: withDesired([deployment]) },
      ).evaluate(entity);
      const outcome = result.environments[0].checks[0];
      expect(outcome).toMatchObject({
        status: 'unknown',
        summary: 'No containers found in the desired state',
      });
      expect(outcome.details).toContain('"Every container is fine"');
      expect(outcome.remediation).toBeUndefined();
      expect(result.environments[0].verdict).toBe('unknown');
    });

    it('turns a pass or warn that does not say what it evaluated into unknown when the state holds no workload', async () => {
      const silentPass = check('a', async () => ({
        status: 'pass',
        summary: 'fine',
      }));
      const silentWarn = check('b', async () => ({
        status: 'warn',
        summary: 'meh',
      }));
      const configMap = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
      };
      const empty = await engine([silentPass, silentWarn], {
        states: withDesired([configMap]),
      }).evaluate(entity);
      expect(empty.environments[0].checks.map(c => c.status)).toEqual([
        'unknown',
        'unknown',
      ]);
      expect(empty.environments[0].checks[0].summary).toBe(
        'No workloads found in the desired state',
      );

      const withWorkload = await engine([silentPass, silentWarn], {
        states: withDesired([configMap, deployment]),
      }).evaluate(entity);
      expect(withWorkload.environments[0].checks.map(c => c.status)).toEqual([
        'pass',
        'warn',
      ]);
    });

    it('leaves a pass over stated subjects alone, even without workloads', async () => {
      const result = await engine([check('a', pass)], {
        states: withDesired([]),
      }).evaluate(entity);
      expect(result.environments[0].checks[0].status).toBe('pass');
    });
  });
});
