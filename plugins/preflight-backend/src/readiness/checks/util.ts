import {
  evaluatePolicies,
  type CheckEvidence,
  type CheckResult,
  type KubernetesObject,
  type PolicyViolation,
} from '@preflight/plugin-preflight-common';
import type { Facts } from '@preflight/plugin-preflight-node';

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

/** The result of a check made of policy rules: fail on blocking violations, warn on advisory ones. */
export function policyResult(
  facts: AvailableFacts,
  rules: readonly string[],
  texts: { pass: string; subject: string },
): CheckResult {
  const report = evaluatePolicies(facts.objects, { rules });
  const readAt = facts.readAt ? { factsReadAt: facts.readAt } : {};
  const exempted = report.exempted.map(
    e =>
      `- \`${e.ruleId}\` exempted on ${e.object.kind} ${e.object.name}: ${e.justification}`,
  );
  if (report.passedRules.length === 0 && report.violations.length === 0) {
    return {
      status: 'not-applicable',
      summary: `No workloads in the ${sourceText(facts)}`,
      ...readAt,
    };
  }
  const blocking = report.violations.filter(v => v.severity === 'blocking');
  const advisory = report.violations.filter(v => v.severity !== 'blocking');
  const shown = blocking.length > 0 ? blocking : advisory;
  if (shown.length === 0) {
    return {
      status: 'pass',
      summary: `${texts.pass} (${sourceText(facts)})`,
      ...(exempted.length
        ? { details: `Exemptions:\n${exempted.join('\n')}` }
        : {}),
      ...readAt,
    };
  }
  return {
    status: blocking.length > 0 ? 'fail' : 'warn',
    summary: `${shown.length} ${texts.subject} problem${
      shown.length === 1 ? '' : 's'
    }: ${shown[0].message}${shown.length > 1 ? ', …' : ''}`,
    details: [
      ...report.violations.map(
        v =>
          `- **${v.ruleId}** (${v.severity}) — ${v.object.kind} ${v.object.name}: ${v.message} at \`${v.path}\``,
      ),
      ...(exempted.length ? ['', 'Exemptions:', ...exempted] : []),
    ].join('\n'),
    evidence: uniqueEvidence(facts, shown),
    remediation: [
      ...new Set(shown.map(v => `**${v.ruleId}**: ${v.remediation}`)),
    ].join('\n\n'),
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
