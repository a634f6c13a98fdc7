/**
 * Flux: which Kustomization or HelmRelease applies a component, and what it reports about it.
 *
 * - **Matching, by labels.** kustomize-controller labels every object it applies with
 *   `kustomize.toolkit.fluxcd.io/name` and `kustomize.toolkit.fluxcd.io/namespace`, helm-controller
 *   with `helm.toolkit.fluxcd.io/name` and `helm.toolkit.fluxcd.io/namespace`. The labels are taken
 *   from the component's workloads in the live state (Deployments, StatefulSets, DaemonSets, Jobs,
 *   CronJobs, Argo Rollouts), in the state's order; a workload with both pairs is the
 *   HelmRelease's (the closer owner). Values that are not valid Kubernetes names are ignored. The
 *   first Flux object named is the one read; when the workloads name several, the message says so.
 * - **Served versions** come from the cluster's API discovery (already made for custom
 *   resources): `kustomize.toolkit.fluxcd.io` v1 (else v1beta2), `helm.toolkit.fluxcd.io` v2 (else
 *   v2beta2, v2beta1). A group the cluster does not serve means no Flux there: no delivery status
 *   and no request.
 * - **Mapping** of the Flux object to a {@link DeliveryStatus}: see {@link fluxDelivery}.
 * - **Memory**: a Flux object is reduced to its delivery status as soon as it is received.
 */
import {
  isDns1123Label,
  isDns1123Subdomain,
  maskSensitiveText,
  type DeliveryHealth,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliverySync,
  type KubernetesObject,
  type UnreadKind,
  type UnreadKindReason,
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

/** Most characters of a message kept (`DeliveryStatus.message`). */
export const MAX_MESSAGE_LENGTH = 500;
/** Most records of a history kept (`DeliveryStatus.history`). */
export const MAX_HISTORY = 20;
const MAX_REVISION_LENGTH = 200;
const MAX_OWNERS_NAMED = 5;

const DEGRADED_REASONS = new Set([
  'HealthCheckFailed',
  'ReconciliationFailed',
  'InstallFailed',
  'UpgradeFailed',
  'TestFailed',
  'RollbackFailed',
  'UninstallFailed',
  'BuildFailed',
  'PruneFailed',
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

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean ? truncate(clean, max) : undefined;
}

function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * A message as it may leave the source: control characters removed, credentials masked (the whole
 * text, before it is cut), at most 500 characters.
 */
export function sanitizeFluxMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return truncate(
    maskSensitiveText(clean.slice(0, 65_536)),
    MAX_MESSAGE_LENGTH,
  );
}

function revision(value: unknown): string | undefined {
  const found = text(value, MAX_REVISION_LENGTH);
  return found === undefined ? undefined : maskSensitiveText(found);
}

interface Condition {
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function conditionsOf(status: Record<string, any>): Map<string, Condition> {
  const conditions = new Map<string, Condition>();
  for (const c of Array.isArray(status.conditions) ? status.conditions : []) {
    if (isRecord(c) && typeof c.type === 'string' && !conditions.has(c.type)) {
      conditions.set(c.type, {
        status: typeof c.status === 'string' ? c.status : undefined,
        reason: text(c.reason, 128),
        message: typeof c.message === 'string' ? c.message : undefined,
        lastTransitionTime: text(c.lastTransitionTime, 64),
      });
    }
  }
  return conditions;
}

/** `HealthCheckFailed: timeout waiting for …` */
function wordsOf(condition: Condition | undefined): string | undefined {
  if (!condition) return undefined;
  const words = [condition.reason, condition.message?.trim()]
    .filter(Boolean)
    .join(': ');
  return words || undefined;
}

interface HelmSnapshot {
  version?: number;
  status?: string;
  revision: string;
  /** The revision as Flux writes `lastAttemptedRevision` (chart version, `+<digest>` for OCI). */
  fluxRevision: string;
  deployedAt?: string;
}

/** `1.2.3+1234567890ab` for an OCI chart (as Flux writes `lastAttemptedRevision`), else `1.2.3`. */
function helmFluxRevision(chartVersion: string, ociDigest?: string): string {
  const hex = ociDigest?.replace(/^[a-z0-9]+:/, '').slice(0, 12);
  return hex ? `${chartVersion}+${hex}` : chartVersion;
}

/** HelmRelease `status.history` (Helm release snapshots), newest first. */
function helmHistory(status: Record<string, any>): HelmSnapshot[] {
  if (!Array.isArray(status.history)) return [];
  const snapshots: HelmSnapshot[] = [];
  for (const s of status.history) {
    if (!isRecord(s)) continue;
    const chartVersion = text(s.chartVersion, 100);
    if (!chartVersion) continue;
    const ociDigest = text(s.ociDigest, 100);
    const appVersion = text(s.appVersion, 100);
    const fluxRevision = helmFluxRevision(chartVersion, ociDigest);
    snapshots.push({
      version:
        typeof s.version === 'number' && Number.isInteger(s.version)
          ? s.version
          : undefined,
      status: text(s.status, 40),
      fluxRevision: maskSensitiveText(fluxRevision),
      revision: maskSensitiveText(
        appVersion ? `${fluxRevision} (app ${appVersion})` : fluxRevision,
      ),
      deployedAt: text(s.lastDeployed, 64) ?? text(s.firstDeployed, 64),
    });
  }
  // Newest first: by Helm release version when known (Flux keeps them so already).
  return snapshots
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) =>
        (b.s.version ?? -Infinity) - (a.s.version ?? -Infinity) || a.i - b.i,
    )
    .map(({ s }) => s);
}

/**
 * The delivery status a Flux Kustomization or HelmRelease reports, from its `spec.suspend` and
 * `status` (conditions `Ready`, `Reconciling`, `Stalled`; `lastAttemptedRevision`,
 * `lastAppliedRevision`; a HelmRelease's `history`), or undefined for an item that is not an
 * object with `metadata.name`.
 *
 * - sync: `out-of-sync` when `Ready` is `False`, or when the last attempted revision is not the
 *   last applied one; else `synced` when `Ready` is `True`; else `unknown`.
 * - health: `suspended` (`spec.suspend: true`); `degraded` when `Stalled` is `True` or `Ready` is
 *   `False` for a failure (`HealthCheckFailed`, `ReconciliationFailed`, `InstallFailed`,
 *   `UpgradeFailed`, …); `progressing` while `Reconciling` is `True`; `healthy` when `Ready` is
 *   `True`; else `unknown`.
 * - targetRevision: `lastAttemptedRevision`; appliedRevision: `lastAppliedRevision`, for a
 *   HelmRelease v2 (which no longer sets it) the newest `deployed` release of its history;
 *   appliedAt: when `Ready` became `True` (for a HelmRelease that is not `Ready`, when its applied
 *   release was deployed).
 * - message: `Ready`'s reason and message when it is not `True` (else `Stalled`'s), else why it is
 *   out of sync or suspended: sanitized, at most 500 characters.
 * - history (HelmRelease): its releases, newest first, at most 20, with the Helm release version as
 *   `id`.
 */
export function fluxDelivery(
  kind: FluxKind,
  item: unknown,
): DeliveryStatus | undefined {
  if (
    !isRecord(item) ||
    !isRecord(item.metadata) ||
    typeof item.metadata.name !== 'string'
  ) {
    return undefined;
  }
  const { name } = item.metadata;
  const namespace =
    typeof item.metadata.namespace === 'string' ? item.metadata.namespace : '';
  const spec = isRecord(item.spec) ? item.spec : {};
  const status = isRecord(item.status) ? item.status : {};
  const conditions = conditionsOf(status);
  const ready = conditions.get('Ready');
  const stalled = conditions.get('Stalled')?.status === 'True';
  const reconciling = conditions.get('Reconciling')?.status === 'True';
  const suspended = spec.suspend === true;

  const history = kind.kind === 'HelmRelease' ? helmHistory(status) : [];
  const appliedRelease = history.find(s => s.status === 'deployed');
  const targetRevision = revision(status.lastAttemptedRevision);
  const appliedRevision =
    revision(status.lastAppliedRevision) ?? appliedRelease?.fluxRevision;
  const drifted =
    targetRevision !== undefined &&
    appliedRevision !== undefined &&
    targetRevision !== appliedRevision;

  let sync: DeliverySync = 'unknown';
  if (ready?.status === 'False' || drifted) sync = 'out-of-sync';
  else if (ready?.status === 'True') sync = 'synced';

  let health: DeliveryHealth = 'unknown';
  if (suspended) health = 'suspended';
  else if (
    stalled ||
    (ready?.status === 'False' &&
      ready.reason !== undefined &&
      DEGRADED_REASONS.has(ready.reason))
  )
    health = 'degraded';
  else if (reconciling) health = 'progressing';
  else if (ready?.status === 'True') health = 'healthy';

  let message =
    ready?.status !== 'True'
      ? wordsOf(ready) ?? wordsOf(conditions.get('Stalled'))
      : undefined;
  if (!message && drifted) {
    message = `The last attempted revision (${targetRevision}) is not the last applied one (${appliedRevision})`;
  }
  if (!message && suspended) {
    message = 'Reconciliation is suspended (spec.suspend: true)';
  }

  const appliedAt =
    ready?.status === 'True'
      ? ready.lastTransitionTime
      : appliedRelease?.deployedAt;

  const records: DeliveryRecord[] = history.slice(0, MAX_HISTORY).map(s => ({
    ...(s.version !== undefined ? { id: String(s.version) } : {}),
    revision: s.revision,
    ...(s.deployedAt ? { deployedAt: s.deployedAt } : {}),
  }));

  return {
    tool: 'flux',
    name: `${kind.kind} ${namespace}/${name}`,
    sync,
    health,
    ...(targetRevision ? { targetRevision } : {}),
    ...(appliedRevision ? { appliedRevision } : {}),
    ...(appliedAt ? { appliedAt } : {}),
    ...(message ? { message: sanitizeFluxMessage(message) } : {}),
    ...(records.length > 0 ? { history: records } : {}),
  };
}

/** What is known of one Flux object: its status, or why it is not known. */
export type FluxLookup =
  | { found: DeliveryStatus }
  /** The object the labels name does not exist. */
  | { missing: true }
  /** The kind was denied (403) or is not served (404 for the resource). */
  | { unread: UnreadKindReason }
  /** Any other failure, described (a message safe to show). */
  | { failed: string };

/** What the live state says about Flux: a delivery status, an unread kind, or nothing. */
export type FluxOutcome =
  | { delivery: DeliveryStatus; unread?: undefined }
  | { unread: UnreadKind; delivery?: undefined }
  | undefined;

/**
 * The outcome for a component whose workloads name `owners` (the first one looked up): the same
 * function answers a read and a snapshot, so that both say the same.
 */
export function fluxOutcome(
  owners: readonly FluxOwner[],
  lookup: FluxLookup,
  cluster: string,
): FluxOutcome {
  const [owner] = owners;
  const name = fluxOwnerName(owner);
  if ('unread' in lookup) {
    const apiVersion = `${owner.kind.group}/${owner.version}`;
    return {
      unread: {
        kind: owner.kind.kind,
        apiVersion,
        reason: lookup.unread,
        message:
          lookup.unread === 'FORBIDDEN'
            ? `Preflight may not read ${owner.kind.kind} (${apiVersion}) objects in namespace '${owner.namespace}' on cluster '${cluster}' (HTTP 403): the component's workloads name ${name}`
            : `Cluster '${cluster}' does not serve ${owner.kind.kind} (${apiVersion}) (HTTP 404): the component's workloads name ${name}`,
      },
    };
  }
  let delivery: DeliveryStatus;
  if ('found' in lookup) {
    delivery = lookup.found;
  } else if ('missing' in lookup) {
    delivery = {
      tool: 'flux',
      name,
      sync: 'unknown',
      health: 'unknown',
      message: `${name}, named by the ${owner.kind.nameLabel} and ${owner.kind.namespaceLabel} labels of the component's workloads, was not found on cluster '${cluster}'`,
    };
  } else {
    delivery = {
      tool: 'flux',
      name,
      sync: 'unknown',
      health: 'unknown',
      message: sanitizeFluxMessage(
        `${name} could not be read: ${lookup.failed}`,
      ),
    };
  }
  if (owners.length > 1) {
    const named = owners.slice(0, MAX_OWNERS_NAMED).map(fluxOwnerName);
    if (owners.length > MAX_OWNERS_NAMED) named.push('…');
    const note = `The component's workloads are applied by ${
      owners.length
    } Flux objects (${named.join(', ')}): this is the first.`;
    delivery = {
      ...delivery,
      message: truncate(
        delivery.message ? `${delivery.message}. ${note}` : note,
        MAX_MESSAGE_LENGTH,
      ),
    };
  }
  return { delivery };
}

/** A copy of a delivery status (those of a snapshot are frozen and shared). */
export function copyDelivery(delivery: DeliveryStatus): DeliveryStatus {
  return {
    ...delivery,
    ...(delivery.history
      ? { history: delivery.history.map(r => ({ ...r })) }
      : {}),
  };
}

/**
 * Whether a 404 answer to a GET of `name` says that this object does not exist (a `Status` with
 * `reason: NotFound` and `details.name`), rather than that the resource is not served.
 */
export function isObjectNotFound(body: string, name: string): boolean {
  try {
    const status = JSON.parse(body);
    return (
      isRecord(status) &&
      status.kind === 'Status' &&
      status.reason === 'NotFound' &&
      isRecord(status.details) &&
      status.details.name === name
    );
  } catch {
    return false;
  }
}

/** What a snapshot listed of a Flux kind in one namespace. */
export type FluxNamespaceListing =
  | { deliveries: ReadonlyMap<string, DeliveryStatus> }
  | { unread: UnreadKindReason }
  | { failed: string };

/** `HelmRelease/v2/flux-system`: what one listing of a snapshot covers. */
export function fluxListingKey(
  owner: Pick<FluxOwner, 'kind' | 'version' | 'namespace'>,
): string {
  return `${owner.kind.kind}/${owner.version}/${owner.namespace}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}

/**
 * The Flux objects of a snapshot: for every Flux kind and namespace the snapshot's workloads name,
 * the delivery status of the objects they name (listed once per snapshot), or why they could not
 * be read. Immutable.
 */
export class FluxIndex {
  private readonly served: ReadonlySet<string>;
  private readonly listings: ReadonlyMap<string, FluxNamespaceListing>;

  constructor(
    readonly cluster: string,
    served: ReadonlySet<string>,
    listings: ReadonlyMap<string, FluxNamespaceListing>,
  ) {
    // Only the Flux group/versions matter here.
    this.served = new Set(
      [...served].filter(gv =>
        FLUX_KINDS.some(k => gv.startsWith(`${k.group}/`)),
      ),
    );
    // A copy: a listing that finishes after a deadline does not change the index.
    this.listings = new Map(listings);
    for (const listing of this.listings.values()) {
      if ('deliveries' in listing) {
        for (const delivery of listing.deliveries.values())
          deepFreeze(delivery);
      }
      Object.freeze(listing);
    }
    Object.freeze(this);
  }

  /** Flux objects held. */
  get size(): number {
    let n = 0;
    for (const listing of this.listings.values()) {
      if ('deliveries' in listing) n += listing.deliveries.size;
    }
    return n;
  }

  /**
   * The outcome for an entity's objects, as a read would give it; `'not-indexed'` when the
   * snapshot did not list the Flux object's namespace (the entity is then read on its own).
   */
  outcome(objects: readonly KubernetesObject[]): FluxOutcome | 'not-indexed' {
    const owners = fluxOwnersOf(objects, this.served);
    if (owners.length === 0) return undefined;
    const [owner] = owners;
    const listing = this.listings.get(fluxListingKey(owner));
    if (!listing) return 'not-indexed';
    let lookup: FluxLookup;
    if ('deliveries' in listing) {
      const found = listing.deliveries.get(owner.name);
      lookup = found ? { found: copyDelivery(found) } : { missing: true };
    } else {
      lookup = listing;
    }
    return fluxOutcome(owners, lookup, this.cluster);
  }
}
