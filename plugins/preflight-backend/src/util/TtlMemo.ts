/**
 * Asynchronous results remembered per key: callers of a key share the read in flight, a result
 * that `keep` accepts is remembered for `ttlMs`, and anything else — a result `keep` rejects (a
 * transient failure, an undecidable outcome) or a rejection — is forgotten as soon as it settles,
 * so that the next caller reads again. At most `maxEntries` keys are held; the oldest go first.
 *
 * Used where a check or verifier reads something outside the cluster per entity (CI runs, a
 * runbook, a registry manifest) and many entities or environments ask for the same thing.
 */
export class TtlMemo<T> {
  private readonly entries = new Map<
    string,
    { expiresAt: number; promise: Promise<T> }
  >();

  constructor(
    private readonly options: {
      /** How long a kept result is remembered; 0 keeps nothing beyond the read in flight. */
      ttlMs: number;
      maxEntries: number;
      /** Whether a result may be remembered. */
      keep: (value: T) => boolean;
    },
  ) {}

  /** The remembered or in-flight result of `key`, else the result of `read()`. */
  get(key: string, read: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return hit.promise;
    const promise = read().then(
      value => {
        const current = this.entries.get(key);
        if (current?.promise === promise) {
          if (this.options.ttlMs > 0 && this.options.keep(value)) {
            current.expiresAt = Date.now() + this.options.ttlMs;
          } else {
            this.entries.delete(key);
          }
        }
        return value;
      },
      error => {
        if (this.entries.get(key)?.promise === promise)
          this.entries.delete(key);
        throw error;
      },
    );
    // Re-inserted: the key becomes the newest.
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: Number.POSITIVE_INFINITY, promise });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return promise;
  }

  /** Keys held (remembered or in flight). */
  get size(): number {
    return this.entries.size;
  }
}
