import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { PolicyObjectRef, PolicyWorkloadKind } from './types';

/**
 * The kinds whose pod spec the rules inspect.
 *
 * @public
 */
export const POLICY_WORKLOAD_KINDS: readonly PolicyWorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Pod',
];

/** Workloads that run until stopped (probes apply); Jobs and CronJobs run to completion. */
export const LONG_RUNNING_KINDS: readonly PolicyWorkloadKind[] = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Pod',
];

/**
 * Metadata of a pod template, as far as the rules read it.
 *
 * @public
 */
export interface TemplateMetadata {
  /** The pod template's labels, when it has any. */
  labels?: Record<string, string>;
  /** The pod template's annotations (e.g. `preflight.dev/exempt.<ruleId>`), when it has any. */
  annotations?: Record<string, string>;
}

/**
 * Where the pod of a workload is described.
 *
 * @public
 */
export interface PodTemplate {
  /** The pod spec, as the object holds it. */
  podSpec: IPodSpec;
  /** JSON-path-like location of the pod spec: `spec`, `spec.template.spec`, … */
  path: string;
  /** The pod template's metadata (a Pod's own metadata). */
  metadata: TemplateMetadata;
  /** JSON-path-like location of that metadata. */
  metadataPath: string;
}

/** Which list of the pod spec a container comes from. */
export type ContainerList =
  | 'containers'
  | 'initContainers'
  | 'ephemeralContainers';

/** One container of a pod spec, located. */
export interface ContainerRef {
  /** Ephemeral containers share every field the rules read with regular ones. */
  container: IContainer;
  list: ContainerList;
  index: number;
  name: string;
  /** e.g. `spec.template.spec.containers[0]` */
  path: string;
  /** e.g. `container 'app'`, `init container 'migrate'` */
  label: string;
}

/** Every container list: what the security, image and env rules inspect. */
export const ALL_CONTAINERS: readonly ContainerList[] = [
  'containers',
  'initContainers',
  'ephemeralContainers',
];

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isWorkloadKind(kind: unknown): kind is PolicyWorkloadKind {
  return POLICY_WORKLOAD_KINDS.includes(kind as PolicyWorkloadKind);
}

/** The reference used in violations and exemptions. */
export function objectRef(object: KubernetesObject): PolicyObjectRef {
  const metadata = isRecord(object.metadata) ? object.metadata : undefined;
  const namespace = metadata?.namespace;
  return {
    kind: String(object.kind),
    name: typeof metadata?.name === 'string' ? metadata.name : '<unnamed>',
    ...(typeof namespace === 'string' && namespace ? { namespace } : {}),
  };
}

/**
 * The pod template of a workload: `spec` for a Pod, `spec.jobTemplate.spec.template` for a
 * CronJob, `spec.template` for the other workload kinds. `undefined` when the object is not a
 * workload or has no pod spec (schema validation reports that).
 *
 * @public
 */
export function getPodTemplate(
  object: KubernetesObject,
): PodTemplate | undefined {
  if (!isWorkloadKind(object.kind) || !isRecord(object.spec)) return undefined;
  if (object.kind === 'Pod') {
    return {
      podSpec: object.spec as IPodSpec,
      path: 'spec',
      metadata: isRecord(object.metadata) ? object.metadata : {},
      metadataPath: 'metadata',
    };
  }
  const base =
    object.kind === 'CronJob'
      ? 'spec.jobTemplate.spec.template'
      : 'spec.template';
  const template =
    object.kind === 'CronJob'
      ? object.spec.jobTemplate?.spec?.template
      : object.spec.template;
  if (!isRecord(template) || !isRecord(template.spec)) return undefined;
  return {
    podSpec: template.spec as IPodSpec,
    path: `${base}.spec`,
    metadata: isRecord(template.metadata) ? template.metadata : {},
    metadataPath: `${base}.metadata`,
  };
}

const LIST_LABEL: Record<ContainerList, string> = {
  containers: 'container',
  initContainers: 'init container',
  ephemeralContainers: 'ephemeral container',
};

/**
 * A container located in its pod spec. Rules list the containers of every workload for every rule,
 * and most find nothing: `path` and `label` are written when a finding reads them.
 */
class LocatedContainer implements ContainerRef {
  constructor(
    readonly container: IContainer,
    readonly list: ContainerList,
    readonly index: number,
    readonly name: string,
    private readonly podPath: string,
  ) {}

  get path(): string {
    return `${this.podPath}.${this.list}[${this.index}]`;
  }

  get label(): string {
    return `${LIST_LABEL[this.list]} '${this.name}'`;
  }
}

/** The containers of the given lists, in pod spec order (malformed entries skipped). */
export function listContainers(
  pod: PodTemplate,
  lists: readonly ContainerList[],
): ContainerRef[] {
  const result: ContainerRef[] = [];
  for (const list of lists) {
    const entries: unknown = pod.podSpec[list];
    if (!Array.isArray(entries)) continue;
    for (let index = 0; index < entries.length; index++) {
      const container: unknown = entries[index];
      if (!isRecord(container)) continue;
      const name =
        typeof container.name === 'string' && container.name
          ? container.name
          : `#${index}`;
      result.push(
        new LocatedContainer(
          container as IContainer,
          list,
          index,
          name,
          pod.path,
        ),
      );
    }
  }
  return result;
}

/** Whether the pod is declared to run on Windows (some Linux-only controls do not apply). */
export function isWindowsPod(pod: PodTemplate): boolean {
  return pod.podSpec.os?.name === 'windows';
}

export { isControlled } from '@preflight/plugin-preflight-common';

/** Same namespace, treating an absent namespace (a manifest applied with `-n`) as any. */
export function sameNamespace(
  a: KubernetesObject,
  b: KubernetesObject,
): boolean {
  const na = a.metadata?.namespace;
  const nb = b.metadata?.namespace;
  return !na || !nb || na === nb;
}
