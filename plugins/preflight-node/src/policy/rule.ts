import type {
  CheckSeverity,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import type {
  PolicyContext,
  PolicyRule,
  PolicyViolation,
  PolicyWorkloadKind,
} from './types';
import {
  ContainerList,
  ContainerRef,
  PodTemplate,
  getPodTemplate,
  listContainers,
  objectRef,
} from './workloads';

/**
 * Prefix of the exemption annotations: `preflight.dev/exempt.<ruleId>`, value = justification.
 *
 * @public
 */
export const POLICY_EXEMPTION_ANNOTATION_PREFIX = 'preflight.dev/exempt.';

/**
 * The annotation that exempts an object from a rule, e.g.
 * `preflight.dev/exempt.readOnlyRootFilesystem: "nginx writes its pid file to /var/run"`.
 *
 * @public
 */
export function policyExemptionAnnotation(ruleId: string): string {
  return `${POLICY_EXEMPTION_ANNOTATION_PREFIX}${ruleId}`;
}

/** What a rule's check finds; the rule fills in the rest of the violation. */
export interface Finding {
  message: string;
  path: string;
}

interface RuleMeta {
  id: string;
  title: string;
  description: string;
  severity: CheckSeverity;
  appliesTo: readonly PolicyWorkloadKind[];
  remediation: string;
}

/** A rule from its metadata and a check over one object. */
export function defineRule(
  meta: RuleMeta & {
    check(object: KubernetesObject, context: PolicyContext): Finding[];
  },
): PolicyRule {
  const { check, ...rest } = meta;
  const rule: PolicyRule = {
    ...rest,
    appliesTo: Object.freeze([...meta.appliesTo]),
    exemptionAnnotation: policyExemptionAnnotation(meta.id),
    evaluate(object, context): PolicyViolation[] {
      if (!rule.appliesTo.includes(object.kind as PolicyWorkloadKind)) {
        return [];
      }
      const findings = check(object, context);
      if (findings.length === 0) return [];
      const ref = objectRef(object);
      return findings.map(finding => ({
        ruleId: rule.id,
        severity: rule.severity,
        message: finding.message,
        path: finding.path,
        object: { ...ref },
        remediation: rule.remediation,
      }));
    },
  };
  return Object.freeze(rule);
}

/** A rule over the pod spec of a workload. */
export function definePodRule(
  meta: RuleMeta & {
    checkPod(
      pod: PodTemplate,
      object: KubernetesObject,
      context: PolicyContext,
    ): Finding[];
  },
): PolicyRule {
  const { checkPod, ...rest } = meta;
  return defineRule({
    ...rest,
    check(object, context) {
      const pod = getPodTemplate(object);
      return pod ? checkPod(pod, object, context) : [];
    },
  });
}

/** A rule over each container (of the given lists) of a workload. */
export function defineContainerRule(
  meta: RuleMeta & {
    containers: readonly ContainerList[];
    /** Skip the whole pod (e.g. a control that does not apply to Windows pods). */
    skipPod?(pod: PodTemplate): boolean;
    checkContainer(
      container: ContainerRef,
      pod: PodTemplate,
      context: PolicyContext,
    ): Finding | Finding[] | undefined;
  },
): PolicyRule {
  const { containers, skipPod, checkContainer, ...rest } = meta;
  return definePodRule({
    ...rest,
    checkPod(pod, _object, context) {
      if (skipPod?.(pod)) return [];
      return listContainers(pod, containers).flatMap(
        c => checkContainer(c, pod, context) ?? [],
      );
    },
  });
}
