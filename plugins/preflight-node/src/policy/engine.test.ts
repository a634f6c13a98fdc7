import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { POLICY_RULES, evaluatePolicies, getPolicyRule } from './engine';
import { policyExemptionAnnotation } from './rule';
import {
  compliantCronJob,
  compliantPod,
  compliantServiceAccount,
  compliantSet,
  deepFreeze,
  podSpecOf,
} from './__testUtils__/fixtures';

/** A set whose Deployment runs as root and has no readinessProbe. */
function brokenSet(): KubernetesObject[] {
  const set = compliantSet();
  const spec = podSpecOf(set[0]);
  spec.containers[0].securityContext.runAsNonRoot = false;
  delete spec.containers[0].readinessProbe;
  return set;
}

describe('evaluatePolicies', () => {
  it('lists every rule with an id, severity, remediation and exemption annotation', () => {
    const ids = POLICY_RULES.map(r => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of POLICY_RULES) {
      expect(rule.exemptionAnnotation).toBe(`preflight.dev/exempt.${rule.id}`);
      // a valid annotation key: prefix / name (≤ 63, alphanumeric at both ends)
      expect(rule.exemptionAnnotation).toMatch(
        /^preflight\.dev\/[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
      );
      expect(['blocking', 'advisory']).toContain(rule.severity);
      expect(rule.title).not.toBe('');
      expect(rule.description).not.toBe('');
      expect(rule.remediation).not.toBe('');
      expect(rule.appliesTo.length).toBeGreaterThan(0);
      expect(getPolicyRule(rule.id)).toBe(rule);
    }
    expect(Object.isFrozen(POLICY_RULES[0])).toBe(true);
  });

  it('reports violations in object order then rule order', () => {
    const report = evaluatePolicies(brokenSet());
    expect(report.violations.map(v => [v.ruleId, v.severity])).toEqual([
      ['runAsNonRoot', 'blocking'],
      ['readinessProbeMissing', 'blocking'],
    ]);
    expect(report.passedRules).not.toContain('runAsNonRoot');
    expect(report.passedRules).toContain('livenessProbeMissing');
  });

  it('honours an exemption annotation on the object metadata and reports it', () => {
    const set = brokenSet();
    set[0].metadata.annotations = {
      [policyExemptionAnnotation('runAsNonRoot')]:
        '  vendor image needs root; tracked in SEC-42 ',
    };
    const report = evaluatePolicies(set);
    expect(report.violations.map(v => v.ruleId)).toEqual([
      'readinessProbeMissing',
    ]);
    expect(report.exempted).toEqual([
      {
        ruleId: 'runAsNonRoot',
        object: { kind: 'Deployment', name: 'app', namespace: 'shop' },
        justification: 'vendor image needs root; tracked in SEC-42',
        path: 'metadata.annotations["preflight.dev/exempt.runAsNonRoot"]',
      },
    ]);
    expect(report.passedRules).toContain('runAsNonRoot');
  });

  it('honours an exemption annotation on the pod template metadata', () => {
    const set = brokenSet();
    set[0].spec.template.metadata.annotations = {
      'preflight.dev/exempt.readinessProbeMissing': 'batch worker, no traffic',
    };
    const report = evaluatePolicies(set);
    expect(report.violations.map(v => v.ruleId)).toEqual(['runAsNonRoot']);
    expect(report.exempted).toEqual([
      expect.objectContaining({
        ruleId: 'readinessProbeMissing',
        justification: 'batch worker, no traffic',
        path: 'spec.template.metadata.annotations["preflight.dev/exempt.readinessProbeMissing"]',
      }),
    ]);
  });

  it('honours exemptions for set-level rules on the workload, and on a CronJob template', () => {
    const set = compliantSet();
    set.splice(2, 2); // no PDB, no NetworkPolicy
    set[0].metadata.annotations = {
      'preflight.dev/exempt.podDisruptionBudgetMissing': 'stateless, can drop',
      'preflight.dev/exempt.networkPolicyMissing': 'mesh enforces it',
    };
    const report = evaluatePolicies(set);
    expect(report.violations).toEqual([]);
    expect(report.exempted.map(e => e.ruleId)).toEqual([
      'podDisruptionBudgetMissing',
      'networkPolicyMissing',
    ]);

    const cron = compliantCronJob({ name: 'report' });
    const template = cron.spec.jobTemplate.spec.template;
    template.spec.containers[0].securityContext.runAsUser = 0;
    template.metadata.annotations = {
      'preflight.dev/exempt.runAsNonRoot': 'legacy report tool',
    };
    const cronReport = evaluatePolicies([
      cron,
      compliantServiceAccount({ name: 'report' }),
    ]);
    expect(cronReport.violations).toEqual([]);
    expect(cronReport.exempted).toEqual([
      expect.objectContaining({
        ruleId: 'runAsNonRoot',
        object: { kind: 'CronJob', name: 'report', namespace: 'shop' },
        path: 'spec.jobTemplate.spec.template.metadata.annotations["preflight.dev/exempt.runAsNonRoot"]',
      }),
    ]);
  });

  it('records no exemption when nothing was suppressed, and one per rule and object', () => {
    const set = compliantSet();
    set[0].metadata.annotations = {
      'preflight.dev/exempt.runAsNonRoot': 'not needed',
    };
    expect(evaluatePolicies(set).exempted).toEqual([]);

    const two = compliantSet();
    const spec = podSpecOf(two[0]);
    spec.containers.push({ ...spec.containers[0], name: 'second' });
    spec.containers.forEach((c: any) => delete c.livenessProbe);
    two[0].metadata.annotations = {
      'preflight.dev/exempt.livenessProbeMissing': 'legacy',
    };
    expect(evaluatePolicies(two).exempted).toHaveLength(1);
  });

  it('does not honour an exemption without justification, and says so', () => {
    const set = brokenSet();
    set[0].metadata.annotations = { 'preflight.dev/exempt.runAsNonRoot': ' ' };
    const report = evaluatePolicies(set);
    expect(report.exempted).toEqual([]);
    expect(report.violations[0].ruleId).toBe('runAsNonRoot');
    expect(report.violations[0].message).toMatch(
      /exemption metadata\.annotations\["preflight\.dev\/exempt\.runAsNonRoot"\] ignored: it has no justification/,
    );
  });

  it('an exemption for one rule does not exempt another', () => {
    const set = brokenSet();
    set[0].metadata.annotations = {
      'preflight.dev/exempt.livenessProbeMissing': 'nope',
    };
    expect(evaluatePolicies(set).violations).toHaveLength(2);
  });

  it('applies severity overrides', () => {
    const report = evaluatePolicies(brokenSet(), {
      severityOverrides: {
        runAsNonRoot: 'advisory',
        networkPolicyMissing: 'blocking',
      },
    });
    expect(report.violations.map(v => [v.ruleId, v.severity])).toEqual([
      ['runAsNonRoot', 'advisory'],
      ['readinessProbeMissing', 'blocking'],
    ]);
    // the shared rule objects are untouched
    expect(getPolicyRule('runAsNonRoot')!.severity).toBe('blocking');
  });

  it('skips disabled rules and evaluates only the selected ones', () => {
    const disabled = evaluatePolicies(brokenSet(), {
      disabled: ['readinessProbeMissing'],
    });
    expect(disabled.violations.map(v => v.ruleId)).toEqual(['runAsNonRoot']);
    expect(disabled.passedRules).not.toContain('readinessProbeMissing');
    expect(disabled.notApplicableRules).not.toContain('readinessProbeMissing');

    const only = evaluatePolicies(brokenSet(), {
      rules: ['readinessProbeMissing', 'livenessProbeMissing'],
    });
    expect(only.violations.map(v => v.ruleId)).toEqual([
      'readinessProbeMissing',
    ]);
    expect(only.passedRules).toEqual(['livenessProbeMissing']);

    const both = evaluatePolicies(brokenSet(), {
      rules: ['readinessProbeMissing'],
      disabled: ['readinessProbeMissing'],
    });
    expect(both).toEqual({
      violations: [],
      exempted: [],
      passedRules: [],
      notApplicableRules: [],
      subjects: { workloads: 1, containers: 1, uncontrolledPods: [] },
    });
  });

  it('says what it evaluated: workloads, their containers, and pods that nothing controls', () => {
    expect(evaluatePolicies([compliantServiceAccount()]).subjects).toEqual({
      workloads: 0,
      containers: 0,
      uncontrolledPods: [],
    });

    // A Kustomize-style patch: a Deployment with replicas and no pod template
    const patch = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout-api' },
      spec: { replicas: 3 },
    };
    const patched = evaluatePolicies([patch]);
    expect(patched.subjects).toEqual({
      workloads: 1,
      containers: 0,
      uncontrolledPods: [],
    });
    expect(patched.passedRules).toEqual([]);

    const bare = compliantPod();
    bare.metadata.name = 'debug-shell';
    const controlled = compliantPod();
    controlled.metadata.name = 'checkout-api-7d9f-abcde';
    controlled.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'rs',
        uid: 'u',
        controller: true,
      },
    ];
    const set = compliantSet();
    const report = evaluatePolicies([...set, bare, controlled]);
    expect(report.subjects.uncontrolledPods).toEqual(['debug-shell']);
    expect(report.subjects.workloads).toBe(
      evaluatePolicies(set).subjects.workloads + 1,
    );
    expect(report.subjects.containers).toBe(
      evaluatePolicies(set).subjects.containers +
        bare.spec.containers.length +
        (bare.spec.initContainers?.length ?? 0),
    );
  });

  it('rejects unknown rule ids and severities', () => {
    expect(() => evaluatePolicies([], { rules: ['runAsRoot'] })).toThrow(
      /Unknown policy rule 'runAsRoot'; known rules: runAsNonRoot, /,
    );
    expect(() => evaluatePolicies([], { disabled: ['nope'] })).toThrow(
      /'nope'/,
    );
    expect(() =>
      evaluatePolicies([], { severityOverrides: { typo: 'advisory' } }),
    ).toThrow(/'typo'/);
    expect(() =>
      evaluatePolicies([], {
        severityOverrides: { runAsNonRoot: 'fatal' as any },
      }),
    ).toThrow(/Invalid severity 'fatal'/);
  });

  it('reports rules as not applicable when the set holds no workload', () => {
    const report = evaluatePolicies([compliantServiceAccount()]);
    expect(report.violations).toEqual([]);
    expect(report.passedRules).toEqual([]);
    expect(report.notApplicableRules).toEqual(POLICY_RULES.map(r => r.id));
  });

  it('skips workloads controlled by another object unless asked', () => {
    const p = compliantPod();
    delete p.spec.containers[0].readinessProbe;
    p.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'app-5d9',
        uid: '1',
        controller: true,
      },
    ];
    const set = [p, compliantServiceAccount()];
    expect(evaluatePolicies(set).violations).toEqual([]);
    expect(
      evaluatePolicies(set, {
        includeControlledWorkloads: true,
      }).violations.map(v => v.ruleId),
    ).toEqual(['readinessProbeMissing']);
  });

  it('does not mutate its input', () => {
    const set = deepFreeze(brokenSet());
    const before = JSON.stringify(set);
    expect(() =>
      evaluatePolicies(set, {
        severityOverrides: { runAsNonRoot: 'advisory' },
      }),
    ).not.toThrow();
    expect(JSON.stringify(set)).toBe(before);
  });

  it('does not crash on malformed objects', () => {
    const malformed = [
      null,
      'text',
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'b' },
        spec: null,
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'c' },
        spec: { template: { spec: { containers: 'x', volumes: 3 } } },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'd' },
        spec: {
          template: {
            spec: {
              containers: [
                null,
                4,
                {
                  name: 'x',
                  env: 'y',
                  ports: 'z',
                  resources: { requests: 'q' },
                  securityContext: {
                    capabilities: { drop: 'ALL', add: 'SYS_ADMIN' },
                  },
                  readinessProbe: 'r',
                  image: 5,
                },
              ],
            },
          },
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'e' },
        spec: { jobTemplate: null },
      },
      { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{}] } },
      {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'f' },
        spec: { selector: { matchExpressions: 'x' } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'g' },
        spec: { podSelector: { matchLabels: 'x' }, policyTypes: 'Ingress' },
      },
    ] as unknown as KubernetesObject[];
    const report = evaluatePolicies(malformed);
    const d = report.violations.filter(v => v.object.name === 'd');
    expect(d.map(v => v.ruleId)).toEqual(
      expect.arrayContaining([
        'runAsNonRoot',
        'capabilitiesNotDropped',
        'readinessProbeMissing',
        'resourceRequestsMissing',
      ]),
    );
    expect(report.violations.some(v => v.object.name === '<unnamed>')).toBe(
      true,
    );
  });
});
