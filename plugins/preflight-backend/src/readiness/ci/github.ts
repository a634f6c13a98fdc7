import type { CheckEvidence } from '@preflight/plugin-preflight-common';
import { field, getJson, type ApiRequest, CiApiError } from './http';
import type { CiFinding } from './types';

/** A workflow run as `GET /repos/{owner}/{repo}/actions/runs` returns it (the fields read). */
export interface GithubWorkflowRun {
  id: number;
  name?: string | null;
  workflow_id?: number;
  head_sha: string;
  head_branch?: string | null;
  event?: string;
  status: string | null;
  conclusion: string | null;
  html_url: string;
  created_at: string;
  run_attempt?: number;
}

const FAILED = new Set([
  'failure',
  'timed_out',
  'cancelled',
  'startup_failure',
]);
const PASSED = new Set(['success', 'neutral', 'skipped']);
const MAX_EVIDENCE = 5;

/** What the GitHub lookup works on. */
export interface GithubTarget {
  apiBaseUrl: string;
  owner: string;
  repo: string;
  /** Only these workflows (by name, case-insensitive) count; all when absent. */
  workflows?: string[];
}

const short = (sha: string) => sha.slice(0, 7);

/**
 * The GitHub Actions verdict for a commit (full or abbreviated SHA) or, without one, for the head
 * of the default branch. Throws {@link CiApiError} when the API does not answer usefully.
 *
 * Requests: `GET /repos/{owner}/{repo}/commits/{sha}` (abbreviated SHA only, to expand it),
 * `GET /repos/{owner}/{repo}/actions/runs?head_sha=…&per_page=100`; without a SHA
 * `GET /repos/{owner}/{repo}` (default branch) and
 * `GET /repos/{owner}/{repo}/actions/runs?branch=…&per_page=100` (the newest run's commit).
 */
export async function githubFinding(
  target: GithubTarget,
  sha: string | undefined,
  request: ApiRequest,
): Promise<CiFinding> {
  const repoPath = `${target.apiBaseUrl}/repos/${encodeURIComponent(
    target.owner,
  )}/${encodeURIComponent(target.repo)}`;
  const slug = `${target.owner}/${target.repo}`;
  let runs: GithubWorkflowRun[];
  let head: string;
  let revision: string;

  if (sha) {
    head = sha;
    if (sha.length < 40) {
      try {
        const commit = await getJson(
          `${repoPath}/commits/${sha}`,
          `commit ${sha} of ${slug}`,
          request,
        );
        const full = field(commit, 'sha');
        if (typeof full !== 'string') {
          throw new CiApiError(
            'BAD_RESPONSE',
            `GitHub answered commit ${sha} without a SHA`,
          );
        }
        head = full;
      } catch (error) {
        if (error instanceof CiApiError && error.reason === 'NOT_FOUND') {
          return {
            status: 'unknown',
            summary: `Commit ${sha} is not in ${slug} (or the repository is not visible)`,
            details: [
              `GitHub does not know commit ${sha} in ${slug}: ${error.message}.`,
            ],
            evidence: [],
            transient: false,
          };
        }
        throw error;
      }
    }
    const page = await getJson(
      `${repoPath}/actions/runs?head_sha=${head}&per_page=100`,
      `the workflow runs of ${slug}`,
      request,
    );
    runs = runsOf(page);
    revision = short(head);
  } else {
    const repository = await getJson(repoPath, `repository ${slug}`, request);
    const branch = field(repository, 'default_branch');
    if (typeof branch !== 'string' || branch === '') {
      throw new CiApiError(
        'BAD_RESPONSE',
        `GitHub answered repository ${slug} without a default branch`,
      );
    }
    const page = await getJson(
      `${repoPath}/actions/runs?branch=${encodeURIComponent(
        branch,
      )}&per_page=100`,
      `the workflow runs of ${slug}`,
      request,
    );
    const all = newestFirst(runsOf(page));
    if (all.length === 0) {
      return {
        status: 'unknown',
        summary: `No GitHub Actions runs on ${branch} of ${slug}`,
        details: [
          `GitHub lists no workflow run on the default branch ${branch}.`,
        ],
        remediation:
          'Run the tests in GitHub Actions on every push, so that the deployed revision has a result.',
        evidence: [],
        transient: false,
      };
    }
    head = all[0].head_sha;
    runs = all.filter(r => r.head_sha === head);
    revision = `${short(head)} (head of ${branch})`;
  }
  return decide(runs, revision, slug, target.workflows);
}

function runsOf(page: unknown): GithubWorkflowRun[] {
  const runs = field(page, 'workflow_runs');
  if (!Array.isArray(runs)) {
    throw new CiApiError(
      'BAD_RESPONSE',
      'GitHub answered the workflow runs without workflow_runs',
    );
  }
  return runs.filter(
    (r): r is GithubWorkflowRun =>
      typeof field(r, 'head_sha') === 'string' &&
      typeof field(r, 'html_url') === 'string',
  );
}

function newestFirst(runs: GithubWorkflowRun[]): GithubWorkflowRun[] {
  return [...runs].sort(
    (a, b) =>
      Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id,
  );
}

const runName = (r: GithubWorkflowRun) => r.name || `workflow run ${r.id}`;
const runState = (r: GithubWorkflowRun) =>
  r.status === 'completed'
    ? r.conclusion ?? 'completed'
    : r.status ?? 'unknown';

function decide(
  runs: GithubWorkflowRun[],
  revision: string,
  slug: string,
  workflows?: string[],
): CiFinding {
  // The newest run of each workflow decides for that workflow (a re-run replaces a failure).
  const latest = new Map<string, GithubWorkflowRun>();
  for (const run of newestFirst(runs)) {
    const key =
      run.workflow_id !== undefined
        ? `id:${run.workflow_id}`
        : `name:${run.name}`;
    if (!latest.has(key)) latest.set(key, run);
  }
  let considered = [...latest.values()].sort((a, b) =>
    runName(a).localeCompare(runName(b), 'en'),
  );
  const wanted = workflows?.map(w => w.toLocaleLowerCase('en-US'));
  const missing: string[] = [];
  if (wanted && wanted.length > 0) {
    considered = considered.filter(r =>
      wanted.includes(runName(r).toLocaleLowerCase('en-US')),
    );
    for (const [index, name] of wanted.entries()) {
      if (
        !considered.some(r => runName(r).toLocaleLowerCase('en-US') === name)
      ) {
        missing.push(workflows![index]);
      }
    }
  }

  const table = considered.map(
    r => `- [${runName(r)}](${r.html_url}): ${runState(r)}`,
  );
  const details = [
    `GitHub Actions runs of ${slug} on ${revision}${
      wanted?.length ? ` (workflows: ${workflows!.join(', ')})` : ''
    }:`,
    ...(table.length ? table : ['- none']),
    ...(missing.length ? [`Not run: ${missing.join(', ')}`] : []),
  ];
  const link = (r: GithubWorkflowRun): CheckEvidence => ({
    type: 'link',
    title: `${runName(r)} (${runState(r)})`,
    url: r.html_url,
  });

  if (considered.length === 0) {
    return {
      status: 'unknown',
      summary: `No GitHub Actions runs for ${revision} in ${slug}`,
      details,
      remediation:
        'Run the tests in GitHub Actions on every commit that is deployed.',
      evidence: [],
      transient: false,
    };
  }
  const failed = considered.filter(
    r => r.status === 'completed' && FAILED.has(r.conclusion ?? ''),
  );
  if (failed.length > 0) {
    return {
      status: 'fail',
      summary: `CI failed on ${revision}: "${runName(failed[0])}" ${
        failed[0].conclusion
      }${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ''}`,
      details,
      remediation:
        'Fix the failing workflow and re-run it, or deploy a revision whose CI passed.',
      evidence: failed.slice(0, MAX_EVIDENCE).map(link),
      transient: false,
    };
  }
  const pending = considered.filter(
    r => r.status !== 'completed' || !PASSED.has(r.conclusion ?? ''),
  );
  if (pending.length > 0 || missing.length > 0) {
    const first = pending[0];
    return {
      status: 'warn',
      summary: first
        ? `CI not finished on ${revision}: "${runName(first)}" is ${runState(
            first,
          )}`
        : `CI has not run ${missing
            .map(m => `"${m}"`)
            .join(', ')} on ${revision}`,
      details,
      evidence: pending.slice(0, MAX_EVIDENCE).map(link),
      transient: false,
    };
  }
  return {
    status: 'pass',
    summary: `CI passed on ${revision}: ${considered.length} workflow${
      considered.length === 1 ? '' : 's'
    } succeeded`,
    details,
    evidence: considered.slice(0, MAX_EVIDENCE).map(link),
    runs: considered.length,
    transient: false,
  };
}
