/*
 * Reading the Trivy Operator's reports (`aquasecurity.github.io/v1alpha1`): which report belongs
 * to which container of which workload, whether it describes the image that runs, and its fields
 * as plain, bounded, masked text.
 *
 * The operator writes one report per workload and container and labels it with what it scanned
 * (`trivy-operator.resource.kind`, `.name`, `.namespace`, `trivy-operator.container.name`). It
 * scans the ReplicaSet of a Deployment (`<deployment>-<pod-template-hash>`) and usually the
 * CronJob rather than its Jobs; reports for the Deployment, StatefulSet, DaemonSet, CronJob, Job
 * or Pod itself are accepted as well.
 *
 * Everything a report holds beyond its labels comes from the scanned image (package names, file
 * paths) or from the vulnerability database (titles): text that goes into a result is stripped of
 * control characters, capped, has credentials masked and markdown escaped. The `match` of an
 * exposed secret holds the secret itself and is never read.
 */
import {
  canonicalRegistryHost,
  parseImageReference,
  type ImageReference,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  ID_MAX,
  isRecord,
  reportText,
  safeLink,
  str,
  VERSION_MAX,
} from './text';
import { sameNs, standsFor, type RunningContainer } from './workloads';

/** API group of the Trivy Operator's reports. */
export const TRIVY_GROUP = 'aquasecurity.github.io';
/** API version of the Trivy Operator's reports. */
export const TRIVY_VERSION = 'v1alpha1';
/** `aquasecurity.github.io/v1alpha1` */
export const TRIVY_API_VERSION = `${TRIVY_GROUP}/${TRIVY_VERSION}`;

/** The namespaced report kinds Preflight reads, with their resource names. */
export const TRIVY_REPORT_KINDS = [
  { kind: 'VulnerabilityReport', plural: 'vulnerabilityreports' },
  { kind: 'ExposedSecretReport', plural: 'exposedsecretreports' },
  { kind: 'SbomReport', plural: 'sbomreports' },
] as const;

/** A report kind of {@link TRIVY_REPORT_KINDS}. */
export type TrivyReportKind = (typeof TRIVY_REPORT_KINDS)[number]['kind'];

/** The labels the operator puts on every report. */
export const TRIVY_LABELS = {
  resourceKind: 'trivy-operator.resource.kind',
  resourceName: 'trivy-operator.resource.name',
  resourceNamespace: 'trivy-operator.resource.namespace',
  containerName: 'trivy-operator.container.name',
} as const;

/** Severities in the operator's order, most severe first. */
export const TRIVY_SEVERITIES = [
  'CRITICAL',
  'HIGH',
  'MEDIUM',
  'LOW',
  'UNKNOWN',
] as const;

export type TrivySeverity = (typeof TRIVY_SEVERITIES)[number];

// ---------------------------------------------------------------------------------------------
// Reports

/** What a report says it scanned, from its labels (a long name is in an annotation). */
export interface ReportSubject {
  kind: string;
  name: string;
  namespace?: string;
  container: string;
}

/** The image a report describes, as the operator records it. */
export interface ReportArtifact {
  /** Registry host, e.g. `ghcr.io`. */
  registry?: string;
  /** Repository within the registry, e.g. `acme/checkout-api`. */
  repository?: string;
  tag?: string;
  digest?: string;
}

/** Fields every report kind shares. */
export interface ParsedReport {
  kind: TrivyReportKind;
  name: string;
  namespace?: string;
  subject: ReportSubject;
  artifact: ReportArtifact;
  /** `report.updateTimestamp`, else `metadata.creationTimestamp`. */
  updatedAt?: string;
}

export function reportSubject(
  object: KubernetesObject,
): ReportSubject | undefined {
  const labels = isRecord(object.metadata?.labels)
    ? object.metadata.labels
    : {};
  const annotations = isRecord(object.metadata?.annotations)
    ? object.metadata.annotations
    : {};
  const at = (key: string) => str(labels[key]) ?? str(annotations[key]);
  const kind = at(TRIVY_LABELS.resourceKind);
  const name = at(TRIVY_LABELS.resourceName);
  const container = at(TRIVY_LABELS.containerName);
  if (!kind || !name || !container) return undefined;
  const namespace =
    at(TRIVY_LABELS.resourceNamespace) ?? str(object.metadata?.namespace);
  return { kind, name, container, ...(namespace ? { namespace } : {}) };
}

function parseReport(object: KubernetesObject): ParsedReport | undefined {
  const kind = TRIVY_REPORT_KINDS.find(k => k.kind === object.kind)?.kind;
  if (!kind || !String(object.apiVersion).startsWith(`${TRIVY_GROUP}/`)) {
    return undefined;
  }
  const subject = reportSubject(object);
  if (!subject) return undefined;
  const report = isRecord(object.report) ? object.report : {};
  const artifact = isRecord(report.artifact) ? report.artifact : {};
  const registry = isRecord(report.registry)
    ? str(report.registry.server)
    : undefined;
  const updatedAt =
    str(report.updateTimestamp) ?? str(object.metadata?.creationTimestamp);
  return {
    kind,
    name: String(object.metadata?.name ?? ''),
    ...(object.metadata?.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    subject,
    artifact: {
      ...(registry ? { registry } : {}),
      ...(str(artifact.repository) ? { repository: artifact.repository } : {}),
      ...(str(artifact.tag) ? { tag: artifact.tag } : {}),
      ...(str(artifact.digest) ? { digest: artifact.digest } : {}),
    },
    ...(updatedAt ? { updatedAt } : {}),
  };
}

/** Counts by severity. */
export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
  unknown: number;
}

/** One vulnerability of a report, its text made safe (see {@link reportText}). */
export interface VulnerabilityFinding {
  id: string;
  severity: TrivySeverity;
  resource: string;
  installedVersion: string;
  /** Empty when no fixed version is known. */
  fixedVersion: string;
  title: string;
  score?: number;
  /** `primaryLink`, else the first of `links`, when it is an `https` URL. */
  link?: string;
}

export interface ParsedVulnerabilityReport extends ParsedReport {
  kind: 'VulnerabilityReport';
  /** `report.summary`, when it holds every count. */
  summary?: SeverityCounts;
  /** `report.vulnerabilities`, when it is a list. */
  vulnerabilities?: VulnerabilityFinding[];
}

export const severityOf = (value: unknown): TrivySeverity => {
  const upper = typeof value === 'string' ? value.toUpperCase() : '';
  return (TRIVY_SEVERITIES as readonly string[]).includes(upper)
    ? (upper as TrivySeverity)
    : 'UNKNOWN';
};

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : undefined;

function parseSummary(summary: unknown): SeverityCounts | undefined {
  if (!isRecord(summary)) return undefined;
  const counts = {
    critical: count(summary.criticalCount),
    high: count(summary.highCount),
    medium: count(summary.mediumCount),
    low: count(summary.lowCount),
    unknown: count(summary.unknownCount) ?? 0,
  };
  return Object.values(counts).every(v => v !== undefined)
    ? (counts as SeverityCounts)
    : undefined;
}

function parseVulnerability(value: unknown): VulnerabilityFinding | undefined {
  if (!isRecord(value)) return undefined;
  const id = reportText(value.vulnerabilityID, ID_MAX);
  if (!id) return undefined;
  const links: unknown[] = Array.isArray(value.links) ? value.links : [];
  const link =
    safeLink(value.primaryLink) ??
    links.slice(0, 10).map(safeLink).find(Boolean);
  const score =
    typeof value.score === 'number' && Number.isFinite(value.score)
      ? value.score
      : undefined;
  return {
    id,
    severity: severityOf(value.severity),
    resource: reportText(value.resource),
    installedVersion: reportText(value.installedVersion, VERSION_MAX),
    fixedVersion: reportText(value.fixedVersion, VERSION_MAX),
    title: reportText(value.title),
    ...(score !== undefined ? { score } : {}),
    ...(link ? { link } : {}),
  };
}

/** A VulnerabilityReport's fields; `undefined` when the object is not one the operator wrote. */
export function parseVulnerabilityReport(
  object: KubernetesObject,
): ParsedVulnerabilityReport | undefined {
  if (object.kind !== 'VulnerabilityReport') return undefined;
  const base = parseReport(object);
  if (!base) return undefined;
  const report = isRecord(object.report) ? object.report : {};
  const summary = parseSummary(report.summary);
  return {
    ...base,
    kind: 'VulnerabilityReport',
    ...(summary ? { summary } : {}),
    ...(Array.isArray(report.vulnerabilities)
      ? {
          vulnerabilities: (report.vulnerabilities as unknown[])
            .map(parseVulnerability)
            .filter((v): v is VulnerabilityFinding => Boolean(v)),
        }
      : {}),
  };
}

/** Counts of a list of vulnerabilities. */
export function countBySeverity(
  vulnerabilities: readonly VulnerabilityFinding[],
): SeverityCounts {
  const counts: SeverityCounts = {
    critical: 0,
    high: 0,
    medium: 0,
    low: 0,
    unknown: 0,
  };
  for (const v of vulnerabilities) {
    counts[v.severity.toLowerCase() as keyof SeverityCounts] += 1;
  }
  return counts;
}

/** The reports of one kind among `objects`, parsed; objects that are not reports are skipped. */
export function reportsOfKind(
  objects: readonly KubernetesObject[],
  kind: TrivyReportKind,
): { object: KubernetesObject; parsed: ParsedReport }[] {
  return objects
    .filter(o => o.kind === kind)
    .map(object => ({ object, parsed: parseReport(object) }))
    .filter((r): r is { object: KubernetesObject; parsed: ParsedReport } =>
      Boolean(r.parsed),
    );
}

/** Whether `objects` hold any Trivy Operator report at all. */
export function hasTrivyReports(objects: readonly KubernetesObject[]): boolean {
  return objects.some(
    o =>
      TRIVY_REPORT_KINDS.some(k => k.kind === o.kind) &&
      String(o.apiVersion).startsWith(`${TRIVY_GROUP}/`),
  );
}

// ---------------------------------------------------------------------------------------------
// Matching a report to the image that runs

/** Whether a report describes the image a container runs. */
export type ImageMatch =
  | {
      matches: true;
      /** `digest`: the report's digest is one that runs; `tag`: same repository and tag only. */
      by: 'digest' | 'tag';
    }
  | {
      matches: false;
      /** `report is for ghcr.io/acme/app:1.4.1, app runs ghcr.io/acme/app:1.4.2` */
      message: string;
    };

const shortDigest = (digest: string) => {
  const [alg, hex] = digest.split(':');
  return hex ? `${alg}:${hex.slice(0, 12)}` : digest;
};

function showImage(ref: {
  host?: string;
  name?: string;
  tag?: string;
  digest?: string;
}): string {
  const repo = [ref.host, ref.name].filter(Boolean).join('/') || '(no image)';
  return `${repo}${ref.tag ? `:${ref.tag}` : ''}${
    ref.digest ? `@${shortDigest(ref.digest)}` : ''
  }`;
}

/** The report's artifact as an image reference (registry folded as in image references). */
function artifactRef(artifact: ReportArtifact): ImageReference | undefined {
  if (!artifact.repository) return undefined;
  const text = `${artifact.registry ? `${artifact.registry}/` : ''}${
    artifact.repository
  }${artifact.tag ? `:${artifact.tag}` : ''}${
    artifact.digest ? `@${artifact.digest}` : ''
  }`;
  const parsed = parseImageReference(text);
  if (!parsed || !artifact.registry) return parsed;
  // `parseImageReference` takes a registry-less first component for a Docker Hub path.
  return { ...parsed, host: canonicalRegistryHost(artifact.registry) };
}

/**
 * Whether a report is for what a container runs: same repository, and the report's digest among
 * the digests the container is pinned to or its Pods run; without a digest on either side, the
 * same tag (`latest` when the container names none).
 */
export function matchImage(
  artifact: ReportArtifact,
  c: RunningContainer,
): ImageMatch {
  const runs = parseImageReference(c.image);
  const report = artifactRef(artifact);
  const mismatch = (why?: string): ImageMatch => ({
    matches: false,
    message: `report is for ${showImage(
      report ?? {
        host: artifact.registry,
        name: reportText(artifact.repository, 100),
        tag: reportText(artifact.tag, 128),
      },
    )}, ${c.container} runs ${
      runs
        ? showImage({
            ...runs,
            digest:
              runs.digest ??
              (c.runningDigests.length === 1 ? c.runningDigests[0] : undefined),
          })
        : `\`${reportText(c.image, 100)}\``
    }${why ? ` (${why})` : ''}`,
  });
  if (!runs || !report) return mismatch();
  if (runs.host !== report.host || runs.name !== report.name) return mismatch();
  const running = runs.digest ? [runs.digest] : c.runningDigests;
  if (report.digest && running.length > 0) {
    return running.includes(report.digest)
      ? { matches: true, by: 'digest' }
      : mismatch();
  }
  if (runs.digest && !runs.tag) {
    return mismatch('the report names no digest to compare');
  }
  return (report.tag ?? 'latest') === (runs.tag ?? 'latest')
    ? { matches: true, by: 'tag' }
    : mismatch();
}

/** The reports of one kind that stand for a container, with how each matches its image. */
export function reportsForContainer<R extends ParsedReport>(
  reports: readonly R[],
  c: RunningContainer,
  objects: readonly KubernetesObject[],
): { report: R; match: ImageMatch }[] {
  return reports
    .filter(
      r =>
        r.subject.container === c.container &&
        sameNs(r.namespace, c.workload.namespace) &&
        standsFor(r.subject, c.workload, objects),
    )
    .map(report => ({ report, match: matchImage(report.artifact, c) }));
}

const time = (iso: string | undefined) => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : -Infinity;
};

/**
 * The report that speaks for a container: one for its image (digest match first), newest first;
 * else the newest one (for another image); `undefined` when there is none.
 */
export function pickReport<R extends ParsedReport>(
  candidates: readonly { report: R; match: ImageMatch }[],
): { report: R; match: ImageMatch } | undefined {
  const rank = (m: ImageMatch) => {
    if (!m.matches) return 2;
    return m.by === 'digest' ? 0 : 1;
  };
  return [...candidates].sort(
    (a, b) =>
      rank(a.match) - rank(b.match) ||
      time(b.report.updatedAt) - time(a.report.updatedAt),
  )[0];
}
