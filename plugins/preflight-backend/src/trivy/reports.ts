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
  escapeMarkdown,
  getPodTemplate,
  maskSensitiveText,
  POLICY_WORKLOAD_KINDS,
  type EnvironmentState,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  canonicalRegistryHost,
  parseImageReference,
  type ImageReference,
} from '../readiness/registry/imageReference';

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

/** Longest title (and file path, package name) a result quotes from a report. */
export const MAX_REPORT_TEXT = 200;

// ---------------------------------------------------------------------------------------------
// Text

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** C0/C1 controls, bidi overrides and zero-width characters: nothing a title needs. */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/**
 * A report's free text as one plain line for a result: unprintable characters become spaces,
 * the text is cut to `max` characters (`…` marks the cut), credentials are masked and markdown
 * is escaped, so that a value can neither break out of its line nor render as a link or image.
 */
export function reportText(value: unknown, max = MAX_REPORT_TEXT): string {
  if (typeof value !== 'string') return '';
  // Bound the work before anything else: the value may be as large as the object.
  const line = Array.from(value.slice(0, max * 4), ch =>
    isUnprintable(ch.charCodeAt(0)) ? ' ' : ch,
  )
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return escapeMarkdown(maskSensitiveText(cut));
}

/** An `https` URL without credentials, at most 512 characters; anything else is dropped. */
export function safeLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.username || url.password) {
      return undefined;
    }
    return url.toString();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads and their containers

/** A workload, as a result names it. */
export interface WorkloadRef {
  kind: string;
  name: string;
  namespace?: string;
}

/** One container of one of the component's workloads, with what its Pods run. */
export interface RunningContainer {
  workload: WorkloadRef;
  container: string;
  init: boolean;
  /** The image the pod template names (empty when it names none). */
  image: string;
  /**
   * Digests (`sha256:…`) the Pods of the workload run for this container, from
   * `status.containerStatuses[].imageID`, for Pods whose spec names the same image.
   */
  runningDigests: string[];
}

const ownerOf = (object: KubernetesObject) => {
  const owners: unknown = object.metadata?.ownerReferences;
  if (!Array.isArray(owners)) return undefined;
  const owner = owners.find(o => isRecord(o) && o.controller === true);
  return owner && str(owner.kind) && str(owner.name)
    ? { kind: owner.kind as string, name: owner.name as string }
    : undefined;
};

const sameNs = (a: string | undefined, b: string | undefined) =>
  !a || !b || a === b;

// `pod-template-hash`: at most 10 characters of the alphabet the apimachinery `rand` package
// encodes hashes with (no vowels, no 0, 1 or 3).
const POD_TEMPLATE_HASH = /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/;
// A CronJob names its Jobs `<cronjob>-<scheduled time in minutes>`.
const CRONJOB_SUFFIX = /^[0-9]{1,12}$/;

/** Whether `name` is `<parent>-<suffix>` with a suffix of the given form. */
function isChildName(name: string, parent: string, suffix: RegExp): boolean {
  return (
    name.length > parent.length + 1 &&
    name.startsWith(`${parent}-`) &&
    suffix.test(name.slice(parent.length + 1))
  );
}

/**
 * Whether an object of `kind`/`name` stands for `workload`: the workload itself, a ReplicaSet of
 * a Deployment, or a Job of a CronJob (by name, or by the Job's owner when the Job is in `objects`).
 */
export function standsFor(
  ref: { kind: string; name: string; namespace?: string },
  workload: WorkloadRef,
  objects: readonly KubernetesObject[] = [],
): boolean {
  if (!sameNs(ref.namespace, workload.namespace)) return false;
  if (ref.kind === workload.kind && ref.name === workload.name) return true;
  if (workload.kind === 'Deployment' && ref.kind === 'ReplicaSet') {
    return isChildName(ref.name, workload.name, POD_TEMPLATE_HASH);
  }
  if (workload.kind === 'CronJob' && ref.kind === 'Job') {
    const job = objects.find(
      o =>
        o.kind === 'Job' &&
        o.metadata?.name === ref.name &&
        sameNs(o.metadata?.namespace, ref.namespace),
    );
    const owner = job && ownerOf(job);
    if (owner) return owner.kind === 'CronJob' && owner.name === workload.name;
    return isChildName(ref.name, workload.name, CRONJOB_SUFFIX);
  }
  return false;
}

function isControlled(object: KubernetesObject): boolean {
  return ownerOf(object) !== undefined;
}

/** `sha256:…` of an `imageID` such as `ghcr.io/acme/app@sha256:…` (a bare image id is no digest). */
function digestOfImageId(imageId: unknown): string | undefined {
  if (typeof imageId !== 'string') return undefined;
  const at = imageId.lastIndexOf('@');
  if (at < 0) return undefined;
  const digest = imageId.slice(at + 1);
  return /^[a-z0-9]+:[0-9a-f]{32,128}$/.test(digest) ? digest : undefined;
}

/** The digests the Pods of a workload run for one container, for Pods of the given image. */
function podDigests(
  pods: readonly KubernetesObject[],
  workload: WorkloadRef,
  objects: readonly KubernetesObject[],
  container: string,
  image: string,
  init: boolean,
): string[] {
  const digests = new Set<string>();
  for (const pod of pods) {
    const owner = ownerOf(pod);
    if (!owner) continue;
    const ref = { ...owner, namespace: pod.metadata?.namespace };
    if (!standsFor(ref, workload, objects)) continue;
    const specList: unknown = init
      ? pod.spec?.initContainers
      : pod.spec?.containers;
    const spec = Array.isArray(specList)
      ? specList.find(c => isRecord(c) && c.name === container)
      : undefined;
    if (!spec || spec.image !== image) continue;
    const statuses: unknown = init
      ? pod.status?.initContainerStatuses
      : pod.status?.containerStatuses;
    if (!Array.isArray(statuses)) continue;
    for (const s of statuses) {
      if (!isRecord(s) || s.name !== container) continue;
      const digest = digestOfImageId(s.imageID);
      if (digest) digests.add(digest);
    }
  }
  return [...digests];
}

/**
 * The containers and init containers of the component's workloads (Deployments, StatefulSets,
 * DaemonSets, CronJobs, Jobs and Pods that nothing controls: a controlled Pod or Job is counted
 * through its controller), with the digests their Pods run.
 */
export function runningContainers(
  objects: readonly KubernetesObject[],
): RunningContainer[] {
  const pods = objects.filter(o => o.kind === 'Pod');
  const out: RunningContainer[] = [];
  for (const object of objects) {
    if (!(POLICY_WORKLOAD_KINDS as readonly string[]).includes(object.kind)) {
      continue;
    }
    if (isControlled(object)) continue;
    const template = getPodTemplate(object);
    if (!template) continue;
    const workload: WorkloadRef = {
      kind: object.kind,
      name: String(object.metadata?.name ?? ''),
      ...(object.metadata?.namespace
        ? { namespace: object.metadata.namespace }
        : {}),
    };
    for (const init of [false, true]) {
      const list: unknown = init
        ? template.podSpec.initContainers
        : template.podSpec.containers;
      if (!Array.isArray(list)) continue;
      for (const c of list) {
        if (!isRecord(c) || !str(c.name)) continue;
        const image = str(c.image) ?? '';
        out.push({
          workload,
          container: c.name,
          init,
          image,
          runningDigests:
            object.kind === 'Pod'
              ? ownDigests(object, c.name, image, init)
              : podDigests(pods, workload, objects, c.name, image, init),
        });
      }
    }
  }
  return out;
}

/** The digests a bare Pod's own statuses name. */
function ownDigests(
  pod: KubernetesObject,
  container: string,
  image: string,
  init: boolean,
): string[] {
  const statuses: unknown = init
    ? pod.status?.initContainerStatuses
    : pod.status?.containerStatuses;
  if (!Array.isArray(statuses)) return [];
  return [
    ...new Set(
      statuses
        .filter(s => isRecord(s) && s.name === container && image !== '')
        .map(s => digestOfImageId(s.imageID))
        .filter((d): d is string => Boolean(d)),
    ),
  ];
}

/** `container app of Deployment checkout-api` */
export function describeContainer(c: RunningContainer): string {
  return `${c.init ? 'init container' : 'container'} ${c.container} of ${
    c.workload.kind
  } ${c.workload.name}`;
}

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

const severityOf = (value: unknown): TrivySeverity => {
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

// Identifiers, package names and versions: bounded, masked, markdown escaped like titles.
const ID_MAX = 64;
const VERSION_MAX = 100;

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

// ---------------------------------------------------------------------------------------------
// Exposed secrets

/** A secret the Trivy Operator found in the image a container runs. Never the secret itself. */
export interface ExposedSecretFinding {
  workload: WorkloadRef;
  container: string;
  /** e.g. `aws-access-key-id` */
  ruleId: string;
  /** The file in the image, e.g. `/app/config/.env` */
  target: string;
  severity: TrivySeverity;
  /** e.g. `AWS Access Key ID` */
  title: string;
  /** e.g. `AWS` */
  category: string;
  /** The ExposedSecretReport it comes from. */
  report: { name: string; namespace?: string };
}

/**
 * The exposed secrets the Trivy Operator reports for the containers of the component's workloads
 * in the environment's live state: for each container, the ExposedSecretReport for the image it
 * runs (a report for another image is skipped: it says nothing of what runs). Rule ids, titles,
 * categories and file paths are bounded, masked and escaped like all report text; the `match`
 * (which holds the secret) is never read. Empty when the live state is not `ok` or holds no such
 * report — the caller tells "none found" from "not read" by `state.live.unreadKinds`.
 */
export function exposedSecretFindings(
  state: EnvironmentState,
): ExposedSecretFinding[] {
  if (state.live.status !== 'ok') return [];
  const objects = state.live.objects;
  const reports = reportsOfKind(objects, 'ExposedSecretReport');
  if (reports.length === 0) return [];
  const byParsed = new Map(reports.map(r => [r.parsed, r.object]));
  const out: ExposedSecretFinding[] = [];
  for (const c of runningContainers(objects)) {
    const picked = pickReport(
      reportsForContainer(
        reports.map(r => r.parsed),
        c,
        objects,
      ),
    );
    if (!picked || !picked.match.matches) continue;
    const object = byParsed.get(picked.report);
    const secrets: unknown = isRecord(object?.report)
      ? object!.report.secrets
      : undefined;
    if (!Array.isArray(secrets)) continue;
    for (const s of secrets) {
      if (!isRecord(s)) continue;
      out.push({
        workload: c.workload,
        container: c.container,
        ruleId: reportText(s.ruleID, ID_MAX),
        target: reportText(s.target),
        severity: severityOf(s.severity),
        title: reportText(s.title),
        category: reportText(s.category, ID_MAX),
        report: {
          name: picked.report.name,
          ...(picked.report.namespace
            ? { namespace: picked.report.namespace }
            : {}),
        },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Keeping reports small and secret-free where they are read

/**
 * Packages whose presence in an image says it is not minimal: package managers and shells. An
 * SbomReport keeps only these (and the operating system) of its bill of materials.
 */
export const NOTABLE_IMAGE_PACKAGES: ReadonlySet<string> = new Set([
  // package managers
  'apk-tools',
  'apt',
  'dpkg',
  'rpm',
  'yum',
  'dnf',
  'microdnf',
  'tdnf',
  'zypper',
  // shells
  'bash',
  'dash',
  'busybox',
  'zsh',
  'ash',
]);

/** Most components an SbomReport keeps. */
const MAX_KEPT_COMPONENTS = 50;

/**
 * The bill of materials (CycloneDX) reduced to what the minimal-base-image rule reads: its
 * operating-system components and the notable packages, each as type, name and version.
 */
function reduceBom(bom: unknown): Record<string, unknown> | undefined {
  if (!isRecord(bom)) return undefined;
  const kept: Record<string, string>[] = [];
  for (const c of Array.isArray(bom.components) ? bom.components : []) {
    if (kept.length >= MAX_KEPT_COMPONENTS) break;
    if (!isRecord(c) || !str(c.name)) continue;
    if (c.type !== 'operating-system' && !NOTABLE_IMAGE_PACKAGES.has(c.name)) {
      continue;
    }
    // Kept as the report says (bounded): escaped where a result quotes them.
    kept.push({
      type: String(c.type ?? 'library').slice(0, ID_MAX),
      name: c.name.slice(0, ID_MAX),
      ...(str(c.version) ? { version: c.version.slice(0, ID_MAX) } : {}),
    });
  }
  return {
    ...(str(bom.bomFormat) ? { bomFormat: bom.bomFormat } : {}),
    ...(bom.specVersion !== undefined ? { specVersion: bom.specVersion } : {}),
    components: kept,
  };
}

/**
 * A report as a source should keep it: an ExposedSecretReport without the `match` of its
 * secrets (the secret itself), an SbomReport with only the operating system and the notable
 * packages of its bill of materials (`report.components`: often megabytes; see
 * {@link NOTABLE_IMAGE_PACKAGES}), vulnerabilities without their long `description`. Other
 * objects are returned as they are.
 */
export function stripTrivyReport(object: KubernetesObject): KubernetesObject {
  if (
    !TRIVY_REPORT_KINDS.some(k => k.kind === object.kind) ||
    !isRecord(object.report)
  ) {
    return object;
  }
  const report: Record<string, unknown> = { ...object.report };
  if (object.kind === 'ExposedSecretReport' && Array.isArray(report.secrets)) {
    report.secrets = report.secrets.map(s => {
      if (!isRecord(s)) return s;
      const { match: _match, ...rest } = s;
      return rest;
    });
  }
  if (object.kind === 'SbomReport') {
    const reduced = reduceBom(report.components);
    if (reduced) report.components = reduced;
    else delete report.components;
  }
  if (
    object.kind === 'VulnerabilityReport' &&
    Array.isArray(report.vulnerabilities)
  ) {
    report.vulnerabilities = report.vulnerabilities.map(v => {
      if (!isRecord(v)) return v;
      const { description: _description, ...rest } = v;
      return rest;
    });
  }
  return { ...object, report };
}
