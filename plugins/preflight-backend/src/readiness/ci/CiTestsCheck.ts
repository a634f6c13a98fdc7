import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  DefaultGithubCredentialsProvider,
  getGitLabRequestOptions,
  ScmIntegrations,
} from '@backstage/integration';
import type { CheckResult } from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import { redactUrls } from '../../sources/desired/errors';
import { githubFinding } from './github';
import { gitlabFinding } from './gitlab';
import { CiApiError, type ApiRequest, type CiApiErrorReason } from './http';
import { deployedRevision } from './revision';
import type { CiFinding } from './types';
import { raceAbort } from '../../util/raceAbort';
import { TtlMemo } from '../../util/TtlMemo';

/** The annotations naming the entity's repository (Backstage's GitHub and GitLab plugins'). */
export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
export const GITLAB_SLUG_ANNOTATION = 'gitlab.com/project-slug';
/** The GitLab plugin's annotation naming the GitLab host of the project. */
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';
/** The check's own options. */
export const CI_OPTIONS_KEY = 'preflight.checks.ci-tests.options';

const GITHUB_SLUG =
  /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const GITLAB_SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;
const USER_AGENT = 'backstage-preflight';
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

/** `preflight.checks.ci-tests.options`. */
export interface CiTestsOptions {
  /** Only these GitHub Actions workflows (by name) count; all when absent. */
  workflows?: string[];
  /** Deadline of one lookup (all its requests), in ms (default 5000). */
  timeoutMs: number;
}

/** Reads and validates `preflight.checks.ci-tests.options`; throws naming the key. */
export function readCiTestsOptions(config: Config): CiTestsOptions {
  const block = config.getOptionalConfig(CI_OPTIONS_KEY);
  const out: CiTestsOptions = { timeoutMs: 5000 };
  for (const key of block?.keys() ?? []) {
    if (key !== 'workflows' && key !== 'timeoutMs') {
      throw new Error(
        `Invalid config at '${CI_OPTIONS_KEY}.${key}': unknown option (allowed: workflows, timeoutMs)`,
      );
    }
  }
  if (block?.has('workflows')) {
    const value = block.getOptional('workflows');
    if (
      !Array.isArray(value) ||
      value.some(v => typeof v !== 'string' || v.trim() === '')
    ) {
      throw new Error(
        `Invalid config at '${CI_OPTIONS_KEY}.workflows': expected a list of workflow names`,
      );
    }
    out.workflows = (value as string[]).map(v => v.trim());
  }
  if (block?.has('timeoutMs')) {
    const value = block.getOptional('timeoutMs');
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 100 ||
      value > 60_000
    ) {
      throw new Error(
        `Invalid config at '${CI_OPTIONS_KEY}.timeoutMs': expected a whole number of milliseconds between 100 and 60000`,
      );
    }
    out.timeoutMs = value;
  }
  return out;
}

type Provider =
  | { kind: 'github'; owner: string; repo: string }
  | { kind: 'gitlab'; slug: string };

const REMEDIATION: Partial<
  Record<
    CiApiErrorReason,
    (service: string, config: string, annotation: string) => string
  >
> = {
  UNAUTHORIZED: (s, c) =>
    `Check the ${s} credentials in \`${c}\`: the token may have expired or been revoked.`,
  FORBIDDEN: (s, c) =>
    `Give the ${s} credentials in \`${c}\` read access to the repository's ${
      s === 'GitHub'
        ? 'Actions (fine-grained token: "Actions: read")'
        : 'pipelines (scope read_api)'
    }.`,
  RATE_LIMITED: s =>
    s === 'GitHub'
      ? 'Wait for the rate limit to reset; a GitHub App in `integrations.github` has higher limits than a personal token.'
      : 'Wait for the rate limit to reset.',
  NOT_FOUND: (s, c, a) =>
    `Check the \`${a}\` annotation, and that the ${s} credentials in \`${c}\` can see the repository (${s} answers 404 for repositories a token cannot read).`,
};

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

  function providerOf(
    entity: Entity,
  ): Provider | { invalid: string } | undefined {
    const annotations = entity.metadata.annotations ?? {};
    const github = annotations[GITHUB_SLUG_ANNOTATION]?.trim();
    if (github) {
      const match = github.match(GITHUB_SLUG);
      // `.git` is dropped first, so that `acme/...git` cannot become `acme/..`.
      const repo = match?.[2].replace(/\.git$/, '');
      if (!match || !repo || repo === '.' || repo === '..') {
        return {
          invalid: `${GITHUB_SLUG_ANNOTATION} ${JSON.stringify(
            github,
          )} is not owner/repository`,
        };
      }
      return {
        kind: 'github',
        owner: match[1],
        repo,
      };
    }
    const gitlab = annotations[GITLAB_SLUG_ANNOTATION]?.trim();
    if (gitlab) {
      const segments = gitlab.split('/');
      if (
        gitlab.length > 255 ||
        segments.length < 2 ||
        segments.some(s => !GITLAB_SEGMENT.test(s) || s === '.' || s === '..')
      ) {
        return {
          invalid: `${GITLAB_SLUG_ANNOTATION} ${JSON.stringify(
            gitlab,
          )} is not group/project`,
        };
      }
      return { kind: 'gitlab', slug: gitlab };
    }
    return undefined;
  }

  /** The host of the entity's source (or catalog file) location, when it is a URL. */
  function locationHost(entity: Entity): string | undefined {
    for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
      const ref = entity.metadata.annotations?.[key];
      if (!ref) continue;
      try {
        const { type, target } = parseLocationRef(ref);
        if (type === 'url') return new URL(target).host;
      } catch {
        // not a URL location
      }
    }
    return undefined;
  }

  function unknownFinding(summary: string, remediation?: string): CiFinding {
    return {
      status: 'unknown',
      summary,
      details: [],
      evidence: [],
      ...(remediation ? { remediation } : {}),
      transient: true,
    };
  }

  async function lookup(
    entity: Entity,
    provider: Provider,
    sha: string | undefined,
  ): Promise<CiFinding> {
    const signal = AbortSignal.timeout(settings.timeoutMs);
    const request = (
      service: string,
      headers: Record<string, string>,
    ): ApiRequest => ({
      fetch: fetchImpl,
      service,
      headers: { 'User-Agent': USER_AGENT, ...headers },
      signal,
      timeoutMs: settings.timeoutMs,
    });
    const service = provider.kind === 'github' ? 'GitHub' : 'GitLab';
    const configKey =
      provider.kind === 'github'
        ? 'integrations.github'
        : 'integrations.gitlab';
    const annotation =
      provider.kind === 'github'
        ? GITHUB_SLUG_ANNOTATION
        : GITLAB_SLUG_ANNOTATION;
    const what =
      provider.kind === 'github' ? 'GitHub Actions' : 'GitLab pipelines';
    try {
      if (provider.kind === 'github') {
        const fromLocation = locationHost(entity);
        const host =
          fromLocation && integrations.github.byHost(fromLocation)
            ? fromLocation
            : 'github.com';
        const integration = integrations.github.byHost(host);
        if (!integration) {
          return unknownFinding(
            `${what} not read: no ${configKey} entry for ${host}`,
            `Add ${host} to \`${configKey}\` with a token or a GitHub App.`,
          );
        }
        if (!integration.config.apiBaseUrl) {
          return unknownFinding(
            `${what} not read: the ${configKey} entry for ${host} has no apiBaseUrl`,
            `Set \`apiBaseUrl\` of ${host} in \`${configKey}\` (e.g. https://${host}/api/v3).`,
          );
        }
        let credentials;
        try {
          credentials = await githubCredentials.getCredentials({
            url: `https://${host}/${provider.owner}/${provider.repo}`,
          });
        } catch (error) {
          return unknownFinding(
            `${what} not read: no ${service} credentials for ${
              provider.owner
            }/${provider.repo} (${redactUrls(
              String((error as Error)?.message ?? error).split('\n')[0],
            ).slice(0, 200)})`,
            `Check the GitHub App installation or token in \`${configKey}\`.`,
          );
        }
        if (!credentials.token) {
          return unknownFinding(
            `${what} not read: no token for ${host} in ${configKey}`,
            `Configure a token or a GitHub App for ${host} in \`${configKey}\` so that Preflight can read GitHub Actions.`,
          );
        }
        return await githubFinding(
          {
            apiBaseUrl: integration.config.apiBaseUrl,
            owner: provider.owner,
            repo: provider.repo,
            workflows: settings.workflows,
          },
          sha,
          request(service, {
            Accept: 'application/vnd.github+json',
            'X-GitHub-Api-Version': '2022-11-28',
            ...credentials.headers,
          }),
        );
      }

      const instance =
        entity.metadata.annotations?.[GITLAB_INSTANCE_ANNOTATION]?.trim();
      const fromLocation = locationHost(entity);
      const host =
        instance ||
        (fromLocation && integrations.gitlab.byHost(fromLocation)
          ? fromLocation
          : 'gitlab.com');
      const integration = integrations.gitlab.byHost(host);
      if (!integration) {
        return unknownFinding(
          `${what} not read: no ${configKey} entry for ${host}`,
          `Add ${host} to \`${configKey}\` with a token.`,
        );
      }
      if (!integration.config.token) {
        return unknownFinding(
          `${what} not read: no token for ${host} in ${configKey}`,
          `Configure a token (scope read_api) for ${host} in \`${configKey}\` so that Preflight can read pipelines.`,
        );
      }
      return await gitlabFinding(
        { apiBaseUrl: integration.config.apiBaseUrl, slug: provider.slug },
        sha,
        request(service, {
          Accept: 'application/json',
          ...getGitLabRequestOptions(integration.config).headers,
        }),
      );
    } catch (error) {
      if (error instanceof CiApiError) {
        logger.info(
          `Preflight ci-tests for ${stringifyEntityRef(entity)}: ${service} ${
            error.reason
          }: ${error.message}`,
        );
        return unknownFinding(
          `${what} could not be read: ${error.message}`,
          REMEDIATION[error.reason]?.(service, configKey, annotation),
        );
      }
      logger.error(
        `Preflight ci-tests for ${stringifyEntityRef(
          entity,
        )} failed unexpectedly`,
        error instanceof Error ? error : undefined,
      );
      return unknownFinding(
        `${what} could not be read (internal error, see the backend log)`,
      );
    }
  }

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
