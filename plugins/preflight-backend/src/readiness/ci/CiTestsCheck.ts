// The `ci-tests` check: which provider the entity names, the deployed revision, and what CI said
// about it, reused for a while. The provider, the options and the lookup live next to it
// (provider, ciOptions, lookup).
import type { LoggerService } from '@backstage/backend-plugin-api';
import { ANNOTATION_SOURCE_LOCATION } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrations,
} from '@backstage/integration';
import type { CheckResult } from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import { readCiTestsOptions } from './ciOptions';
import { createCiLookup, unknownFinding } from './lookup';
import {
  GITHUB_SLUG_ANNOTATION,
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_SLUG_ANNOTATION,
  providerOf,
} from './provider';
import { deployedRevision } from './revision';
import type { CiFinding } from './types';
import { raceAbort } from '../../util/raceAbort';
import { TtlMemo } from '../../util/TtlMemo';

export {
  CI_OPTIONS_KEY,
  readCiTestsOptions,
  type CiTestsOptions,
} from './ciOptions';
export {
  GITHUB_SLUG_ANNOTATION,
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_SLUG_ANNOTATION,
} from './provider';

const MAX_MEMO_ENTRIES = 1000;

/** Options of {@link createCiTestsCheck}. */
export interface CiTestsCheckOptions {
  /** The root config: `integrations.github`, `integrations.gitlab` and the check's options. */
  config: Config;
  logger: LoggerService;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** How long a provider's answer is reused, in ms (default 30 s; 0: only while in flight). */
  cacheTtlMs?: number;
}

/**
 * `ci-tests`: CI tests pass on the revision being deployed.
 *
 * - The repository: `github.com/project-slug` (GitHub Actions) or `gitlab.com/project-slug`
 *   (GitLab pipelines). Without either, the check does not apply. The host is the entity's
 *   source location's when an integration is configured for it (GitLab: `gitlab.com/instance`
 *   first), else github.com / gitlab.com; the API base URL and credentials come from Backstage's
 *   `integrations.github` (token or GitHub App, through `DefaultGithubCredentialsProvider`) and
 *   `integrations.gitlab` (token).
 * - The revision: see {@link deployedRevision} (`preflight.dev/revision`, then a SHA image tag,
 *   then `app.kubernetes.io/version`); without one, the head of the default branch.
 * - GitHub: the newest run of each workflow for the commit decides — any `failure`, `timed_out`,
 *   `cancelled` or `startup_failure` fails (with the run as evidence), unfinished runs warn, all
 *   `success`/`neutral`/`skipped` pass. GitLab: the newest pipeline for the commit decides
 *   (`success` passes, `failed`/`canceled` fail, others warn).
 * - No credentials, or an API that answers 401, 403, 404, a rate limit, or not at all: `unknown`,
 *   saying which. Tokens never appear in results or logs.
 *
 * Answers are reused for 30 s, so that the environments of an evaluation that deploy the same
 * revision ask once.
 */
export function createCiTestsCheck(
  options: CiTestsCheckOptions,
): PreflightCheck {
  const { config, logger } = options;
  const integrations = ScmIntegrations.fromConfig(config);
  const githubCredentials =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);
  const settings = readCiTestsOptions(config);
  const cacheTtlMs = options.cacheTtlMs ?? 30_000;
  const fetchImpl: typeof fetch =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  // A transient failure (rate limit, timeout) is not remembered: the next evaluation asks again.
  const memo = new TtlMemo<CiFinding & { readAt: string }>({
    ttlMs: cacheTtlMs,
    maxEntries: MAX_MEMO_ENTRIES,
    keep: finding => !finding.transient,
  });

  const lookup = createCiLookup({
    integrations,
    githubCredentials,
    settings,
    fetchImpl,
    logger,
  });

  function memoized(
    key: string,
    read: () => Promise<CiFinding>,
  ): Promise<CiFinding & { readAt: string }> {
    return memo.get(key, async () => ({
      ...(await read()),
      readAt: new Date().toISOString(),
    }));
  }

  return {
    id: 'ci-tests',
    title: 'CI tests pass',
    description:
      'CI (GitHub Actions or GitLab pipelines) passed on the revision being deployed.',
    defaultSeverity: 'blocking',
    isApplicable(entity) {
      return providerOf(entity) !== undefined;
    },
    async evaluate({ entity, state, signal }): Promise<CheckResult> {
      const provider = providerOf(entity);
      if (!provider) {
        return {
          status: 'not-applicable',
          summary: `No ${GITHUB_SLUG_ANNOTATION} or ${GITLAB_SLUG_ANNOTATION} annotation`,
        };
      }
      if ('invalid' in provider) {
        return {
          status: 'fail',
          summary: `Invalid annotation: ${provider.invalid}`,
          remediation: `Set \`${GITHUB_SLUG_ANNOTATION}: <owner>/<repository>\` or \`${GITLAB_SLUG_ANNOTATION}: <group>/<project>\`.`,
        };
      }
      const facts = selectFacts(state);
      const revision = deployedRevision(
        facts,
        provider.kind === 'github'
          ? provider.repo
          : provider.slug.split('/').pop(),
      );
      const key = [
        provider.kind,
        provider.kind === 'github'
          ? `${provider.owner}/${provider.repo}`
          : provider.slug,
        revision.sha ?? '',
        entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION] ?? '',
        entity.metadata.annotations?.[GITLAB_INSTANCE_ANNOTATION] ?? '',
      ].join('|');
      const finding = await raceAbort(
        memoized(key, () => lookup(entity, provider, revision.sha)),
        signal,
        {
          ...unknownFinding('The CI lookup was cancelled'),
          readAt: new Date().toISOString(),
        },
      );

      const revisionLine =
        revision.sha !== undefined
          ? `Deployed revision ${revision.sha} from the ${revision.source}${
              revision.others.length
                ? ` (other workloads carry ${revision.others.join(', ')})`
                : ''
            }.`
          : `No deployed revision found: ${revision.reason}. The head of the default branch is checked instead.`;
      return {
        status: finding.status,
        summary: finding.summary,
        details: [revisionLine, '', ...finding.details].join('\n').trim(),
        ...(finding.evidence.length ? { evidence: finding.evidence } : {}),
        ...(finding.remediation ? { remediation: finding.remediation } : {}),
        factsReadAt: finding.readAt,
        ...(finding.runs !== undefined
          ? { evaluated: { subject: 'CI runs', count: finding.runs } }
          : {}),
      };
    },
  };
}
