import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  CheckResult,
  EnvironmentState,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createCiTestsCheck } from './CiTestsCheck';

const GITHUB_TOKEN = 'ghp_TESTtokenNEVERshown1234567890abcdef';
const GITLAB_TOKEN = 'glpat-TESTtokenNEVERshown-xyz';
const SHA = '3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c';
const OLD_SHA = '0a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4';
const API = 'https://api.github.com';
const REPO = `${API}/repos/acme/checkout-api`;
const GITLAB_API = 'https://gitlab.com/api/v4';

const config = (extra: Record<string, unknown> = {}) =>
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com', token: GITHUB_TOKEN },
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
          token: GITHUB_TOKEN,
        },
      ],
      gitlab: [{ host: 'gitlab.com', token: GITLAB_TOKEN }],
    },
    ...extra,
  });

function entity(
  annotations: Record<string, string> = {
    'github.com/project-slug': 'acme/checkout-api',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
  };
}

function deployment(
  options: {
    image?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  } = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'checkout-api',
      namespace: 'shop',
      labels: { 'app.kubernetes.io/name': 'checkout-api', ...options.labels },
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
    spec: {
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'checkout-api' } },
        spec: {
          containers: [
            { name: 'envoy', image: 'docker.io/envoyproxy/envoy:deadbeefcafe' },
            {
              name: 'api',
              image: options.image ?? `ghcr.io/acme/checkout-api:${SHA}`,
            },
          ],
        },
      },
    },
  };
}

function stateWith(
  objects: KubernetesObject[],
  name = 'dev',
): EnvironmentState {
  return {
    environment: { name, title: name },
    live: { status: 'not-configured', objects: [] },
    desired: {
      status: 'ok',
      objects,
      origins: objects.map(() => ({
        source: 'desired' as const,
        location: `deploy/${name}/deployment.yaml`,
      })),
      readAt: '2026-11-25T10:00:00.000Z',
    },
  } as EnvironmentState;
}

/** A workflow run as the GitHub REST API returns it (trimmed to realistic fields). */
function run(id: number, overrides: Record<string, unknown> = {}) {
  const created = (overrides.created_at as string) ?? '2026-11-25T09:00:00Z';
  return {
    id,
    name: 'CI',
    node_id: `WFR_kwLOA${id}`,
    head_branch: 'main',
    head_sha: SHA,
    path: '.github/workflows/ci.yml',
    display_title: 'Add order totals',
    run_number: id % 1000,
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    workflow_id: 161335,
    check_suite_id: 1000 + id,
    url: `${REPO}/actions/runs/${id}`,
    html_url: `https://github.com/acme/checkout-api/actions/runs/${id}`,
    pull_requests: [],
    created_at: created,
    updated_at: created,
    run_attempt: 1,
    run_started_at: created,
    jobs_url: `${REPO}/actions/runs/${id}/jobs`,
    head_commit: { id: SHA, message: 'Add order totals', timestamp: created },
    ...overrides,
  };
}

const runsPage = (runs: unknown[]) =>
  HttpResponse.json({ total_count: runs.length, workflow_runs: runs });

/** A pipeline as the GitLab REST API lists it. */
function pipeline(id: number, overrides: Record<string, unknown> = {}) {
  return {
    id,
    iid: id - 1000,
    project_id: 4242,
    sha: SHA,
    ref: 'main',
    status: 'success',
    source: 'push',
    created_at: '2026-11-25T09:00:00.000Z',
    updated_at: '2026-11-25T09:10:00.000Z',
    web_url: `https://gitlab.com/acme/payments/api/-/pipelines/${id}`,
    ...overrides,
  };
}

describe('ci-tests', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let logger: ReturnType<typeof mockServices.logger.mock>;
  const seen: Request[] = [];

  beforeEach(() => {
    logger = mockServices.logger.mock();
    seen.length = 0;
  });

  const check = (cfg = config()) => createCiTestsCheck({ config: cfg, logger });
  const evaluate = (
    c: ReturnType<typeof check>,
    e: Entity,
    state: EnvironmentState,
    signal?: AbortSignal,
  ) =>
    c.evaluate({
      entity: e,
      environment: state.environment,
      state,
      path: [state],
      config: new ConfigReader({}),
      signal,
    });

  /** GitHub answering only with the token, 401 with GitHub's body otherwise. */
  function github(handlers: {
    runs?: (url: URL) => Response;
    repo?: () => Response;
    commit?: (ref: string) => Response;
  }) {
    const authorized = (request: Request) =>
      request.headers.get('authorization') === `Bearer ${GITHUB_TOKEN}`;
    const unauthorized = () =>
      HttpResponse.json(
        {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
        { status: 401 },
      );
    server.use(
      http.get(`${REPO}/actions/runs`, ({ request }) => {
        seen.push(request.clone());
        if (!authorized(request)) return unauthorized();
        return handlers.runs
          ? handlers.runs(new URL(request.url))
          : runsPage([]);
      }),
      http.get(REPO, ({ request }) => {
        seen.push(request.clone());
        if (!authorized(request)) return unauthorized();
        return handlers.repo
          ? handlers.repo()
          : HttpResponse.json({
              id: 1,
              name: 'checkout-api',
              full_name: 'acme/checkout-api',
              default_branch: 'main',
              private: true,
            });
      }),
      http.get(`${REPO}/commits/:ref`, ({ request, params }) => {
        seen.push(request.clone());
        if (!authorized(request)) return unauthorized();
        return handlers.commit
          ? handlers.commit(String(params.ref))
          : HttpResponse.json(
              {
                message: `No commit found for SHA: ${params.ref}`,
                status: '422',
              },
              { status: 422 },
            );
      }),
    );
  }

  it('passes when every workflow run on the deployed SHA (image tag) succeeded', async () => {
    github({
      runs: url =>
        url.searchParams.get('head_sha') === SHA
          ? runsPage([
              run(11, { name: 'CI' }),
              run(12, { name: 'Lint', workflow_id: 161336 }),
            ])
          : runsPage([]),
    });
    const result = await evaluate(check(), entity(), stateWith([deployment()]));
    expect(result).toMatchObject({
      status: 'pass',
      summary: 'CI passed on 3f2a9c1: 2 workflows succeeded',
      evidence: [
        {
          type: 'link',
          title: 'CI (success)',
          url: 'https://github.com/acme/checkout-api/actions/runs/11',
        },
        {
          type: 'link',
          title: 'Lint (success)',
          url: 'https://github.com/acme/checkout-api/actions/runs/12',
        },
      ],
    });
    expect(result.details).toContain(
      `Deployed revision ${SHA} from the image tag of Deployment checkout-api (container api).`,
    );
    expect(seen[0].headers.get('accept')).toBe('application/vnd.github+json');
    expect(new URL(seen[0].url).searchParams.get('per_page')).toBe('100');
  });

  it('fails on a failed run, naming it and linking it', async () => {
    github({
      runs: () =>
        runsPage([
          run(21, { name: 'CI', conclusion: 'failure' }),
          run(22, { name: 'Lint', workflow_id: 161336 }),
        ]),
    });
    const result = await evaluate(check(), entity(), stateWith([deployment()]));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('CI failed on 3f2a9c1: "CI" failure');
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'CI (failure)',
        url: 'https://github.com/acme/checkout-api/actions/runs/21',
      },
    ]);
    expect(result.remediation).toMatch(/re-run/);
  });

  it.each(['timed_out', 'cancelled'])(
    'fails on a run that %s',
    async conclusion => {
      github({ runs: () => runsPage([run(23, { conclusion })]) });
      const result = await evaluate(
        check(),
        entity(),
        stateWith([deployment()]),
      );
      expect(result.status).toBe('fail');
      expect(result.summary).toBe(`CI failed on 3f2a9c1: "CI" ${conclusion}`);
    },
  );

  it('lets a newer run of the same workflow (a re-run) replace a failure', async () => {
    github({
      runs: () =>
        runsPage([
          run(32, { created_at: '2026-11-25T10:00:00Z' }),
          run(31, {
            conclusion: 'failure',
            created_at: '2026-11-25T09:00:00Z',
          }),
        ]),
    });
    expect(
      (await evaluate(check(), entity(), stateWith([deployment()]))).status,
    ).toBe('pass');
  });

  it('warns while a run is in progress', async () => {
    github({
      runs: () =>
        runsPage([run(41, { status: 'in_progress', conclusion: null })]),
    });
    const result = await evaluate(check(), entity(), stateWith([deployment()]));
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(
      'CI not finished on 3f2a9c1: "CI" is in_progress',
    );
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'CI (in_progress)',
        url: 'https://github.com/acme/checkout-api/actions/runs/41',
      },
    ]);
  });

  it('expands an abbreviated SHA (sha-<short> tag) through the commits API', async () => {
    github({
      commit: ref =>
        ref === '3f2a9c1'
          ? HttpResponse.json({ sha: SHA, commit: { message: 'x' } })
          : HttpResponse.json({}, { status: 422 }),
      runs: url =>
        url.searchParams.get('head_sha') === SHA
          ? runsPage([run(51)])
          : runsPage([]),
    });
    const result = await evaluate(
      check(),
      entity(),
      stateWith([
        deployment({ image: 'ghcr.io/acme/checkout-api:sha-3f2a9c1' }),
      ]),
    );
    expect(result.status).toBe('pass');
    expect(result.details).toContain(
      'Deployed revision 3f2a9c1 from the image tag',
    );
  });

  it('prefers preflight.dev/revision, and reads app.kubernetes.io/version when it is a SHA', async () => {
    github({
      runs: url =>
        runsPage([run(61, { head_sha: url.searchParams.get('head_sha') })]),
    });
    const declared = await evaluate(
      check(),
      entity(),
      stateWith([
        deployment({ annotations: { 'preflight.dev/revision': OLD_SHA } }),
      ]),
    );
    expect(declared.details).toContain(
      `Deployed revision ${OLD_SHA} from the preflight.dev/revision of Deployment checkout-api.`,
    );

    const versioned = await evaluate(
      check(),
      entity(),
      stateWith([
        deployment({
          image: 'ghcr.io/acme/checkout-api:2.4.1',
          labels: { 'app.kubernetes.io/version': OLD_SHA },
        }),
      ]),
    );
    expect(versioned.details).toContain(
      `Deployed revision ${OLD_SHA} from the app.kubernetes.io/version of Deployment checkout-api.`,
    );
  });

  it('checks the head of the default branch when the workloads carry no SHA (semver tags, as in the examples)', async () => {
    github({
      runs: url =>
        url.searchParams.get('branch') === 'main'
          ? runsPage([
              run(72, {
                head_sha: SHA,
                created_at: '2026-11-25T10:00:00Z',
                conclusion: 'failure',
              }),
              run(71, {
                head_sha: OLD_SHA,
                created_at: '2026-11-24T10:00:00Z',
              }),
            ])
          : runsPage([]),
    });
    const result = await evaluate(
      check(),
      entity(),
      stateWith([
        deployment({
          image:
            'ghcr.io/acme/checkout-api:2.4.1@sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828',
        }),
      ]),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'CI failed on 3f2a9c1 (head of main): "CI" failure',
    );
    expect(result.details).toMatch(
      /^No deployed revision found: no commit SHA in the workloads/,
    );
    expect(seen.map(r => new URL(r.url).pathname)).toEqual([
      '/repos/acme/checkout-api',
      '/repos/acme/checkout-api/actions/runs',
    ]);
  });

  it('only counts the configured workflows (preflight.checks.ci-tests.options.workflows)', async () => {
    github({
      runs: () =>
        runsPage([
          run(81, { name: 'CI' }),
          run(82, { name: 'Deploy', workflow_id: 9, conclusion: 'failure' }),
        ]),
    });
    const cfg = config({
      preflight: { checks: { 'ci-tests': { options: { workflows: ['CI'] } } } },
    });
    expect(
      (await evaluate(check(cfg), entity(), stateWith([deployment()]))).status,
    ).toBe('pass');
    expect(() =>
      check(
        config({
          preflight: {
            checks: { 'ci-tests': { options: { workflows: 'CI' } } },
          },
        }),
      ),
    ).toThrow(
      "Invalid config at 'preflight.checks.ci-tests.options.workflows'",
    );
  });

  it('uses the GitHub Enterprise integration of the source location, with its apiBaseUrl', async () => {
    server.use(
      http.get(
        'https://ghe.example.com/api/v3/repos/acme/checkout-api/actions/runs',
        ({ request }) => {
          seen.push(request.clone());
          return runsPage([
            run(91, {
              html_url:
                'https://ghe.example.com/acme/checkout-api/actions/runs/91',
            }),
          ]);
        },
      ),
    );
    const result = await evaluate(
      check(),
      entity({
        'github.com/project-slug': 'acme/checkout-api',
        'backstage.io/source-location':
          'url:https://ghe.example.com/acme/checkout-api/tree/main/',
      }),
      stateWith([deployment()]),
    );
    expect(result.status).toBe('pass');
    expect(seen[0].headers.get('authorization')).toBe(`Bearer ${GITHUB_TOKEN}`);
  });

  it('does not apply without a project slug, and fails on a malformed one', async () => {
    const c = check();
    const none = entity({});
    expect(c.isApplicable!(none)).toBe(false);
    expect((await evaluate(c, none, stateWith([deployment()]))).status).toBe(
      'not-applicable',
    );
    for (const slug of [
      'acme/../etc',
      'acme/...git',
      'acme/..git',
      'acme/.git',
    ]) {
      const bad = await evaluate(
        c,
        entity({ 'github.com/project-slug': slug }),
        stateWith([deployment()]),
      );
      expect(bad.status).toBe('fail');
      expect(bad.summary).toBe(
        `Invalid annotation: github.com/project-slug ${JSON.stringify(
          slug,
        )} is not owner/repository`,
      );
    }
    expect(seen).toHaveLength(0);
  });

  it('asks once for the environments that deploy the same revision', async () => {
    github({ runs: () => runsPage([run(101)]) });
    const c = check();
    const results = await Promise.all(
      ['dev', 'staging', 'production'].map(env =>
        evaluate(c, entity(), stateWith([deployment()], env)),
      ),
    );
    expect(results.map(r => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(seen).toHaveLength(1);
  });

  describe('when GitHub cannot be read, unknown says why — and the token never shows', () => {
    const results: CheckResult[] = [];
    const run1 = async (cfg = config()) => {
      const result = await evaluate(
        check(cfg),
        entity(),
        stateWith([deployment()]),
      );
      results.push(result);
      expect(JSON.stringify(result)).not.toContain(GITHUB_TOKEN);
      for (const calls of [
        logger.info,
        logger.warn,
        logger.error,
        logger.debug,
      ].map(f => f.mock.calls)) {
        expect(JSON.stringify(calls)).not.toContain(GITHUB_TOKEN);
      }
      return result;
    };

    it('no token configured', async () => {
      const result = await run1(
        new ConfigReader({
          integrations: { github: [{ host: 'github.com' }] },
        }),
      );
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'GitHub Actions not read: no token for github.com in integrations.github',
      );
      expect(result.remediation).toMatch(/Configure a token or a GitHub App/);
    });

    it('401 (bad credentials)', async () => {
      server.use(
        http.get(`${REPO}/actions/runs`, () =>
          HttpResponse.json(
            {
              message: 'Bad credentials',
              documentation_url: 'https://docs.github.com/rest',
              status: '401',
            },
            { status: 401 },
          ),
        ),
      );
      const result = await run1();
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'GitHub Actions could not be read: GitHub rejected the configured credentials (401)',
      );
    });

    it('403 with an exhausted rate limit', async () => {
      server.use(
        http.get(`${REPO}/actions/runs`, () =>
          HttpResponse.json(
            {
              message: 'API rate limit exceeded for installation ID 123.',
              documentation_url:
                'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
            },
            {
              status: 403,
              headers: {
                'x-ratelimit-limit': '5000',
                'x-ratelimit-remaining': '0',
                'x-ratelimit-used': '5000',
                'x-ratelimit-reset': '1795600000',
                'x-ratelimit-resource': 'core',
              },
            },
          ),
        ),
      );
      const result = await run1();
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        `GitHub Actions could not be read: GitHub API rate limit exceeded (403; resets at ${new Date(
          1795600000 * 1000,
        ).toISOString()})`,
      );
      expect(result.remediation).toMatch(/rate limit/);
    });

    it('403 without a rate limit (no access)', async () => {
      server.use(
        http.get(`${REPO}/actions/runs`, () =>
          HttpResponse.json(
            {
              message: 'Resource not accessible by integration',
              status: '403',
            },
            { status: 403, headers: { 'x-ratelimit-remaining': '4999' } },
          ),
        ),
      );
      const result = await run1();
      expect(result.summary).toBe(
        'GitHub Actions could not be read: the configured GitHub credentials may not read the workflow runs of acme/checkout-api (403)',
      );
      expect(result.remediation).toMatch(/Actions: read/);
    });

    it('404 (repository not visible)', async () => {
      server.use(
        http.get(`${REPO}/actions/runs`, () =>
          HttpResponse.json(
            {
              message: 'Not Found',
              documentation_url: 'https://docs.github.com/rest',
              status: '404',
            },
            { status: 404 },
          ),
        ),
      );
      const result = await run1();
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'GitHub Actions could not be read: the workflow runs of acme/checkout-api not found (404)',
      );
      expect(result.remediation).toMatch(/github.com\/project-slug/);
    });

    it('unreachable', async () => {
      server.use(http.get(`${REPO}/actions/runs`, () => HttpResponse.error()));
      const result = await run1();
      expect(result.status).toBe('unknown');
      expect(result.summary).toMatch(
        /^GitHub Actions could not be read: GitHub API unreachable/,
      );
    });

    it('no answer within the deadline', async () => {
      server.use(
        http.get(`${REPO}/actions/runs`, async () => {
          await delay('infinite');
          return runsPage([]);
        }),
      );
      const result = await run1(
        config({
          preflight: {
            checks: { 'ci-tests': { options: { timeoutMs: 150 } } },
          },
        }),
      );
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'GitHub Actions could not be read: GitHub did not answer within 150 ms',
      );
    });

    it('never put a token in any of these results', () => {
      expect(results).toHaveLength(7);
      expect(JSON.stringify(results)).not.toContain(GITHUB_TOKEN);
      expect(JSON.stringify(results)).not.toContain(GITLAB_TOKEN);
    });
  });

  describe('GitLab pipelines', () => {
    const gitlabEntity = () =>
      entity({ 'gitlab.com/project-slug': 'acme/payments/api' });

    function gitlab(list: (url: URL) => unknown[]) {
      server.use(
        http.get(`${GITLAB_API}/projects/:id/pipelines`, ({ request }) => {
          seen.push(request.clone());
          if (
            request.headers.get('authorization') !== `Bearer ${GITLAB_TOKEN}`
          ) {
            return HttpResponse.json(
              { message: '401 Unauthorized' },
              { status: 401 },
            );
          }
          return HttpResponse.json(list(new URL(request.url)));
        }),
        http.get(`${GITLAB_API}/projects/:id`, ({ request }) => {
          seen.push(request.clone());
          return HttpResponse.json({
            id: 4242,
            path_with_namespace: 'acme/payments/api',
            default_branch: 'main',
          });
        }),
      );
    }

    it('passes when the newest pipeline for the SHA succeeded, asking with the URL-encoded slug', async () => {
      gitlab(url =>
        url.searchParams.get('sha') === SHA
          ? [pipeline(2002), pipeline(2001, { status: 'failed' })]
          : [],
      );
      const result = await evaluate(
        check(),
        gitlabEntity(),
        stateWith([
          deployment({ image: `registry.gitlab.com/acme/payments/api:${SHA}` }),
        ]),
      );
      expect(result).toMatchObject({
        status: 'pass',
        summary: 'CI passed on 3f2a9c1: pipeline #2002 succeeded',
        evidence: [
          {
            type: 'link',
            title: 'pipeline #2002 (success)',
            url: 'https://gitlab.com/acme/payments/api/-/pipelines/2002',
          },
        ],
      });
      expect(new URL(seen[0].url).pathname).toBe(
        '/api/v4/projects/acme%2Fpayments%2Fapi/pipelines',
      );
    });

    it('fails on a failed pipeline and warns on a running one', async () => {
      gitlab(() => [pipeline(3001, { status: 'failed' })]);
      const failed = await evaluate(
        check(),
        gitlabEntity(),
        stateWith([
          deployment({ image: `registry.gitlab.com/acme/payments/api:${SHA}` }),
        ]),
      );
      expect(failed.status).toBe('fail');
      expect(failed.summary).toBe(
        'CI failed on 3f2a9c1: pipeline #3001 failed',
      );
      expect(failed.evidence).toEqual([
        {
          type: 'link',
          title: 'pipeline #3001 (failed)',
          url: 'https://gitlab.com/acme/payments/api/-/pipelines/3001',
        },
      ]);

      gitlab(() => [pipeline(3002, { status: 'running' })]);
      const running = await evaluate(
        check(),
        gitlabEntity(),
        stateWith([
          deployment({ image: `registry.gitlab.com/acme/payments/api:${SHA}` }),
        ]),
      );
      expect(running.status).toBe('warn');
    });

    it('checks the default branch head without a SHA', async () => {
      gitlab(url =>
        url.searchParams.get('ref') === 'main'
          ? [
              pipeline(4002, { sha: SHA }),
              pipeline(4001, { sha: OLD_SHA, status: 'failed' }),
            ]
          : [],
      );
      const result = await evaluate(
        check(),
        gitlabEntity(),
        stateWith([
          deployment({ image: 'registry.gitlab.com/acme/payments/api:1.12.0' }),
        ]),
      );
      expect(result.status).toBe('pass');
      expect(result.summary).toBe(
        'CI passed on 3f2a9c1 (head of main): pipeline #4002 succeeded',
      );
    });

    it('is unknown without a token, and the token never shows', async () => {
      const result = await evaluate(
        check(
          new ConfigReader({
            integrations: { gitlab: [{ host: 'gitlab.com' }] },
          }),
        ),
        gitlabEntity(),
        stateWith([deployment()]),
      );
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'GitLab pipelines not read: no token for gitlab.com in integrations.gitlab',
      );

      server.use(
        http.get(`${GITLAB_API}/projects/:id/pipelines`, () =>
          HttpResponse.json(
            { message: '429 Too Many Requests' },
            {
              status: 429,
              headers: {
                'RateLimit-Remaining': '0',
                'RateLimit-Reset': '1795600000',
                'Retry-After': '30',
              },
            },
          ),
        ),
      );
      const limited = await evaluate(
        check(),
        gitlabEntity(),
        stateWith([
          deployment({ image: `registry.gitlab.com/acme/payments/api:${SHA}` }),
        ]),
      );
      expect(limited.summary).toMatch(
        /^GitLab pipelines could not be read: GitLab API rate limit exceeded \(429; resets at/,
      );
      expect(
        JSON.stringify([result, limited, logger.info.mock.calls]),
      ).not.toContain(GITLAB_TOKEN);
    });
  });
});
