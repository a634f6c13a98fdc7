/*
 * Property: no check passes on nothing. Every check the plugin registers (the built-in checklist,
 * wired as plugin.ts wires it, plus a module's check that states nothing) is run through the
 * engine over generated environments whose state holds no workload, or workloads without
 * containers (Kustomize patches), from the live or the desired source.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  EnvironmentState,
  KubernetesObject,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import fc from 'fast-check';
import { createBuiltinChecks } from './checks';
import { createCiTestsCheck } from './ci';
import { ReadinessEngine } from './ReadinessEngine';
import { createRollbackPlanCheck } from './runbook';
import { readCheckSettings } from './settings';

const RUNBOOK =
  '# Runbook\n\n## Rollback\n\n`kubectl rollout undo deployment/app`\n';

/** A module's check, as a README example would write it: it says nothing of what it evaluated. */
const moduleCheck: PreflightCheck = {
  id: 'sbom-annotated',
  title: 'SBOM annotated',
  description: 'Every Deployment links its SBOM.',
  defaultSeverity: 'blocking',
  async evaluate({ state }) {
    const facts = selectFacts(state);
    if (!facts.available) return { status: 'unknown', summary: facts.reason };
    const missing = facts.objects.filter(
      o =>
        o.kind === 'Deployment' &&
        !o.metadata.annotations?.['example.com/sbom'],
    );
    return missing.length
      ? { status: 'fail', summary: `${missing.length} without an SBOM` }
      : { status: 'pass', summary: 'Every Deployment links its SBOM' };
  },
};

function registeredChecks(): PreflightCheck[] {
  const config = new ConfigReader({});
  const logger = mockServices.logger.mock();
  return [
    ...createBuiltinChecks({
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
    }),
    moduleCheck,
  ];
}

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);

/** Objects that are no check's subject: no workload, no Job, no Certificate, no alert rule. */
const inertObject: fc.Arbitrary<KubernetesObject> = fc.oneof(
  fc.record({
    apiVersion: fc.constant('v1'),
    kind: fc.constantFrom('ConfigMap', 'Secret', 'Service', 'ServiceAccount'),
    metadata: fc.record({ name }),
    data: fc.dictionary(
      fc.stringMatching(/^[A-Z_]{1,8}$/),
      fc.string({ maxLength: 8 }),
    ),
  }),
  fc.record({
    apiVersion: fc.constant('autoscaling/v2'),
    kind: fc.constant('HorizontalPodAutoscaler'),
    metadata: fc.record({ name }),
    spec: fc.record({ minReplicas: fc.nat(5), maxReplicas: fc.nat(20) }),
  }),
  // A Kustomize patch: a workload kind with no pod template, hence no container.
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constantFrom('Deployment', 'StatefulSet', 'DaemonSet'),
    metadata: fc.record({ name }),
    spec: fc.record({ replicas: fc.nat(10) }),
  }),
  fc.record({
    apiVersion: fc.constant('apps/v1'),
    kind: fc.constant('Deployment'),
    metadata: fc.record({ name }),
    spec: fc.constant({ template: { metadata: {}, spec: { containers: [] } } }),
  }),
) as fc.Arbitrary<KubernetesObject>;

const source = (objects: fc.Arbitrary<KubernetesObject[]>) =>
  fc.oneof(
    objects.map(o => ({ status: 'ok', objects: o } as SourceState)),
    fc.constant<SourceState>({ status: 'not-configured', objects: [] }),
    fc.constant<SourceState>({ status: 'not-deployed', objects: [] }),
    fc.constant<SourceState>({
      status: 'error',
      error: { reason: 'TIMEOUT', message: 'no answer' },
      objects: [],
    }),
  );

const paths = (objects: fc.Arbitrary<KubernetesObject[]>) =>
  fc
    .array(fc.record({ live: source(objects), desired: source(objects) }), {
      minLength: 1,
      maxLength: 3,
    })
    .map(envs =>
      envs.map(
        (s, i): EnvironmentState => ({
          environment: { name: `env${i}`, title: `Env ${i}` },
          ...s,
        }),
      ),
    );

const entity = fc
  .record({
    migrations: fc.boolean(),
    requiredEnv: fc.boolean(),
    backup: fc.boolean(),
    runbook: fc.boolean(),
  })
  .map(
    (a): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'generated',
        namespace: 'default',
        annotations: {
          ...(a.migrations ? { 'preflight.dev/migrations': 'flyway' } : {}),
          ...(a.requiredEnv
            ? { 'preflight.dev/required-env': 'DATABASE_URL' }
            : {}),
          ...(a.backup ? { 'preflight.dev/backup': 'orders-db' } : {}),
          ...(a.runbook
            ? { 'preflight.dev/runbook': 'https://docs.test/runbook.md' }
            : {}),
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    }),
  );

function engineFor(checks: PreflightCheck[], path: EnvironmentState[]) {
  return new ReadinessEngine({
    checks: () => checks,
    settings: readCheckSettings(new ConfigReader({}), checks),
    states: { getStates: async () => path },
    waivers: { listActive: async () => [] },
    logger: mockServices.logger.mock(),
  });
}

describe('no check passes on nothing', () => {
  const checks = registeredChecks();

  it('runs every registered check', () => {
    expect(checks.map(c => c.id)).toEqual([
      'ci-tests',
      'image-tagged',
      'migrations-ready',
      'env-configured',
      'health-checks',
      'monitoring',
      'rollback-plan',
      'backup-verified',
      'environment-parity',
      'gitops-sync',
      'container-security',
      'image-vulnerabilities',
      'tls-certificates',
      'sbom-annotated',
    ]);
  });

  it('gives no pass and no ready verdict where the state holds no workload with a container', async () => {
    await fc.assert(
      fc.asyncProperty(
        entity,
        paths(fc.array(inertObject, { maxLength: 6 })),
        async (e, path) => {
          const result = await engineFor(checks, path).evaluate(e);
          for (const env of result.environments) {
            const passed = env.checks.filter(c => c.status === 'pass');
            expect(passed.map(c => `${c.id}: ${c.summary}`)).toEqual([]);
            expect(env.verdict).not.toBe('ready');
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('states what every check evaluated whenever one passes, and it is never nothing', async () => {
    // The same property from the other side: over real workloads checks may pass, and then say
    // over how many subjects (or the engine required workloads to be present).
    const workload = (containers: number): KubernetesObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app' },
      spec: {
        template: {
          metadata: {},
          spec: {
            containers: Array.from({ length: containers }, (_, i) => ({
              name: `c${i}`,
              image: `ghcr.io/acme/app:1.2.${i}@sha256:${'a'.repeat(64)}`,
            })),
          },
        },
      },
    });
    await fc.assert(
      fc.asyncProperty(
        entity,
        fc.nat(3),
        paths(fc.array(inertObject, { maxLength: 3 })),
        async (e, containers, path) => {
          const withWorkload = path.map(s => ({
            ...s,
            desired:
              s.desired.status === 'ok'
                ? {
                    ...s.desired,
                    objects: [...s.desired.objects, workload(containers)],
                  }
                : s.desired,
          }));
          const result = await engineFor(checks, withWorkload).evaluate(e);
          const passed = result.environments.flatMap(env =>
            env.checks.filter(o => o.status === 'pass'),
          );
          expect(passed.filter(c => c.evaluated?.count === 0)).toEqual([]);
          const policyChecks = passed.filter(c =>
            ['image-tagged', 'container-security'].includes(c.id),
          );
          expect(policyChecks.map(c => c.evaluated)).toEqual(
            policyChecks.map(() => ({
              subject: 'containers',
              count: containers,
            })),
          );
        },
      ),
      { numRuns: 100 },
    );
  });
});
