/*
 * Set-level rules: a Deployment or StatefulSet must be covered by objects elsewhere in the set
 * (a PodDisruptionBudget, a NetworkPolicy) that select its pod template labels in its namespace.
 * Jobs and CronJobs run to completion, DaemonSets are not evicted by drains, and bare Pods have no
 * controller to keep them available, so those kinds are not checked. Both rules are advisory:
 * disruption budgets and network isolation are sometimes managed outside the component (and can
 * be made blocking with a severity override).
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { PolicyContext, PolicyRule, PolicyWorkloadKind } from './types';
import { definePodRule } from './rule';
import { selectorMatches } from './selectors';
import { sameNamespace } from './workloads';

const REPLICATED: readonly PolicyWorkloadKind[] = ['Deployment', 'StatefulSet'];

/**
 * The replica floor of a workload: the `minReplicas` (default 1) of an HPA that targets it,
 * which manages `spec.replicas` from then on; otherwise `spec.replicas` (default 1).
 */
export function minimumReplicas(
  object: KubernetesObject,
  context: PolicyContext,
): { replicas: number; source: string } {
  const hpas = context.objects.filter(
    o =>
      o.kind === 'HorizontalPodAutoscaler' &&
      sameNamespace(o, object) &&
      o.spec?.scaleTargetRef?.kind === object.kind &&
      o.spec?.scaleTargetRef?.name === object.metadata?.name,
  );
  if (hpas.length > 0) {
    const replicas = Math.max(
      ...hpas.map(h =>
        typeof h.spec.minReplicas === 'number' ? h.spec.minReplicas : 1,
      ),
    );
    return {
      replicas,
      source: `HorizontalPodAutoscaler '${hpas[0].metadata?.name}' minReplicas`,
    };
  }
  const replicas =
    typeof object.spec?.replicas === 'number' ? object.spec.replicas : 1;
  return { replicas, source: 'spec.replicas' };
}

/** A PDB is required from two replicas on (a budget on a single replica only blocks drains). */
export const podDisruptionBudgetMissingRule: PolicyRule = definePodRule({
  id: 'podDisruptionBudgetMissing',
  title: 'A PodDisruptionBudget covers the workload',
  description:
    'A Deployment or StatefulSet that runs more than one replica — `spec.replicas` > 1, or, when a HorizontalPodAutoscaler targets it, the HPA `minReplicas` > 1 (the HPA then owns the replica count) — must be selected by a PodDisruptionBudget in its namespace, so that node drains and cluster upgrades keep it available. Single-replica workloads are not checked.',
  severity: 'advisory',
  appliesTo: REPLICATED,
  remediation:
    'Add a `policy/v1` PodDisruptionBudget whose `selector` matches the pod template labels, e.g. `minAvailable: 1` (or `maxUnavailable: 1`).',
  checkPod(pod, object, context) {
    const { replicas, source } = minimumReplicas(object, context);
    if (replicas <= 1) return [];
    const covered = context.objects.some(
      o =>
        o.kind === 'PodDisruptionBudget' &&
        sameNamespace(o, object) &&
        selectorMatches(o.spec?.selector, pod.metadata.labels),
    );
    if (covered) return [];
    return [
      {
        message: `no PodDisruptionBudget selects the pod template labels of ${object.kind} '${object.metadata?.name}' (${source}: ${replicas})`,
        path: `${pod.metadataPath}.labels`,
      },
    ];
  },
});

/** Ingress to the workload's pods is restricted by a NetworkPolicy. */
export const networkPolicyMissingRule: PolicyRule = definePodRule({
  id: 'networkPolicyMissing',
  title: 'A NetworkPolicy isolates the workload',
  description:
    'A Deployment or StatefulSet must be selected by a NetworkPolicy in its namespace that restricts ingress (`policyTypes` includes `Ingress`, or is omitted). Egress isolation is not required.',
  severity: 'advisory',
  appliesTo: REPLICATED,
  remediation:
    'Add a `networking.k8s.io/v1` NetworkPolicy whose `podSelector` matches the pod template labels, with `policyTypes: [Ingress]` and ingress rules for the known callers only.',
  checkPod(pod, object, context) {
    const covered = context.objects.some(o => {
      if (o.kind !== 'NetworkPolicy' || !sameNamespace(o, object)) return false;
      const types: unknown = o.spec?.policyTypes;
      const isolatesIngress =
        !Array.isArray(types) ||
        types.length === 0 ||
        types.includes('Ingress');
      return (
        isolatesIngress &&
        selectorMatches(o.spec?.podSelector, pod.metadata.labels)
      );
    });
    if (covered) return [];
    return [
      {
        message: `no NetworkPolicy restricting ingress selects the pod template labels of ${object.kind} '${object.metadata?.name}'`,
        path: `${pod.metadataPath}.labels`,
      },
    ];
  },
});

/** @internal */
export const availabilityRules: readonly PolicyRule[] = [
  podDisruptionBudgetMissingRule,
  networkPolicyMissingRule,
];
