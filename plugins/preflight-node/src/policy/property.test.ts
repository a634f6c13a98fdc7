import fc from 'fast-check';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { evaluatePolicies } from './engine';
import { validateManifestSchema } from './schema';
import {
  BaselineOptions,
  compliantContainer,
  compliantSet,
  podSpecOf,
} from './__testUtils__/fixtures';

const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,20}[a-z0-9])?$/);
const repository = fc.stringMatching(
  /^[a-z0-9]{1,10}([._-][a-z0-9]{1,10}){0,2}$/,
);
const registry = fc.constantFrom(
  'ghcr.io/acme',
  'registry.example.com:5000/team',
  'docker.io/library',
  'localhost:5000',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
);
const tag = fc
  .stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}$/)
  .filter(t => t !== 'latest');
const digest = fc.stringMatching(/^[a-f0-9]{64}$/);

const baseline: fc.Arbitrary<Required<BaselineOptions>> = fc.record({
  name: dnsLabel,
  namespace: dnsLabel,
  image: fc
    .tuple(registry, repository, tag, digest)
    .map(([r, repo, t, d]) => `${r}/${repo}:${t}@sha256:${d}`),
  port: fc.integer({ min: 1, max: 65535 }),
  portName: fc.stringMatching(/^[a-z][a-z0-9]{0,13}$/),
  replicas: fc.integer({ min: 1, max: 20 }),
});

type Target = 'containers' | 'initContainers';

/** The container a mutation edits: the app container, or a compliant init container added for it. */
function target(set: KubernetesObject[], which: Target): Record<string, any> {
  const spec = podSpecOf(set[0]);
  if (which === 'containers') return spec.containers[0];
  const init = compliantContainer({ name: 'init' });
  delete init.readinessProbe;
  delete init.livenessProbe;
  delete init.ports;
  spec.initContainers = [init];
  return init;
}

interface Mutation {
  rule: string;
  apply(set: KubernetesObject[], which: Target, o: BaselineOptions): void;
}

const mutations: Mutation[] = [
  {
    rule: 'runAsNonRoot',
    apply: (s, w) => (target(s, w).securityContext.runAsNonRoot = false),
  },
  {
    rule: 'runAsNonRoot',
    apply: (s, w) => (target(s, w).securityContext.runAsUser = 0),
  },
  {
    rule: 'runAsNonRoot',
    apply: (s, w) => {
      delete target(s, w).securityContext.runAsNonRoot;
      delete podSpecOf(s[0]).securityContext.runAsNonRoot;
    },
  },
  {
    rule: 'privilegeEscalationAllowed',
    apply: (s, w) =>
      (target(s, w).securityContext.allowPrivilegeEscalation = true),
  },
  {
    rule: 'privilegeEscalationAllowed',
    apply: (s, w) =>
      delete target(s, w).securityContext.allowPrivilegeEscalation,
  },
  {
    rule: 'privilegedContainer',
    apply: (s, w) => (target(s, w).securityContext.privileged = true),
  },
  {
    rule: 'capabilitiesNotDropped',
    apply: (s, w) => (target(s, w).securityContext.capabilities.drop = []),
  },
  {
    rule: 'capabilitiesAdded',
    apply: (s, w) =>
      (target(s, w).securityContext.capabilities.add = ['NET_ADMIN']),
  },
  {
    rule: 'seccompProfileMissing',
    apply: (s, w) =>
      (target(s, w).securityContext.seccompProfile = { type: 'Unconfined' }),
  },
  {
    rule: 'seccompProfileMissing',
    apply: s => delete podSpecOf(s[0]).securityContext.seccompProfile,
  },
  {
    rule: 'readOnlyRootFilesystem',
    apply: (s, w) =>
      (target(s, w).securityContext.readOnlyRootFilesystem = false),
  },
  { rule: 'hostNamespaces', apply: s => (podSpecOf(s[0]).hostNetwork = true) },
  { rule: 'hostNamespaces', apply: s => (podSpecOf(s[0]).hostPID = true) },
  { rule: 'hostNamespaces', apply: s => (podSpecOf(s[0]).hostIPC = true) },
  {
    rule: 'hostPathVolume',
    apply: s =>
      podSpecOf(s[0]).volumes.push({ name: 'host', hostPath: { path: '/' } }),
  },
  {
    rule: 'hostPorts',
    apply: (s, _w, o) =>
      (target(s, 'containers').ports[0].hostPort = o.port ?? 8080),
  },
  {
    rule: 'serviceAccountTokenAutomount',
    apply: s => (podSpecOf(s[0]).automountServiceAccountToken = true),
  },
  {
    rule: 'imageTagMutable',
    apply: (s, w) => {
      const c = target(s, w);
      c.image = c.image.replace(/:[^:/@]+@.*$/, ':latest');
    },
  },
  {
    rule: 'imageTagMutable',
    apply: (s, w) => {
      const c = target(s, w);
      c.image = c.image.replace(/:[^:/@]+@.*$/, '');
    },
  },
  {
    rule: 'sensitiveEnvLiteral',
    apply: (s, w) =>
      target(s, w).env.push({ name: 'API_KEY', value: 'abc123' }),
  },
];

describe('policy properties', () => {
  it('arbitrary compliant deployments have no violations and a valid schema', () => {
    fc.assert(
      fc.property(baseline, options => {
        const set = compliantSet(options);
        expect(evaluatePolicies(set).violations).toEqual([]);
        for (const object of set) {
          expect(validateManifestSchema(object).status).toBe('valid');
        }
      }),
    );
  });

  it('mutating one security field yields at least the corresponding rule', () => {
    fc.assert(
      fc.property(
        baseline,
        fc.constantFrom(...mutations),
        fc.constantFrom<Target>('containers', 'initContainers'),
        (options, mutation, which) => {
          const set = compliantSet(options);
          mutation.apply(set, which, options);
          const ids = evaluatePolicies(set).violations.map(v => v.ruleId);
          expect(ids).toContain(mutation.rule);
        },
      ),
    );
  });
});
