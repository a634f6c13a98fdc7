import path from 'path';
import pLimit from 'p-limit';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  getPodTemplate,
  PREFLIGHT_ANNOTATIONS,
  type CheckEvidence,
  type CheckResult,
  type DeliveryStatus,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type Facts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import {
  classifyReaderError,
  safeErrorDetail,
} from '../../sources/desired/errors';
import { toolTitle } from '../checks/gitopsSync';
import { objectEvidence, sourceText } from '../checks/util';
import {
  LocalRunbookReader,
  MAX_RUNBOOK_BYTES,
  RunbookReadError,
} from './localRunbook';
import { notMarkdown } from './headings';
import { runbookSections, ROLLBACK_HEADING, sectionNames } from './markdown';
import type { MarkdownSection } from './markdown';
import { raceAbort } from '../../util/raceAbort';
import { TtlMemo } from '../../util/TtlMemo';

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
  /** How long a runbook read is reused, in ms (default 60 s; 0: only while in flight). */
  cacheTtlMs?: number;
  /** Deadline of one runbook read, in ms (default 5 s). */
  readTimeoutMs?: number;
}

const ANNOTATION = PREFLIGHT_ANNOTATIONS.runbook;
const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const MAX_LINK_LENGTH = 2048;
const MAX_MEMO_ENTRIES = 500;

/** A place a runbook may be found, in order of preference. */
interface Candidate {
  /** How the link was given, for users: `metadata.links[0] "Runbook"` or the annotation. */
  label: string;
  value: string;
}

type Target =
  | { kind: 'url'; url: string }
  | { kind: 'local'; path: string }
  | { kind: 'invalid'; reason: string; decidable: boolean };

/** The result of reading one candidate. */
type Attempt = { candidate: Candidate; display?: string } & (
  | { ok: true; sections: MarkdownSection[] }
  | { ok: false; decidable: boolean; reason: string }
);

type ReadOutcome =
  | { ok: true; sections: MarkdownSection[] }
  | { ok: false; decidable: boolean; reason: string };

/** Part of the verdict: a status and the texts that explain it. */
interface Finding {
  status: 'pass' | 'fail' | 'unknown';
  summary: string;
  details: string[];
  remediation?: string;
  evidence: CheckEvidence[];
  /** The workloads (Deployments or Rollouts) a rollback was checked for. */
  workloads?: number;
}

/** The places a runbook is linked from: runbook links first (in order), then the annotation. */
export function runbookCandidates(entity: Entity): Candidate[] {
  const out: Candidate[] = [];
  (entity.metadata.links ?? []).forEach((link, index) => {
    if (typeof link?.url !== 'string' || link.url.trim() === '') return;
    const isRunbook =
      link.type?.toLocaleLowerCase('en-US') === 'runbook' ||
      /runbook/i.test(link.title ?? '');
    if (isRunbook) {
      out.push({
        label: `metadata.links[${index}]${
          link.title ? ` "${link.title}"` : ''
        }`,
        value: link.url.trim(),
      });
    }
  });
  const annotation = entity.metadata.annotations?.[ANNOTATION]?.trim();
  if (annotation) out.push({ label: ANNOTATION, value: annotation });
  return out;
}

/** Runbook links of one entity that are read, in order; the rest are counted. */
export const MAX_RUNBOOK_LINKS = 5;
/** Runbook reads in flight at most, across entities. */
const RUNBOOK_READ_CONCURRENCY = 4;

/**
 * `rollback-plan`: a rollback plan is documented and rollback is possible.
 *
 * - **Runbook.** The runbook is linked by a `metadata.links` entry of type `runbook` (or whose
 *   title contains "runbook"), else by the `preflight.dev/runbook` annotation. Links are tried in
 *   that order and the first that resolves is used (the result says which). A relative value is
 *   resolved against the entity's `backstage.io/managed-by-location`: a `url:` location as a URL,
 *   read with the `UrlReaderService`; a `file:` location as a local file, read only inside the
 *   desired state's allow-list (`preflight.desired.localRoots`). Only Markdown files (by
 *   extension) are read, and of them only the headings kept. The runbook must have a markdown
 *   heading matching "roll back" with at least one non-blank line under it.
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
  // Undecidable outcomes (a timeout, an unreachable SCM) are not remembered.
  const memo = new TtlMemo<ReadOutcome>({
    ttlMs: cacheTtlMs,
    maxEntries: MAX_MEMO_ENTRIES,
    keep: outcome => outcome.ok || outcome.decidable,
  });

  function resolveTarget(entity: Entity, value: string): Target {
    const quoted = JSON.stringify(value);
    if (value.length > MAX_LINK_LENGTH) {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `longer than ${MAX_LINK_LENGTH} characters`,
      };
    }
    if (FORBIDDEN_CHARACTERS.test(value)) {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted} contains a backslash or a control character`,
      };
    }
    if (ABSOLUTE_URL.test(value)) return urlTarget(value, quoted);

    const locationRef = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!locationRef) {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted} is a path, but the entity has no ${ANNOTATION_LOCATION} annotation to resolve it against`,
      };
    }
    let location: { type: string; target: string };
    try {
      location = parseLocationRef(locationRef);
    } catch {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted} cannot be resolved: ${ANNOTATION_LOCATION} is not a valid location reference`,
      };
    }
    if (location.type === 'url') {
      if (value.startsWith('/')) {
        return {
          kind: 'invalid',
          decidable: true,
          reason: `${quoted}: use a path relative to the catalog file (e.g. ./docs/runbook.md) or a URL`,
        };
      }
      try {
        return urlTarget(new URL(value, location.target).toString(), quoted);
      } catch {
        return {
          kind: 'invalid',
          decidable: true,
          reason: `${quoted} cannot be resolved against the entity's location`,
        };
      }
    }
    if (location.type === 'file') {
      if (!local.hasRoots()) {
        return {
          kind: 'invalid',
          decidable: false,
          reason: `${quoted} refers to a local file, but reading local files is disabled (preflight.desired.localRoots is empty)`,
        };
      }
      const catalogFile = path.resolve(workingDirectory, location.target);
      return {
        kind: 'local',
        path: path.isAbsolute(value)
          ? path.resolve(value)
          : path.resolve(path.dirname(catalogFile), value),
      };
    }
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted} cannot be resolved against a location of type '${location.type}'`,
    };
  }

  function urlTarget(candidate: string, quoted: string): Target {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted} is not a valid URL`,
      };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted}: only http(s) URLs are read (local files are given as paths relative to the catalog file)`,
      };
    }
    if (url.username || url.password) {
      return {
        kind: 'invalid',
        decidable: true,
        reason:
          'runbook URLs must not contain credentials (configure an integration instead)',
      };
    }
    return { kind: 'url', url: url.toString() };
  }

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
    const target = resolveTarget(entity, candidate.value);
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

  async function runbookFinding(
    entity: Entity,
    signal?: AbortSignal,
  ): Promise<Finding> {
    const candidates = runbookCandidates(entity);
    if (candidates.length === 0) {
      return {
        status: 'fail',
        summary: 'No runbook',
        details: [
          `The entity links no runbook: no \`metadata.links\` entry of type \`runbook\` and no \`${ANNOTATION}\` annotation.`,
        ],
        remediation: `Write a runbook with a **Rollback** section and link it: a \`metadata.links\` entry with \`type: runbook\`, or the \`${ANNOTATION}\` annotation (a URL, or a path relative to the catalog file). The golden-path action \`preflight:docs:runbook\` writes one.`,
        evidence: [],
      };
    }

    // A catalog author can list any number of links: only the first few are read.
    const read = candidates.slice(0, MAX_RUNBOOK_LINKS);
    const attempts = await Promise.all(
      read.map(c => reads(() => attempt(entity, c, signal))),
    );
    const tried = [
      ...attempts.map(
        a =>
          `- ${a.candidate.label} → ${
            a.display ?? JSON.stringify(a.candidate.value)
          }: ${a.ok ? 'read' : a.reason}`,
      ),
      ...(candidates.length > read.length
        ? [
            `- … and ${
              candidates.length - read.length
            } more runbook links, not read (at most ${MAX_RUNBOOK_LINKS} per entity)`,
          ]
        : []),
    ];
    const used = attempts.find((a): a is Attempt & { ok: true } => a.ok);
    if (!used) {
      const first = attempts[0] as Attempt & { ok: false };
      const undecidable = attempts.some(a => !a.ok && !a.decidable);
      const where = first.display ?? JSON.stringify(first.candidate.value);
      return {
        status: undecidable ? 'unknown' : 'fail',
        summary: undecidable
          ? `Runbook could not be read: ${where} (${first.reason})`
          : `Runbook does not resolve: ${where} (${first.reason})`,
        details: ['Runbook links tried, in order:', ...tried],
        ...(undecidable
          ? {}
          : {
              remediation: `Fix the runbook link (\`metadata.links\` type \`runbook\` or \`${ANNOTATION}\`) so that it points at an existing runbook.`,
            }),
        evidence: attempts.flatMap(a =>
          a.display && /^https?:/.test(a.display)
            ? [
                {
                  type: 'link' as const,
                  title: `Runbook (${a.candidate.label})`,
                  url: a.display,
                },
              ]
            : [],
        ),
      };
    }

    const where = used.display ?? used.candidate.value;
    const evidence: CheckEvidence[] = [
      { type: 'link', title: `Runbook (${used.candidate.label})`, url: where },
    ];
    const via = `${where} (via ${used.candidate.label})`;
    const fallbackNote =
      attempts.indexOf(used) > 0
        ? ['Runbook links tried, in order:', ...tried]
        : [];
    const rollback = used.sections.filter(s => ROLLBACK_HEADING.test(s.title));
    const withContent = rollback.find(s => s.contentLines > 0);
    if (withContent) {
      return {
        status: 'pass',
        summary: `Runbook has a "${withContent.title}" section (via ${used.candidate.label})`,
        details: [
          `Runbook: ${via}; "${withContent.title}" at line ${withContent.line}.`,
          ...fallbackNote,
        ],
        evidence,
      };
    }
    const names = sectionNames(used.sections);
    const listed = names.length ? names.map(n => `"${n}"`).join(', ') : 'none';
    return {
      status: 'fail',
      summary:
        rollback.length > 0
          ? `The runbook's "${rollback[0].title}" section is empty`
          : `The runbook has no rollback section (sections: ${listed})`,
      details: [`Runbook: ${via}. Sections: ${listed}.`, ...fallbackNote],
      remediation:
        'Add a **Rollback** section to the runbook (e.g. `## Rollback`): how to roll back — `argocd app rollback <app> <id>` or `kubectl rollout undo deployment/<name>` — and how to verify the result.',
      evidence,
    };
  }

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
        runbookFinding(entity, signal),
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

/**
 * What the GitOps tool recorded to roll back to, as details lines: its deployment history (Argo CD
 * `status.history`, Flux HelmRelease history), newest first. Informative: a rollback through the
 * tool still needs the workloads' own revisions or the previous manifests.
 */
export function deliveryHistory(
  delivery: DeliveryStatus | undefined,
): string[] {
  if (!delivery) return [];
  const tool = toolTitle(delivery);
  const recorded = delivery.history ?? [];
  // The history holds the current deployment too: what lies after it can be rolled back to.
  const current = recorded.findIndex(
    r => r.revision === delivery.appliedRevision,
  );
  const history = recorded.slice(current + 1);
  if (history.length === 0) {
    return [
      `${tool} ${delivery.name} has no earlier deployment recorded to roll back to.`,
    ];
  }
  const [previous] = history;
  const command =
    delivery.tool === 'argocd' && previous.id
      ? ` (\`argocd app rollback ${delivery.name.replace(
          /^Application /,
          '',
        )} ${previous.id}\`)`
      : '';
  return [
    `${tool} ${delivery.name} recorded ${history.length} earlier deployment${
      history.length === 1 ? '' : 's'
    }; the newest is ${previous.revision}${
      previous.deployedAt ? `, deployed ${previous.deployedAt}` : ''
    }${command}.`,
  ];
}

/** Every Deployment keeps revisions, or Argo Rollouts (keeping revisions) is used. */
function rollbackPossible(facts: Facts): Finding {
  if (!facts.available) {
    return {
      status: 'unknown',
      summary: `Rollback not verified: ${facts.reason}`,
      details: [`Cannot check the workloads: ${facts.reason}.`],
      evidence: [],
    };
  }
  const rollouts = facts.objects.filter(
    o =>
      o.kind === 'Rollout' &&
      String(o.apiVersion ?? '').startsWith('argoproj.io/'),
  );
  // A Deployment without containers (a Kustomize patch) is nothing that could be rolled back.
  const deployments = facts.objects.filter(
    o =>
      o.kind === 'Deployment' &&
      (getPodTemplate(o)?.podSpec.containers?.length ?? 0) > 0,
  );
  const checked = rollouts.length > 0 ? rollouts : deployments;
  const where = sourceText(facts);
  if (checked.length === 0) {
    return {
      status: 'unknown',
      summary: `No Deployment or Argo Rollout found in the ${where}`,
      details: [
        `No Deployment or Argo Rollout in the ${where}: whether a rollback is possible is not known.`,
      ],
      evidence: [],
    };
  }
  const keepsNone = (o: KubernetesObject) => {
    const limit = o.spec?.revisionHistoryLimit;
    return typeof limit === 'number' && limit <= 0;
  };
  const describe = (o: KubernetesObject) =>
    `- ${o.kind} ${o.metadata.name}: revisionHistoryLimit ${
      typeof o.spec?.revisionHistoryLimit === 'number'
        ? o.spec.revisionHistoryLimit
        : '(default 10)'
    }`;
  const none = checked.filter(keepsNone);
  const via =
    rollouts.length > 0
      ? `Rolled out with Argo Rollouts (${rollouts.length} Rollout${
          rollouts.length === 1 ? '' : 's'
        }); Deployments are not checked.`
      : undefined;
  if (none.length > 0) {
    const first = none[0];
    return {
      status: 'fail',
      summary: `${first.kind} ${
        first.metadata.name
      } keeps no old revisions (revisionHistoryLimit: 0), so it cannot be rolled back${
        none.length > 1 ? ` (and ${none.length - 1} more)` : ''
      }`,
      details: [...(via ? [via] : []), ...checked.map(describe)],
      remediation:
        rollouts.length > 0
          ? 'Set `spec.revisionHistoryLimit` of the Rollout to at least 1 (the default is 10) so that it can be aborted or undone.'
          : 'Set `spec.revisionHistoryLimit` to at least 1 (the default is 10; remove the field to use it) so that `kubectl rollout undo` has a previous ReplicaSet to return to, or roll out with Argo Rollouts.',
      evidence: none.map(o =>
        objectEvidence(facts, {
          kind: o.kind,
          name: o.metadata.name,
          namespace: o.metadata.namespace,
        }),
      ),
    };
  }
  const noun = rollouts.length > 0 ? 'Rollout' : 'Deployment';
  return {
    status: 'pass',
    summary: `${
      checked.length === 1
        ? `the ${noun} keeps`
        : `all ${checked.length} ${noun}s keep`
    } old revisions to roll back to`,
    details: [
      `From the ${where}.`,
      ...(via ? [via] : []),
      ...checked.map(describe),
    ],
    evidence: [],
    workloads: checked.length,
  };
}
