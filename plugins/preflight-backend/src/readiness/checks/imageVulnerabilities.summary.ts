// The result of image-vulnerabilities over every container of an environment: status, summary,
// the most severe vulnerabilities, evidence and remediation.
import type {
  CheckEvidence,
  CheckResult,
} from '@preflight/plugin-preflight-common';
import { type Facts } from '@preflight/plugin-preflight-node';
import { describeContainer } from '../../trivy';
import { capped, MAX_LISTED_FINDINGS, objectEvidence } from './util';

import type { Limits } from './imageVulnerabilities.options';
import {
  byImportance,
  countsText,
  hours,
  plural,
  sum,
  type Counted,
  type Found,
  type Outcome,
  type Undecided,
} from './imageVulnerabilities.outcomes';

type AvailableFacts = Extract<Facts, { available: true }>;

export function reportEvidence(
  facts: AvailableFacts,
  report: Found,
): CheckEvidence {
  return objectEvidence(facts, {
    kind: 'VulnerabilityReport',
    name: report.name,
    ...(report.namespace ? { namespace: report.namespace } : {}),
  });
}

export const REMEDIATION_MISSING =
  'Check that the Trivy Operator scans this namespace (its `targetNamespaces`), that its scan jobs succeed (`kubectl get jobs -n <operator namespace>`), and that it does not skip these containers (`skipInitContainers`, excluded namespaces or workload kinds). A report for another image is replaced by the next scan; delete it to trigger one (`kubectl delete vulnerabilityreport <name> -n <namespace>`). The operator rescans after its report TTL (`scannerReportTTL`).';

export const REMEDIATION_OVER =
  'Rebuild the image on a patched base image and upgrade the listed packages to their fixed versions, then redeploy. A vulnerability without a fix can be accepted with a waiver, or left out of the counts with `preflight.checks.image-vulnerabilities.options.ignoreUnfixed`.';

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function summarize(
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
