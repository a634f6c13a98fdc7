import {
  sanitizeObject,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import type { LiveKind } from './kinds';
import { SharedSubtrees } from './sharedSubtrees';

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a list item into a sanitized object of the listed kind, or undefined when the item is not
 * an object with `metadata.name` (the caller reports a bad response).
 *
 * - `apiVersion`/`kind` are set from the listed kind (list items lack them; metadata-only items
 *   say `meta.k8s.io/v1` `PartialObjectMetadata`).
 * - `metadata.managedFields` (large, no use here) is dropped.
 * - Metadata-only kinds (Secrets) keep only `metadata` (and `type`/key names if a server ignored the
 *   metadata-only request; values are then masked by `sanitizeObject`).
 * - Finally `sanitizeObject`, as every source does: Secret values, sensitive env literals and
 *   ConfigMap values, `last-applied-configuration`.
 */
export function toLiveObject(
  item: unknown,
  kind: LiveKind,
): KubernetesObject | undefined {
  if (
    !isRecord(item) ||
    !isRecord(item.metadata) ||
    typeof item.metadata.name !== 'string'
  ) {
    return undefined;
  }
  const { managedFields: _managedFields, ...metadata } = item.metadata;

  let object: KubernetesObject;
  if (kind.metadataOnly) {
    object = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: metadata as KubernetesObject['metadata'],
      ...(typeof item.type === 'string' ? { type: item.type } : {}),
      ...(isRecord(item.data) ? { data: item.data } : {}),
      ...(isRecord(item.stringData) ? { stringData: item.stringData } : {}),
    };
  } else {
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = item;
    object = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: metadata as KubernetesObject['metadata'],
      ...rest,
    };
  }

  return sanitizeObject(object);
}

/**
 * What a catalog-wide snapshot keeps of each built-in kind's `status`: the fields the checks and
 * parity read (Pods' phase, conditions and container statuses for `health-checks` and the Trivy
 * reports; Jobs' conditions for `migrations-ready`; the workloads' rollout counts), declared per
 * kind. Everything else of `status` is dropped when the snapshot receives an object (a Pod's IPs,
 * start time, QoS class, host; a Service's or Ingress's load balancer), since the snapshot holds
 * every object of a cluster for the whole run. `spec` and every other top-level field are kept as
 * read, and `metadata` but for {@link SNAPSHOT_DROPPED_METADATA}. Kinds not listed here (custom resources: certificates, backups, Flux, Argo
 * Rollouts) keep their whole `status`. A check that comes to read another status field of one of
 * these kinds adds it here; `objects.test.ts` runs the checklist on full and trimmed objects.
 */
export const SNAPSHOT_STATUS_FIELDS: Readonly<
  Record<string, readonly string[]>
> = {
  Pod: [
    'phase',
    'reason',
    'message',
    'conditions',
    'containerStatuses',
    'initContainerStatuses',
  ],
  Deployment: [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'conditions',
  ],
  StatefulSet: [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'currentRevision',
    'updateRevision',
    'conditions',
  ],
  DaemonSet: [
    'observedGeneration',
    'desiredNumberScheduled',
    'currentNumberScheduled',
    'updatedNumberScheduled',
    'numberReady',
    'numberAvailable',
    'numberUnavailable',
    'conditions',
  ],
  Job: [
    'conditions',
    'active',
    'succeeded',
    'failed',
    'startTime',
    'completionTime',
  ],
  CronJob: ['lastScheduleTime', 'lastSuccessfulTime'],
  HorizontalPodAutoscaler: ['currentReplicas', 'desiredReplicas', 'conditions'],
  PodDisruptionBudget: [
    'currentHealthy',
    'desiredHealthy',
    'disruptionsAllowed',
    'expectedPods',
    'conditions',
  ],
  Service: [],
  Ingress: [],
  NetworkPolicy: [],
  ServiceAccount: [],
  ConfigMap: [],
  Secret: [],
};

/**
 * Metadata the API server sets that no check reads (parity ignores it too), dropped from every
 * object a catalog-wide snapshot keeps: unique per object, it was a quarter of a snapshot's memory.
 * (`listKind` tells objects apart by `uid` before the snapshot receives them.)
 */
export const SNAPSHOT_DROPPED_METADATA: readonly string[] = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'selfLink',
];

/**
 * A live object as a catalog-wide snapshot keeps it: without {@link SNAPSHOT_DROPPED_METADATA},
 * its `status` reduced to the kind's declared fields ({@link SNAPSHOT_STATUS_FIELDS}); the object
 * itself when there is nothing to drop. Takes sanitized objects (`toLiveObject`), never changes
 * them and never adds to them.
 */
export function trimForSnapshot(object: KubernetesObject): KubernetesObject {
  let trimmed = object;
  const metadata = object.metadata as Record<string, unknown>;
  if (SNAPSHOT_DROPPED_METADATA.some(key => key in metadata)) {
    const kept: Record<string, unknown> = {};
    for (const key of Object.keys(metadata)) {
      if (!SNAPSHOT_DROPPED_METADATA.includes(key)) kept[key] = metadata[key];
    }
    trimmed = { ...trimmed, metadata: kept as KubernetesObject['metadata'] };
  }
  const fields = SNAPSHOT_STATUS_FIELDS[object.kind];
  const status = object.status;
  if (fields === undefined || status === undefined) return trimmed;
  if (!isRecord(status) || fields.length === 0) {
    const { status: _dropped, ...rest } = trimmed;
    return rest as KubernetesObject;
  }
  const keys = Object.keys(status);
  if (keys.every(key => fields.includes(key))) return trimmed;
  const kept: Record<string, unknown> = {};
  for (const key of keys) {
    if (fields.includes(key)) kept[key] = status[key];
  }
  return { ...trimmed, status: kept };
}

/**
 * What a catalog-wide snapshot does with each object as its page arrives (`receive`): trimmed
 * ({@link trimForSnapshot}), frozen, its sub-objects shared with the snapshot's other objects (one
 * pool per snapshot, see `sharedSubtrees.ts`), so that the listing never holds every page's
 * objects as parsed. `done` drops the pool once the listing is over (whatever still refers to the
 * receiver then holds nothing of it).
 */
export function snapshotReceiver(): {
  receive: (object: KubernetesObject) => KubernetesObject;
  done: () => void;
} {
  let shared: SharedSubtrees | undefined;
  return {
    receive: object =>
      (shared ??= new SharedSubtrees()).freeze(trimForSnapshot(object)),
    done: () => {
      shared = undefined;
    },
  };
}
