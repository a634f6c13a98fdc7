import { POLICY_RULES } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, policyResult } from './util';
import { WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

/** Rules that other checks own: probes (health-checks) and images (image-tagged). */
const OTHER_CHECKS = new Set([
  'readinessProbeMissing',
  'livenessProbeMissing',
  'probesIdentical',
  'imageTagMutable',
  'imageDigestMissing',
]);

/**
 * `container-security`: the workloads meet the Pod Security Standards *restricted* profile, have
 * requests and limits, and hold no secret in a literal environment value — the same policy rules
 * the scaffolder applies to what it generates.
 */
export const containerSecurityCheck: PreflightCheck = {
  id: 'container-security',
  title: 'Container security',
  description:
    'Workloads meet the Pod Security Standards restricted profile and hold no secrets in literal env values.',
  defaultSeverity: 'blocking',
  // The containers it evaluates come from these (controlled Pods are evaluated through them).
  requiredKinds: WORKLOAD_CONTROLLER_KINDS,
  async evaluate({ state }) {
    const facts = selectFacts(state);
    if (!facts.available) return noFacts(facts.reason);
    return policyResult(
      facts,
      POLICY_RULES.map(r => r.id).filter(id => !OTHER_CHECKS.has(id)),
      {
        pass: 'Restricted security context and no secret literals',
        subject: 'security',
      },
    );
  },
};
