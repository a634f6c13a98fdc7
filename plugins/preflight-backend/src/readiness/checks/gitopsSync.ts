import {
  shortRevision,
  type CheckEvidence,
  type CheckResult,
  type DeliveryStatus,
  type SourceState,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';

const TOOL_TITLES: Record<string, string> = {
  argocd: 'Argo CD',
  flux: 'Flux',
};

/** `Argo CD`, `Flux`, or the tool's id. */
export function toolTitle(delivery: DeliveryStatus): string {
  return TOOL_TITLES[delivery.tool] ?? delivery.tool;
}

/** What applies the component in this environment, as the tool reports it. */
function deliveryOf(
  desired: SourceState,
  live: SourceState,
): { delivery: DeliveryStatus; source: 'desired' | 'live' } | undefined {
  if (desired.delivery)
    return { delivery: desired.delivery, source: 'desired' };
  if (live.delivery) return { delivery: live.delivery, source: 'live' };
  return undefined;
}

/**
 * `gitops-sync`: the GitOps tool that applies the component (an Argo CD Application, a Flux
 * Kustomization or HelmRelease) reports it in sync with its target revision and healthy.
 *
 * - synced and healthy: `pass`; still rolling out (`progressing`) or `suspended`: `warn`;
 * - out of sync, `degraded` or `missing`: `fail`, with the tool's own words;
 * - sync or health unknown: `unknown`;
 * - no tool reports on the component in the environment: `not-applicable`, saying so.
 */
export const gitopsSyncCheck: PreflightCheck = {
  id: 'gitops-sync',
  title: 'In sync and healthy',
  description:
    'The GitOps tool that applies the component (Argo CD, Flux) reports it synced to its target revision and healthy.',
  defaultSeverity: 'blocking',
  async evaluate({ state }): Promise<CheckResult> {
    const found = deliveryOf(state.desired, state.live);
    if (!found) {
      return {
        status: 'not-applicable',
        summary: `No GitOps tool (Argo CD, Flux) reports on this component in ${state.environment.name}`,
      };
    }
    const { delivery } = found;
    const tool = toolTitle(delivery);
    const who = `${tool} ${delivery.name}`;
    const evidence: CheckEvidence[] = delivery.url
      ? [{ type: 'link', title: who, url: delivery.url }]
      : [];
    const revisions = [
      delivery.targetRevision &&
        `target ${shortRevision(delivery.targetRevision)}`,
      delivery.appliedRevision &&
        delivery.appliedRevision !== delivery.targetRevision &&
        `applied ${shortRevision(delivery.appliedRevision)}`,
    ]
      .filter(Boolean)
      .join(', ');
    const at = revisions ? ` (${revisions})` : '';
    const details = delivery.message
      ? `${tool} says: ${delivery.message}`
      : undefined;
    const base = {
      evidence,
      evaluated: { subject: 'deliveries', count: 1 },
      ...(details ? { details } : {}),
      ...(state[found.source].readAt
        ? { factsReadAt: state[found.source].readAt }
        : {}),
    };

    if (delivery.sync === 'out-of-sync') {
      return {
        ...base,
        status: 'fail',
        summary: `${who} is out of sync${at}`,
        remediation: `Find out why ${tool} has not applied the target revision (a failed sync, a manual change in the cluster, or automated sync turned off) and sync it, or revert the change that cannot be applied.`,
      };
    }
    if (delivery.health === 'degraded' || delivery.health === 'missing') {
      return {
        ...base,
        status: 'fail',
        summary: `${who} is ${delivery.health}${at}`,
        remediation: `Fix what ${tool} reports as ${delivery.health} before promoting: a crashing or unschedulable workload, a failed health check, or objects that were never created.`,
      };
    }
    if (
      delivery.sync === 'unknown' ||
      !delivery.health ||
      delivery.health === 'unknown'
    ) {
      return {
        status: 'unknown',
        summary: `${who}: sync ${delivery.sync}, health ${
          delivery.health ?? 'not reported'
        }`,
        ...(details ? { details } : {}),
        evidence,
      };
    }
    if (delivery.health === 'progressing' || delivery.health === 'suspended') {
      return {
        ...base,
        status: 'warn',
        summary: `${who} is synced but ${
          delivery.health === 'progressing'
            ? 'still rolling out'
            : 'suspended: changes are not applied'
        }${at}`,
      };
    }
    return {
      ...base,
      status: 'pass',
      summary: `${who} is synced and healthy${at}`,
    };
  },
};
