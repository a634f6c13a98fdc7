import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import {
  capped,
  MAX_LISTED_FINDINGS,
  noFacts,
  objectEvidence,
  ofKind,
  policyResult,
} from './util';
import { WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

/**
 * `health-checks`: every container has distinct readiness and liveness probes (policy rules) and,
 * when the cluster answers, the component's pods are Ready.
 */
export const healthChecksCheck: PreflightCheck = {
  id: 'health-checks',
  title: 'Health checks',
  description:
    'Every container has readiness and liveness probes, and they are distinct; live pods are Ready.',
  defaultSeverity: 'blocking',
  // Probes come from the workloads, readiness from the Pods.
  requiredKinds: [...WORKLOAD_CONTROLLER_KINDS, 'Pod'],
  async evaluate({ state, detail }) {
    const facts = selectFacts(state);
    if (!facts.available) return noFacts(facts.reason);

    const probes = policyResult(
      facts,
      ['readinessProbeMissing', 'livenessProbeMissing', 'probesIdentical'],
      {
        pass: 'Every container has distinct readiness and liveness probes',
        subject: 'probe',
      },
      { detail },
    );
    if (probes.status !== 'pass' || facts.source !== 'live') {
      if (probes.status === 'pass' && state.live.status !== 'ok') {
        return {
          ...probes,
          details: [
            probes.details,
            `Pod readiness not verified: live state is ${state.live.status}${
              state.live.message ? ` (${state.live.message})` : ''
            }.`,
          ]
            .filter(Boolean)
            .join('\n\n'),
        };
      }
      return probes;
    }

    const pods = ofKind(facts.objects, 'Pod');
    const notReady = pods.filter(
      p =>
        !(p.status?.conditions ?? []).some(
          (c: { type?: unknown; status?: unknown }) =>
            c.type === 'Ready' && c.status === 'True',
        ),
    );
    if (pods.length === 0) {
      return {
        status: 'warn',
        summary:
          'Probes are configured, but no pod of the component is running',
        remediation:
          'Check the workload: it may be scaled to zero or failing to schedule.',
        factsReadAt: facts.readAt,
      };
    }
    if (notReady.length > 0) {
      return {
        status: 'fail',
        summary: `${notReady.length} of ${pods.length} pods are not Ready`,
        details: capped(notReady, p => {
          const c = (p.status?.conditions ?? []).find(
            (x: { type?: unknown }) => x.type === 'Ready',
          );
          return `- ${p.metadata.name}: ${
            c?.reason ?? p.status?.phase ?? 'unknown'
          }${c?.message ? ` — ${c.message}` : ''}`;
        }).join('\n'),
        evidence: notReady.slice(0, MAX_LISTED_FINDINGS).map(p =>
          objectEvidence(facts, {
            kind: 'Pod',
            name: p.metadata.name,
            namespace: p.metadata.namespace,
          }),
        ),
        remediation:
          'Look at the pod events and the readiness probe: `kubectl describe pod <name>`.',
        factsReadAt: facts.readAt,
      };
    }
    return {
      ...probes,
      summary: `Distinct probes on every container; ${pods.length} of ${pods.length} pods Ready`,
    };
  },
};
