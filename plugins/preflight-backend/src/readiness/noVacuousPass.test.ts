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

describe('a status-only evaluation (the catalog-wide run)', () => {
  const checks = registeredChecks();

  const deployment = (
    containers: object[],
    {
      workloadName = 'app',
      replicas,
    }: { workloadName?: string; replicas?: number } = {},
  ): KubernetesObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: workloadName },
    spec: {
      ...(replicas === undefined ? {} : { replicas }),
      template: { metadata: {}, spec: { containers } },
    },
  });
  /** One environment per object set, from the desired state only. */
  const desiredPath = (objects: KubernetesObject[][]): EnvironmentState[] =>
    objects.map((o, i) => ({
      environment: { name: `env${i}`, title: `Env ${i}` },
      live: { status: 'not-configured', objects: [] },
      desired: { status: 'ok', objects: o },
    }));
  const app: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'app', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
  type Evaluation = Awaited<ReturnType<ReadinessEngine['evaluate']>>;

  /** Workloads whose containers pass or fail the policy checks, and differ between environments. */
  const container = fc
    .record({
      tag: fc.constantFrom(
        ':latest',
        ':1.2.3',
        `:1.2.3@sha256:${'a'.repeat(64)}`,
      ),
      readiness: fc.boolean(),
      liveness: fc.constantFrom('none', 'same', 'distinct'),
      restricted: fc.boolean(),
      literalSecret: fc.boolean(),
    })
    .map(c => {
      const probe = { httpGet: { path: '/ready', port: 8080 } };
      return {
        name: 'app',
        image: `ghcr.io/acme/app${c.tag}`,
        ...(c.readiness ? { readinessProbe: probe } : {}),
        ...(c.liveness === 'none'
          ? {}
          : {
              livenessProbe:
                c.liveness === 'same'
                  ? probe
                  : { httpGet: { path: '/live', port: 8080 } },
            }),
        ...(c.restricted
          ? {
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            }
          : {}),
        env: c.literalSecret
          ? [{ name: 'DATABASE_PASSWORD', value: 'hunter2-hunter2' }]
          : [{ name: 'LOG_LEVEL', value: 'info' }],
      };
    });
  const workload: fc.Arbitrary<KubernetesObject> = fc
    .record({
      name: fc.constantFrom('app', 'worker'),
      replicas: fc.nat(4),
      containers: fc.array(container, { maxLength: 2 }),
    })
    .map(w =>
      deployment(w.containers, { workloadName: w.name, replicas: w.replicas }),
    );

  it('gives every check, and so every verdict and score, what a full evaluation gives', async () => {
    const statuses = (r: Evaluation) =>
      r.environments.map(env => ({
        environment: env.environment,
        verdict: env.verdict,
        score: env.score,
        checks: env.checks.map(c => `${c.id}: ${c.status}`),
      }));
    const seen = new Set<string>();
    // Always tried first, so that both sides of every check below are covered whatever the seed:
    // a container that passes them in `env0`, one that fails them in `env1`.
    const passing = deployment(
      [
        {
          name: 'app',
          image: `ghcr.io/acme/app:1.2.3@sha256:${'a'.repeat(64)}`,
          readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          livenessProbe: { httpGet: { path: '/live', port: 8080 } },
          env: [{ name: 'LOG_LEVEL', value: 'info' }],
        },
      ],
      { replicas: 2 },
    );
    const failing = deployment(
      [
        {
          name: 'app',
          image: 'ghcr.io/acme/app:latest',
          env: [{ name: 'DATABASE_PASSWORD', value: 'hunter2-hunter2' }],
        },
      ],
      { replicas: 2 },
    );
    const example = desiredPath([[passing], [failing]]);
    await fc.assert(
      fc.asyncProperty(
        entity,
        paths(fc.array(fc.oneof(workload, inertObject), { maxLength: 4 })),
        async (e, path) => {
          const engine = engineFor(checks, path);
          const full = await engine.evaluate(e);
          const status = await engine.evaluate(e, { detail: 'status' });
          expect(statuses(status)).toEqual(statuses(full));
          for (const env of full.environments) {
            for (const c of env.checks) seen.add(`${c.id}: ${c.status}`);
          }
        },
      ),
      { numRuns: 150, examples: [[app, example]] },
    );
    // The property was tried on both sides of the checks whose work the status mode skips.
    for (const id of [
      'image-tagged',
      'health-checks',
      'container-security',
      'environment-parity',
    ]) {
      expect([id, seen.has(`${id}: fail`)]).toEqual([id, true]);
    }
    for (const id of ['image-tagged', 'health-checks']) {
      expect([id, seen.has(`${id}: pass`)]).toEqual([id, true]);
    }
  });

  it('leaves out the details of the policy checks and of parity, keeping a summary', async () => {
    const engine = engineFor(
      checks,
      desiredPath([
        [deployment([{ name: 'app', image: 'ghcr.io/acme/app' }])],
        [deployment([{ name: 'app', image: 'ghcr.io/acme/app:2.0.0' }])],
      ]),
    );
    const pick = (r: Evaluation) =>
      r.environments[1].checks
        .filter(c =>
          [
            'image-tagged',
            'health-checks',
            'container-security',
            'environment-parity',
          ].includes(c.id),
        )
        .map(c => ({
          id: c.id,
          status: c.status,
          summary: typeof c.summary,
          details: typeof c.details,
          remediation: typeof c.remediation,
        }));
    const full = pick(await engine.evaluate(app));
    const status = pick(await engine.evaluate(app, { detail: 'status' }));
    expect(full.map(c => [c.id, c.status])).toEqual([
      ['image-tagged', 'warn'],
      ['health-checks', 'fail'],
      ['environment-parity', 'fail'],
      ['container-security', 'fail'],
    ]);
    expect(full.every(c => c.details === 'string')).toBe(true);
    expect(status).toEqual(
      full.map(c => ({
        ...c,
        details: 'undefined',
        remediation: 'undefined',
      })),
    );
  });
});
