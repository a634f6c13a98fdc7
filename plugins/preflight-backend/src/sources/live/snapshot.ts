/**
 * Bulk live snapshots, for the catalog-wide evaluation.
 *
 * Reading every component one by one costs components × kinds × environments requests. A
 * {@link LiveSnapshot} instead holds, for one environment, every object of every kind that carries
 * the `backstage.io/kubernetes-id` label — listed once per kind with the label selector
 * `backstage.io/kubernetes-id` (existence), in the environment's namespace when it has one, else
 * across all namespaces — so a catalog-wide run costs clusters × kinds × pages requests, whatever
 * the number of components. `LiveStateSource.snapshot` takes it (same paging,
 * retries, concurrency, sanitization and error typing as a read, with its own, longer deadline:
 * `preflight.live.snapshotTimeoutMs`; objects trimmed as received, see `trimForSnapshot`);
 * `LiveStateSource.readFromSnapshot` answers for one entity what `read` would, by matching the
 * entity's label selector locally.
 *
 * What a snapshot can answer: an entity whose selector requires the `backstage.io/kubernetes-id`
 * label to be present (`backstage.io/kubernetes-id=<id>`, the default; or a
 * `backstage.io/kubernetes-label-selector` with `backstage.io/kubernetes-id=…`, `… in (…)` or a
 * bare `backstage.io/kubernetes-id`), in the snapshot's namespace (or any namespace when the
 * snapshot covers all). Any other entity is read on its own — the snapshot only holds objects that
 * carry the label, so it cannot tell what such a selector selects.
 *
 * Flux: the Kustomizations and HelmReleases the snapshot's workloads name (by their Flux labels)
 * are listed once per snapshot, per kind and namespace, when the cluster serves the group (see
 * `flux.ts`); an answer looks up the one its entity's workloads name, as a read would `GET` it.
 *
 * Its objects are deep-frozen and shared by every entity that selects them, and equal sub-objects
 * of different objects are one instance; an entity's are released once it is evaluated.
 */
import type { Config } from '@backstage/config';
import { readPreflightSection } from '../../config/schema';
import { liveSchema } from '../../config/schema/live';
import type { Entity } from '@backstage/catalog-model';
import {
  type EnvironmentErrorReason,
  type KubernetesObject,
  type PreflightEnvironment,
  type UnreadKind,
} from '@preflight/plugin-preflight-common';
import type { FluxIndex, FluxOutcome } from './flux';
import { SharedSubtrees } from './sharedSubtrees';
import type { LiveKind } from './kinds';
import type { TrivyIndex, TrivyOutcome } from './trivy';
import {
  labelSelectorMatcher,
  parseLabelRequirements,
  resolveLiveTarget,
  type LabelMatcher,
  type LabelRequirement,
  type LiveTarget,
} from './selectors';
import { SNAPSHOT_LABEL, snapshotLabelConstraint } from './snapshotLabel';

export { SNAPSHOT_LABEL, snapshotLabelConstraint } from './snapshotLabel';

/** `preflight.live.snapshotTimeoutMs`: the deadline of one snapshot (all kinds, all pages). */
export const SNAPSHOT_TIMEOUT_KEY = 'preflight.live.snapshotTimeoutMs';
export const DEFAULT_SNAPSHOT_TIMEOUT_MS =
  liveSchema.parse(undefined).snapshotTimeoutMs;

/**
 * Reads and validates `preflight.live.snapshotTimeoutMs` (100–1800000, default 60000) with the
 * configuration schema. Throws an error naming the key on an invalid value, so a misconfigured
 * backend does not start.
 */
export function readSnapshotTimeoutMs(config: Config): number {
  return readPreflightSection(config, 'live').snapshotTimeoutMs;
}

/** How a snapshot ended: listed, failed (the cluster's error), or not possible (no usable cluster). */
export type LiveSnapshotStatus = 'ok' | 'error' | 'not-configured';

/**
 * What a snapshot says for one entity: its objects (and the kinds the snapshot could not read), or
 * the cluster's error.
 */
export type SnapshotAnswer =
  | {
      objects: KubernetesObject[];
      unreadKinds?: UnreadKind[];
      /** What Flux reports on the objects' component (see `flux.ts`), if it applies them. */
      flux?: FluxOutcome;
      /** The Trivy Operator's reports of the objects' workloads (see `trivy.ts`). */
      trivy?: TrivyOutcome;
      error?: undefined;
    }
  | {
      error: { reason: EnvironmentErrorReason; message: string };
      objects?: undefined;
    };

/** The objects of one kind, in listing order, with their indexes. */
interface KindIndex {
  kind: LiveKind;
  /** Listed objects; a released one is undefined. */
  objects: Array<KubernetesObject | undefined>;
  /** Positions in `objects` by value of the `backstage.io/kubernetes-id` label (released: gone). */
  byId: Map<string, readonly number[]>;
  /** Positions in `objects` by namespace. */
  byNamespace: ReadonlyMap<string, readonly number[]>;
}

interface SnapshotInit {
  environment: PreflightEnvironment;
  status: LiveSnapshotStatus;
  cluster?: string;
  namespace?: string;
  error?: { reason: EnvironmentErrorReason; message: string };
  message?: string;
  readAt: string;
  requests: number;
  durationMs: number;
  kinds: KindIndex[];
  unreadKinds?: UnreadKind[];
  flux?: FluxIndex;
  trivy?: TrivyIndex;
}

/** Freezes a JSON-like value and everything in it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
  return value;
}

const NONE: readonly number[] = Object.freeze([]);

function push(map: Map<string, number[]>, key: string, position: number) {
  const positions = map.get(key);
  if (positions) positions.push(position);
  else map.set(key, [position]);
}

/**
 * The live objects of one environment that carry the `backstage.io/kubernetes-id` label, as listed
 * once per kind, indexed by kind, label value and namespace; or the environment's error. Immutable.
 * Taken by `LiveStateSource.snapshot`, answered per entity by `LiveStateSource.readFromSnapshot`.
 */
export class LiveSnapshot {
  /** The environment it was taken for. */
  readonly environment: Readonly<PreflightEnvironment>;
  readonly status: LiveSnapshotStatus;
  /** The cluster listed. */
  readonly cluster?: string;
  /** The namespace listed; undefined when the snapshot covers all namespaces. */
  readonly namespace?: string;
  /** The cluster's error, when `status` is `error` (typed as in a read). */
  readonly error?: { reason: EnvironmentErrorReason; message: string };
  /** Why there is no snapshot, when `status` is `not-configured`. */
  readonly message?: string;
  /** When the listing finished (ISO 8601): the `readAt` of every answer. */
  readonly readAt: string;
  /** HTTP requests the snapshot cost (list pages, retries, discovery when it was made). */
  readonly requests: number;
  /** How long the listing took. */
  readonly durationMs: number;
  /** Objects held. */
  readonly objectCount: number;
  /**
   * Kinds the cluster denied (403) or did not serve (404) when the snapshot was taken: every
   * answer of the snapshot carries them, the other kinds are held as listed.
   */
  readonly unreadKinds: readonly UnreadKind[];
  /** The Flux objects the snapshot's workloads name, when the cluster serves Flux. */
  readonly flux?: FluxIndex;
  /** The Trivy Operator's reports of the snapshot's workloads, when the cluster serves them. */
  readonly trivy?: TrivyIndex;
  private readonly kinds: readonly KindIndex[];
  /** Label values whose objects were released (see `releaseFor`). */
  private readonly released = new Set<string>();

  private constructor(init: SnapshotInit) {
    this.environment = Object.freeze({ ...init.environment });
    this.status = init.status;
    this.cluster = init.cluster;
    this.namespace = init.namespace;
    this.error = init.error ? Object.freeze({ ...init.error }) : undefined;
    this.message = init.message;
    this.readAt = init.readAt;
    this.requests = init.requests;
    this.durationMs = init.durationMs;
    this.kinds = Object.freeze(init.kinds);
    this.objectCount = init.kinds.reduce((n, k) => n + k.objects.length, 0);
    this.unreadKinds = deepFreeze([...(init.unreadKinds ?? [])]);
    this.flux = init.flux;
    this.trivy = init.trivy;
    Object.freeze(this);
  }

  /**
   * A snapshot of listed objects: `lists` in Preflight's kind order, each kind's items as the
   * cluster listed them (already sanitized). The objects are frozen, not copied; their equal
   * sub-objects are shared (one instance each, see `sharedSubtrees.ts`).
   */
  static fromLists(init: {
    environment: PreflightEnvironment;
    cluster: string;
    namespace?: string;
    readAt: string;
    requests: number;
    durationMs: number;
    lists: ReadonlyArray<{ kind: LiveKind; objects: KubernetesObject[] }>;
    /** Kinds that could not be read (403, 404), in Preflight's kind order. */
    unreadKinds?: readonly UnreadKind[];
    /** The Flux objects the workloads name, listed once for the snapshot. */
    flux?: FluxIndex;
    /** The Trivy Operator's reports of the workloads, listed once for the snapshot. */
    trivy?: TrivyIndex;
  }): LiveSnapshot {
    // Equal sub-objects are held once (see `sharedSubtrees.ts`): the pool lives while it is built.
    const shared = new SharedSubtrees();
    const kinds = init.lists.map(({ kind, objects }): KindIndex => {
      const byId = new Map<string, number[]>();
      const byNamespace = new Map<string, number[]>();
      objects.forEach((object, position) => {
        shared.freeze(object);
        const id = object.metadata.labels?.[SNAPSHOT_LABEL];
        if (typeof id === 'string') push(byId, id, position);
        push(byNamespace, object.metadata.namespace ?? '', position);
      });
      return {
        kind,
        objects: [...objects],
        byId,
        byNamespace,
      };
    });
    return new LiveSnapshot({
      environment: init.environment,
      status: 'ok',
      cluster: init.cluster,
      namespace: init.namespace,
      readAt: init.readAt,
      requests: init.requests,
      durationMs: init.durationMs,
      kinds,
      unreadKinds: init.unreadKinds?.map(u => ({ ...u })),
      flux: init.flux,
      trivy: init.trivy,
    });
  }

  /** A snapshot of a cluster that failed: every entity it answers for is in that error. */
  static failed(init: {
    environment: PreflightEnvironment;
    cluster: string;
    namespace?: string;
    error: { reason: EnvironmentErrorReason; message: string };
    readAt: string;
    requests: number;
    durationMs: number;
  }): LiveSnapshot {
    return new LiveSnapshot({ ...init, status: 'error', kinds: [] });
  }

  /** No snapshot could be taken (no cluster, or an unusable one); entities are read one by one. */
  static notConfigured(
    environment: PreflightEnvironment,
    message: string,
  ): LiveSnapshot {
    return new LiveSnapshot({
      environment,
      status: 'not-configured',
      message,
      cluster: environment.cluster,
      namespace: environment.namespace,
      readAt: new Date().toISOString(),
      requests: 0,
      durationMs: 0,
      kinds: [],
    });
  }

  /** Whether it was taken for this environment (same name, cluster and namespace). */
  isFor(environment: PreflightEnvironment): boolean {
    return (
      this.environment.name === environment.name &&
      this.environment.cluster === environment.cluster &&
      this.environment.namespace === environment.namespace
    );
  }

  /** Every object held (not released), kinds in Preflight's order, each kind in listing order. */
  objects(): KubernetesObject[] {
    return this.kinds.flatMap(k =>
      k.objects.filter((o): o is KubernetesObject => o !== undefined),
    );
  }

  /** The kinds listed (custom resources only when the cluster serves them), in order. */
  listedKinds(): LiveKind[] {
    return this.kinds.map(k => k.kind);
  }

  /**
   * Lets go of an entity's objects once it is evaluated (the catalog-wide run does it for every
   * entity: the snapshot shrinks as it goes). A later entity selecting a released label value (two
   * components with one `backstage.io/kubernetes-id`) is read on its own (`answer` says undefined).
   */
  releaseFor(entity: Entity): void {
    let ids: readonly string[] | 'any' | undefined;
    try {
      const target = resolveLiveTarget(entity, this.environment);
      // Only what the snapshot answers for the entity (see `answer`).
      if (this.status !== 'ok' || !target) return;
      if (this.namespace !== undefined && target.namespace !== this.namespace)
        return;
      ids = snapshotLabelConstraint(
        parseLabelRequirements(target.labelSelector),
      );
    } catch {
      return; // a malformed annotation: its answer said what is wrong
    }
    if (ids === undefined || ids === 'any') return;
    for (const id of ids) {
      this.released.add(id);
      for (const index of this.kinds) {
        for (const position of index.byId.get(id) ?? NONE) {
          index.objects[position] = undefined;
        }
        index.byId.delete(id);
      }
    }
  }

  /**
   * Objects, kinds in order and each kind in listing order, whose snapshot label has one of `ids`
   * (any value with `'any'`), in `namespace` when given, and that `matches`.
   */
  select(query: {
    ids: readonly string[] | 'any';
    namespace?: string;
    matches: LabelMatcher;
  }): KubernetesObject[] {
    const { ids, namespace, matches } = query;
    const selected: KubernetesObject[] = [];
    for (const index of this.kinds) {
      // undefined: every object of the kind
      let positions: readonly number[] | undefined;
      if (ids === 'any') {
        positions =
          namespace === undefined
            ? undefined
            : index.byNamespace.get(namespace) ?? NONE;
      } else if (ids.length === 1) {
        positions = index.byId.get(ids[0]) ?? NONE;
      } else {
        // Several values: merge, keeping the listing order.
        positions = ids
          .flatMap(id => index.byId.get(id) ?? NONE)
          .sort((a, b) => a - b);
      }
      const { objects } = index;
      const count = positions ? positions.length : objects.length;
      for (let i = 0; i < count; i++) {
        const object = objects[positions ? positions[i] : i];
        if (
          object !== undefined &&
          (namespace === undefined ||
            object.metadata.namespace === namespace) &&
          matches(object.metadata.labels)
        ) {
          selected.push(object);
        }
      }
    }
    return selected;
  }

  /**
   * What the snapshot says for an entity's target (its validated selector and namespace) in an
   * environment: the objects it selects, or the cluster's error — or undefined when the snapshot
   * cannot answer and the entity must be read on its own:
   *
   * - the snapshot was taken for another environment, or was not taken (`not-configured`);
   * - the entity's namespace is not the snapshot's (a snapshot of a namespace answers only for it;
   *   one across all namespaces answers for any);
   * - the selector does not require the `backstage.io/kubernetes-id` label (see
   *   {@link snapshotLabelConstraint});
   * - the cluster refused (`FORBIDDEN`) a listing across all namespaces while the entity is read
   *   in one namespace, where Preflight may well be allowed to list;
   * - the entity's workloads name a Flux object in a namespace the snapshot did not list;
   * - objects it would select were released (see {@link LiveSnapshot.releaseFor}).
   *
   * Any other error of the snapshot is the answer for every entity of the environment; its unread
   * kinds are in every answer (a kind denied across all namespaces is reported unread even for an
   * entity in a namespace where a Role might grant it: reading each entity on its own instead would
   * cost a read per entity whenever one kind, typically Secrets, is denied).
   */
  answer(
    target: LiveTarget,
    environment: PreflightEnvironment,
  ): SnapshotAnswer | undefined {
    if (this.status === 'not-configured' || !this.isFor(environment)) {
      return undefined;
    }
    if (this.namespace !== undefined && target.namespace !== this.namespace) {
      return undefined;
    }
    let requirements: LabelRequirement[];
    try {
      requirements = parseLabelRequirements(target.labelSelector);
    } catch {
      return undefined; // a target is validated already; a read will say what is wrong
    }
    const ids = snapshotLabelConstraint(requirements);
    if (
      ids === undefined ||
      (this.released.size > 0 &&
        (ids === 'any' || ids.some(id => this.released.has(id))))
    ) {
      return undefined;
    }
    if (this.status === 'error') {
      if (
        this.error?.reason === 'FORBIDDEN' &&
        this.namespace === undefined &&
        target.namespace !== undefined
      ) {
        return undefined;
      }
      return { error: { ...this.error! } };
    }
    const objects = this.select({
      ids,
      // A snapshot of one namespace holds only that namespace: no need to filter.
      namespace: this.namespace === undefined ? target.namespace : undefined,
      matches: labelSelectorMatcher(requirements),
    });
    const flux = this.flux?.outcome(objects);
    const trivy = this.trivy?.outcome(objects);
    if (flux === 'not-indexed') {
      return undefined;
    }
    return {
      ...(this.unreadKinds.length > 0
        ? { unreadKinds: this.unreadKinds.map(u => ({ ...u })) }
        : {}),
      objects,
      ...(flux ? { flux } : {}),
      ...(trivy ? { trivy } : {}),
    };
  }
}
