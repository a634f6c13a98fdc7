import type {
  CheckResult,
  EnvironmentState,
} from '@preflight/plugin-preflight-common';
import {
  getPodTemplate,
  POLICY_WORKLOAD_KINDS,
  selectFacts,
} from '@preflight/plugin-preflight-node';

/**
 * No vacuous verdicts, enforced for every check (built-in or added by a module): a statement about
 * every member of an empty set is not evidence, so a `pass` or `warn`
 *
 * - that says it evaluated zero subjects (`evaluated.count === 0`), or
 * - that does not say what it evaluated while the state it was given holds no workload with a
 *   container (a Deployment patch without a pod template is no workload to speak of)
 *
 * becomes `unknown`, naming what was missing and where. Other statuses are returned unchanged.
 */
export function withoutVacuousPass(
  result: CheckResult,
  state: EnvironmentState,
): CheckResult {
  if (result.status !== 'pass' && result.status !== 'warn') return result;
  const facts = selectFacts(state);
  const where = facts.available ? `the ${facts.source} state` : 'any state';
  if (result.evaluated) {
    if (result.evaluated.count > 0) return result;
    return unknown(
      result,
      `No ${result.evaluated.subject} found in ${where}`,
      `The check evaluated no ${result.evaluated.subject}: "${result.summary}" would hold of nothing.`,
    );
  }
  const workloads = facts.available
    ? facts.objects.filter(
        o => (getPodTemplate(o)?.podSpec.containers?.length ?? 0) > 0,
      ).length
    : 0;
  if (workloads > 0) return result;
  return unknown(
    result,
    `No workloads found in ${where}`,
    `The check did not state what it evaluated, and ${where} holds no workload with a container (${POLICY_WORKLOAD_KINDS.join(
      ', ',
    )}): "${result.summary}" is not confirmed.${
      facts.available ? '' : ` ${facts.reason}.`
    }`,
  );
}

function unknown(
  result: CheckResult,
  summary: string,
  why: string,
): CheckResult {
  const rest: CheckResult = { ...result };
  delete rest.remediation;
  return {
    ...rest,
    status: 'unknown',
    summary,
    details: [why, result.details].filter(Boolean).join('\n\n'),
  };
}
