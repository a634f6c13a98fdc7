import type { EnvironmentReadiness } from '@preflight/plugin-preflight-common';

/**
 * An environment's readiness with a passing blocking `health-checks` and one failing blocking
 * check per id in `failing` (score 100 when ready, else 50), as the store records it.
 */
export function environmentReadiness(
  environment: string,
  verdict: EnvironmentReadiness['verdict'],
  failing: string[] = [],
): EnvironmentReadiness {
  return {
    environment,
    verdict,
    score: verdict === 'ready' ? 100 : 50,
    counts: {
      pass: 1,
      warn: 0,
      fail: failing.length,
      unknown: 0,
      'not-applicable': 0,
    },
    checks: [
      {
        id: 'health-checks',
        title: 'h',
        severity: 'blocking',
        status: 'pass',
        summary: '',
      },
      ...failing.map(id => ({
        id,
        title: id,
        severity: 'blocking' as const,
        status: 'fail' as const,
        summary: '',
      })),
    ],
  };
}
