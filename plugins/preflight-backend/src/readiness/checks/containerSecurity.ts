import { POLICY_RULES } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, policyResult } from './util';
import {
  nameUnread,
  unreadAmong,
  WORKLOAD_CONTROLLER_KINDS,
} from '../unreadKinds';

/** Rules that other checks own: probes (health-checks) and images (image-tagged). */
const OTHER_CHECKS = new Set([
  'readinessProbeMissing',
  'livenessProbeMissing',
  'probesIdentical',
  'imageTagMutable',
  'imageDigestMissing',
]);

/**
 * Rules that read objects besides the workload, by the kinds they read: where the cluster did not
 * let Preflight read one of them, the rule is not evaluated (its finding would be a guess), and
 * the result says so.
 */
const RULE_KINDS: Record<string, readonly string[]> = {
  podDisruptionBudgetMissing: [
    'PodDisruptionBudget',
    'HorizontalPodAutoscaler',
  ],
  networkPolicyMissing: ['NetworkPolicy'],
  serviceAccountTokenAutomount: ['ServiceAccount'],
};

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
    const skipped: string[] = [];
    const rules = POLICY_RULES.map(r => r.id).filter(id => {
      if (OTHER_CHECKS.has(id)) return false;
      const unread = unreadAmong(facts, RULE_KINDS[id] ?? []);
      if (unread.length > 0) skipped.push(`\`${id}\` (${nameUnread(unread)})`);
      return unread.length === 0;
    });
    const result = policyResult(facts, rules, {
      pass: 'Restricted security context and no secret literals',
      subject: 'security',
    });
    if (skipped.length === 0) return result;
    return {
      ...result,
      details: [
        result.details,
        `Not evaluated, the cluster did not let Preflight read what they need: ${skipped.join(
          ', ',
        )}.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    };
  },
};
