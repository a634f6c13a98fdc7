import {
  type KubernetesObject,
  MASKED_VALUE,
  type SourceState,
  type UnreadKind,
} from '@preflight/plugin-preflight-common';
import { DEFAULT_EXPECTED } from './classify';
import { computeDesiredVsLive, computeParity, toParityColumn } from './compare';
import {
  exampleColumns,
  exampleText,
  loadExample,
  loadRawExample,
} from './__testUtils__/examples';
import type { ParityColumn, ParityReport, ParityRow } from './types';

const ids = (rows: ParityRow[]) => rows.map(r => r.id).sort();
const byClass = (report: ParityReport, c: ParityRow['classification']) =>
  report.rows.filter(r => r.classification === c);
const row = (report: ParityReport, id: string) => {
  const found = report.rows.find(r => r.id === id);
  if (!found) throw new Error(`no row ${id}`);
  return found;
};

describe('computeParity on the demo estate', () => {
  it('checkout-api: no drift, only the expected differences', () => {
    const report = computeParity(exampleColumns('checkout-api'));

    expect(byClass(report, 'drift')).toEqual([]);
    expect(ids(byClass(report, 'expected'))).toEqual(
      [
        'Deployment/checkout-api › replicas',
        'HorizontalPodAutoscaler/checkout-api › hpa.minReplicas',
        'HorizontalPodAutoscaler/checkout-api › hpa.maxReplicas',
        'PodDisruptionBudget/checkout-api › pdb.maxUnavailable',
        'PodDisruptionBudget/checkout-api › pdb.minAvailable',
        'Deployment/checkout-api › container checkout-api › env-value:LOG_LEVEL',
        'Deployment/checkout-api › container checkout-api › env-value:OTEL_RESOURCE_ATTRIBUTES',
      ].sort(),
    );
    expect(report.summary).toMatchObject({
      expected: 7,
      drift: 0,
      unknown: 0,
      same: report.rows.length - 7,
      rows: report.rows.length,
    });
    expect(report.summary.pairs).toEqual([
      {
        from: 'dev',
        to: 'staging',
        same: report.rows.length - 7,
        expected: 7,
        drift: 0,
      },
      // the PDB is the same in staging and production
      {
        from: 'staging',
        to: 'production',
        same: report.rows.length - 5,
        expected: 5,
        drift: 0,
      },
    ]);

    const logLevel = row(
      report,
      'Deployment/checkout-api › container checkout-api › env-value:LOG_LEVEL',
    );
    expect(logLevel).toMatchObject({
      category: 'env',
      object: { kind: 'Deployment', name: 'checkout-api' },
      container: 'checkout-api',
      attribute: 'env-value:LOG_LEVEL',
      values: {
        dev: { present: true, value: 'debug' },
        staging: { present: true, value: 'info' },
        production: { present: true, value: 'warn' },
      },
      classification: 'expected',
      differingEnvironments: ['staging', 'production'],
      reason:
        'Environment-variable values are per-environment configuration (dev has debug, staging has info)',
    });
    expect(
      row(report, 'PodDisruptionBudget/checkout-api › pdb.maxUnavailable'),
    ).toMatchObject({
      values: {
        dev: { present: true, value: '1' },
        staging: { present: false },
        production: { present: false },
      },
      differingEnvironments: ['dev'],
      comparisons: [
        { from: 'dev', to: 'staging', classification: 'expected' },
        { from: 'staging', to: 'production', classification: 'same' },
      ],
    });

    // The same image (2.4.1, same digest) everywhere, for the Deployment and the migration Job.
    expect(
      report.images.map(i => ({
        ref: `${i.object.kind}/${i.object.name} › ${i.container}`,
        steps: i.steps.map(s => s.status),
        ahead: i.ahead,
      })),
    ).toEqual([
      {
        ref: 'Deployment/checkout-api › checkout-api',
        steps: ['same', 'same'],
        ahead: undefined,
      },
      {
        ref: 'Job/checkout-api-migrate › migrate',
        steps: ['same', 'same'],
        ahead: undefined,
      },
    ]);
    expect(
      row(
        report,
        'Deployment/checkout-api › container checkout-api › image.tag',
      ).values,
    ).toEqual({
      dev: { present: true, value: '2.4.1' },
      staging: { present: true, value: '2.4.1' },
      production: { present: true, value: '2.4.1' },
    });
  });

  it('catalog-web: the image and FEATURE_FLAGS_URL drift in production, staging is ahead', () => {
    const report = computeParity(exampleColumns('catalog-web'));

    const drift = byClass(report, 'drift');
    expect(ids(drift)).toEqual(
      [
        'Deployment/catalog-web › container catalog-web › image.tag',
        'Deployment/catalog-web › container catalog-web › image.digest',
        'Deployment/catalog-web › container catalog-web › env:FEATURE_FLAGS_URL',
        'Deployment/catalog-web › configMapKeyRef:catalog-web-config/FEATURE_FLAGS_URL',
        'ConfigMap/catalog-web-config › configmap-key:FEATURE_FLAGS_URL',
      ].sort(),
    );
    for (const r of drift) {
      expect(r.differingEnvironments).toEqual(['production']);
      expect(r.comparisons.map(c => c.classification)).toEqual([
        'same',
        'drift',
      ]);
    }
    expect(
      row(report, 'Deployment/catalog-web › container catalog-web › image.tag'),
    ).toMatchObject({
      category: 'images',
      values: {
        dev: { present: true, value: '1.8.2' },
        staging: { present: true, value: '1.8.2' },
        production: { present: true, value: '1.7.9' },
      },
      reason: 'staging has 1.8.2, production has 1.7.9',
    });
    expect(
      row(
        report,
        'Deployment/catalog-web › container catalog-web › env:FEATURE_FLAGS_URL',
      ),
    ).toMatchObject({
      values: {
        dev: {
          present: true,
          value: 'configMapKeyRef catalog-web-config/FEATURE_FLAGS_URL',
        },
        staging: {
          present: true,
          value: 'configMapKeyRef catalog-web-config/FEATURE_FLAGS_URL',
        },
        production: { present: false },
      },
      reason: 'present in staging, missing in production',
    });

    // The version label changes with the image: expected, on every object.
    const versionRows = report.rows.filter(
      r => r.attribute === 'label:app.kubernetes.io/version',
    );
    expect(versionRows).toHaveLength(8);
    for (const r of versionRows) {
      expect(r.classification).toBe('expected');
      expect(r.reason).toBe(
        'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      );
    }

    expect(report.summary.pairs).toEqual([
      expect.objectContaining({ from: 'dev', to: 'staging', drift: 0 }),
      expect.objectContaining({ from: 'staging', to: 'production', drift: 5 }),
    ]);

    expect(report.images).toHaveLength(1);
    expect(report.images[0]).toEqual({
      object: { kind: 'Deployment', name: 'catalog-web' },
      container: 'catalog-web',
      values: {
        dev: {
          present: true,
          image:
            'ghcr.io/acme/catalog-web:1.8.2@sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          repository: 'ghcr.io/acme/catalog-web',
          tag: '1.8.2',
          digest:
            'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
        },
        staging: {
          present: true,
          image:
            'ghcr.io/acme/catalog-web:1.8.2@sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          repository: 'ghcr.io/acme/catalog-web',
          tag: '1.8.2',
          digest:
            'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
        },
        production: {
          present: true,
          image:
            'ghcr.io/acme/catalog-web:1.7.9@sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
          repository: 'ghcr.io/acme/catalog-web',
          tag: '1.7.9',
          digest:
            'sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
        },
      },
      steps: [
        { from: 'dev', to: 'staging', status: 'same' },
        { from: 'staging', to: 'production', status: 'ahead' },
      ],
      ahead: { environment: 'staging', of: 'production', basis: 'semver' },
    });
  });

  it('cart-service: the image drifts between dev (latest) and staging', () => {
    const report = computeParity(exampleColumns('cart-service'));

    expect(ids(byClass(report, 'drift'))).toEqual([
      'Deployment/cart-service › container cart-service › image.digest',
      'Deployment/cart-service › container cart-service › image.tag',
    ]);
    expect(
      row(
        report,
        'Deployment/cart-service › container cart-service › image.tag',
      ),
    ).toMatchObject({
      values: {
        dev: { present: true, value: 'latest' },
        staging: { present: true, value: '3.1.0' },
        production: { present: true, value: '3.1.0' },
      },
      differingEnvironments: ['dev'],
      comparisons: [
        {
          from: 'dev',
          to: 'staging',
          classification: 'drift',
          reason: 'dev has latest, staging has 3.1.0',
        },
        { from: 'staging', to: 'production', classification: 'same' },
      ],
    });
    expect(
      row(
        report,
        'Deployment/cart-service › container cart-service › image.digest',
      ).values.dev,
    ).toEqual({ present: false });
    // The labels still say 3.1.0 in dev: the same everywhere.
    expect(
      row(report, 'Deployment/cart-service › label:app.kubernetes.io/version')
        .classification,
    ).toBe('same');
    expect(report.summary.pairs.map(p => p.drift)).toEqual([2, 0]);
    expect(report.images[0].steps).toEqual([
      { from: 'dev', to: 'staging', status: 'differs' },
      { from: 'staging', to: 'production', status: 'same' },
    ]);
    expect(report.images[0].ahead).toEqual({
      environment: 'dev',
      of: 'staging',
      basis: 'promotion-order',
    });
  });

  it('payments-api: missing readinessProbe in production, Stripe key not from the Secret in staging, never leaked', () => {
    // The fixture really holds the literal, so the assertion below means something.
    expect(exampleText('payments-api', 'staging')).toContain(
      'sk_live_FAKE_DO_NOT_USE_0000',
    );
    const report = computeParity(exampleColumns('payments-api'));

    expect(
      byClass(report, 'drift').map(r => [r.id, r.differingEnvironments]),
    ).toEqual(
      expect.arrayContaining([
        [
          'Deployment/payments-api › container payments-api › readinessProbe',
          ['production'],
        ],
        [
          'Deployment/payments-api › container payments-api › env:STRIPE_API_KEY',
          ['staging'],
        ],
        [
          'Deployment/payments-api › secretRef:payments-api-stripe',
          ['staging'],
        ],
        [
          'Deployment/payments-api › secretKeyRef:payments-api-stripe/api-key',
          ['staging'],
        ],
      ]),
    );
    expect(report.summary.drift).toBe(4);

    expect(
      row(
        report,
        'Deployment/payments-api › container payments-api › readinessProbe',
      ),
    ).toMatchObject({
      category: 'probes',
      values: {
        dev: {
          present: true,
          value:
            'httpGet :http/readyz · delay 5s, period 5s, timeout 2s, success 1, failure 3',
        },
        production: { present: false },
      },
      reason: 'present in staging, missing in production',
    });
    expect(
      row(
        report,
        'Deployment/payments-api › container payments-api › env:STRIPE_API_KEY',
      ).values,
    ).toEqual({
      dev: {
        present: true,
        value: 'secretKeyRef payments-api-stripe/api-key',
      },
      staging: { present: true, value: 'literal' },
      production: {
        present: true,
        value: 'secretKeyRef payments-api-stripe/api-key',
      },
    });
    expect(
      row(report, 'Deployment/payments-api › secretRef:payments-api-stripe')
        .values,
    ).toEqual({
      dev: { present: true, value: 'env' },
      staging: { present: false },
      production: { present: true, value: 'env' },
    });
    // The literal is shown masked, and the value difference itself is not what drifts.
    expect(
      row(
        report,
        'Deployment/payments-api › container payments-api › env-value:STRIPE_API_KEY',
      ).values.staging,
    ).toEqual({ present: true, value: MASKED_VALUE });

    const json = JSON.stringify(report);
    expect(json).not.toContain('sk_live_FAKE_DO_NOT_USE_0000');
    expect(json).not.toContain('sk_live');
  });

  it('masks the Stripe literal even when handed unsanitized objects', () => {
    const raw = loadRawExample('payments-api', 'staging');
    const report = computeParity([
      {
        environment: { name: 'dev', title: 'dev' },
        objects: loadExample('payments-api', 'dev'),
      },
      { environment: { name: 'staging', title: 'staging' }, objects: raw },
    ]);
    expect(JSON.stringify(report)).not.toContain(
      'sk_live_FAKE_DO_NOT_USE_0000',
    );
  });
});

describe('computeParity with unavailable environments', () => {
  const unavailableStaging: ParityColumn = {
    environment: { name: 'staging', title: 'Staging' },
    unavailable: { status: 'error', reason: 'TIMEOUT' },
  };

  it('skips an unavailable environment: never a difference, never the same', () => {
    const [dev, , production] = exampleColumns('catalog-web');
    const report = computeParity([dev, unavailableStaging, production]);

    expect(report.environments).toEqual([
      { name: 'dev', title: 'dev', available: true },
      {
        name: 'staging',
        title: 'Staging',
        available: false,
        unavailable: { status: 'error', reason: 'TIMEOUT' },
      },
      { name: 'production', title: 'production', available: true },
    ]);
    for (const r of report.rows) {
      expect(r.values.staging).toEqual({ unavailable: true });
      expect(r.differingEnvironments).not.toContain('staging');
      expect(r.comparisons.map(c => [c.from, c.to])).toEqual([
        ['dev', 'production'],
      ]);
    }
    expect(report.summary.pairs.map(p => [p.from, p.to])).toEqual([
      ['dev', 'production'],
    ]);
    expect(report.summary.drift).toBe(5);
    expect(report.images[0].values.staging).toEqual({ unavailable: true });
    expect(report.images[0].ahead).toEqual({
      environment: 'dev',
      of: 'production',
      basis: 'semver',
    });
  });

  it('with a single available environment every row is unknown', () => {
    const [dev] = exampleColumns('payments-api');
    const report = computeParity([
      dev,
      unavailableStaging,
      {
        environment: { name: 'production', title: 'Production' },
        unavailable: { status: 'not-configured' },
      },
    ]);

    expect(report.rows.length).toBeGreaterThan(0);
    expect(report.rows.every(r => r.classification === 'unknown')).toBe(true);
    expect(report.rows.every(r => r.comparisons.length === 0)).toBe(true);
    expect(report.rows.every(r => r.differingEnvironments.length === 0)).toBe(
      true,
    );
    expect(report.summary).toEqual({
      rows: report.rows.length,
      same: 0,
      expected: 0,
      drift: 0,
      unknown: report.rows.length,
      pairs: [],
    });
    expect(report.images[0].steps).toEqual([]);
    expect(report.images[0].ahead).toBeUndefined();
  });

  it('with no available environment there is nothing to show', () => {
    const report = computeParity([unavailableStaging]);
    expect(report.rows).toEqual([]);
    expect(report.images).toEqual([]);
    expect(report.summary.unknown).toBe(0);
  });

  it('toParityColumn makes every non-ok source unavailable', () => {
    const env = { name: 'production', title: 'Production' };
    const ok: SourceState = { status: 'ok', objects: [] };
    const error: SourceState = {
      status: 'error',
      error: { reason: 'FORBIDDEN', message: 'denied' },
      objects: [],
    };
    const notDeployed: SourceState = {
      status: 'not-deployed',
      message: 'nothing matches',
      objects: [],
    };
    expect(toParityColumn(env, ok)).toEqual({ environment: env, objects: [] });
    expect(toParityColumn(env, error)).toEqual({
      environment: env,
      unavailable: { status: 'error', reason: 'FORBIDDEN' },
    });
    expect(toParityColumn(env, notDeployed)).toEqual({
      environment: env,
      unavailable: { status: 'not-deployed', reason: 'nothing matches' },
    });
  });

  it('toParityColumn keeps the user token a live state needs, and the report says it', () => {
    const env = { name: 'staging', title: 'Staging' };
    const needsToken: SourceState = {
      status: 'not-configured',
      message: "cluster 'gke' uses authProvider 'oidc', which needs a token",
      needsUserToken: { authProvider: 'oidc', oidcTokenProvider: 'okta' },
      objects: [],
    };
    const column = toParityColumn(env, needsToken);
    expect(column).toEqual({
      environment: env,
      unavailable: {
        status: 'not-configured',
        reason: needsToken.message,
        needsUserToken: { authProvider: 'oidc', oidcTokenProvider: 'okta' },
      },
    });
    expect(computeParity([column]).environments[0].unavailable).toEqual({
      status: 'not-configured',
      reason: needsToken.message,
      needsUserToken: { authProvider: 'oidc', oidcTokenProvider: 'okta' },
    });
  });

  it('rejects the same environment twice', () => {
    const [dev] = exampleColumns('checkout-api');
    expect(() => computeParity([dev, dev])).toThrow(
      "Duplicate environment 'dev' in parity columns",
    );
  });
});

describe('computeParity with kinds not read', () => {
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'shop' },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            {
              name: 'app',
              image: 'ghcr.io/acme/app:1.0.0',
              envFrom: [{ secretRef: { name: 'app-secrets' } }],
            },
          ],
        },
      },
    },
  };
  const secret: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'app-secrets', namespace: 'shop' },
    type: 'Opaque',
  };
  const forbidden: UnreadKind = {
    kind: 'Secret',
    apiVersion: 'v1',
    reason: 'FORBIDDEN',
    message: "Preflight may not list Secret (v1) on cluster 'prod' (HTTP 403)",
  };
  const dev = { name: 'dev', title: 'dev' };
  const production = { name: 'production', title: 'production' };

  it('a Secret that could not be read is not missing: its rows are unknown there, the rest is compared', () => {
    // Without the unread kind, the Secret absent from production is drift…
    const naive = computeParity([
      { environment: dev, objects: [deployment, secret] },
      { environment: production, objects: [deployment] },
    ]);
    expect(naive.rows.filter(r => r.object.kind === 'Secret')).not.toEqual([]);
    expect(
      naive.rows
        .filter(r => r.object.kind === 'Secret')
        .every(r => r.classification === 'drift'),
    ).toBe(true);

    // …with it, production's Secret rows are unavailable, never drift.
    const report = computeParity([
      { environment: dev, objects: [deployment, secret] },
      toParityColumn(production, {
        status: 'ok',
        objects: [deployment],
        unreadKinds: [forbidden],
      }),
    ]);
    const secretRows = report.rows.filter(r => r.object.kind === 'Secret');
    // The same rows as without it: nothing is hidden.
    expect(report.rows.map(r => r.id)).toEqual(naive.rows.map(r => r.id));
    for (const r of secretRows) {
      expect(r.values.production).toEqual({
        unavailable: true,
        reason: 'Secret not read (FORBIDDEN)',
      });
      expect(r.classification).toBe('unknown');
      expect(r.comparisons).toEqual([]);
    }
    const others = report.rows.filter(r => r.object.kind !== 'Secret');
    expect(others.length).toBeGreaterThan(0);
    expect(others.every(r => r.classification === 'same')).toBe(true);
    expect(report.summary.drift).toBe(0);
    expect(report.environments[1]).toEqual({
      name: 'production',
      title: 'production',
      available: true,
      unreadKinds: [forbidden],
    });
  });

  it('desired vs live: a Secret in the manifests that the cluster did not let Preflight read is unknown, not absent', () => {
    const naive = computeDesiredVsLive([deployment, secret], [deployment]);
    expect(naive.summary.drift).toBeGreaterThan(0);
    const report = computeDesiredVsLive(
      [deployment, secret],
      [deployment],
      {},
      [forbidden],
    );
    expect(report.summary.drift).toBe(0);
    expect(
      report.rows
        .filter(r => r.object.kind === 'Secret')
        .map(r => [r.classification, r.values.live]),
    ).toEqual(
      naive.rows
        .filter(r => r.object.kind === 'Secret')
        .map(() => [
          'unknown',
          { unavailable: true, reason: 'Secret not read (FORBIDDEN)' },
        ]),
    );
  });
});

describe('computeParity options', () => {
  it('expected: [] makes every difference drift', () => {
    const report = computeParity(exampleColumns('checkout-api'), {
      expected: [],
    });
    expect(report.summary.expected).toBe(0);
    expect(report.summary.drift).toBe(7);
  });

  it('expected can be extended by attribute glob or by row-id glob', () => {
    const report = computeParity(exampleColumns('catalog-web'), {
      expected: [
        ...DEFAULT_EXPECTED,
        { attribute: 'image.*', reason: 'Promotion in progress' },
        { attribute: 'ConfigMap/* › *' },
      ],
    });
    expect(ids(byClass(report, 'drift'))).toEqual([
      'Deployment/catalog-web › configMapKeyRef:catalog-web-config/FEATURE_FLAGS_URL',
      'Deployment/catalog-web › container catalog-web › env:FEATURE_FLAGS_URL',
    ]);
    expect(
      row(report, 'Deployment/catalog-web › container catalog-web › image.tag')
        .reason,
    ).toBe('Promotion in progress (staging has 1.8.2, production has 1.7.9)');
    expect(
      row(
        report,
        'ConfigMap/catalog-web-config › configmap-key:FEATURE_FLAGS_URL',
      ).reason,
    ).toBe(
      "Matches expected 'ConfigMap/* › *' (present in staging, missing in production)",
    );
  });

  it('ignore drops rows by attribute or row-id glob', () => {
    const report = computeParity(exampleColumns('catalog-web'), {
      ignore: ['env:FEATURE_FLAGS_URL', 'configMapKeyRef:*', 'ConfigMap/* › *'],
    });
    expect(ids(byClass(report, 'drift'))).toEqual([
      'Deployment/catalog-web › container catalog-web › image.digest',
      'Deployment/catalog-web › container catalog-web › image.tag',
    ]);
    expect(report.rows.some(r => r.object.kind === 'ConfigMap')).toBe(false);
    expect(
      report.rows.some(r => r.attribute.startsWith('configMapKeyRef:')),
    ).toBe(false);
  });

  it('replica limits turn an out-of-range difference into drift', () => {
    const report = computeParity(exampleColumns('checkout-api'), {
      replicas: { min: 1, max: 4 },
    });
    expect(ids(byClass(report, 'drift'))).toEqual([
      'HorizontalPodAutoscaler/checkout-api › hpa.maxReplicas',
    ]);
    expect(
      row(report, 'HorizontalPodAutoscaler/checkout-api › hpa.maxReplicas'),
    ).toMatchObject({
      comparisons: [
        { from: 'dev', to: 'staging', classification: 'expected' },
        {
          from: 'staging',
          to: 'production',
          classification: 'drift',
          reason:
            'hpa.maxReplicas 10 in production is outside the allowed range 1–4',
        },
      ],
    });
  });

  it('the version label differing while the images are the same is drift', () => {
    const columns = exampleColumns('checkout-api') as Array<{
      environment: { name: string; title: string };
      objects: KubernetesObject[];
    }>;
    const deployment = columns[2].objects.find(o => o.kind === 'Deployment')!;
    deployment.metadata.labels = {
      ...deployment.metadata.labels,
      'app.kubernetes.io/version': '2.4.2',
    };
    const report = computeParity(columns);
    expect(byClass(report, 'drift').map(r => [r.id, r.reason])).toEqual([
      [
        'Deployment/checkout-api › label:app.kubernetes.io/version',
        'The version label differs while the images are the same (staging has 2.4.1, production has 2.4.2)',
      ],
    ]);
  });

  it('URLs that differ only by host are expected, other URL changes are not', () => {
    const deployment = (env: Record<string, string>): KubernetesObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                image: 'ghcr.io/acme/web:1.0.0',
                env: Object.entries(env).map(([name, value]) => ({
                  name,
                  value,
                })),
              },
            ],
          },
        },
      },
    });
    const report = computeParity(
      [
        {
          environment: { name: 'staging', title: 'Staging' },
          objects: [
            deployment({
              API_URL: 'https://api.staging.acme.dev/v1',
              CALLBACK_URL: 'https://staging.acme.dev/cb',
              PORTED_URL: 'http://db.staging:5432/x',
            }),
          ],
        },
        {
          environment: { name: 'production', title: 'Production' },
          objects: [
            deployment({
              API_URL: 'https://api.acme.dev/v1',
              CALLBACK_URL: 'https://acme.dev/callback',
              PORTED_URL: 'http://db.prod:6432/x',
            }),
          ],
        },
      ],
      { expected: [] },
    );
    const prefix = 'Deployment/web › container web › env-value:';
    expect(row(report, `${prefix}API_URL`)).toMatchObject({
      classification: 'expected',
      reason:
        'URLs differ only by host (staging has https://api.staging.acme.dev/v1, production has https://api.acme.dev/v1)',
    });
    expect(row(report, `${prefix}CALLBACK_URL`).classification).toBe('drift');
    expect(row(report, `${prefix}PORTED_URL`).classification).toBe('drift');
  });

  it('labels and annotations to compare are configurable; last-applied-configuration never is', () => {
    const columns = exampleColumns('checkout-api') as Array<{
      environment: { name: string; title: string };
      objects: KubernetesObject[];
    }>;
    const sa = columns[0].objects.find(o => o.kind === 'ServiceAccount')!;
    sa.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}',
      team: 'checkout',
    };

    const defaults = computeParity(columns);
    const defaultMetadata = new Set(
      defaults.rows
        .filter(r => r.category === 'metadata')
        .map(r => r.attribute),
    );
    expect([...defaultMetadata].sort()).toEqual([
      'annotation:prometheus.io/path',
      'annotation:prometheus.io/port',
      'annotation:prometheus.io/scrape',
      'label:app.kubernetes.io/component',
      'label:app.kubernetes.io/name',
      'label:app.kubernetes.io/part-of',
      'label:app.kubernetes.io/version',
    ]);

    const custom = computeParity(columns, {
      labels: ['app.kubernetes.io/name'],
      annotations: ['*'],
    });
    const metadataAttributes = new Set(
      custom.rows.filter(r => r.category === 'metadata').map(r => r.attribute),
    );
    expect([...metadataAttributes].sort()).toEqual([
      'annotation:argocd.argoproj.io/hook',
      'annotation:argocd.argoproj.io/hook-delete-policy',
      'annotation:prometheus.io/path',
      'annotation:prometheus.io/port',
      'annotation:prometheus.io/scrape',
      'annotation:team',
      'label:app.kubernetes.io/name',
    ]);
    expect(
      row(custom, 'ServiceAccount/checkout-api › annotation:team'),
    ).toMatchObject({
      classification: 'drift',
      differingEnvironments: ['dev'],
    });
    expect(JSON.stringify(custom)).not.toContain('last-applied');

    const none = computeParity(columns, { labels: [], annotations: [] });
    expect(none.rows.some(r => r.category === 'metadata')).toBe(false);
  });
});
