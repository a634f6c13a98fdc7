interface Entry<T> {
  promise: Promise<T>;
  controller: AbortController;
  waiters: number;
  settled: boolean;
  expiresAt: number;
}

/**
 * Requests shared by key: callers asking for the same key while it is in flight share one request,
 * and a successful answer is reused for `ttlMs` (failures are not kept).
 *
 * The shared request runs with its own signal, aborted when every caller waiting for it has given
 * up; each caller stops waiting when its own signal fires (rejecting with `abortError()`), so no
 * caller waits past its deadline because another one started the request.
 */
export class SharedRequests<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  get(
    key: string,
    load: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal,
    abortError: () => Error,
  ): Promise<T> {
    if (signal.aborted) return Promise.reject(abortError());
    let entry = this.entries.get(key);
    if (entry && entry.settled && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      entry = undefined;
    }
    if (!entry) entry = this.start(key, load);
    return this.wait(key, entry, signal, abortError);
  }

  /** Forgets every kept answer. */
  clear(): void {
    this.entries.clear();
  }

  private start(
    key: string,
    load: (signal: AbortSignal) => Promise<T>,
  ): Entry<T> {
    this.evict();
    const controller = new AbortController();
    const entry: Entry<T> = {
      controller,
      waiters: 0,
      settled: false,
      expiresAt: 0,
      promise: undefined as unknown as Promise<T>,
    };
    entry.promise = Promise.resolve()
      .then(() => load(controller.signal))
      .then(
        value => {
          entry.settled = true;
          entry.expiresAt = this.now() + this.ttlMs;
          if (this.ttlMs <= 0) this.forget(key, entry);
          return value;
        },
        error => {
          entry.settled = true;
          this.forget(key, entry);
          throw error;
        },
      );
    // Nobody may be waiting any more when it fails (every caller gave up).
    entry.promise.catch(() => undefined);
    this.entries.set(key, entry);
    return entry;
  }

  private wait(
    key: string,
    entry: Entry<T>,
    signal: AbortSignal,
    abortError: () => Error,
  ): Promise<T> {
    entry.waiters++;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const onAbort = () => {
        if (done) return;
        done = true;
        entry.waiters--;
        if (entry.waiters === 0 && !entry.settled) {
          this.forget(key, entry);
          entry.controller.abort();
        }
        reject(abortError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        done = true;
        entry.waiters--;
        signal.removeEventListener('abort', onAbort);
      };
      entry.promise.then(
        value => {
          if (done) return;
          settle();
          resolve(value);
        },
        error => {
          if (done) return;
          settle();
          reject(error);
        },
      );
    });
  }

  private forget(key: string, entry: Entry<T>) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
  }

  /** Keeps at most `maxEntries`: drops expired answers, then the oldest settled ones. */
  private evict() {
    if (this.entries.size < this.maxEntries) return;
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.settled && entry.expiresAt <= now) this.entries.delete(key);
    }
    for (const [key, entry] of this.entries) {
      if (this.entries.size < this.maxEntries) break;
      if (entry.settled) this.entries.delete(key);
    }
  }
}
