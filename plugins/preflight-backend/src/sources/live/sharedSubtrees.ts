/**
 * Structural sharing for the objects of a live snapshot: equal sub-objects (probes, resources,
 * ports, security contexts, selectors, labels…) become one frozen instance, however many objects
 * hold them, and so do equal strings (images, timestamps, names repeated in labels). The Deployments of 50,000 components repeat the same shapes over and over; held once
 * each, a snapshot takes a fraction of the memory, and garbage collection has that much less to
 * trace while the catalog is evaluated.
 *
 * Sharing is invisible to readers: a snapshot's objects are deep-frozen, and nothing reads them by
 * identity (only by content). Equality is exact: same own enumerable keys in the same order, same
 * primitive values (`Object.is`), same prototype (plain object, null-prototype object, array of
 * the same length); anything else (a class instance, an object frozen already) is frozen as is and
 * never shared.
 */

function deepFreeze(value: unknown): void {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[key]);
    }
  }
}

type Node = Record<string, unknown> | unknown[];

/** Marks the arrays of colliding nodes in `buckets` (a node may be an array itself). */
const BUCKET = Symbol('bucket');

function isBucket(value: Node | Node[]): value is Node[] {
  return Array.isArray(value) && BUCKET in value;
}

/** FNV-1a style mixing of 32-bit values. */
const mix = (hash: number, value: number) =>
  Math.imul(hash ^ value, 0x01000193) >>> 0;

/**
 * One pool of shared sub-objects: use one per snapshot (it holds the canonical instances while
 * the snapshot is built; drop it afterwards). Hash-consing: a node's hash mixes its children's
 * (strings and property names by an id, sub-objects by their canonical instance's hash), and
 * an equal node is looked up among the canonical ones of that hash, child by child.
 */
export class SharedSubtrees {
  /** Canonical instances by hash (an array only when hashes collide). */
  private readonly buckets = new Map<number, Node | Node[]>();
  /** Id of every string seen (values and property names), and the first instance of each. */
  private readonly strings = new Map<string, number>();
  private readonly firstStrings: string[] = [''];
  /** Hash of the node `share` returned last. */
  private lastHash = 0;
  private unique = 0x9e3779b9;

  /**
   * Deep-freezes a top-level object in place, its sub-objects replaced by the pool's equal
   * instances (the object itself stays: it is the caller's, one per listed object). Sub-objects
   * that are already frozen are kept, never shared.
   */
  freeze<T extends object>(object: T): T {
    if (isShareable(object) && !Object.isFrozen(object)) {
      this.hashOf(object as Node);
    }
    deepFreeze(object);
    return object;
  }

  private stringId(value: string): number {
    let id = this.strings.get(value);
    if (id === undefined) {
      id = this.firstStrings.length;
      this.strings.set(value, id);
      this.firstStrings.push(value);
    }
    return id;
  }

  private primitiveHash(value: unknown): number {
    switch (typeof value) {
      case 'string':
        return mix(1, this.stringId(value));
      case 'number':
        return Number.isInteger(value) && Math.abs(value) < 2 ** 31
          ? mix(2, value | 0)
          : mix(3, this.stringId(String(value)));
      case 'boolean':
        return value ? 4 : 5;
      case 'undefined':
        return 6;
      default:
        return 7; // null (functions, symbols, bigints are never in listed objects)
    }
  }

  /** The hash of a writable node, its object children replaced by their canonical instances. */
  private hashOf(node: Node): number {
    if (Array.isArray(node)) {
      let hash = mix(11, node.length);
      for (let i = 0; i < node.length; i++) {
        const value = node[i];
        if (value !== null && typeof value === 'object') {
          const shared = this.share(value);
          if (shared !== value) node[i] = shared;
          hash = mix(hash, this.lastHash);
        } else if (typeof value === 'string') {
          const id = this.stringId(value);
          const first = this.firstStrings[id];
          if (first !== value) node[i] = first;
          hash = mix(mix(hash, 1), id);
        } else {
          hash = mix(hash, this.primitiveHash(value));
        }
      }
      return hash;
    }
    let hash = Object.getPrototypeOf(node) === null ? 13 : 17;
    // for…in: no array of keys (plain objects inherit no enumerable property).
    for (const name in node) {
      if (!Object.prototype.hasOwnProperty.call(node, name)) continue;
      hash = mix(hash, this.stringId(name));
      const value = node[name];
      if (value !== null && typeof value === 'object') {
        const shared = this.share(value);
        if (shared !== value) node[name] = shared;
        hash = mix(hash, this.lastHash);
      } else if (typeof value === 'string') {
        const id = this.stringId(value);
        const first = this.firstStrings[id];
        if (first !== value) node[name] = first;
        hash = mix(mix(hash, 1), id);
      } else {
        hash = mix(hash, this.primitiveHash(value));
      }
    }
    return hash;
  }

  /**
   * The canonical instance equal to `value` (`value` itself when it is the first such); its hash
   * in `lastHash`.
   */
  private share(value: object): object {
    if (!isShareable(value) || Object.isFrozen(value)) {
      // Never shared (a class instance, or frozen already: maybe held elsewhere): a hash of its own.
      deepFreeze(value);
      this.unique = mix(this.unique, 0x27d4eb2d);
      this.lastHash = this.unique;
      return value;
    }
    const node = value as Node;
    const hash = this.hashOf(node);
    this.lastHash = hash;
    const bucket = this.buckets.get(hash);
    if (bucket === undefined) {
      this.buckets.set(hash, node);
    } else if (isBucket(bucket)) {
      for (const candidate of bucket) {
        if (sameChildren(candidate, node)) return candidate;
      }
      bucket.push(node);
    } else {
      if (sameChildren(bucket, node)) return bucket;
      this.buckets.set(hash, Object.assign([bucket, node], { [BUCKET]: true }));
    }
    Object.freeze(node);
    return node;
  }
}

/** Whether two nodes whose object children are canonical are equal (children compared by identity). */
function sameChildren(a: Node, b: Node): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    for (let i = 0; i < a.length; i++) {
      if (!Object.is(a[i], b[i])) return false;
    }
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] !== other[i] || !Object.is(a[keys[i]], b[keys[i]])) {
      return false;
    }
  }
  return true;
}

function isShareable(value: object): boolean {
  if (Array.isArray(value)) return true;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
