import { Worker, type ResourceLimits } from 'worker_threads';

/** Why a task given to a {@link SerialWorker} did not complete (never quotes the input). */
export class WorkerTaskError extends Error {
  readonly name = 'WorkerTaskError';
}

type Reply<T> = { id: number; result?: T; error?: string };

/**
 * Runs untrusted parsing in a worker thread, off the backend's event loop: one task at a time,
 * each within a deadline, in a thread with a heap limit. A task that exceeds its deadline, or a
 * thread that dies (out of memory, a crash), rejects that task with a {@link WorkerTaskError}
 * and the thread is replaced for the next task. The worker script answers
 * `{ id, result }` or `{ id, error }` to each `{ id, input }` message.
 */
export class SerialWorker<I, T> {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  constructor(
    private readonly options: {
      /** Absolute path of the worker script. */
      script: string;
      /** Deadline of one task, in ms. */
      timeoutMs: number;
      /** What the task is, for error messages ("read as Markdown"). */
      what: string;
      resourceLimits?: ResourceLimits;
    },
  ) {}

  /** The worker's answer for `input`; throws {@link WorkerTaskError}. */
  run(input: I): Promise<T> {
    const run = this.queue.then(() => this.send(input));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the thread (a later {@link run} starts a new one). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private send(input: I): Promise<T> {
    if (!this.worker) {
      this.worker = new Worker(this.options.script, {
        resourceLimits: this.options.resourceLimits,
      });
      this.worker.unref();
    }
    const worker = this.worker;
    const id = ++this.nextId;
    const { what, timeoutMs } = this.options;
    return new Promise<T>((resolve, reject) => {
      // any: the listener type of Node's EventEmitter (`worker.on`/`worker.off`), whose events
      // carry different arguments ('message' a reply, 'exit' a code).
      const listeners: Array<[string, (...args: any[]) => void]> = [];
      const deadline: { timer?: NodeJS.Timeout } = {};
      const finish = (error?: WorkerTaskError, reply?: Reply<T>) => {
        clearTimeout(deadline.timer);
        for (const [event, listener] of listeners) worker.off(event, listener);
        if (error) {
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
          reject(error);
        } else if (reply?.error !== undefined) {
          reject(new WorkerTaskError(`not ${what} (${reply.error})`));
        } else {
          resolve(reply!.result as T);
        }
      };
      listeners.push(
        [
          'message',
          (reply: Reply<T>) => reply.id === id && finish(undefined, reply),
        ],
        ['error', () => finish(new WorkerTaskError(`not ${what}`))],
        [
          'exit',
          () => finish(new WorkerTaskError(`stopped before it was ${what}`)),
        ],
      );
      for (const [event, listener] of listeners) worker.on(event, listener);
      deadline.timer = setTimeout(
        () => finish(new WorkerTaskError(`not ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      worker.postMessage({ id, input });
    });
  }
}
