// The `rollback-plan` check: a runbook with a rollback section is linked, and the workloads keep
// revisions to roll back to. Reading runbooks, resolving their links and judging the runbook and
// the workloads live next to it (runbookRead, runbookTarget, runbookSection, rollbackPossible).
import path from 'path';
import pLimit from 'p-limit';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  ScmIntegrations,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import type { CheckResult } from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import { LocalRunbookReader } from './localRunbook';
import { createRunbookAttempts } from './runbookRead';
import { runbookFinding } from './runbookSection';
import { rollbackPossible, deliveryHistory } from './rollbackPossible';

export { runbookCandidates } from './runbookTarget';
export { MAX_RUNBOOK_LINKS } from './runbookSection';
export { deliveryHistory } from './rollbackPossible';

/** Options of {@link createRollbackPlanCheck}. */
export interface RollbackPlanCheckOptions {
  urlReader: UrlReaderService;
  config: Config;
  logger: LoggerService;
  /**
   * The directory relative `catalog.locations` / `preflight.desired.localRoots` entries are
   * resolved against; defaults to `process.cwd()` (as for the desired state).
   */
  workingDirectory?: string;
  /**
   * The SCM integrations, which resolve relative links against `url:` locations; defaults to
   * those of `config` (`integrations.*`).
   */
  integrations?: ScmIntegrationRegistry;
  /** How long a runbook read is reused, in ms (default 60 s; 0: only while in flight). */
  cacheTtlMs?: number;
  /** Deadline of one runbook read, in ms (default 5 s). */
  readTimeoutMs?: number;
}

/** Runbook reads in flight at most, across entities. */
const RUNBOOK_READ_CONCURRENCY = 4;

/**
 * `rollback-plan`: a rollback plan is documented and rollback is possible.
 *
 * - **Runbook.** The runbook is linked by a `metadata.links` entry of type `runbook` (or whose
 *   title contains "runbook"), else by the `preflight.dev/runbook` annotation. Links are tried in
 *   that order and the first that resolves is used (the result says which). A relative value is
 *   resolved against the entity's `backstage.io/managed-by-location`: a `url:` location by the
 *   SCM integrations (`resolveUrl`), read with the `UrlReaderService`; a `file:` location as a
 *   local file, read only inside the desired state's allow-list (`preflight.desired.localRoots`).
 *   Only Markdown files (by extension) are read, and of them only the headings kept. The runbook
 *   must have a markdown heading matching "roll back" with at least one non-blank line under it.
 * - **Rollback possible.** Every Deployment keeps old revisions (`revisionHistoryLimit` > 0;
 *   absent means 10), or the component is rolled out with Argo Rollouts (then every Rollout must
 *   keep revisions).
 *
 * No runbook, a runbook that does not exist (404), no rollback section, or a workload keeping
 * no revisions: `fail`. A runbook that cannot be read for other reasons (network, timeout,
 * credentials) or an environment without state: `unknown`. Runbook reads are reused for a minute,
 * so the check reads a runbook once for all environments of an evaluation.
 */
export function createRollbackPlanCheck(
  options: RollbackPlanCheckOptions,
): PreflightCheck {
  const workingDirectory = path.resolve(
    options.workingDirectory ?? process.cwd(),
  );
  // Throws, naming the key, when preflight.desired.localRoots is invalid.
  const local = LocalRunbookReader.fromConfig(
    options.config,
    workingDirectory,
    options.logger,
  );
  const cacheTtlMs = options.cacheTtlMs ?? 60_000;
  // Runbook reads in flight at most, for all entities: the SCM integrations' quotas are shared.
  const reads = pLimit(RUNBOOK_READ_CONCURRENCY);
  const readTimeoutMs = options.readTimeoutMs ?? 5_000;
  const attempt = createRunbookAttempts({
    urlReader: options.urlReader,
    local,
    workingDirectory,
    integrations:
      options.integrations ?? ScmIntegrations.fromConfig(options.config),
    cacheTtlMs,
    readTimeoutMs,
  });

  return {
    id: 'rollback-plan',
    title: 'Rollback plan',
    description:
      'A runbook with a rollback section is linked and resolves, and every Deployment keeps revisions to roll back to (or Argo Rollouts is used).',
    defaultSeverity: 'blocking',
    requiredKinds: ['Deployment', 'Rollout'],
    async evaluate({ entity, state, signal }) {
      const facts = selectFacts(state);
      const [runbook, workloads] = await Promise.all([
        runbookFinding(entity, attempt, reads, signal),
        Promise.resolve(rollbackPossible(facts)),
      ]);
      const findings = [runbook, workloads];
      const failing = findings.filter(f => f.status === 'fail');
      const unknown = findings.filter(f => f.status === 'unknown');
      let status: CheckResult['status'] = 'pass';
      if (failing.length) status = 'fail';
      else if (unknown.length) status = 'unknown';
      const lowerFirst = (text: string) =>
        `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
      let summary = `${runbook.summary}; ${lowerFirst(workloads.summary)}`;
      if (failing.length > 1) {
        summary = `${failing[0].summary}; and ${lowerFirst(
          failing[1].summary,
        )}`;
      } else if (failing.length || unknown.length) {
        summary = (failing[0] ?? unknown[0]).summary;
      }
      const result: CheckResult = {
        status,
        summary,
        details: [
          '**Runbook**',
          ...runbook.details,
          '',
          '**Rollback possible**',
          ...workloads.details,
          ...deliveryHistory(state.desired.delivery ?? state.live.delivery),
        ].join('\n'),
        evidence: [...runbook.evidence, ...workloads.evidence],
        ...(workloads.workloads !== undefined
          ? {
              evaluated: {
                subject: 'Deployments and Argo Rollouts',
                count: workloads.workloads,
              },
            }
          : {}),
        ...(facts.available && facts.readAt
          ? { factsReadAt: facts.readAt }
          : {}),
      };
      const remediation = [...failing, ...unknown]
        .map(f => f.remediation)
        .filter(Boolean)
        .join('\n\n');
      if (remediation) result.remediation = remediation;
      if (status !== 'pass') {
        options.logger.debug(
          `Preflight rollback-plan for ${stringifyEntityRef(entity)} in ${
            state.environment.name
          }: ${status}: ${result.summary}`,
        );
      }
      return result;
    },
  };
}
