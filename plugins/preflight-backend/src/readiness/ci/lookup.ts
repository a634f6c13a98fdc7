// One CI lookup: the integration and credentials for the entity's host, then the GitHub Actions
// runs or GitLab pipelines of the revision; failures to ask become `unknown` findings that say why.
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import {
  getGitLabRequestOptions,
  type GithubCredentialsProvider,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import { redactUrls } from '../../sources/desired/errors';
import type { CiTestsOptions } from './ciOptions';
import { githubFinding } from './github';
import { gitlabFinding } from './gitlab';
import { CiApiError, type ApiRequest, type CiApiErrorReason } from './http';
import {
  GITHUB_SLUG_ANNOTATION,
  GITLAB_INSTANCE_ANNOTATION,
  GITLAB_SLUG_ANNOTATION,
  locationHost,
  type Provider,
} from './provider';
import type { CiFinding } from './types';

const USER_AGENT = 'backstage-preflight';

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

/** A transient `unknown` finding: a failure to ask, not remembered beyond the lookup in flight. */
export function unknownFinding(
  summary: string,
  remediation?: string,
): CiFinding {
  return {
    status: 'unknown',
    summary,
    details: [],
    evidence: [],
    ...(remediation ? { remediation } : {}),
    transient: true,
  };
}

/** What {@link createCiLookup} asks with. */
export interface CiLookupOptions {
  integrations: ScmIntegrationRegistry;
  githubCredentials: GithubCredentialsProvider;
  settings: CiTestsOptions;
  fetchImpl: typeof fetch;
  logger: LoggerService;
}

/** Looks up what the entity's CI provider says about a revision (the head of the default branch without one). */
export function createCiLookup(
  options: CiLookupOptions,
): (
  entity: Entity,
  provider: Provider,
  sha: string | undefined,
) => Promise<CiFinding> {
  const { integrations, githubCredentials, settings, fetchImpl, logger } =
    options;

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

  return lookup;
}
