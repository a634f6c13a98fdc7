import type {
  CheckResult,
  EnvironmentState,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import {
  POLICY_WORKLOAD_KINDS,
  selectFacts,
  type Facts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';

/**
 * The workload kinds whose containers the policy checks evaluate, Pods excepted: a Pod that a
 * controller owns is evaluated through its controller, so a check over containers can be decided
 * without Pods (only Pods that nothing controls are then missing, which the result says).
 */
export const WORKLOAD_CONTROLLER_KINDS: readonly string[] =
  POLICY_WORKLOAD_KINDS.filter(kind => kind !== 'Pod');

/** The kinds among `kinds` that the facts could not read (live facts only). */
export function unreadAmong(
  facts: Facts,
  kinds: readonly string[],
): UnreadKind[] {
  if (!facts.available || facts.source !== 'live') return [];
  return (facts.unreadKinds ?? []).filter(u => kinds.includes(u.kind));
}

/** `Secret (FORBIDDEN), PodMonitor (NOT_SERVED)` */
export function nameUnread(unread: readonly UnreadKind[]): string {
  return unread.map(u => `${u.kind} (${u.reason})`).join(', ');
}

/** What to do about unread kinds, by reason. */
export function unreadRemediation(unread: readonly UnreadKind[]): string {
  const forbidden = unread.filter(u => u.reason === 'FORBIDDEN');
  const notServed = unread.filter(u => u.reason === 'NOT_SERVED');
  return [
    forbidden.length
      ? `Grant Preflight's service account \`list\` on ${forbidden
          .map(u => `${u.kind} (${u.apiVersion})`)
          .join(
            ', ',
          )} in this cluster (see "Cluster permissions" in the Preflight backend README).`
      : '',
    notServed.length
      ? `The cluster does not serve ${notServed
          .map(u => `${u.kind} (${u.apiVersion})`)
          .join(
            ', ',
          )}: check that the API version is served (\`kubectl api-resources\`) and that its CRD or operator is installed.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * A check that declares `requiredKinds` cannot be decided from live facts that miss one of them:
 * its result is `unknown`, naming each unread kind, why, and the cluster's message; the check is
 * not evaluated. Returns undefined when the check can be evaluated (no required kind is unread, or
 * the facts are not the live state: the desired state has no unread kinds).
 */
export function unreadKindsResult(
  check: Pick<PreflightCheck, 'requiredKinds'>,
  state: EnvironmentState,
): CheckResult | undefined {
  if (!check.requiredKinds?.length) return undefined;
  const unread = unreadAmong(selectFacts(state), check.requiredKinds);
  if (unread.length === 0) return undefined;
  return {
    status: 'unknown',
    summary: `Not decided: the live state of ${
      state.environment.name
    } lacks ${nameUnread(unread)}, which this check needs`,
    details: [
      `This check needs ${check.requiredKinds.join(
        ', ',
      )} from the cluster; these could not be read:`,
      ...unread.map(u => `- ${u.kind} (${u.apiVersion}): ${u.message}`),
    ].join('\n'),
    remediation: unreadRemediation(unread),
    ...(state.live.readAt ? { factsReadAt: state.live.readAt } : {}),
  };
}
