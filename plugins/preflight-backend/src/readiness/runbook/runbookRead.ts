// Reading runbooks: a runbook link is resolved, refused unless it names Markdown, and read
// (by URL with the UrlReaderService, or as a local file) into its sections, once per TTL.
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  classifyReaderError,
  safeErrorDetail,
} from '../../sources/desired/errors';
import {
  type LocalRunbookReader,
  MAX_RUNBOOK_BYTES,
  RunbookReadError,
} from './localRunbook';
import { notMarkdown } from './headings';
import { runbookSections } from './markdown';
import type { MarkdownSection } from './markdown';
import { resolveTarget, type Candidate } from './runbookTarget';
import { raceAbort } from '../../util/raceAbort';
import { TtlMemo } from '../../util/TtlMemo';

const MAX_MEMO_ENTRIES = 500;

/** The result of reading one candidate. */
export type Attempt = { candidate: Candidate; display?: string } & (
  | { ok: true; sections: MarkdownSection[] }
  | { ok: false; decidable: boolean; reason: string }
);

export type ReadOutcome =
  | { ok: true; sections: MarkdownSection[] }
  | { ok: false; decidable: boolean; reason: string };

/** What {@link createRunbookAttempts} reads with. */
export interface RunbookAttemptOptions {
  urlReader: UrlReaderService;
  /** The reader of local runbooks (inside `preflight.desired.localRoots`). */
  local: LocalRunbookReader;
  /** The directory relative `file:` locations are resolved against. */
  workingDirectory: string;
  /** The SCM integrations, which resolve relative links against `url:` locations. */
  integrations: ScmIntegrationRegistry;
  /** How long a runbook read is reused, in ms (0: only while in flight). */
  cacheTtlMs: number;
  /** Deadline of one runbook read, in ms. */
  readTimeoutMs: number;
}

/** Reads one runbook link of an entity (resolving it first); reads are reused for the TTL. */
export function createRunbookAttempts(
  options: RunbookAttemptOptions,
): (
  entity: Entity,
  candidate: Candidate,
  signal?: AbortSignal,
) => Promise<Attempt> {
  const { local, workingDirectory, integrations, cacheTtlMs, readTimeoutMs } =
    options;
  // Undecidable outcomes (a timeout, an unreachable SCM) are not remembered.
  const memo = new TtlMemo<ReadOutcome>({
    ttlMs: cacheTtlMs,
    maxEntries: MAX_MEMO_ENTRIES,
    keep: outcome => outcome.ok || outcome.decidable,
  });

  async function readUrl(url: string): Promise<ReadOutcome> {
    const signal = AbortSignal.timeout(readTimeoutMs);
    try {
      const response = await options.urlReader.readUrl(url, { signal });
      const content = await response.buffer();
      if (content.length > MAX_RUNBOOK_BYTES) {
        return {
          ok: false,
          decidable: true,
          reason: `larger than ${MAX_RUNBOOK_BYTES} bytes`,
        };
      }
      return runbookSections(content);
    } catch (error) {
      const reason = classifyReaderError(error, signal);
      if (reason === 'not-found') {
        return { ok: false, decidable: true, reason: 'not found (404)' };
      }
      const detail =
        reason === 'TIMEOUT' && signal.aborted
          ? `no answer within ${readTimeoutMs} ms`
          : safeErrorDetail(error);
      return { ok: false, decidable: false, reason: `${reason}: ${detail}` };
    }
  }

  async function readLocal(target: string): Promise<ReadOutcome> {
    try {
      const { content } = await local.read(target);
      return runbookSections(content);
    } catch (error) {
      if (error instanceof RunbookReadError) {
        return {
          ok: false,
          decidable: error.kind !== 'unavailable',
          reason: error.message,
        };
      }
      throw error;
    }
  }

  /** Reads a target once per TTL (in-flight reads are shared; undecidable outcomes are not kept). */
  function memoized(
    key: string,
    read: () => Promise<ReadOutcome>,
  ): Promise<ReadOutcome> {
    return memo.get(key, read);
  }

  async function attempt(
    entity: Entity,
    candidate: Candidate,
    signal?: AbortSignal,
  ): Promise<Attempt> {
    const target = resolveTarget(entity, candidate.value, {
      integrations,
      workingDirectory,
      local,
    });
    if (target.kind === 'invalid') {
      return {
        candidate,
        ok: false,
        decidable: target.decidable,
        reason: target.reason,
      };
    }
    const refused = notMarkdown(target);
    if (refused) return { candidate, ...refused };
    const display =
      target.kind === 'url' ? target.url : local.displayLocation(target.path);
    const outcome = await raceAbort(
      target.kind === 'url'
        ? memoized(`url:${target.url}`, () => readUrl(target.url))
        : memoized(`file:${target.path}`, () => readLocal(target.path)),
      signal,
      { ok: false, decidable: false, reason: 'the read was cancelled' },
    );
    return { candidate, ...(display ? { display } : {}), ...outcome };
  }

  return attempt;
}
