/**
 * Watches of the simulated API server, in the real API's shapes: `GET <collection>?watch=1`
 * (optionally `resourceVersion`, `allowWatchBookmarks=true`, `timeoutSeconds`, `labelSelector`)
 * answers 200 with a stream of newline-delimited JSON events
 * `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":…}`. Without a resourceVersion (or
 * with `0`) the stream starts with an `ADDED` event per object, as the API server's watch cache
 * does; with one, it replays the events after it, or, when that version has been compacted away,
 * sends one `ERROR` event carrying a `Status` of code 410 (`Expired`, "too old resource version")
 * and ends, as a real API server does.
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';

export type WatchEventType =
  | 'ADDED'
  | 'MODIFIED'
  | 'DELETED'
  | 'BOOKMARK'
  | 'ERROR';

/** A change of the simulated cluster's store, as its event log keeps it. */
export interface StoredEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object after the change (before it, for DELETED), with the change's resourceVersion. */
  object: KubernetesObject;
  resourceVersion: number;
}

/** One open watch: what it selects and how its events are written. */
export interface OpenWatch {
  apiVersion: string;
  kind: string;
  namespace?: string;
  matches: (labels: Record<string, string> | undefined) => boolean;
  /** How an object is shown in this watch (metadata-only, built-in without apiVersion, …). */
  present: (object: KubernetesObject) => unknown;
  allowBookmarks: boolean;
  send: (type: WatchEventType, object: unknown) => void;
  close: () => void;
}

const encoder = new TextEncoder();

/** Whether an event of the store concerns an open watch (its kind, namespace and selector). */
export function concerns(watch: OpenWatch, object: KubernetesObject): boolean {
  return (
    object.apiVersion === watch.apiVersion &&
    object.kind === watch.kind &&
    (!watch.namespace || object.metadata.namespace === watch.namespace) &&
    watch.matches(object.metadata.labels)
  );
}

/**
 * A streamed watch answer: `start` writes the initial events, then the stream stays open until
 * `close` (the server ends it), the client aborts, or `timeoutSeconds` pass.
 */
export function watchStream(options: {
  watch: Omit<OpenWatch, 'send' | 'close'>;
  signal: AbortSignal | undefined;
  timeoutSeconds?: number;
  /** Registers the open watch; the function returned unregisters it. */
  open: (watch: OpenWatch) => () => void;
  /** Writes the first events (replay, or ADDED for every object). */
  start: (watch: OpenWatch) => void;
}): ReadableStream<Uint8Array> {
  let unregister: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        unregister?.();
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // already errored by the client going away
        }
      };
      const watch: OpenWatch = {
        ...options.watch,
        send: (type, object) => {
          if (closed) return;
          controller.enqueue(
            encoder.encode(`${JSON.stringify({ type, object })}\n`),
          );
        },
        close,
      };
      unregister = options.open(watch);
      options.signal?.addEventListener('abort', close, { once: true });
      if (options.timeoutSeconds && options.timeoutSeconds > 0) {
        timer = setTimeout(close, options.timeoutSeconds * 1000);
        timer.unref?.();
      }
      options.start(watch);
      // The answer's headers go out at once, as an API server sends them, even before an event.
      if (!closed) controller.enqueue(new Uint8Array(0));
    },
    cancel() {
      closed = true;
      unregister?.();
      if (timer) clearTimeout(timer);
    },
  });
}

/** The `Status` a real API server sends in an ERROR event for a compacted resourceVersion. */
export function tooOldStatus(requested: string, oldest: number) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `too old resource version: ${requested} (${oldest})`,
    reason: 'Expired',
    code: 410,
  };
}

/** A BOOKMARK event's object: only the kind and the resourceVersion it confirms. */
export function bookmarkObject(
  watch: Pick<OpenWatch, 'apiVersion' | 'kind'>,
  resourceVersion: number,
) {
  return {
    kind: watch.kind,
    apiVersion: watch.apiVersion,
    metadata: { resourceVersion: String(resourceVersion) },
  };
}
