import { environmentReadiness as env } from '../__testUtils__/readiness';
import { blockingChecks, recordedEnvironment } from './recorded';

describe('recordedEnvironment', () => {
  it('keeps what the store records, with one shared instance per distinct check outcome', () => {
    const a = recordedEnvironment(env('dev', 'not-ready', ['ci-tests']));
    const b = recordedEnvironment(env('staging', 'not-ready', ['ci-tests']));
    expect(a).toEqual({
      environment: 'dev',
      verdict: 'not-ready',
      score: 50,
      counts: expect.objectContaining({ fail: 1 }),
      checks: [
        {
          id: 'health-checks',
          title: 'h',
          status: 'pass',
          severity: 'blocking',
          waived: false,
        },
        {
          id: 'ci-tests',
          title: 'ci-tests',
          status: 'fail',
          severity: 'blocking',
          waived: false,
        },
      ],
    });
    // Not the reasons, evidence or fixes: those are the response's, not the store's.
    expect(Object.keys(a.checks[1])).not.toContain('summary');
    expect(b.checks[0]).toBe(a.checks[0]);
    expect(b.checks[1]).toBe(a.checks[1]);
    expect(Object.isFrozen(a.checks[1])).toBe(true);
  });

  it('tells waived, advisory and unknown outcomes apart from blocking failures', () => {
    const readiness = env('dev', 'not-ready', ['ci-tests', 'rollback-plan']);
    readiness.checks.push({
      id: 'backup',
      title: 'Backup',
      severity: 'blocking',
      status: 'unknown',
      summary: '',
    });
    readiness.checks[1] = {
      ...readiness.checks[1],
      waiver: {
        id: 'w',
        entityRef: 'component:default/a',
        environment: 'dev',
        checkId: 'ci-tests',
        justification: 'flaky',
        createdBy: 'user:default/me',
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2027-01-01T00:00:00Z',
      },
    };
    readiness.checks[2] = { ...readiness.checks[2], severity: 'advisory' };
    const recorded = recordedEnvironment(readiness);
    expect(recorded.checks[1].waived).toBe(true);
    expect(blockingChecks(recorded, 'fail')).toEqual([]);
    expect(blockingChecks(recorded, 'unknown').map(c => c.id)).toEqual([
      'backup',
    ]);
    // The same check, waived or advisory, is another instance than its plain failure.
    const plain = recordedEnvironment(env('dev', 'not-ready', ['ci-tests']));
    expect(plain.checks[1]).not.toBe(recorded.checks[1]);
    expect(blockingChecks(plain, 'fail').map(c => c.title)).toEqual([
      'ci-tests',
    ]);
  });
});
