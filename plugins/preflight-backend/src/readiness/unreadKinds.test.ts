/*
 * A kind the cluster denies (403) or does not serve (404) does not fail the environment: through
 * the real LiveStateSource against the Kubernetes API simulator, the environment state service, the
 * engine with every built-in check, and parity.
 */
import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  CheckOutcome,
  EntityReadiness,
  EnvironmentState,
  KubernetesObject,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import {
  fixtures,
  KubernetesApiSimulator,
  type CustomResourceGroup,
  type SimulatedFault,
} from '../__testUtils__/kubernetes';

import { computeEntityParity } from '../service/ParityService';
import { EnvironmentStateService } from '../service/EnvironmentStateService';
import { LiveStateSource } from '../sources/live';
import { createBuiltinChecks } from './checks';
import { createCiTestsCheck } from './ci';
import { ReadinessEngine } from './ReadinessEngine';
import { createRollbackPlanCheck } from './runbook';
import { readCheckSettings } from './settings';
import { unreadKindsResult } from './unreadKinds';

const TOKEN = 'test-sa-token-0123456789';
const ID = 'checkout-api';
const RUNBOOK =
  '# Runbook\n\n## Rollback\n\n`kubectl rollout undo deployment/checkout-api`\n';

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

const ENVIRONMENTS: PreflightEnvironment[] = ['staging', 'production'].map(
  name => ({
    name,
    title: name,
    cluster: `${name}-cluster`,
    namespace: 'shop',
  }),
);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': ID,
      'preflight.dev/backup': 'velero',
    },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const labels = { 'backstage.io/kubernetes-id': ID };

/** The component as deployed: workloads, a Secret, monitoring objects. */
function clusterObjects(): KubernetesObject[] {
  return [
    ...fixtures.componentObjects(ID),
    fixtures.secret(`${ID}-db`, { PASSWORD: 'hunter2' }, { labels }),
    fixtures.serviceMonitor(ID, { labels }),
    fixtures.prometheusRule(ID, { labels }),
  ];
}

function checks(): PreflightCheck[] {
  const config = new ConfigReader({});
  const logger = mockServices.logger.mock();
  return createBuiltinChecks({
    registry: {
      verify: async image => ({
        status: 'present',
        url: `https://registry.test/${image}`,
      }),
    },
    extra: {
      ciTests: createCiTestsCheck({ config, logger }),
      rollbackPlan: createRollbackPlanCheck({
        config,
        logger,
        urlReader: mockServices.urlReader.mock({
          readUrl: async () =>
            ({ buffer: async () => Buffer.from(RUNBOOK) } as any),
        }),
      }),
    },
  });
}

/**
 * staging is read in full; production answers with `faults`. Both hold the same objects, so every
 * check that does not need the faulted kinds must decide production as it decides staging.
 */
async function evaluate(
  faults: SimulatedFault[],
  customResourceGroups: CustomResourceGroup[] = ['monitoring.coreos.com'],
) {
  for (const env of ENVIRONMENTS) {
    k8s.addCluster({
      name: env.name,
      baseUrl: `https://${env.name}.k8s.test`,
      token: TOKEN,
      objects: clusterObjects(),
      customResourceGroups,
      faults: env.name === 'production' ? faults : [],
    });
  }
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: ENVIRONMENTS.map(env => ({
            name: env.cluster!,
            url: `https://${env.name}.k8s.test`,
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
          })),
        },
      ],
    },
  });
  const logger = mockServices.logger.mock();
  const states = new EnvironmentStateService({
    environments: ENVIRONMENTS,
    sources: {
      live: new LiveStateSource({ config, logger }),
      desired: {
        read: async () => ({ status: 'not-configured', objects: [] }),
      },
    },
    cache: CacheManager.fromConfig(
      mockServices.rootConfig({
        data: { backend: { cache: { store: 'memory' } } },
      }),
    ).forPlugin('preflight'),
    logger,
    ttlMs: 60_000,
  });
  const list = checks();
  const engine = new ReadinessEngine({
    checks: () => list,
    settings: readCheckSettings(new ConfigReader({}), list),
    states,
    waivers: { listActive: async () => [] },
    logger,
  });
  const path = await states.getStates(entity);
  const readiness = await engine.evaluate(entity);
  return { path, readiness, parity: computeEntityParity(path) };
}

function outcomes(readiness: EntityReadiness, env: string) {
  return new Map(
    readiness.environments
      .find(e => e.environment === env)!
      .checks.map((c): [string, CheckOutcome] => [c.id, c]),
  );
}

/** Checks decided the same way in staging and production, except `except`. */
function expectSameAsStaging(readiness: EntityReadiness, except: string[]) {
  const staging = outcomes(readiness, 'staging');
  const production = outcomes(readiness, 'production');
  const decided = [...staging].filter(
    ([id, c]) =>
      !except.includes(id) &&
      c.status !== 'unknown' &&
      c.status !== 'not-applicable',
  );
  // The comparison means something: most of the checklist is decided from the cluster.
  expect(decided.map(([id]) => id)).toEqual(
    expect.arrayContaining(
      [
        'image-tagged',
        'container-security',
        'rollback-plan',
        'backup-verified',
      ].filter(id => !except.includes(id)),
    ),
  );
  for (const [id, c] of staging) {
    // environment-parity compares with the previous environment: staging, the first, has none.
    if (except.includes(id) || id === 'environment-parity') continue;
    expect([id, production.get(id)!.status]).toEqual([id, c.status]);
  }
}

describe('kinds that could not be read', () => {
  it('403 on Secrets only: ok with Secret unread, every check decided, parity computed', async () => {
    const { path, readiness, parity } = await evaluate([
      { resource: 'secrets', status: 403 },
    ]);
    const production = path[1].live;
    expect(production.status).toBe('ok');
    expect(production.unreadKinds).toEqual([
      {
        kind: 'Secret',
        apiVersion: 'v1',
        reason: 'FORBIDDEN',
        message:
          'Preflight may not list Secret (v1) in namespace \'shop\' on cluster \'production-cluster\' (HTTP 403): secrets is forbidden: User "system:serviceaccount:backstage:preflight" cannot list resource "secrets" in API group "" in the namespace "shop"',
      },
    ]);
    expect(production.objects.some(o => o.kind === 'Deployment')).toBe(true);

    // No check needs Secrets: each is decided as in staging, environment-parity included.
    expectSameAsStaging(readiness, []);
    const checksOfProduction = outcomes(readiness, 'production');
    expect(checksOfProduction.get('environment-parity')!.status).not.toBe(
      'unknown',
    );
    const env = checksOfProduction.get('env-configured')!;
    expect(env.status).not.toBe('unknown');
    expect(env.details).toContain(
      'Secrets could not be read from the cluster (FORBIDDEN): Secret references are verified nowhere (no desired state either).',
    );
    expect(checksOfProduction.get('environment-parity')!.details).toContain(
      'Not compared (not read from the cluster): Secret in production (FORBIDDEN)',
    );

    // Parity is computed; the Secret missing from production's read is not drift.
    expect(parity.live.environments.map(e => e.available)).toEqual([
      true,
      true,
    ]);
    expect(parity.live.environments[1].unreadKinds).toEqual(
      production.unreadKinds,
    );
    const secretRows = parity.live.rows.filter(r => r.object.kind === 'Secret');
    expect(secretRows.length).toBeGreaterThan(0);
    for (const row of secretRows) {
      expect(row.values.production).toEqual({
        unavailable: true,
        reason: 'Secret not read (FORBIDDEN)',
      });
      expect(row.classification).not.toBe('drift');
    }
    expect(parity.live.summary.drift).toBe(0);
    expect(parity.live.summary.same).toBeGreaterThan(0);
  });

  it('404 on one custom resource kind: ok with it unread (NOT_SERVED); only the check that needs it is unknown', async () => {
    const { path, readiness, parity } = await evaluate([
      { resource: 'prometheusrules', status: 404 },
    ]);
    const production = path[1].live;
    expect(production.status).toBe('ok');
    expect(
      production.unreadKinds?.map(u => [u.kind, u.apiVersion, u.reason]),
    ).toEqual([['PrometheusRule', 'monitoring.coreos.com/v1', 'NOT_SERVED']]);

    // staging passes monitoring on its PrometheusRule; production saw only the ServiceMonitor and
    // cannot tell whether alerting exists.
    expect(outcomes(readiness, 'staging').get('monitoring')!.status).toBe(
      'pass',
    );
    const monitoring = outcomes(readiness, 'production').get('monitoring')!;
    expect(monitoring.status).toBe('unknown');
    expect(monitoring.summary).toBe(
      'Not decided: PrometheusRule (NOT_SERVED) could not be read from the cluster',
    );
    expect(monitoring.remediation).toContain(
      'The cluster does not serve PrometheusRule (monitoring.coreos.com/v1)',
    );
    expectSameAsStaging(readiness, ['monitoring']);
    expect(parity.live.summary.drift).toBe(0);
    expect(
      parity.live.rows
        .filter(r => r.object.kind === 'PrometheusRule')
        .every(r => r.classification === 'unknown'),
    ).toBe(true);
  });

  it('a Role without list on pods: health-checks unknown naming Pod, the rest decided', async () => {
    const { path, readiness } = await evaluate([
      { resource: 'pods', status: 403 },
    ]);
    expect(path[1].live.status).toBe('ok');
    expect(path[1].live.unreadKinds?.map(u => u.kind)).toEqual(['Pod']);
    // Decided in staging (from the pods' Ready conditions).
    expect(
      outcomes(readiness, 'staging').get('health-checks')!.status,
    ).not.toBe('unknown');
    const health = outcomes(readiness, 'production').get('health-checks')!;
    expect(health).toMatchObject({
      status: 'unknown',
      summary:
        'Not decided: the live state of production lacks Pod (FORBIDDEN), which this check needs',
    });
    expect(health.details).toContain(
      'cannot list resource "pods" in API group "" in the namespace "shop"',
    );
    expect(health.remediation).toContain(
      "Grant Preflight's service account `list` on Pod (v1)",
    );
    expectSameAsStaging(readiness, ['health-checks']);
  });

  it("the Kubernetes plugin's read-only ClusterRole (no Secrets, ServiceAccounts, PDBs, NetworkPolicies or custom resources)", async () => {
    const denied = [
      'secrets',
      'serviceaccounts',
      'poddisruptionbudgets',
      'networkpolicies',
      'prometheusrules',
      'servicemonitors',
      'podmonitors',
      'backups',
      'restores',
    ];
    const { path, readiness, parity } = await evaluate(
      denied.map(resource => ({ resource, status: 403 })),
      ['monitoring.coreos.com', 'velero.io'],
    );
    const production = path[1].live;
    expect(production.status).toBe('ok');
    expect(production.unreadKinds?.map(u => `${u.kind}:${u.reason}`)).toEqual([
      'Secret:FORBIDDEN',
      'ServiceAccount:FORBIDDEN',
      'PodDisruptionBudget:FORBIDDEN',
      'NetworkPolicy:FORBIDDEN',
      'PrometheusRule:FORBIDDEN',
      'ServiceMonitor:FORBIDDEN',
      'PodMonitor:FORBIDDEN',
      'Backup:FORBIDDEN',
      'Restore:FORBIDDEN',
    ]);
    const checksOfProduction = outcomes(readiness, 'production');
    expect(checksOfProduction.get('monitoring')!.status).toBe('unknown');
    expect(checksOfProduction.get('backup-verified')).toMatchObject({
      status: 'unknown',
      summary:
        'Not decided: the live state of production lacks Backup (FORBIDDEN), Restore (FORBIDDEN), which this check needs',
    });
    // The rules that read PDBs, NetworkPolicies and ServiceAccounts are left out, and said so.
    const security = checksOfProduction.get('container-security')!;
    expect(security.status).not.toBe('unknown');
    expect(security.details).toContain(
      'Not evaluated, the cluster did not let Preflight read what they need: `serviceAccountTokenAutomount` (ServiceAccount (FORBIDDEN)), `podDisruptionBudgetMissing` (PodDisruptionBudget (FORBIDDEN)), `networkPolicyMissing` (NetworkPolicy (FORBIDDEN)).',
    );
    expectSameAsStaging(readiness, ['monitoring', 'backup-verified']);
    expect(parity.live.summary.drift).toBe(0);
  });

  it('the workloads denied: the checks over containers are unknown, parity cannot compare', async () => {
    const { path, readiness } = await evaluate([
      { resource: 'deployments', status: 403 },
    ]);
    expect(path[1].live.status).toBe('ok');
    const production = outcomes(readiness, 'production');
    for (const id of [
      'image-tagged',
      'container-security',
      'health-checks',
      'env-configured',
      'rollback-plan',
    ]) {
      expect([id, production.get(id)!.status]).toEqual([id, 'unknown']);
      expect(production.get(id)!.summary).toContain('Deployment (FORBIDDEN)');
    }
    expect(production.get('environment-parity')).toMatchObject({
      status: 'unknown',
      summary:
        'Cannot compare: Deployment (FORBIDDEN) in production could not be read',
    });
  });

  it('401, or every kind denied, still fails the environment', async () => {
    const denied = await evaluate([
      { resource: 'discovery', delayMs: 0 },
      { status: 403 },
    ]);
    expect(denied.path[1].live).toMatchObject({
      status: 'error',
      error: { reason: 'FORBIDDEN' },
    });
    expect(denied.path[1].live.unreadKinds).toBeUndefined();
    k8s.reset();
    const unauthorized = await evaluate([{ resource: 'secrets', status: 401 }]);
    expect(unauthorized.path[1].live).toMatchObject({
      status: 'error',
      error: { reason: 'UNAUTHORIZED' },
    });
  });
});

describe('unreadKindsResult', () => {
  const production = ENVIRONMENTS[1];
  const deployment = fixtures.deployment(ID);
  const live = (extra: Partial<SourceState>): SourceState => ({
    status: 'ok',
    objects: [deployment],
    ...extra,
  });
  const state = (l: SourceState, d?: SourceState): EnvironmentState => ({
    environment: production,
    live: l,
    desired: d ?? { status: 'not-configured', objects: [] },
  });
  const podUnread = {
    kind: 'Pod',
    apiVersion: 'v1',
    reason: 'FORBIDDEN' as const,
    message: 'denied',
  };

  it('applies only to checks that require an unread kind, on live facts', () => {
    const needsPods = { requiredKinds: ['Pod'] };
    expect(
      unreadKindsResult(needsPods, state(live({ unreadKinds: [podUnread] }))),
    ).toMatchObject({ status: 'unknown' });
    expect(unreadKindsResult(needsPods, state(live({})))).toBeUndefined();
    expect(
      unreadKindsResult(
        { requiredKinds: ['Secret'] },
        state(live({ unreadKinds: [podUnread] })),
      ),
    ).toBeUndefined();
    expect(
      unreadKindsResult({}, state(live({ unreadKinds: [podUnread] }))),
    ).toBeUndefined();
  });
});

describe('env-configured without Secrets from the cluster', () => {
  const withSecretRef = (key: string): KubernetesObject => {
    const d = fixtures.deployment(ID, { labels });
    d.spec.template.spec.containers[0].env.push({
      name: 'DB_PASSWORD',
      valueFrom: { secretKeyRef: { name: `${ID}-db`, key } },
    });
    return d;
  };
  const secretUnread = {
    kind: 'Secret',
    apiVersion: 'v1',
    reason: 'FORBIDDEN' as const,
    message: 'denied',
  };

  async function run(desiredSecretKeys: string[]) {
    const list = checks().filter(c => c.id === 'env-configured');
    const environment = ENVIRONMENTS[1];
    const path: EnvironmentState[] = [
      {
        environment,
        live: {
          status: 'ok',
          objects: [withSecretRef('PASSWORD')],
          unreadKinds: [secretUnread],
        },
        desired: {
          status: 'ok',
          objects: [
            withSecretRef('PASSWORD'),
            fixtures.secret(
              `${ID}-db`,
              Object.fromEntries(desiredSecretKeys.map(k => [k, 'x'])),
            ),
          ],
        },
      },
    ];
    const engine = new ReadinessEngine({
      checks: () => list,
      settings: readCheckSettings(new ConfigReader({}), list),
      states: { getStates: async () => path },
      waivers: { listActive: async () => [] },
      logger: mockServices.logger.mock(),
    });
    return (await engine.evaluate(entity)).environments[0].checks[0];
  }

  it('falls back to the desired state for Secret keys, saying so', async () => {
    const ok = await run(['PASSWORD']);
    expect(ok.status).toBe('pass');
    expect(ok.summary).toBe(
      'Every ConfigMap/Secret reference resolves; Secrets checked against the manifests (not readable in the cluster)',
    );
    expect(ok.details).toContain(
      'Secrets could not be read from the cluster (FORBIDDEN): Secret references are verified against the desired state (manifests).',
    );
    const missingKey = await run(['USER']);
    expect(missingKey.status).toBe('fail');
    expect(missingKey.summary).toContain(
      'refers to key PASSWORD of Secret checkout-api-db, which has no such key',
    );
  });
});
