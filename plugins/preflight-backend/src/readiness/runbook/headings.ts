import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { MarkdownSection } from './markdown';
import { SerialWorker, WorkerTaskError } from '../../util/SerialWorker';

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

/**
 * Reads the headings of Markdown documents in a worker thread, with the block lexer of `marked`,
 * so that no document can stall the event loop: one document at a time, each within a deadline
 * after which the worker is terminated (and a new one started for the next document).
 */
export class MarkdownHeadingsReader {
  private readonly worker: SerialWorker<string, MarkdownSection[]>;

  constructor(timeoutMs = DEFAULT_PARSE_TIMEOUT_MS) {
    this.worker = new SerialWorker({
      script: workerPath,
      timeoutMs,
      what: 'read as Markdown',
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
  }

  /** The headings of `markdown`; throws {@link MarkdownParseError}. */
  async read(markdown: string): Promise<MarkdownSection[]> {
    try {
      return (await this.worker.run(markdown)) ?? [];
    } catch (error) {
      if (error instanceof WorkerTaskError) {
        throw new MarkdownParseError(error.message);
      }
      throw error;
    }
  }

  /** Stops the worker (a later {@link read} starts a new one). */
  close(): Promise<void> {
    return this.worker.close();
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
