import type {
  CheckSeverity,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { availabilityRules } from './availability';
import { baseImageRules } from './baseImage';
import { envRules } from './env';
import { compileImmutableTagPatterns, imageRules } from './images';
import { probeRules } from './probes';
import { resourceRules } from './resources';
import { policyExemptionAnnotation } from './rule';
import { securityRules } from './security';
import type {
  EvaluatePoliciesOptions,
  PolicyContext,
  PolicyExemption,
  PolicyReport,
  PolicyRule,
  PolicyViolation,
  PolicyWorkloadKind,
} from './types';
import {
  ALL_CONTAINERS,
  getPodTemplate,
  isControlled,
  listContainers,
  isRecord,
  isWorkloadKind,
  objectRef,
} from './workloads';

/**
 * Every built-in policy rule, in evaluation (and report) order.
 *
 * @public
 */
export const POLICY_RULES: readonly PolicyRule[] = Object.freeze([
  ...securityRules,
  ...probeRules,
  ...resourceRules,
  ...imageRules,
  ...baseImageRules,
  ...envRules,
  ...availabilityRules,
]);

/**
 * A built-in rule by id.
 *
 * @public
 */
export function getPolicyRule(id: string): PolicyRule | undefined {
  return POLICY_RULES.find(rule => rule.id === id);
}

const SEVERITIES: readonly CheckSeverity[] = ['blocking', 'advisory'];

const KNOWN_RULES: ReadonlySet<string> = new Set(
  POLICY_RULES.map(rule => rule.id),
);

function checkOptions(options: EvaluatePoliciesOptions) {
  // Run for every evaluation: nothing to check, nothing allocated.
  if (!options.rules && !options.disabled && !options.severityOverrides) {
    return;
  }
  const known = KNOWN_RULES;
  const named = [
    ...(options.rules ?? []),
    ...(options.disabled ?? []),
    ...Object.keys(options.severityOverrides ?? {}),
  ];
  const unknown = [...new Set(named.filter(id => !known.has(id)))];
  if (unknown.length > 0) {
    throw new Error(
      `Unknown policy rule ${unknown
        .map(id => `'${id}'`)
        .join(', ')}; known rules: ${[...known].join(', ')}`,
    );
  }
  for (const [id, severity] of Object.entries(
    options.severityOverrides ?? {},
  )) {
    if (!SEVERITIES.includes(severity)) {
      throw new Error(
        `Invalid severity '${String(
          severity,
        )}' for policy rule '${id}'; expected blocking or advisory`,
      );
    }
  }
}

const compiled = new WeakMap<readonly string[], RegExp[]>();

/** The compiled `immutableTags` (reused per options array); throws naming the bad entry. */
function compiledTags(options: EvaluatePoliciesOptions): RegExp[] {
  const sources = options.immutableTags!;
  let patterns = compiled.get(sources);
  if (!patterns) {
    try {
      patterns = compileImmutableTagPatterns(sources);
    } catch (error) {
      throw new Error(`Invalid immutableTags${(error as Error).message}`);
    }
    compiled.set(sources, patterns);
  }
  return patterns;
}

interface ExemptionLookup {
  justification: string;
  path: string;
}

function exemptionAt(
  annotations: Record<string, unknown>,
  key: string,
  base: string,
): ExemptionLookup {
  return {
    justification: String(annotations[key] ?? '').trim(),
    path: `${base}[${JSON.stringify(key)}]`,
  };
}

/** The exemption annotation for a rule on the object's or its pod template's metadata. */
function findExemption(
  object: KubernetesObject,
  ruleId: string,
): ExemptionLookup | undefined {
  const key = policyExemptionAnnotation(ruleId);
  // Paths are written only for an exemption found (this runs for every rule an object breaks).
  const own = object.metadata?.annotations;
  if (isRecord(own) && key in own) {
    return exemptionAt(own, key, 'metadata.annotations');
  }
  const pod = getPodTemplate(object);
  const template = pod?.metadata.annotations;
  if (pod && isRecord(template) && key in template) {
    return exemptionAt(template, key, `${pod.metadataPath}.annotations`);
  }
  return undefined;
}

/**
 * Runs the policy rules over a set of objects — typically the manifests (desired) or the live
 * objects of one component in one environment. Workloads (Deployment, StatefulSet, DaemonSet,
 * Job, CronJob, Pod) are evaluated; the other objects (ServiceAccount, HPA, PDB, NetworkPolicy,
 * …) are context for the set-level rules.
 *
 * An object carrying `preflight.dev/exempt.<ruleId>: <justification>` in its `metadata` or its pod
 * template's `metadata` is exempted from that rule: its violations move to `exempted`. An
 * exemption with an empty justification is not honoured (the violation says so).
 *
 * Pure: no I/O, the input is not mutated. Throws on an unknown rule id or severity in `options`
 * (configuration errors should not pass silently).
 *
 * @public
 */
export function evaluatePolicies(
  objects: readonly KubernetesObject[],
  options: EvaluatePoliciesOptions = {},
): PolicyReport {
  checkOptions(options);
  const rules = POLICY_RULES.filter(
    rule =>
      (!options.rules || options.rules.includes(rule.id)) &&
      !options.disabled?.includes(rule.id),
  );
  const valid = objects.filter(
    (o): o is KubernetesObject => isRecord(o) && typeof o.kind === 'string',
  );
  const context: PolicyContext = {
    objects: valid,
    ...(options.immutableTags ? { immutableTags: compiledTags(options) } : {}),
    ...(options.imageFacts ? { imageFacts: options.imageFacts } : {}),
  };
  const subjects = valid.filter(
    o =>
      isWorkloadKind(o.kind) &&
      (options.includeControlledWorkloads || !isControlled(o)),
  );

  const violations: PolicyViolation[] = [];
  const exempted: PolicyExemption[] = [];
  const applicable = new Set<string>();
  const failed = new Set<string>();

  for (const object of subjects) {
    // A workload without a pod template (a patch, a malformed object) gives no rule anything to
    // hold of: no rule applies to it, so it cannot make one pass.
    if (!getPodTemplate(object)) continue;
    for (const rule of rules) {
      if (!rule.appliesTo.includes(object.kind as PolicyWorkloadKind)) continue;
      applicable.add(rule.id);
      const found = rule.evaluate(object, context);
      if (found.length === 0) continue;
      const exemption = findExemption(object, rule.id);
      if (exemption?.justification) {
        exempted.push({
          ruleId: rule.id,
          object: objectRef(object),
          justification: exemption.justification,
          path: exemption.path,
        });
        continue;
      }
      failed.add(rule.id);
      const severity = options.severityOverrides?.[rule.id] ?? rule.severity;
      for (const violation of found) {
        violations.push({
          ...violation,
          severity,
          message: exemption
            ? `${violation.message} (exemption ${exemption.path} ignored: it has no justification)`
            : violation.message,
        });
      }
    }
  }

  return {
    violations,
    exempted,
    subjects: {
      workloads: subjects.length,
      containers: subjects.reduce((n, o) => {
        const pod = getPodTemplate(o);
        return n + (pod ? listContainers(pod, ALL_CONTAINERS).length : 0);
      }, 0),
      uncontrolledPods: subjects
        .filter(o => o.kind === 'Pod')
        .map(o => String(o.metadata?.name ?? '')),
    },
    passedRules: rules
      .filter(rule => applicable.has(rule.id) && !failed.has(rule.id))
      .map(rule => rule.id),
    notApplicableRules: rules
      .filter(rule => !applicable.has(rule.id))
      .map(rule => rule.id),
  };
}
