import type { Config } from '@backstage/config';
import type {
  CheckEvidence,
  CheckResult,
  EnvironmentState,
} from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type Facts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import {
  TRIVY_SEVERITIES,
  countBySeverity,
  describeContainer,
  hasTrivyReports,
  parseVulnerabilityReport,
  pickReport,
  reportsForContainer,
  runningContainers,
  type ImageMatch,
  type ParsedVulnerabilityReport,
  type RunningContainer,
  type SeverityCounts,
  type VulnerabilityFinding,
} from '../../trivy';
import { capped, MAX_LISTED_FINDINGS, noFacts, objectEvidence } from './util';
import { unreadRemediation, WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

type AvailableFacts = Extract<Facts, { available: true }>;

/** The defaults of the check's thresholds. */
export const IMAGE_VULNERABILITY_DEFAULTS = {
  critical: 0,
  high: 5,
  maxReportAgeHours: 24 * 7,
} as const;

/** `preflight.checks.image-vulnerabilities.options` */
export const IMAGE_VULNERABILITY_OPTIONS_KEY =
  'preflight.checks.image-vulnerabilities.options';

/**
 * Validates `preflight.checks.image-vulnerabilities.options` at start-up (the check reads them
 * again from its settings when it runs); throws naming the key.
 */
export function validateImageVulnerabilityOptions(root: Config): void {
  const block = root.getOptionalConfig(IMAGE_VULNERABILITY_OPTIONS_KEY);
  for (const key of block?.keys() ?? []) {
    if (key !== 'ignoreUnfixed') {
      throw new Error(
        `Invalid config at '${IMAGE_VULNERABILITY_OPTIONS_KEY}.${key}': unknown option (allowed: ignoreUnfixed)`,
      );
    }
    if (typeof block!.getOptional(key) !== 'boolean') {
      throw new Error(
        `Invalid config at '${IMAGE_VULNERABILITY_OPTIONS_KEY}.${key}': expected true or false`,
      );
    }
  }
}

/** What the check needs from outside; tests fix the clock. */
export interface ImageVulnerabilitiesOptions {
  now?: () => Date;
}

interface Limits {
  critical: number;
  high: number;
  maxReportAgeHours: number;
  ignoreUnfixed: boolean;
}

/** A container whose report could be read and counted. */
interface Counted {
  status: 'over' | 'within';
  c: RunningContainer;
  report: Found;
  counts: SeverityCounts;
  /** The vulnerabilities counted (fixable only when `ignoreUnfixed`), when listed. */
  counted: VulnerabilityFinding[];
  ageHours: number;
  /** Older than allowed but for the digest that runs: its findings still hold. */
  stale: boolean;
}

/** A container the check cannot decide, and why. */
interface Undecided {
  status: 'undecided';
  c: RunningContainer;
  why: string;
  report?: Found;
}

/** The decision for one container. */
type Outcome = Counted | Undecided;

type Found = ParsedVulnerabilityReport;

const plural = (n: number, word: string) =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

const hours = (h: number) =>
  h >= 48 ? `${Math.floor(h / 24)} days` : `${Math.max(0, Math.round(h))} h`;

function countsText(counts: SeverityCounts, all = false): string {
  const parts = [`${counts.critical} critical`, `${counts.high} high`];
  if (all) {
    parts.push(
      `${counts.medium} medium`,
      `${counts.low} low`,
      ...(counts.unknown ? [`${counts.unknown} unknown`] : []),
    );
  }
  return parts.join(', ');
}

function sum(outcomes: readonly { counts: SeverityCounts }[]): SeverityCounts {
  const total: SeverityCounts = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
  };
  for (const o of outcomes) {
    for (const key of Object.keys(total) as (keyof SeverityCounts)[]) {
      total[key] += o.counts[key];
    }
  }
  return total;
}

const rank = (v: VulnerabilityFinding) => TRIVY_SEVERITIES.indexOf(v.severity);

/** Critical first, then those with a fix, then by score. */
function byImportance(a: VulnerabilityFinding, b: VulnerabilityFinding) {
  return (
    rank(a) - rank(b) ||
    Number(Boolean(b.fixedVersion)) - Number(Boolean(a.fixedVersion)) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    a.id.localeCompare(b.id)
  );
}

function decide(
  c: RunningContainer,
  candidates: readonly { report: Found; match: ImageMatch }[],
  limits: Limits,
  now: number,
): Outcome {
  const picked = pickReport(candidates);
  if (!picked) {
    return {
      status: 'undecided',
      c,
      why: `no VulnerabilityReport for ${describeContainer(c)}`,
    };
  }
  const { report, match } = picked;
  if (!match.matches) {
    return {
      status: 'undecided',
      c,
      report,
      why: `stale VulnerabilityReport ${report.name}: ${match.message}`,
    };
  }
  const at = report.updatedAt ? Date.parse(report.updatedAt) : NaN;
  if (!Number.isFinite(at)) {
    return {
      status: 'undecided',
      c,
      report,
      why: `VulnerabilityReport ${report.name} has no update time`,
    };
  }
  const ageHours = (now - at) / 3_600_000;
  const listed = report.vulnerabilities;
  let counts: SeverityCounts | undefined;
  let counted: VulnerabilityFinding[] = [];
  if (limits.ignoreUnfixed) {
    if (listed) {
      counted = listed.filter(v => v.fixedVersion !== '');
      counts = countBySeverity(counted);
    } else if (
      report.summary &&
      Object.values(report.summary).every(n => n === 0)
    ) {
      counts = report.summary;
    }
    if (!counts) {
      return {
        status: 'undecided',
        c,
        report,
        why: `VulnerabilityReport ${report.name} lists no vulnerabilities to tell the fixable ones (ignoreUnfixed)`,
      };
    }
  } else {
    counted = listed ?? [];
    counts = report.summary ?? (listed ? countBySeverity(listed) : undefined);
    if (!counts) {
      return {
        status: 'undecided',
        c,
        report,
        why: `VulnerabilityReport ${report.name} has no summary of counts`,
      };
    }
  }
  const over = counts.critical > limits.critical || counts.high > limits.high;
  const stale = ageHours > limits.maxReportAgeHours;
  if (stale && !(over && match.by === 'digest')) {
    return {
      status: 'undecided',
      c,
      report,
      why: `VulnerabilityReport ${report.name} for ${c.container} is ${hours(
        ageHours,
      )} old (max ${limits.maxReportAgeHours} h)`,
    };
  }
  return {
    status: over ? 'over' : 'within',
    c,
    report,
    counts,
    counted,
    ageHours,
    stale,
  };
}

function reportEvidence(facts: AvailableFacts, report: Found): CheckEvidence {
  return objectEvidence(facts, {
    kind: 'VulnerabilityReport',
    name: report.name,
    ...(report.namespace ? { namespace: report.namespace } : {}),
  });
}

function readLimits(config: Config): Limits {
  const thresholds = config.getOptionalConfig('thresholds');
  const options = config.getOptionalConfig('options');
  return {
    critical:
      thresholds?.getOptionalNumber('critical') ??
      IMAGE_VULNERABILITY_DEFAULTS.critical,
    high:
      thresholds?.getOptionalNumber('high') ??
      IMAGE_VULNERABILITY_DEFAULTS.high,
    maxReportAgeHours:
      thresholds?.getOptionalNumber('maxReportAgeHours') ??
      IMAGE_VULNERABILITY_DEFAULTS.maxReportAgeHours,
    ignoreUnfixed: options?.getOptionalBoolean('ignoreUnfixed') ?? false,
  };
}

const where = (state: EnvironmentState) =>
  state.live.location ?? state.environment.name;

const REMEDIATION_MISSING =
  'Check that the Trivy Operator scans this namespace (its `targetNamespaces`), that its scan jobs succeed (`kubectl get jobs -n <operator namespace>`), and that it does not skip these containers (`skipInitContainers`, excluded namespaces or workload kinds). A report for another image is replaced by the next scan; delete it to trigger one (`kubectl delete vulnerabilityreport <name> -n <namespace>`). The operator rescans after its report TTL (`scannerReportTTL`).';

const REMEDIATION_OVER =
  'Rebuild the image on a patched base image and upgrade the listed packages to their fixed versions, then redeploy. A vulnerability without a fix can be accepted with a waiver, or left out of the counts with `preflight.checks.image-vulnerabilities.options.ignoreUnfixed`.';

/**
 * `image-vulnerabilities`: the images the component runs in the environment have no more known
 * critical and high vulnerabilities than allowed, as the Trivy Operator's VulnerabilityReports in
 * the cluster say. Only the live state is read (reports exist only in clusters).
 *
 * - a report per container (for the ReplicaSet of a Deployment, or the workload itself), for the
 *   image that runs (its digest, or its tag when no digest is known): a report for another image
 *   is `unknown`, never a pass;
 * - over `thresholds.critical` / `thresholds.high`: `fail`, with the counts and the most severe
 *   vulnerabilities; within: `pass`;
 * - a report older than `thresholds.maxReportAgeHours`: `unknown` (but over the thresholds for the
 *   digest that runs, still `fail`: an image's vulnerabilities do not go away with time);
 * - `options.ignoreUnfixed`: only vulnerabilities with a fixed version count;
 * - no Trivy Operator report at all in the cluster, the API not served, or no cluster configured
 *   for the environment: `not-applicable`;
 * - reports not readable (403) or not listed in time (`UNAVAILABLE`), the cluster in error, or the
 *   component not deployed: `unknown`.
 */
export function createImageVulnerabilitiesCheck(
  options: ImageVulnerabilitiesOptions = {},
): PreflightCheck {
  const clock = options.now ?? (() => new Date());
  return {
    id: 'image-vulnerabilities',
    title: 'No known critical vulnerabilities',
    description:
      'The images the component runs have no more known critical and high vulnerabilities than allowed, per the Trivy Operator in the cluster.',
    defaultSeverity: 'blocking',
    // The containers come from these; VulnerabilityReport is handled here, since a report API the
    // cluster does not serve means no Trivy Operator (not-applicable), not an undecided check.
    requiredKinds: WORKLOAD_CONTROLLER_KINDS,
    thresholds: {
      critical: {
        description: 'Most critical vulnerabilities allowed per container',
        default: IMAGE_VULNERABILITY_DEFAULTS.critical,
        min: 0,
        max: 10_000,
      },
      high: {
        description: 'Most high vulnerabilities allowed per container',
        default: IMAGE_VULNERABILITY_DEFAULTS.high,
        min: 0,
        max: 10_000,
      },
      maxReportAgeHours: {
        description: 'A VulnerabilityReport at most this old',
        default: IMAGE_VULNERABILITY_DEFAULTS.maxReportAgeHours,
        min: 1,
        max: 24 * 90,
      },
    },
    async evaluate({ state, config }): Promise<CheckResult> {
      const limits = readLimits(config);
      if (state.live.status === 'not-configured') {
        // No cluster to ask: there is no Trivy Operator to read, as in a cluster without one.
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator to read: ${
            state.live.message ??
            `environment '${state.environment.name}' has no cluster`
          }`,
        };
      }
      if (state.live.status !== 'ok') {
        return noFacts(
          `vulnerability reports are cluster facts (Trivy Operator), and live state is ${
            state.live.status
          }${
            state.live.status === 'error' && state.live.error
              ? ` (${state.live.error.reason}: ${state.live.error.message})`
              : ''
          }`,
        );
      }
      const facts = selectFacts(state, 'live');
      if (!facts.available || facts.source !== 'live') {
        return noFacts(facts.available ? 'no live state' : facts.reason);
      }
      const readAt = facts.readAt ? { factsReadAt: facts.readAt } : {};
      const unread = (facts.unreadKinds ?? []).filter(
        u => u.kind === 'VulnerabilityReport',
      );
      // Denied, or listed and failed: the reports exist but are not known.
      const notRead = unread.filter(u => u.reason !== 'NOT_SERVED');
      if (notRead.length > 0) {
        return {
          status: 'unknown',
          summary: `Not decided: VulnerabilityReport could not be read (${notRead
            .map(u => u.reason)
            .join(', ')}) in ${where(state)}`,
          details: notRead
            .map(u => `- ${u.kind} (${u.apiVersion}): ${u.message}`)
            .join('\n'),
          remediation:
            unreadRemediation(notRead) ||
            'The listing of the reports failed or did not finish within `preflight.live.timeoutMs`: see the message, and the next evaluation will read them again.',
          ...readAt,
        };
      }
      if (unread.length > 0) {
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator in ${where(
            state,
          )}: the cluster does not serve VulnerabilityReport (${
            unread[0].apiVersion
          })`,
          ...readAt,
        };
      }
      if (!hasTrivyReports(facts.objects)) {
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator reports in ${where(state)}`,
          details:
            'The live state holds no VulnerabilityReport, ExposedSecretReport or SbomReport for this component: the Trivy Operator is not installed in the cluster, or has not scanned this namespace.',
          ...readAt,
        };
      }

      const containers = runningContainers(facts.objects);
      const evaluated = { subject: 'containers', count: containers.length };
      if (containers.length === 0) {
        return {
          status: 'unknown',
          summary: 'No containers found in the live state',
          details:
            'Nothing to evaluate: the live state holds no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod of the component with containers.',
          evaluated,
          ...readAt,
        };
      }

      const reports = facts.objects
        .map(parseVulnerabilityReport)
        .filter((r): r is Found => Boolean(r));
      const now = clock().getTime();
      const outcomes = containers.map(c =>
        decide(c, reportsForContainer(reports, c, facts.objects), limits, now),
      );
      return summarize(facts, outcomes, limits, evaluated, readAt);
    },
  };
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function summarize(
  facts: AvailableFacts,
  outcomes: Outcome[],
  limits: Limits,
  evaluated: { subject: string; count: number },
  readAt: { factsReadAt?: string },
): CheckResult {
  const total = outcomes.length;
  const over = outcomes.filter((o): o is Counted => o.status === 'over');
  const within = outcomes.filter((o): o is Counted => o.status === 'within');
  const undecided = outcomes.filter(
    (o): o is Undecided => o.status === 'undecided',
  );
  const scope = limits.ignoreUnfixed ? ' fixable' : '';
  const max = `max ${limits.critical} critical, ${limits.high} high${
    limits.ignoreUnfixed ? ', fixable only' : ''
  }`;
  const undecidedLines = undecided.length
    ? [
        `Not decided (${plural(undecided.length, 'container')}):`,
        ...capped(undecided, o => `- ${o.why}`),
      ]
    : [];
  const withinLines = within.map(
    o =>
      `- ${describeContainer(o.c)}: ${countsText(o.counts, true)} (report ${
        o.report.name
      }, ${hours(o.ageHours)} old)`,
  );

  if (over.length > 0) {
    const top = over
      .flatMap(o => o.counted.map(v => ({ v, c: o.c })))
      .filter(({ v }) => v.severity === 'CRITICAL' || v.severity === 'HIGH')
      .sort((a, b) => byImportance(a.v, b.v));
    const links = new Map<string, string>();
    for (const { v } of top) {
      if (v.link && !links.has(v.id)) links.set(v.id, v.link);
      if (links.size >= MAX_LISTED_FINDINGS) break;
    }
    const first = over[0];
    const summary =
      over.length === 1
        ? `${countsText(first.counts)}${scope} vulnerabilities in ${
            first.c.container
          } (${first.c.workload.kind} ${first.c.workload.name}; ${max})`
        : `${countsText(
            sum(over),
          )}${scope} vulnerabilities, over the thresholds in ${
            over.length
          } of ${plural(total, 'container')}: ${over
            .slice(0, 3)
            .map(o => `${o.c.container} (${countsText(o.counts)})`)
            .join(', ')}${over.length > 3 ? ', …' : ''} (${max})`;
    return {
      status: 'fail',
      summary,
      details: [
        `Over the thresholds (${max}):`,
        ...capped(
          over,
          o =>
            `- ${describeContainer(o.c)}: ${countsText(
              o.counts,
              true,
            )} (report ${o.report.name}, ${hours(o.ageHours)} old${
              o.stale ? `, older than ${limits.maxReportAgeHours} h` : ''
            })`,
        ),
        ...(top.length
          ? [
              '',
              'Most severe:',
              ...capped(
                top,
                ({ v, c }) =>
                  `- **${v.id}** (${v.severity}${
                    v.score !== undefined ? `, ${v.score}` : ''
                  }) ${v.resource || 'unnamed package'} ${
                    v.installedVersion
                  } → ${
                    v.fixedVersion
                      ? `fixed in ${v.fixedVersion}`
                      : 'no fixed version'
                  }${v.title ? `: ${v.title}` : ''} (${c.container})`,
              ),
            ]
          : ['', 'The reports list no vulnerabilities, only their counts.']),
        ...(withinLines.length ? ['', 'Within:', ...withinLines] : []),
        ...(undecidedLines.length ? ['', ...undecidedLines] : []),
      ].join('\n'),
      evidence: [
        ...[...links].map(
          ([id, url]): CheckEvidence => ({ type: 'link', title: id, url }),
        ),
        ...over
          .slice(0, MAX_LISTED_FINDINGS)
          .map(o => reportEvidence(facts, o.report)),
      ],
      remediation: REMEDIATION_OVER,
      evaluated,
      ...readAt,
    };
  }

  if (undecided.length > 0) {
    return {
      status: 'unknown',
      summary:
        undecided.length === 1
          ? capitalize(undecided[0].why)
          : `${undecided.length} of ${plural(
              total,
              'container',
            )} not decided: ${undecided[0].why}, …`,
      details: [
        ...undecidedLines,
        ...(withinLines.length
          ? ['', `Within the thresholds (${max}):`, ...withinLines]
          : []),
      ].join('\n'),
      evidence: undecided
        .filter(o => o.report)
        .slice(0, MAX_LISTED_FINDINGS)
        .map(o => reportEvidence(facts, o.report!)),
      remediation: REMEDIATION_MISSING,
      evaluated,
      ...readAt,
    };
  }

  return {
    status: 'pass',
    summary: `${countsText(sum(within))}${scope} vulnerabilities in ${plural(
      total,
      'container',
    )} (${max})`,
    details: [`Within the thresholds (${max}):`, ...withinLines].join('\n'),
    evidence: within
      .slice(0, MAX_LISTED_FINDINGS)
      .map(o => reportEvidence(facts, o.report)),
    evaluated,
    ...readAt,
  };
}

/** The check with the real clock. */
export const imageVulnerabilitiesCheck: PreflightCheck =
  createImageVulnerabilitiesCheck();
