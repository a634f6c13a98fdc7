import { field, getJson, type ApiRequest, CiApiError } from './http';
import type { CiFinding } from './types';

/** A pipeline as `GET /projects/:id/pipelines` returns it (the fields read). */
export interface GitlabPipeline {
  id: number;
  iid?: number;
  project_id?: number;
  sha: string;
  ref: string;
  status: string;
  source?: string;
  name?: string | null;
  web_url: string;
  created_at?: string;
  updated_at?: string;
}

const FAILED = new Set(['failed', 'canceled']);
const RUNNING = new Set([
  'created',
  'waiting_for_resource',
  'preparing',
  'pending',
  'running',
  'scheduled',
  'canceling',
]);

/** What the GitLab lookup works on. */
export interface GitlabTarget {
  /** e.g. `https://gitlab.com/api/v4`. */
  apiBaseUrl: string;
  /** `group/subgroup/project`. */
  slug: string;
}

const short = (sha: string) => sha.slice(0, 7);
const pipelineName = (p: GitlabPipeline) =>
  `pipeline #${p.id}${p.name ? ` "${p.name}"` : ''}`;

/**
 * The GitLab pipeline verdict for a commit or, without one, for the head of the default branch:
 * the newest pipeline for the commit decides. Throws {@link CiApiError} when the API does not
 * answer usefully.
 *
 * Requests (the project id is the URL-encoded slug): `GET /projects/:id/repository/commits/:sha`
 * (abbreviated SHA only), `GET /projects/:id/pipelines?sha=…`; without a SHA `GET /projects/:id`
 * (default branch) and `GET /projects/:id/pipelines?ref=…`.
 */
export async function gitlabFinding(
  target: GitlabTarget,
  sha: string | undefined,
  request: ApiRequest,
): Promise<CiFinding> {
  const project = `${target.apiBaseUrl}/projects/${encodeURIComponent(
    target.slug,
  )}`;
  let pipelines: GitlabPipeline[];
  let revision: string;

  if (sha) {
    let full = sha;
    if (sha.length < 40) {
      try {
        const commit = await getJson(
          `${project}/repository/commits/${sha}`,
          `commit ${sha} of ${target.slug}`,
          request,
        );
        const id = field(commit, 'id');
        if (typeof id !== 'string') {
          throw new CiApiError(
            'BAD_RESPONSE',
            `GitLab answered commit ${sha} without an id`,
          );
        }
        full = id;
      } catch (error) {
        if (error instanceof CiApiError && error.reason === 'NOT_FOUND') {
          return {
            status: 'unknown',
            summary: `Commit ${sha} is not in ${target.slug} (or the project is not visible)`,
            details: [
              `GitLab does not know commit ${sha} in ${target.slug}: ${error.message}.`,
            ],
            evidence: [],
            transient: false,
          };
        }
        throw error;
      }
    }
    pipelines = pipelinesOf(
      await getJson(
        `${project}/pipelines?sha=${full}&per_page=20&order_by=id&sort=desc`,
        `the pipelines of ${target.slug}`,
        request,
      ),
    );
    revision = short(full);
  } else {
    const info = await getJson(project, `project ${target.slug}`, request);
    const branch = field(info, 'default_branch');
    if (typeof branch !== 'string' || branch === '') {
      throw new CiApiError(
        'BAD_RESPONSE',
        `GitLab answered project ${target.slug} without a default branch`,
      );
    }
    const all = pipelinesOf(
      await getJson(
        `${project}/pipelines?ref=${encodeURIComponent(
          branch,
        )}&per_page=20&order_by=id&sort=desc`,
        `the pipelines of ${target.slug}`,
        request,
      ),
    );
    if (all.length === 0) {
      return {
        status: 'unknown',
        summary: `No GitLab pipelines on ${branch} of ${target.slug}`,
        details: [`GitLab lists no pipeline on the default branch ${branch}.`],
        remediation:
          'Run the tests in a GitLab pipeline on every push, so that the deployed revision has a result.',
        evidence: [],
        transient: false,
      };
    }
    const head = all[0].sha;
    pipelines = all.filter(p => p.sha === head);
    revision = `${short(head)} (head of ${branch})`;
  }

  const details = [
    `GitLab pipelines of ${target.slug} on ${revision}, newest first:`,
    ...(pipelines.length
      ? pipelines
          .slice(0, 10)
          .map(
            p =>
              `- [${pipelineName(p)}](${p.web_url}) (${p.source ?? p.ref}): ${
                p.status
              }`,
          )
      : ['- none']),
  ];
  const latest = pipelines[0];
  if (!latest) {
    return {
      status: 'unknown',
      summary: `No GitLab pipeline for ${revision} in ${target.slug}`,
      details,
      remediation:
        'Run the tests in a GitLab pipeline on every commit that is deployed.',
      evidence: [],
      transient: false,
    };
  }
  const evidence = [
    {
      type: 'link' as const,
      title: `${pipelineName(latest)} (${latest.status})`,
      url: latest.web_url,
    },
  ];
  if (latest.status === 'success') {
    return {
      status: 'pass',
      summary: `CI passed on ${revision}: ${pipelineName(latest)} succeeded`,
      details,
      evidence,
      runs: 1,
      transient: false,
    };
  }
  if (FAILED.has(latest.status)) {
    return {
      status: 'fail',
      summary: `CI failed on ${revision}: ${pipelineName(latest)} ${
        latest.status
      }`,
      details,
      remediation:
        'Fix the failing pipeline and retry it, or deploy a revision whose CI passed.',
      evidence,
      transient: false,
    };
  }
  return {
    status: 'warn',
    summary: RUNNING.has(latest.status)
      ? `CI not finished on ${revision}: ${pipelineName(latest)} is ${
          latest.status
        }`
      : `CI did not decide on ${revision}: ${pipelineName(latest)} is ${
          latest.status
        }`,
    details,
    evidence,
    transient: false,
  };
}

function pipelinesOf(page: unknown): GitlabPipeline[] {
  if (!Array.isArray(page)) {
    throw new CiApiError(
      'BAD_RESPONSE',
      'GitLab answered the pipelines with something that is not a list',
    );
  }
  return page
    .filter(
      (p): p is GitlabPipeline =>
        typeof field(p, 'sha') === 'string' &&
        typeof field(p, 'web_url') === 'string' &&
        typeof field(p, 'id') === 'number',
    )
    .sort((a: GitlabPipeline, b: GitlabPipeline) => b.id - a.id);
}
