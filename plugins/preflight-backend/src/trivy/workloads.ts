/*
 * The containers of a component's workloads, with the digests their Pods run, and which scanned
 * object stands for which workload: the operator scans the ReplicaSet of a Deployment
 * (`<deployment>-<pod-template-hash>`) and usually the CronJob rather than its Jobs; reports for
 * the Deployment, StatefulSet, DaemonSet, CronJob, Job or Pod itself are accepted as well.
 */
import {
  controllerOf,
  isControlled,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  getPodTemplate,
  POLICY_WORKLOAD_KINDS,
} from '@preflight/plugin-preflight-node';
import { isRecord, str } from './text';

/** A workload, as a result names it. */
export interface WorkloadRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** One container of one of the component's workloads, with what its Pods run. */
export interface RunningContainer {
  workload: WorkloadRef;
  container: string;
  init: boolean;
  /** The image the pod template names (empty when it names none). */
  image: string;
  /**
   * Digests (`sha256:…`) the Pods of the workload run for this container, from
   * `status.containerStatuses[].imageID`, for Pods whose spec names the same image.
   */
  runningDigests: string[];
}

export const sameNs = (a: string | undefined, b: string | undefined) =>
  !a || !b || a === b;

// `pod-template-hash`: at most 10 characters of the alphabet the apimachinery `rand` package
// encodes hashes with (no vowels, no 0, 1 or 3).
const POD_TEMPLATE_HASH = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;
// A CronJob names its Jobs `<cronjob>-<scheduled time in minutes>`.
const CRONJOB_SUFFIX = /^[0-9]{1,12}$/;

/** Whether `name` is `<parent>-<suffix>` with a suffix of the given form. */
function isChildName(name: string, parent: string, suffix: RegExp): boolean {
  return (
    name.length > parent.length + 1 &&
    name.startsWith(`${parent}-`) &&
    suffix.test(name.slice(parent.length + 1))
  );
}

/**
 * Whether an object of `kind`/`name` stands for `workload`: the workload itself, a ReplicaSet of
 * a Deployment, or a Job of a CronJob (by name, or by the Job's owner when the Job is in `objects`).
 */
export function standsFor(
  ref: { kind: string; name: string; namespace?: string },
  workload: WorkloadRef,
  objects: readonly KubernetesObject[] = [],
): boolean {
  if (!sameNs(ref.namespace, workload.namespace)) return false;
  if (ref.kind === workload.kind && ref.name === workload.name) return true;
  if (workload.kind === 'Deployment' && ref.kind === 'ReplicaSet') {
    return isChildName(ref.name, workload.name, POD_TEMPLATE_HASH);
  }
  if (workload.kind === 'CronJob' && ref.kind === 'Job') {
    const job = objects.find(
      o =>
        o.kind === 'Job' &&
        o.metadata?.name === ref.name &&
        sameNs(o.metadata?.namespace, ref.namespace),
    );
    const owner = job && controllerOf(job);
    if (owner) return owner.kind === 'CronJob' && owner.name === workload.name;
    return isChildName(ref.name, workload.name, CRONJOB_SUFFIX);
  }
  return false;
}

/** `sha256:…` of an `imageID` such as `ghcr.io/acme/app@sha256:…` (a bare image id is no digest). */
function digestOfImageId(imageId: unknown): string | undefined {
  if (typeof imageId !== 'string') return undefined;
  const at = imageId.lastIndexOf('@');
  if (at < 0) return undefined;
  const digest = imageId.slice(at + 1);
  return /^[a-z0-9]+:[0-9a-f]{32,128}$/.test(digest) ? digest : undefined;
}

/** The digests the Pods of a workload run for one container, for Pods of the given image. */
function podDigests(
  pods: readonly KubernetesObject[],
  workload: WorkloadRef,
  objects: readonly KubernetesObject[],
  container: string,
  image: string,
  init: boolean,
): string[] {
  const digests = new Set<string>();
  for (const pod of pods) {
    const owner = controllerOf(pod);
    if (!owner) continue;
    const ref = { ...owner, namespace: pod.metadata?.namespace };
    if (!standsFor(ref, workload, objects)) continue;
    const specList: unknown = init
      ? pod.spec?.initContainers
      : pod.spec?.containers;
    const spec = Array.isArray(specList)
      ? specList.find(c => isRecord(c) && c.name === container)
      : undefined;
    if (!spec || spec.image !== image) continue;
    const statuses: unknown = init
      ? pod.status?.initContainerStatuses
      : pod.status?.containerStatuses;
    if (!Array.isArray(statuses)) continue;
    for (const s of statuses) {
      if (!isRecord(s) || s.name !== container) continue;
      const digest = digestOfImageId(s.imageID);
      if (digest) digests.add(digest);
    }
  }
  return [...digests];
}

/**
 * The containers and init containers of the component's workloads (Deployments, StatefulSets,
 * DaemonSets, CronJobs, Jobs and Pods that nothing controls: a controlled Pod or Job is counted
 * through its controller), with the digests their Pods run.
 */
export function runningContainers(
  objects: readonly KubernetesObject[],
): RunningContainer[] {
  const pods = objects.filter(o => o.kind === 'Pod');
  const out: RunningContainer[] = [];
  for (const object of objects) {
    if (!(POLICY_WORKLOAD_KINDS as readonly string[]).includes(object.kind)) {
      continue;
    }
    if (isControlled(object)) continue;
    const template = getPodTemplate(object);
    if (!template) continue;
    const workload: WorkloadRef = {
      kind: object.kind,
      name: String(object.metadata?.name ?? ''),
      ...(object.metadata?.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    };
    for (const init of [false, true]) {
      const list: unknown = init
        ? template.podSpec.initContainers
        : template.podSpec.containers;
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isRecord(c) || !str(c.name)) continue;
        const image = str(c.image) ?? '';
        out.push({
          workload,
          container: c.name,
          init,
          image,
          runningDigests:
            object.kind === 'Pod'
              ? ownDigests(object, c.name, image, init)
              : podDigests(pods, workload, objects, c.name, image, init),
        });
      }
    }
  }
  return out;
}

/** The digests a bare Pod's own statuses name. */
function ownDigests(
  pod: KubernetesObject,
  container: string,
  image: string,
  init: boolean,
): string[] {
  const statuses: unknown = init
    ? pod.status?.initContainerStatuses
    : pod.status?.containerStatuses;
  if (!Array.isArray(statuses)) return [];
  return [
    ...new Set(
      statuses
        .filter(s => isRecord(s) && s.name === container && image !== '')
        .map(s => digestOfImageId(s.imageID))
        .filter((d): d is string => Boolean(d)),
    ),
  ];
}

/** `container app of Deployment checkout-api` */
export function describeContainer(c: RunningContainer): string {
  return `${c.init ? 'init container' : 'container'} ${c.container} of ${
    c.workload.kind
  } ${c.workload.name}`;
}
