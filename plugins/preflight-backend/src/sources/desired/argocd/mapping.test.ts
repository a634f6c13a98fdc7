import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import { mapApplicationToEnvironment } from './mapping';
import type { ArgoApplication } from './types';

function app(
  name: string,
  options: { labels?: Record<string, string>; namespace?: string } = {},
): ArgoApplication {
  return {
    metadata: { name, labels: options.labels },
    spec: { destination: { namespace: options.namespace } },
  };
}

function env(name: string, namespace?: string): PreflightEnvironment {
  return { name, title: name, namespace };
}

function mapped(
  apps: ArgoApplication[],
  environment: PreflightEnvironment,
  label = 'environment',
) {
  const result = mapApplicationToEnvironment(apps, environment, label);
  return result.kind === 'mapped'
    ? `${result.application.metadata?.name} by ${result.rule}`
    : result;
}

describe('mapApplicationToEnvironment', () => {
  it('maps by the environment label first, over namespace and name suffix', () => {
    const apps = [
      app('payments-production', { namespace: 'prod' }),
      app('payments-live', { labels: { environment: 'production' } }),
    ];
    expect(mapped(apps, env('production', 'prod'))).toBe(
      'payments-live by label',
    );
  });

  it('reads the configured label', () => {
    const apps = [
      app('a', { labels: { environment: 'production' } }),
      app('b', { labels: { 'example.com/stage': 'production' } }),
    ];
    expect(mapped(apps, env('production'), 'example.com/stage')).toBe(
      'b by label',
    );
  });

  it('maps by destination namespace when exactly one Application deploys there', () => {
    const apps = [
      app('payments-eu', { namespace: 'payments-prod' }),
      app('payments-qa', { namespace: 'payments-qa' }),
    ];
    expect(mapped(apps, env('production', 'payments-prod'))).toBe(
      'payments-eu by namespace',
    );
  });

  it('skips the namespace rule when several Applications deploy to the namespace', () => {
    const apps = [
      app('payments-staging', { namespace: 'payments' }),
      app('payments-production', { namespace: 'payments' }),
    ];
    expect(mapped(apps, env('production', 'payments'))).toBe(
      'payments-production by name-suffix',
    );
  });

  it('skips the namespace rule when the environment has no namespace', () => {
    const apps = [app('payments', { namespace: 'payments' })];
    expect(mapped(apps, env('production'))).toEqual({
      kind: 'none',
      tried: 'label environment=production, name suffix -production',
    });
  });

  it('maps by name suffix last, the whole suffix after a dash only', () => {
    expect(mapped([app('payments-dev')], env('dev'))).toBe(
      'payments-dev by name-suffix',
    );
    expect(
      mapped([app('paymentsdev'), app('payments-devx')], env('dev')),
    ).toEqual({
      kind: 'none',
      tried: 'label environment=dev, name suffix -dev',
    });
  });

  it('is ambiguous, naming both, for two Applications by label or by name suffix', () => {
    expect(
      mapApplicationToEnvironment(
        [
          app('green', { labels: { environment: 'production' } }),
          app('blue', { labels: { environment: 'production' } }),
        ],
        env('production'),
        'environment',
      ),
    ).toEqual({ kind: 'ambiguous', rule: 'label', names: ['blue', 'green'] });
    expect(
      mapApplicationToEnvironment(
        [app('payments-dev'), app('payments-canary-dev')],
        env('dev'),
        'environment',
      ),
    ).toEqual({
      kind: 'ambiguous',
      rule: 'name-suffix',
      names: ['payments-canary-dev', 'payments-dev'],
    });
  });

  it('says which rules it tried when none maps', () => {
    expect(
      mapApplicationToEnvironment([], env('staging', 'stg'), 'env'),
    ).toEqual({
      kind: 'none',
      tried:
        'label env=staging, destination namespace stg, name suffix -staging',
    });
  });
});
