// The decision of image-vulnerabilities for one container: its report, counted against the
// thresholds, or why it cannot be decided; and the text helpers the summary shares.
import {
  TRIVY_SEVERITIES,
  countBySeverity,
  describeContainer,
  pickReport,
  type ImageMatch,
  type ParsedVulnerabilityReport,
  type RunningContainer,
  type SeverityCounts,
  type VulnerabilityFinding,
} from '../../trivy';

import type { Limits } from './imageVulnerabilities.options';

/** A container whose report could be read and counted. */
export interface Counted {
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
export interface Undecided {
  status: 'undecided';
  c: RunningContainer;
  why: string;
  report?: Found;
}

/** The decision for one container. */
export type Outcome = Counted | Undecided;

export type Found = ParsedVulnerabilityReport;

export const plural = (n: number, word: string) =>
  `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export const hours = (h: number) =>
  h >= 48 ? `${Math.floor(h / 24)} days` : `${Math.max(0, Math.round(h))} h`;

export function countsText(counts: SeverityCounts, all = false): string {
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

export function sum(
  outcomes: readonly { counts: SeverityCounts }[],
): SeverityCounts {
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

export const rank = (v: VulnerabilityFinding) =>
  TRIVY_SEVERITIES.indexOf(v.severity);

/** Critical first, then those with a fix, then by score. */
export function byImportance(a: VulnerabilityFinding, b: VulnerabilityFinding) {
  return (
    rank(a) - rank(b) ||
    Number(Boolean(b.fixedVersion)) - Number(Boolean(a.fixedVersion)) ||
    (b.score ?? -1) - (a.score ?? -1) ||
    a.id.localeCompare(b.id)
  );
}

export function decide(
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
