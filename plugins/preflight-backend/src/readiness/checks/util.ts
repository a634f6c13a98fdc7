import type {
  CheckEvidence,
  CheckResult,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  evaluatePolicies,
  type EvaluatePoliciesOptions,
  type PolicyViolation,
} from '@preflight/plugin-preflight-node';
import type {
  Facts,
  PreflightCheckContext,
} from '@preflight/plugin-preflight-node';

type AvailableFacts = Extract<Facts, { available: true }>;

/** Where an object of the facts came from, as check evidence (file and line for manifests). */
export function objectEvidence(
  facts: AvailableFacts,
  ref: { kind: string; name: string; namespace?: string },
  title?: string,
): CheckEvidence {
  const index = facts.objects.findIndex(
    o =>
      o.kind === ref.kind &&
      o.metadata.name === ref.name &&
      (!ref.namespace ||
        !o.metadata.namespace ||
        o.metadata.namespace === ref.namespace),
  );
  const origin = index >= 0 ? facts.origins[index] : undefined;
  return {
    type: 'object',
    title: title ?? `${ref.kind} ${ref.name}`,
    kind: ref.kind,
    name: ref.name,
    ...(ref.namespace ? { namespace: ref.namespace } : {}),
    source: facts.source,
    ...(origin?.location ? { location: origin.location } : {}),
    ...(origin?.line ? { line: origin.line } : {}),
  };
}

/** "from the cluster" / "from the manifests", for summaries. */
export function sourceText(facts: AvailableFacts): string {
  return facts.source === 'live' ? 'live state' : 'desired state (manifests)';
}

/** How many findings of one rule (and how many evidence objects) a result lists; the rest are counted. */
export const MAX_LISTED_FINDINGS = 10;

/** "…, and 1,251 more" for lists cut at {@link MAX_LISTED_FINDINGS}. */
export function capped<T>(
  items: readonly T[],
  line: (item: T) => string,
  max = MAX_LISTED_FINDINGS,
): string[] {
  const shown = items.slice(0, max).map(line);
  if (items.length > max) {
    shown.push(`- … and ${(items.length - max).toLocaleString('en-US')} more`);
  }
  return shown;
}

/**
 * The result of a check made of policy rules: fail on blocking violations, warn on advisory ones.
 * It states the containers it evaluated; over none it is `unknown`, never `pass`. Findings are
 * listed per rule, at most {@link MAX_LISTED_FINDINGS} each, and Pods that nothing controls
 * (evaluated as workloads of their own) are said once.
 */
export function policyResult(
  facts: AvailableFacts,
  rules: readonly string[],
  texts: { pass: string; subject: string },
  options: Pick<EvaluatePoliciesOptions, 'immutableTags' | 'imageFacts'> & {
    /** `status`: no details, evidence or remediation (see `PreflightCheckContext.detail`). */
    detail?: PreflightCheckContext['detail'];
  } = {},
): CheckResult {
  const { detail, ...policyOptions } = options;
  const report = evaluatePolicies(facts.objects, { ...policyOptions, rules });
  const { subjects } = report;
  const readAt = facts.readAt ? { factsReadAt: facts.readAt } : {};
  const evaluated = { subject: 'containers', count: subjects.containers };
  if (subjects.containers === 0) {
    return {
      status: 'unknown',
      summary:
        subjects.workloads === 0
          ? `No workloads found in the ${sourceText(facts)}`
          : `No containers found in the ${sourceText(facts)}`,
      details:
        subjects.workloads === 0
          ? `Nothing to evaluate: the ${sourceText(
              facts,
            )} holds no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod of the component.`
          : `Nothing to evaluate: the ${
              subjects.workloads
            } workload(s) of the ${sourceText(
              facts,
            )} have no pod template with containers (a patch rather than a whole object?).`,
      evaluated,
      ...readAt,
    };
  }
  const blocking = report.violations.filter(v => v.severity === 'blocking');
  const advisory = report.violations.filter(v => v.severity !== 'blocking');
  const shown = blocking.length > 0 ? blocking : advisory;
  if (detail === 'status') {
    let status: CheckResult['status'] = 'pass';
    if (blocking.length > 0) status = 'fail';
    else if (shown.length > 0) status = 'warn';
    return {
      status,
      summary: shown.length
        ? `${shown.length} ${texts.subject} problem${
            shown.length === 1 ? '' : 's'
          }`
        : texts.pass,
      evaluated,
      ...readAt,
    };
  }
  const exempted = report.exempted.map(
    e =>
      `- \`${e.ruleId}\` exempted on ${e.object.kind} ${e.object.name}: ${e.justification}`,
  );
  const bare = subjects.uncontrolledPods;
  const bareNote = bare.length
    ? [
        `${bare.length} Pod${
          bare.length === 1 ? ' is' : 's are'
        } not controlled by a workload and evaluated on ${
          bare.length === 1 ? 'its' : 'their'
        } own: ${bare
          .slice(0, MAX_LISTED_FINDINGS)
          .map(n => `\`${n}\``)
          .join(', ')}${
          bare.length > MAX_LISTED_FINDINGS
            ? ` … and ${(bare.length - MAX_LISTED_FINDINGS).toLocaleString(
                'en-US',
              )} more`
            : ''
        }.`,
      ]
    : [];
  if (shown.length === 0) {
    const details = [
      ...bareNote,
      ...(exempted.length ? [`Exemptions:\n${exempted.join('\n')}`] : []),
    ];
    return {
      status: 'pass',
      summary: `${texts.pass} (${subjects.containers} container${
        subjects.containers === 1 ? '' : 's'
      }, ${sourceText(facts)})`,
      ...(details.length ? { details: details.join('\n\n') } : {}),
      evaluated,
      ...readAt,
    };
  }
  const byRule = new Map<string, PolicyViolation[]>();
  for (const v of report.violations) {
    byRule.set(v.ruleId, [...(byRule.get(v.ruleId) ?? []), v]);
  }
  return {
    status: blocking.length > 0 ? 'fail' : 'warn',
    summary: `${shown.length} ${texts.subject} problem${
      shown.length === 1 ? '' : 's'
    }: ${shown[0].message}${shown.length > 1 ? ', …' : ''}`,
    details: [
      ...[...byRule.values()].flatMap(found =>
        capped(
          found,
          v =>
            `- **${v.ruleId}** (${v.severity}) — ${v.object.kind} ${v.object.name}: ${v.message} at \`${v.path}\``,
        ),
      ),
      ...(bareNote.length ? ['', ...bareNote] : []),
      ...(exempted.length ? ['', 'Exemptions:', ...exempted] : []),
    ].join('\n'),
    evidence: uniqueEvidence(facts, shown),
    remediation: [
      ...new Set(shown.map(v => `**${v.ruleId}**: ${v.remediation}`)),
    ].join('\n\n'),
    evaluated,
    ...readAt,
  };
}

function uniqueEvidence(facts: AvailableFacts, violations: PolicyViolation[]) {
  const seen = new Set<string>();
  const out: CheckEvidence[] = [];
  for (const v of violations) {
    const key = `${v.object.kind}/${v.object.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(objectEvidence(facts, v.object));
    if (out.length >= MAX_LISTED_FINDINGS) break;
  }
  return out;
}

/** Result for an environment without facts to evaluate. */
export function noFacts(reason: string): CheckResult {
  return { status: 'unknown', summary: `Cannot evaluate: ${reason}` };
}

/** Objects of some kinds. */
export function ofKind(objects: KubernetesObject[], ...kinds: string[]) {
  return objects.filter(o => kinds.includes(o.kind));
}
