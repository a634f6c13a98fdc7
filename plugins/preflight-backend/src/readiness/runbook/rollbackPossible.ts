// The workloads half of the rollback-plan verdict (every Deployment or Argo Rollout keeps old
// revisions) and the GitOps tool's recorded deployment history, as details lines.
import type {
  DeliveryStatus,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { getPodTemplate } from '@preflight/plugin-preflight-node';
import type { Facts } from '@preflight/plugin-preflight-node';
import { toolTitle } from '../checks/gitopsSync';
import { objectEvidence, sourceText } from '../checks/util';
import type { Finding } from './finding';

/**
 * What the GitOps tool recorded to roll back to, as details lines: its deployment history (Argo CD
 * `status.history`, Flux HelmRelease history), newest first. Informative: a rollback through the
 * tool still needs the workloads' own revisions or the previous manifests.
 */
export function deliveryHistory(
  delivery: DeliveryStatus | undefined,
): string[] {
  if (!delivery) return [];
  const tool = toolTitle(delivery);
  const recorded = delivery.history ?? [];
  // The history holds the current deployment too: what lies after it can be rolled back to.
  const current = recorded.findIndex(
    r => r.revision === delivery.appliedRevision,
  );
  const history = recorded.slice(current + 1);
  if (history.length === 0) {
    return [
      `${tool} ${delivery.name} has no earlier deployment recorded to roll back to.`,
    ];
  }
  const [previous] = history;
  const command =
    delivery.tool === 'argocd' && previous.id
      ? ` (\`argocd app rollback ${delivery.name.replace(
          /^Application /,
          '',
        )} ${previous.id}\`)`
      : '';
  return [
    `${tool} ${delivery.name} recorded ${history.length} earlier deployment${
      history.length === 1 ? '' : 's'
    }; the newest is ${previous.revision}${
      previous.deployedAt ? `, deployed ${previous.deployedAt}` : ''
    }${command}.`,
  ];
}

/** Every Deployment keeps revisions, or Argo Rollouts (keeping revisions) is used. */
export function rollbackPossible(facts: Facts): Finding {
  if (!facts.available) {
    return {
      status: 'unknown',
      summary: `Rollback not verified: ${facts.reason}`,
      details: [`Cannot check the workloads: ${facts.reason}.`],
      evidence: [],
    };
  }
  const rollouts = facts.objects.filter(
    o =>
      o.kind === 'Rollout' &&
      String(o.apiVersion ?? '').startsWith('argoproj.io/'),
  );
  // A Deployment without containers (a Kustomize patch) is nothing that could be rolled back.
  const deployments = facts.objects.filter(
    o =>
      o.kind === 'Deployment' &&
      (getPodTemplate(o)?.podSpec.containers?.length ?? 0) > 0,
  );
  const checked = rollouts.length > 0 ? rollouts : deployments;
  const where = sourceText(facts);
  if (checked.length === 0) {
    return {
      status: 'unknown',
      summary: `No Deployment or Argo Rollout found in the ${where}`,
      details: [
        `No Deployment or Argo Rollout in the ${where}: whether a rollback is possible is not known.`,
      ],
      evidence: [],
    };
  }
  const keepsNone = (o: KubernetesObject) => {
    const limit = o.spec?.revisionHistoryLimit;
    return typeof limit === 'number' && limit <= 0;
  };
  const describe = (o: KubernetesObject) =>
    `- ${o.kind} ${o.metadata.name}: revisionHistoryLimit ${
      typeof o.spec?.revisionHistoryLimit === 'number'
        ? o.spec.revisionHistoryLimit
        : '(default 10)'
    }`;
  const none = checked.filter(keepsNone);
  const via =
    rollouts.length > 0
      ? `Rolled out with Argo Rollouts (${rollouts.length} Rollout${
          rollouts.length === 1 ? '' : 's'
        }); Deployments are not checked.`
      : undefined;
  if (none.length > 0) {
    const first = none[0];
    return {
      status: 'fail',
      summary: `${first.kind} ${
        first.metadata.name
      } keeps no old revisions (revisionHistoryLimit: 0), so it cannot be rolled back${
        none.length > 1 ? ` (and ${none.length - 1} more)` : ''
      }`,
      details: [...(via ? [via] : []), ...checked.map(describe)],
      remediation:
        rollouts.length > 0
          ? 'Set `spec.revisionHistoryLimit` of the Rollout to at least 1 (the default is 10) so that it can be aborted or undone.'
          : 'Set `spec.revisionHistoryLimit` to at least 1 (the default is 10; remove the field to use it) so that `kubectl rollout undo` has a previous ReplicaSet to return to, or roll out with Argo Rollouts.',
      evidence: none.map(o =>
        objectEvidence(facts, {
          kind: o.kind,
          name: o.metadata.name,
          namespace: o.metadata.namespace,
        }),
      ),
    };
  }
  const noun = rollouts.length > 0 ? 'Rollout' : 'Deployment';
  return {
    status: 'pass',
    summary: `${
      checked.length === 1
        ? `the ${noun} keeps`
        : `all ${checked.length} ${noun}s keep`
    } old revisions to roll back to`,
    details: [
      `From the ${where}.`,
      ...(via ? [via] : []),
      ...checked.map(describe),
    ],
    evidence: [],
    workloads: checked.length,
  };
}
