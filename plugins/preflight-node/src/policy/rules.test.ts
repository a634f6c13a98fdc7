import {
  type KubernetesObject,
  MASKED_VALUE,
  sanitizeObject,
} from '@preflight/plugin-preflight-common';
import { POLICY_RULES, evaluatePolicies } from './engine';
import {
  DIGEST,
  compliantContainer,
  compliantCronJob,
  compliantJob,
  compliantNetworkPolicy,
  compliantPdb,
  compliantPod,
  compliantServiceAccount,
  compliantSet,
  hpa,
  podSpecOf,
} from './__testUtils__/fixtures';

type Manifests = KubernetesObject[];
const pod = (set: Manifests) => podSpecOf(set[0]);
const app = (set: Manifests) => pod(set).containers[0];
const C0 = 'spec.template.spec.containers[0]';

/** A compliant init container (no probes: they do not apply to init containers). */
function withInit(set: Manifests): Record<string, any> {
  const init = compliantContainer({ name: 'migrate' });
  delete init.readinessProbe;
  delete init.livenessProbe;
  delete init.ports;
  pod(set).initContainers = [init];
  return init;
}

const ruleIds = (set: Manifests) => [
  ...new Set(evaluatePolicies(set).violations.map(v => v.ruleId)),
];

interface FailingCase {
  rule: string;
  name: string;
  mutate(set: Manifests): void;
  path?: string;
  message?: RegExp;
  count?: number;
}

const failing: FailingCase[] = [
  // runAsNonRoot
  {
    rule: 'runAsNonRoot',
    name: 'container-level false overrides pod-level true',
    mutate: s => (app(s).securityContext.runAsNonRoot = false),
    path: `${C0}.securityContext.runAsNonRoot`,
    message: /^container 'app' sets securityContext\.runAsNonRoot to false$/,
  },
  {
    rule: 'runAsNonRoot',
    name: 'set neither on the pod nor on the container',
    mutate: s => {
      delete pod(s).securityContext.runAsNonRoot;
      delete app(s).securityContext.runAsNonRoot;
    },
    path: `${C0}.securityContext.runAsNonRoot`,
    message: /container 'app' does not set securityContext\.runAsNonRoot: true/,
  },
  {
    rule: 'runAsNonRoot',
    name: 'pod-level false inherited by a container that does not set it',
    mutate: s => {
      pod(s).securityContext.runAsNonRoot = false;
      delete app(s).securityContext.runAsNonRoot;
    },
    path: 'spec.template.spec.securityContext.runAsNonRoot',
    message: /inherits runAsNonRoot: false/,
  },
  {
    rule: 'runAsNonRoot',
    name: 'runAsUser 0 on the container',
    mutate: s => (app(s).securityContext.runAsUser = 0),
    path: `${C0}.securityContext.runAsUser`,
    message: /runs as root/,
  },
  {
    rule: 'runAsNonRoot',
    name: 'init container sets runAsNonRoot: false',
    mutate: s => (withInit(s).securityContext.runAsNonRoot = false),
    path: 'spec.template.spec.initContainers[0].securityContext.runAsNonRoot',
    message: /^init container 'migrate'/,
  },
  // privilegeEscalationAllowed
  {
    rule: 'privilegeEscalationAllowed',
    name: 'allowPrivilegeEscalation unset',
    mutate: s => delete app(s).securityContext.allowPrivilegeEscalation,
    path: `${C0}.securityContext.allowPrivilegeEscalation`,
    message:
      /^container 'app' does not set securityContext\.allowPrivilegeEscalation: false$/,
  },
  {
    rule: 'privilegeEscalationAllowed',
    name: 'init container allows it',
    mutate: s => (withInit(s).securityContext.allowPrivilegeEscalation = true),
    path: 'spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation',
  },
  // privilegedContainer
  {
    rule: 'privilegedContainer',
    name: 'privileged: true',
    mutate: s => (app(s).securityContext.privileged = true),
    path: `${C0}.securityContext.privileged`,
  },
  {
    rule: 'privilegedContainer',
    name: 'Windows HostProcess at pod level',
    mutate: s =>
      (pod(s).securityContext.windowsOptions = { hostProcess: true }),
    path: 'spec.template.spec.securityContext.windowsOptions.hostProcess',
  },
  // capabilities
  {
    rule: 'capabilitiesNotDropped',
    name: 'drops NET_RAW only',
    mutate: s => (app(s).securityContext.capabilities.drop = ['NET_RAW']),
    path: `${C0}.securityContext.capabilities.drop`,
    message: /container 'app' does not drop ALL capabilities/,
  },
  {
    rule: 'capabilitiesNotDropped',
    name: 'no capabilities at all',
    mutate: s => delete app(s).securityContext.capabilities,
  },
  {
    rule: 'capabilitiesAdded',
    name: 'adds SYS_ADMIN',
    mutate: s =>
      (app(s).securityContext.capabilities.add = [
        'NET_BIND_SERVICE',
        'SYS_ADMIN',
      ]),
    path: `${C0}.securityContext.capabilities.add`,
    message: /adds capabilities SYS_ADMIN /,
  },
  // seccompProfileMissing
  {
    rule: 'seccompProfileMissing',
    name: 'no profile on the pod nor on the container',
    mutate: s => delete pod(s).securityContext.seccompProfile,
    path: `${C0}.securityContext.seccompProfile`,
    message: /container 'app' has no seccomp profile/,
  },
  {
    rule: 'seccompProfileMissing',
    name: 'container-level Unconfined overrides pod-level RuntimeDefault',
    mutate: s =>
      (app(s).securityContext.seccompProfile = { type: 'Unconfined' }),
    path: `${C0}.securityContext.seccompProfile.type`,
    message: /seccomp profile Unconfined/,
  },
  {
    rule: 'seccompProfileMissing',
    name: 'pod-level Unconfined even when every container overrides it',
    mutate: s => {
      pod(s).securityContext.seccompProfile = { type: 'Unconfined' };
      app(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
    },
    path: 'spec.template.spec.securityContext.seccompProfile.type',
  },
  {
    rule: 'seccompProfileMissing',
    name: 'init container Unconfined',
    mutate: s =>
      (withInit(s).securityContext.seccompProfile = { type: 'Unconfined' }),
    path: 'spec.template.spec.initContainers[0].securityContext.seccompProfile.type',
  },
  // readOnlyRootFilesystem
  {
    rule: 'readOnlyRootFilesystem',
    name: 'readOnlyRootFilesystem: false',
    mutate: s => (app(s).securityContext.readOnlyRootFilesystem = false),
    path: `${C0}.securityContext.readOnlyRootFilesystem`,
  },
  // hostNamespaces
  ...['hostNetwork', 'hostPID', 'hostIPC'].map(field => ({
    rule: 'hostNamespaces',
    name: `${field}: true`,
    mutate: (s: Manifests) => (pod(s)[field] = true),
    path: `spec.template.spec.${field}`,
    message: new RegExp(`sets ${field}: true`),
  })),
  // hostPathVolume
  {
    rule: 'hostPathVolume',
    name: 'a hostPath volume',
    mutate: s =>
      pod(s).volumes.push({ name: 'docker', hostPath: { path: '/var/run' } }),
    path: 'spec.template.spec.volumes[1].hostPath',
    message: /volume 'docker' is a hostPath volume/,
  },
  // hostPorts
  {
    rule: 'hostPorts',
    name: 'a hostPort',
    mutate: s => (app(s).ports[0].hostPort = 8080),
    path: `${C0}.ports[0].hostPort`,
  },
  // serviceAccountTokenAutomount
  {
    rule: 'serviceAccountTokenAutomount',
    name: 'pod-level true overrides the ServiceAccount',
    mutate: s => (pod(s).automountServiceAccountToken = true),
    path: 'spec.template.spec.automountServiceAccountToken',
  },
  {
    rule: 'serviceAccountTokenAutomount',
    name: 'unset on the pod, ServiceAccount not in the set',
    mutate: s => {
      delete pod(s).automountServiceAccountToken;
      s.splice(1, 1);
    },
    message: /ServiceAccount 'app' is not in the evaluated set/,
  },
  {
    rule: 'serviceAccountTokenAutomount',
    name: 'unset on the pod and on the ServiceAccount',
    mutate: s => {
      delete pod(s).automountServiceAccountToken;
      delete s[1].automountServiceAccountToken;
    },
    message: /neither the pod spec nor ServiceAccount 'app'/,
  },
  {
    rule: 'serviceAccountTokenAutomount',
    name: 'unset on the pod, default ServiceAccount not in the set',
    mutate: s => {
      delete pod(s).automountServiceAccountToken;
      delete pod(s).serviceAccountName;
    },
    message: /ServiceAccount 'default'/,
  },
  // probes
  {
    rule: 'readinessProbeMissing',
    name: 'no readinessProbe',
    mutate: s => delete app(s).readinessProbe,
    path: `${C0}.readinessProbe`,
    message: /^container 'app' has no readinessProbe$/,
  },
  {
    rule: 'readinessProbeMissing',
    name: 'a readinessProbe without handler',
    mutate: s => (app(s).readinessProbe = { periodSeconds: 5 }),
    message: /readinessProbe without a handler/,
  },
  {
    rule: 'readinessProbeMissing',
    name: 'second container without readinessProbe',
    mutate: s => {
      const sidecar = compliantContainer({ name: 'proxy', port: 9090 });
      delete sidecar.readinessProbe;
      pod(s).containers.push(sidecar);
    },
    path: 'spec.template.spec.containers[1].readinessProbe',
    message: /^container 'proxy' has no readinessProbe$/,
  },
  {
    rule: 'livenessProbeMissing',
    name: 'no livenessProbe',
    mutate: s => delete app(s).livenessProbe,
    path: `${C0}.livenessProbe`,
    message: /^container 'app' has no livenessProbe$/,
  },
  {
    rule: 'probesIdentical',
    name: 'liveness is a copy of readiness',
    mutate: s => (app(s).livenessProbe = { ...app(s).readinessProbe }),
    path: `${C0}.livenessProbe`,
    message:
      /^container 'app' has identical readinessProbe and livenessProbe \(httpGet \/readyz on port http\)$/,
  },
  {
    rule: 'probesIdentical',
    name: 'same path, named port vs number, different timings',
    mutate: s =>
      (app(s).livenessProbe = {
        httpGet: { path: '/readyz', port: 8080 },
        periodSeconds: 30,
      }),
  },
  {
    rule: 'probesIdentical',
    name: 'same tcpSocket',
    mutate: s => {
      app(s).readinessProbe = { tcpSocket: { port: 'http' } };
      app(s).livenessProbe = { tcpSocket: { port: 8080 }, periodSeconds: 20 };
    },
  },
  // resources
  {
    rule: 'resourceRequestsMissing',
    name: 'no requests (limits set)',
    mutate: s => delete app(s).resources.requests,
    path: `${C0}.resources.requests`,
    message: /^container 'app' has no cpu and memory request/,
  },
  {
    rule: 'resourceRequestsMissing',
    name: 'no memory request',
    mutate: s => delete app(s).resources.requests.memory,
    path: `${C0}.resources.requests.memory`,
  },
  {
    rule: 'resourceRequestsMissing',
    name: 'init container without requests',
    mutate: s => delete withInit(s).resources.requests,
    path: 'spec.template.spec.initContainers[0].resources.requests',
  },
  {
    rule: 'resourceLimitsMissing',
    name: 'no memory limit',
    mutate: s => delete app(s).resources.limits.memory,
    path: `${C0}.resources.limits.memory`,
    message: /^container 'app' has no memory limit/,
  },
  {
    rule: 'cpuLimitsMissing',
    name: 'no cpu limit',
    mutate: s => delete app(s).resources.limits.cpu,
    path: `${C0}.resources.limits.cpu`,
  },
  // images
  {
    rule: 'imageTagMutable',
    name: 'latest',
    mutate: s => (app(s).image = 'ghcr.io/acme/app:latest'),
    path: `${C0}.image`,
    message: /floating tag 'latest'/,
  },
  {
    rule: 'imageTagMutable',
    name: 'no tag (registry with a port)',
    mutate: s => (app(s).image = 'localhost:5000/acme/app'),
    message: /without a tag or digest/,
  },
  {
    rule: 'imageTagMutable',
    name: 'init container on latest',
    mutate: s => (withInit(s).image = 'busybox:latest'),
    path: 'spec.template.spec.initContainers[0].image',
  },
  {
    rule: 'imageDigestMissing',
    name: 'version tag without digest',
    mutate: s => (app(s).image = 'ghcr.io/acme/app:2.4.1'),
    path: `${C0}.image`,
    message: /without a digest/,
  },
  {
    rule: 'imageDigestMissing',
    name: 'version tag with a malformed digest',
    mutate: s => (app(s).image = 'ghcr.io/acme/app:2.4.1@sha256:abc'),
    message: /not a valid sha256\/sha512 digest/,
  },
  // base image
  {
    rule: 'minimalBaseImage',
    name: 'an official image on Debian (no Alpine tag)',
    mutate: s => (app(s).image = `python:3.12.8-slim-bookworm@${DIGEST}`),
    path: `${C0}.image`,
    message:
      /^container 'app' uses image 'python:.*' whose base is not minimal: .*slim Debian/,
  },
  {
    rule: 'minimalBaseImage',
    name: 'init container on ubuntu',
    mutate: s => (withInit(s).image = `ubuntu:24.04@${DIGEST}`),
    path: 'spec.template.spec.initContainers[0].image',
  },
  // env
  {
    rule: 'sensitiveEnvLiteral',
    name: 'password literal',
    mutate: s => app(s).env.push({ name: 'DB_PASSWORD', value: 'hunter2' }),
    path: `${C0}.env[3].value`,
    message:
      /^container 'app' sets DB_PASSWORD as a literal value \(env\[3\]\.value\)/,
  },
  {
    rule: 'sensitiveEnvLiteral',
    name: 'credential-shaped value under a neutral name',
    mutate: s =>
      app(s).env.push({
        name: 'STRIPE',
        value: 'sk_live_FAKE_DO_NOT_USE_0000',
      }),
  },
  {
    rule: 'sensitiveEnvLiteral',
    name: 'a literal already masked by sanitization',
    mutate: s => app(s).env.push({ name: 'UPSTREAM', value: MASKED_VALUE }),
  },
  {
    rule: 'sensitiveEnvLiteral',
    name: 'init container token literal',
    mutate: s => withInit(s).env.push({ name: 'GITHUB_TOKEN', value: 'x' }),
    path: 'spec.template.spec.initContainers[0].env[3].value',
  },
  // set-level
  {
    rule: 'podDisruptionBudgetMissing',
    name: 'two replicas, no PDB',
    mutate: s => s.splice(2, 1),
    path: 'spec.template.metadata.labels',
    message:
      /^no PodDisruptionBudget selects the pod template labels of Deployment 'app' \(spec\.replicas: 2\)$/,
  },
  {
    rule: 'podDisruptionBudgetMissing',
    name: 'one replica but an HPA with minReplicas 2',
    mutate: s => {
      s[0].spec.replicas = 1;
      s.splice(2, 1, hpa('app', 2));
    },
    message: /HorizontalPodAutoscaler 'app' minReplicas: 2/,
  },
  {
    rule: 'podDisruptionBudgetMissing',
    name: 'PDB selector does not match the pod labels',
    mutate: s =>
      (s[2].spec.selector = {
        matchLabels: { 'app.kubernetes.io/name': 'other' },
      }),
  },
  {
    rule: 'podDisruptionBudgetMissing',
    name: 'PDB in another namespace',
    mutate: s => (s[2].metadata.namespace = 'elsewhere'),
  },
  {
    rule: 'networkPolicyMissing',
    name: 'no NetworkPolicy',
    mutate: s => s.splice(3, 1),
    path: 'spec.template.metadata.labels',
    message: /^no NetworkPolicy restricting ingress selects/,
  },
  {
    rule: 'networkPolicyMissing',
    name: 'an egress-only NetworkPolicy',
    mutate: s => (s[3].spec.policyTypes = ['Egress']),
  },
  {
    rule: 'networkPolicyMissing',
    name: 'NetworkPolicy matchExpressions excluding the component',
    mutate: s =>
      (s[3].spec.podSelector = {
        matchExpressions: [
          {
            key: 'app.kubernetes.io/component',
            operator: 'NotIn',
            values: ['server'],
          },
        ],
      }),
  },
];

describe('policy rules: a compliant baseline and minimal mutations', () => {
  it('the compliant baseline passes every rule', () => {
    const report = evaluatePolicies(compliantSet());
    expect(report.violations).toEqual([]);
    expect(report.passedRules).toEqual(POLICY_RULES.map(r => r.id));
    expect(report.notApplicableRules).toEqual([]);
  });

  it('every rule is exercised by at least one mutation', () => {
    const exercised = new Set(failing.map(c => c.rule));
    expect(
      POLICY_RULES.map(r => r.id).filter(id => !exercised.has(id)),
    ).toEqual([]);
  });

  it.each(failing)('$rule: $name', ({ rule, mutate, path, message }) => {
    const set = compliantSet();
    mutate(set);
    const report = evaluatePolicies(set);
    expect(report.violations.map(v => v.ruleId)).toEqual(
      report.violations.map(() => rule),
    );
    expect(report.violations.length).toBeGreaterThan(0);
    const [violation] = report.violations;
    // cases without an expected path/message only check the rule id
    expect(violation.path).toBe(path ?? violation.path);
    expect(violation.message).toMatch(message ?? /./);
    expect(violation.object).toEqual({
      kind: 'Deployment',
      name: 'app',
      namespace: 'shop',
    });
    expect(violation.remediation).toBe(
      POLICY_RULES.find(r => r.id === rule)!.remediation,
    );
    expect(report.passedRules).not.toContain(rule);
  });
});

describe('policy rules: variants that stay compliant', () => {
  const passing: { name: string; mutate(set: Manifests): void }[] = [
    {
      name: 'runAsNonRoot inherited from the pod only',
      mutate: s => delete app(s).securityContext.runAsNonRoot,
    },
    {
      name: 'runAsNonRoot on every container, not on the pod',
      mutate: s => delete pod(s).securityContext.runAsNonRoot,
    },
    {
      name: 'pod-level runAsNonRoot false overridden by every container',
      mutate: s => (pod(s).securityContext.runAsNonRoot = false),
    },
    {
      name: 'pod-level runAsUser 0 overridden by the container',
      mutate: s => {
        pod(s).securityContext.runAsUser = 0;
        app(s).securityContext.runAsUser = 1000;
      },
    },
    {
      name: 'seccomp on the container only',
      mutate: s => {
        delete pod(s).securityContext.seccompProfile;
        app(s).securityContext.seccompProfile = { type: 'RuntimeDefault' };
      },
    },
    {
      name: 'Localhost seccomp profile',
      mutate: s =>
        (pod(s).securityContext.seccompProfile = {
          type: 'Localhost',
          localhostProfile: 'profiles/app.json',
        }),
    },
    {
      name: 'NET_BIND_SERVICE added back',
      mutate: s =>
        (app(s).securityContext.capabilities.add = ['NET_BIND_SERVICE']),
    },
    {
      name: 'compliant init container without probes or ports',
      mutate: s => withInit(s),
    },
    {
      name: 'digest-pinned image tagged latest',
      mutate: s => (app(s).image = `ghcr.io/acme/app:latest@${DIGEST}`),
    },
    {
      name: 'digest-pinned image without a tag',
      mutate: s => (app(s).image = `ghcr.io/acme/app@${DIGEST}`),
    },
    {
      name: 'non-sensitive literals and an empty sensitive one',
      mutate: s =>
        app(s).env.push(
          { name: 'FEATURE_X', value: 'on' },
          { name: 'API_TOKEN', value: '' },
          {
            name: 'API_TOKEN_FROM_SECRET',
            valueFrom: { secretKeyRef: { name: 'x', key: 'y' } },
          },
        ),
    },
    {
      name: 'distinct probes of different types on the same port',
      mutate: s => (app(s).livenessProbe = { tcpSocket: { port: 'http' } }),
    },
    {
      name: 'automount unset on the pod, false on the ServiceAccount',
      mutate: s => delete pod(s).automountServiceAccountToken,
    },
    {
      name: 'one replica, no HPA, no PDB',
      mutate: s => {
        s[0].spec.replicas = 1;
        s.splice(2, 1);
      },
    },
    {
      name: 'replicas omitted (defaults to 1), no PDB',
      mutate: s => {
        delete s[0].spec.replicas;
        s.splice(2, 1);
      },
    },
    {
      name: 'replicas 3 but an HPA with minReplicas 1 owns the count',
      mutate: s => {
        s[0].spec.replicas = 3;
        s.splice(2, 1, hpa('app', 1));
      },
    },
    {
      name: 'HPA without minReplicas (defaults to 1)',
      mutate: s => {
        delete s[0].spec.replicas;
        s.splice(2, 1, hpa('app', undefined));
      },
    },
    {
      name: 'namespace-wide default-deny NetworkPolicy (empty podSelector)',
      mutate: s => {
        s[3].spec.podSelector = {};
        delete s[3].spec.policyTypes;
      },
    },
    {
      name: 'PDB and NetworkPolicy with matchExpressions',
      mutate: s => {
        s[2].spec.selector = {
          matchExpressions: [
            { key: 'app.kubernetes.io/name', operator: 'In', values: ['app'] },
            { key: 'tier', operator: 'DoesNotExist' },
          ],
        };
        s[3].spec.podSelector = {
          matchExpressions: [
            { key: 'app.kubernetes.io/component', operator: 'Exists' },
          ],
        };
      },
    },
    {
      name: 'objects without namespace (applied with -n)',
      mutate: s => s.forEach(o => delete o.metadata.namespace),
    },
    {
      name: 'Windows pod: Linux-only controls do not apply',
      mutate: s => {
        pod(s).os = { name: 'windows' };
        delete pod(s).securityContext.seccompProfile;
        delete app(s).securityContext.capabilities;
        delete app(s).securityContext.allowPrivilegeEscalation;
        delete app(s).securityContext.readOnlyRootFilesystem;
      },
    },
  ];

  it.each(passing)('$name', ({ mutate }) => {
    const set = compliantSet();
    mutate(set);
    expect(evaluatePolicies(set).violations).toEqual([]);
  });
});

describe('policy rules: workload kinds', () => {
  it('a compliant CronJob, Job and Pod pass (no probes, PDB or NetworkPolicy needed for Jobs)', () => {
    const report = evaluatePolicies([
      compliantCronJob({ name: 'report' }),
      compliantJob({ name: 'migrate' }),
      compliantServiceAccount({ name: 'report' }),
      compliantServiceAccount({ name: 'migrate' }),
    ]);
    expect(report.violations).toEqual([]);
    expect(report.notApplicableRules).toEqual(
      expect.arrayContaining([
        'readinessProbeMissing',
        'livenessProbeMissing',
        'probesIdentical',
        'podDisruptionBudgetMissing',
        'networkPolicyMissing',
      ]),
    );
    const pods = evaluatePolicies([compliantPod(), compliantServiceAccount()]);
    expect(pods.violations).toEqual([]);
    expect(pods.notApplicableRules).toEqual([
      'podDisruptionBudgetMissing',
      'networkPolicyMissing',
    ]);
  });

  it('finds the pod spec of a CronJob at spec.jobTemplate.spec.template.spec', () => {
    const cron = compliantCronJob({ name: 'report' });
    const spec = podSpecOf(cron);
    delete spec.securityContext.runAsNonRoot;
    delete spec.containers[0].securityContext.runAsNonRoot;
    spec.containers[0].image = 'ghcr.io/acme/report:latest';
    const report = evaluatePolicies([
      cron,
      compliantServiceAccount({ name: 'report' }),
    ]);
    expect(report.violations.map(v => [v.ruleId, v.path])).toEqual([
      [
        'runAsNonRoot',
        'spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot',
      ],
      [
        'imageTagMutable',
        'spec.jobTemplate.spec.template.spec.containers[0].image',
      ],
    ]);
    expect(report.violations[0].object).toEqual({
      kind: 'CronJob',
      name: 'report',
      namespace: 'shop',
    });
  });

  it('finds the pod spec of a Pod at spec', () => {
    const p = compliantPod();
    delete p.spec.containers[0].readinessProbe;
    p.spec.hostPID = true;
    const report = evaluatePolicies([p, compliantServiceAccount()]);
    expect(report.violations.map(v => [v.ruleId, v.path])).toEqual([
      ['hostNamespaces', 'spec.hostPID'],
      ['readinessProbeMissing', 'spec.containers[0].readinessProbe'],
    ]);
  });

  it('checks StatefulSets like Deployments and DaemonSets without PDB/NetworkPolicy', () => {
    const [deployment, sa] = compliantSet();
    const statefulSet = { ...deployment, kind: 'StatefulSet' };
    const daemonSet = { ...deployment, kind: 'DaemonSet' };
    expect(ruleIds([statefulSet, sa])).toEqual([
      'podDisruptionBudgetMissing',
      'networkPolicyMissing',
    ]);
    expect(ruleIds([daemonSet, sa])).toEqual([]);
    expect(
      ruleIds([statefulSet, sa, compliantPdb(), compliantNetworkPolicy()]),
    ).toEqual([]);
  });

  it('a Job needs no probes but gets the security rules', () => {
    const job = compliantJob({ name: 'migrate' });
    podSpecOf(job).containers[0].securityContext.privileged = true;
    expect(
      ruleIds([job, compliantServiceAccount({ name: 'migrate' })]),
    ).toEqual(['privilegedContainer']);
  });

  it('reports ephemeral containers for security rules but not for resources or probes', () => {
    const set = compliantSet();
    pod(set).ephemeralContainers = [
      {
        name: 'debug',
        image: `busybox:1.36@${DIGEST}`,
        securityContext: {
          allowPrivilegeEscalation: false,
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        },
      },
    ];
    expect(ruleIds(set)).toEqual([]);
    pod(set).ephemeralContainers[0].securityContext.privileged = true;
    const [v] = evaluatePolicies(set).violations;
    expect(v.message).toBe(
      "ephemeral container 'debug' sets securityContext.privileged: true",
    );
  });

  it('evaluates a sanitized manifest like the raw one', () => {
    const set = compliantSet();
    app(set).env.push({ name: 'SESSION_SECRET', value: 'not-for-your-eyes' });
    const raw = evaluatePolicies(set);
    const sanitized = evaluatePolicies(set.map(sanitizeObject));
    expect(sanitized).toEqual(raw);
    expect(raw.violations.map(v => v.ruleId)).toEqual(['sensitiveEnvLiteral']);
    expect(JSON.stringify(raw)).not.toContain('not-for-your-eyes');
  });
});
