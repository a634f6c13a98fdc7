/**
 * The objects of one watched kind: by `namespace/name`, indexed by namespace and by the value of
 * the `backstage.io/kubernetes-id` label (the label the snapshots index by), deep-frozen (they are
 * shared by every answer that selects them).
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { SNAPSHOT_LABEL } from './snapshot';

/** An object's identity within its kind. */
export const keyOf = (object: KubernetesObject) =>
  `${object.metadata.namespace ?? ''}/${object.metadata.name}`;

function add(map: Map<string, Set<string>>, index: string, key: string) {
  const keys = map.get(index);
  if (keys) keys.add(key);
  else map.set(index, new Set([key]));
}

function drop(map: Map<string, Set<string>>, index: string, key: string) {
  const keys = map.get(index);
  if (keys?.delete(key) && keys.size === 0) map.delete(index);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** The objects of one watched kind, indexed. */
export class WatchStore {
  private readonly objects = new Map<string, KubernetesObject>();
  private readonly byNamespace = new Map<string, Set<string>>();
  private readonly byId = new Map<string, Set<string>>();

  get size(): number {
    return this.objects.size;
  }

  has(object: KubernetesObject): boolean {
    return this.objects.has(keyOf(object));
  }

  /**
   * The objects that may match: those whose `backstage.io/kubernetes-id` label has one of `ids`,
   * or those of `namespace`, or all; the caller filters them.
   */
  *candidates(
    ids: readonly string[] | 'any',
    namespace: string | undefined,
  ): Iterable<KubernetesObject> {
    if (ids !== 'any') {
      for (const id of ids) {
        for (const key of this.byId.get(id) ?? []) {
          yield this.objects.get(key)!;
        }
      }
    } else if (namespace !== undefined) {
      for (const key of this.byNamespace.get(namespace) ?? []) {
        yield this.objects.get(key)!;
      }
    } else {
      yield* this.objects.values();
    }
  }

  /** Holds exactly `listed` (a relist). */
  replace(listed: ReadonlyMap<string, KubernetesObject>) {
    this.clear();
    for (const [key, object] of listed) this.index(key, deepFreeze(object));
  }

  /** Adds or replaces an object. */
  put(object: KubernetesObject) {
    const key = keyOf(object);
    const previous = this.objects.get(key);
    if (previous) this.unindex(key, previous);
    this.index(key, deepFreeze(object));
  }

  /** Removes the object of that identity; false when none was held. */
  remove(object: KubernetesObject): boolean {
    const key = keyOf(object);
    const previous = this.objects.get(key);
    if (!previous) return false;
    this.unindex(key, previous);
    return true;
  }

  clear() {
    this.objects.clear();
    this.byNamespace.clear();
    this.byId.clear();
  }

  private index(key: string, object: KubernetesObject) {
    this.objects.set(key, object);
    add(this.byNamespace, object.metadata.namespace ?? '', key);
    const id = object.metadata.labels?.[SNAPSHOT_LABEL];
    if (typeof id === 'string') add(this.byId, id, key);
  }

  private unindex(key: string, object: KubernetesObject) {
    this.objects.delete(key);
    drop(this.byNamespace, object.metadata.namespace ?? '', key);
    const id = object.metadata.labels?.[SNAPSHOT_LABEL];
    if (typeof id === 'string') drop(this.byId, id, key);
  }
}
