// The Flux kinds Preflight reads (Kustomization, HelmRelease), the versions a cluster serves, and
// which Flux objects a component's workloads name by their labels (its owners).
import {
  isDns1123Label,
  isDns1123Subdomain,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { customKind, type LiveKind } from './kinds';

export type FluxKindName = 'Kustomization' | 'HelmRelease';

/** A Flux kind whose objects apply components. */
export interface FluxKind {
  kind: FluxKindName;
  group: string;
  plural: string;
  /** Versions Preflight reads, preferred first. */
  versions: readonly string[];
  /** The labels the Flux controller sets on the objects it applies. */
  nameLabel: string;
  namespaceLabel: string;
}

/** In the order a workload's labels are tried: the HelmRelease first. */
export const FLUX_KINDS: readonly FluxKind[] = [
  {
    kind: 'HelmRelease',
    group: 'helm.toolkit.fluxcd.io',
    plural: 'helmreleases',
    versions: ['v2', 'v2beta2', 'v2beta1'],
    nameLabel: 'helm.toolkit.fluxcd.io/name',
    namespaceLabel: 'helm.toolkit.fluxcd.io/namespace',
  },
  {
    kind: 'Kustomization',
    group: 'kustomize.toolkit.fluxcd.io',
    plural: 'kustomizations',
    versions: ['v1', 'v1beta2'],
    nameLabel: 'kustomize.toolkit.fluxcd.io/name',
    namespaceLabel: 'kustomize.toolkit.fluxcd.io/namespace',
  },
];

/** The workload kinds whose labels name the Flux object that applies the component. */
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Rollout',
]);

// A DNS-1123 subdomain: what a Kustomization or HelmRelease name is.

/** The version of a Flux kind the cluster serves (per discovery), if any. */
export function servedFluxVersion(
  kind: FluxKind,
  served: ReadonlySet<string>,
): string | undefined {
  return kind.versions.find(v => served.has(`${kind.group}/${v}`));
}

const liveKinds = new Map<string, LiveKind>();

/** The kind to list a Flux kind's objects at a version with (a custom resource). */
export function fluxLiveKind(kind: FluxKind, version: string): LiveKind {
  const apiVersion = `${kind.group}/${version}`;
  let live = liveKinds.get(apiVersion);
  if (!live) {
    live = customKind(apiVersion, kind.kind, kind.plural);
    liveKinds.set(apiVersion, live);
  }
  return live;
}

/** A Flux object named by a workload's labels, at the version the cluster serves. */
export interface FluxOwner {
  kind: FluxKind;
  version: string;
  namespace: string;
  name: string;
}

/** `Kustomization flux-system/payments` */
export function fluxOwnerName(
  owner: Pick<FluxOwner, 'kind' | 'namespace' | 'name'>,
) {
  return `${owner.kind.kind} ${owner.namespace}/${owner.name}`;
}

/** `Kustomization/flux-system/payments`: the same object, whatever the version. */
export function fluxOwnerKey(
  owner: Pick<FluxOwner, 'kind' | 'namespace' | 'name'>,
) {
  return `${owner.kind.kind}/${owner.namespace}/${owner.name}`;
}

/**
 * The distinct Flux objects the workloads among `objects` name, in order, whose kind the cluster
 * serves (`served`: the group/versions of the discovery). Empty when there is no Flux label, or
 * no Flux there.
 */
export function fluxOwnersOf(
  objects: Iterable<KubernetesObject>,
  served: ReadonlySet<string>,
): FluxOwner[] {
  const versions = new Map<FluxKind, string | undefined>(
    FLUX_KINDS.map(k => [k, servedFluxVersion(k, served)]),
  );
  const owners = new Map<string, FluxOwner>();
  for (const object of objects) {
    const labels = object.metadata.labels;
    if (!labels || !WORKLOAD_KINDS.has(object.kind)) continue;
    for (const kind of FLUX_KINDS) {
      const name = labels[kind.nameLabel];
      const namespace = labels[kind.namespaceLabel];
      if (
        typeof name !== 'string' ||
        typeof namespace !== 'string' ||
        !isDns1123Subdomain(name) ||
        !isDns1123Label(namespace)
      ) {
        continue;
      }
      const version = versions.get(kind);
      if (!version) continue; // not served: no such Flux object on this cluster
      const owner = { kind, version, namespace, name };
      const key = fluxOwnerKey(owner);
      if (!owners.has(key)) owners.set(key, owner);
      break; // one owner per workload
    }
  }
  return [...owners.values()];
}
