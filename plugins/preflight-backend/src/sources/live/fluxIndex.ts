// What the live state says about a component's Flux owner (fluxOutcome, for a read and a snapshot
// alike), and the snapshot index of the Flux objects listed once per kind and namespace.
import type {
  DeliveryStatus,
  KubernetesObject,
  UnreadKind,
  UnreadKindReason,
} from '@preflight/plugin-preflight-common';
import {
  copyDelivery,
  MAX_MESSAGE_LENGTH,
  sanitizeFluxMessage,
  truncate,
} from './fluxDelivery';
import {
  FLUX_KINDS,
  fluxOwnerName,
  fluxOwnersOf,
  type FluxOwner,
} from './fluxKinds';
import { isRecord } from './objects';

const MAX_OWNERS_NAMED = 5;

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
