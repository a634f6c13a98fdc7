import { Worker } from 'worker_threads';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { MarkdownSection } from './markdown';

const workerPath = resolvePackagePath(
  '@preflight/plugin-preflight-backend',
  'workers/markdownHeadings.js',
);

/** Deadline of reading the headings of one document, in ms. */
export const DEFAULT_PARSE_TIMEOUT_MS = 2000;

/** Why the headings of a document could not be read (the message never quotes it). */
export class MarkdownParseError extends Error {
  readonly name = 'MarkdownParseError';
}

type Reply = { id: number; sections?: MarkdownSection[]; error?: string };

/**
 * Reads the headings of Markdown documents in a worker thread, with the block lexer of `marked`,
 * so that no document can stall the event loop: one document at a time, each within a deadline
 * after which the worker is terminated (and a new one started for the next document).
 */
export class MarkdownHeadingsReader {
  private worker?: Worker;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 0;

  constructor(private readonly timeoutMs = DEFAULT_PARSE_TIMEOUT_MS) {}

  /** The headings of `markdown`; throws {@link MarkdownParseError}. */
  read(markdown: string): Promise<MarkdownSection[]> {
    const run = this.queue.then(() => this.parse(markdown));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker (a later {@link read} starts a new one). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private parse(markdown: string): Promise<MarkdownSection[]> {
    if (!this.worker) {
      this.worker = new Worker(workerPath);
      this.worker.unref();
    }
    const worker = this.worker;
    const id = ++this.nextId;
    return new Promise<MarkdownSection[]>((resolve, reject) => {
      const listeners: Array<[string, (...args: any[]) => void]> = [];
      const deadline: { timer?: NodeJS.Timeout } = {};
      const finish = (error?: MarkdownParseError, reply?: Reply) => {
        clearTimeout(deadline.timer);
        for (const [event, listener] of listeners) worker.off(event, listener);
        if (error) {
          if (this.worker === worker) this.worker = undefined;
          void worker.terminate();
          reject(error);
        } else if (reply?.error) {
          reject(
            new MarkdownParseError(`not readable as Markdown (${reply.error})`),
          );
        } else {
          resolve(reply?.sections ?? []);
        }
      };
      listeners.push(
        [
          'message',
          (reply: Reply) => reply.id === id && finish(undefined, reply),
        ],
        [
          'error',
          () => finish(new MarkdownParseError('not readable as Markdown')),
        ],
        [
          'exit',
          () => finish(new MarkdownParseError('the Markdown reader stopped')),
        ],
      );
      for (const [event, listener] of listeners) worker.on(event, listener);
      deadline.timer = setTimeout(
        () =>
          finish(
            new MarkdownParseError(
              `not read as Markdown within ${this.timeoutMs} ms`,
            ),
          ),
        this.timeoutMs,
      );
      worker.postMessage({ id, markdown });
    });
  }
}

/** File names read as Markdown runbooks. */
export const MARKDOWN_EXTENSIONS = [
  '.md',
  '.markdown',
  '.mdown',
  '.mkd',
  '.mkdn',
];

/** Why a runbook target is not read (it names no Markdown file), or undefined. */
export function notMarkdown(
  target: { kind: 'url'; url: string } | { kind: 'local'; path: string },
): { ok: false; decidable: true; reason: string } | undefined {
  const location = target.kind === 'url' ? target.url : target.path;
  if (isMarkdownLocation(location)) return undefined;
  const extensions = MARKDOWN_EXTENSIONS.join(', ');
  return {
    ok: false,
    decidable: true,
    reason: `not a runbook: only Markdown files (${extensions}) are read as runbooks`,
  };
}

/**
 * Whether a runbook link names a Markdown file: the path of a URL (or, for Azure DevOps-style
 * URLs, its `path` query parameter), or a local path, ends with a Markdown extension.
 */
export function isMarkdownLocation(target: string): boolean {
  const candidates: string[] = [];
  try {
    const url = new URL(target);
    candidates.push(url.pathname);
    const param = url.searchParams.get('path');
    if (param) candidates.push(param);
  } catch {
    candidates.push(target);
  }
  return candidates.some(p => {
    const lower = p.toLocaleLowerCase('en-US');
    return MARKDOWN_EXTENSIONS.some(ext => lower.endsWith(ext));
  });
}
