/**
 * The Trivy Operator's reports in the live state.
 *
 * The operator labels its reports with what it scanned (`trivy-operator.resource.*`,
 * `trivy-operator.container.name`), not with the component's labels: they cannot be listed with
 * the component's selector. They are listed after the workloads, once these are known (a
 * follow-up of the read, within its deadline): per namespace of the component's workloads for a
 * read, across the snapshot's scope for a snapshot, with the label selector
 * `trivy-operator.resource.kind` (existence), and only the reports that stand for one of the
 * workloads read are kept (see `standsFor`: the workload itself, the ReplicaSet of a Deployment,
 * the Job of a CronJob).
 *
 * Every report is stripped on receipt (`stripTrivyReport`), before it is sanitized or kept: the
 * `match` of an exposed secret (the secret itself) never enters a state, a snapshot or a log, and
 * an SBOM keeps only what the checks read.
 *
 * Reports are secondary facts: a report kind the cluster denies (403) is unread `FORBIDDEN`, one it
 * does not serve (404) `NOT_SERVED`, and one whose listing failed otherwise or did not finish
 * within the read's deadline `UNAVAILABLE` — the workloads are still the answer, and the checks
 * that need reports say they could not decide. A cluster whose discovery does not announce
 * `aquasecurity.github.io/v1alpha1` has no Trivy Operator: nothing is listed.
 */
import {
  isControlled,
  type KubernetesObject,
  type UnreadKind,
  type UnreadKindReason,
} from '@preflight/plugin-preflight-common';
import { POLICY_WORKLOAD_KINDS } from '@preflight/plugin-preflight-node';
import {
  reportSubject,
  standsFor,
  stripTrivyReport,
  TRIVY_API_VERSION,
  TRIVY_LABELS,
  TRIVY_REPORT_KINDS,
  type WorkloadRef,
} from '../../trivy';
import { customKind, type LiveKind } from './kinds';
import { isRecord, toLiveObject } from './objects';

/** The report kinds, as the live source lists them. */
export const TRIVY_LIVE_KINDS: readonly LiveKind[] = TRIVY_REPORT_KINDS.map(k =>
  customKind(TRIVY_API_VERSION, k.kind, k.plural),
);

/** The selector reports are listed with: the operator's label, not the component's. */
export const TRIVY_REPORT_SELECTOR = TRIVY_LABELS.resourceKind;

/** Most namespaces one read lists reports in (a component's workloads are rarely in two). */
export const MAX_REPORT_NAMESPACES = 10;

/** Where a listing covers: one namespace, or every namespace (`*`). */
export type ReportScope = string;
export const ALL_NAMESPACES: ReportScope = '*';

/** One report kind listed in one scope: the reports kept, or why the kind is unread. */
export type ReportListing =
  | { reports: readonly KubernetesObject[]; unread?: undefined }
  | { unread: UnreadKind; reports?: undefined };

/** What the live state says about a component's reports. */
export interface TrivyOutcome {
  /** The reports that stand for the component's workloads (stripped, sanitized, frozen). */
  reports: KubernetesObject[];
  /** Report kinds that could not be read for it. */
  unread: UnreadKind[];
}

const key = (namespace: string | undefined, kind: string, name: string) =>
  `${namespace ?? ''}\u0000${kind}\u0000${name}`;

/**
 * The workloads reports may stand for (the uncontrolled workloads among `objects`), indexed so
 * that a report finds its workload in constant time however many workloads a snapshot holds.
 */
export class ReportOwners {
  private readonly workloads = new Map<string, WorkloadRef>();
  private readonly jobs: KubernetesObject[] = [];
  /** The namespaces of the workloads (`''` for objects without one). */
  readonly namespaces = new Set<string>();

  constructor(objects: Iterable<KubernetesObject>) {
    for (const object of objects) {
      if (object.kind === 'Job') this.jobs.push(object);
      if (
        !(POLICY_WORKLOAD_KINDS as readonly string[]).includes(object.kind) ||
        isControlled(object)
      ) {
        continue;
      }
      const { name, namespace } = object.metadata;
      const ref: WorkloadRef = {
        kind: object.kind,
        name,
        ...(namespace ? { namespace } : {}),
      };
      this.workloads.set(key(namespace, object.kind, name), ref);
      this.namespaces.add(namespace ?? '');
    }
  }

  get size(): number {
    return this.workloads.size;
  }

  /** Whether a report stands for one of the workloads. */
  owns(report: KubernetesObject): boolean {
    const subject = reportSubject(report);
    if (!subject) return false;
    const namespace = subject.namespace ?? report.metadata.namespace;
    const ref = { kind: subject.kind, name: subject.name, namespace };
    if (this.workloads.has(key(namespace, subject.kind, subject.name))) {
      return true;
    }
    // A ReplicaSet stands for `<deployment>-<hash>`, a Job for `<cronjob>-<time>`.
    const parentKind: Record<string, string> = {
      ReplicaSet: 'Deployment',
      Job: 'CronJob',
    };
    const parent = parentKind[subject.kind];
    const dash = subject.name.lastIndexOf('-');
    if (!parent || dash <= 0) return false;
    const workload = this.workloads.get(
      key(namespace, parent, subject.name.slice(0, dash)),
    );
    return workload !== undefined && standsFor(ref, workload, this.jobs);
  }
}

/**
 * A list item as a report the live state may keep: stripped first (so that an exposed secret's
 * `match` is gone before anything else touches the object), then made a sanitized live object.
 */
export function toReportObject(
  item: unknown,
  kind: LiveKind,
): KubernetesObject | undefined {
  if (!isRecord(item) || !isRecord(item.report)) {
    return toLiveObject(item, kind);
  }
  const stripped = stripTrivyReport({
    ...item,
    kind: kind.kind,
  } as KubernetesObject);
  return toLiveObject(stripped, kind);
}

/** The scopes a read lists reports in: its namespace, else its workloads' (at most a few). */
export function readScopes(
  targetNamespace: string | undefined,
  owners: ReportOwners,
): ReportScope[] {
  if (owners.size === 0) return [];
  if (targetNamespace) return [targetNamespace];
  return [...owners.namespaces]
    .filter(ns => ns !== '')
    .sort()
    .slice(0, MAX_REPORT_NAMESPACES);
}

/** An unread report kind. */
export function unreadReports(
  kind: LiveKind,
  reason: UnreadKindReason,
  message: string,
): ReportListing {
  return {
    unread: { kind: kind.kind, apiVersion: kind.apiVersion, reason, message },
  };
}

const listingKey = (kind: LiveKind, scope: ReportScope) =>
  `${kind.kind}\u0000${scope}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const k of Object.keys(value)) {
      deepFreeze((value as Record<string, unknown>)[k]);
    }
  }
  return value;
}

/**
 * The report listings of one read or snapshot, answering for any component's workloads: the same
 * code answers a read and a snapshot, so both say the same. Immutable.
 */
export class TrivyIndex {
  private readonly listings: ReadonlyMap<string, ReportListing>;
  /** Reports by listing, then by namespace. */
  private readonly byNamespace: ReadonlyMap<
    string,
    ReadonlyMap<string, readonly KubernetesObject[]>
  >;

  constructor(
    listings: ReadonlyArray<{
      kind: LiveKind;
      scope: ReportScope;
      listing: ReportListing;
    }>,
  ) {
    const held = new Map<string, ReportListing>();
    const byNamespace = new Map<string, Map<string, KubernetesObject[]>>();
    for (const { kind, scope, listing } of listings) {
      const k = listingKey(kind, scope);
      held.set(k, deepFreeze(listing));
      const buckets = new Map<string, KubernetesObject[]>();
      for (const report of listing.reports ?? []) {
        const ns = report.metadata.namespace ?? '';
        const bucket = buckets.get(ns);
        if (bucket) bucket.push(report);
        else buckets.set(ns, [report]);
      }
      byNamespace.set(k, buckets);
    }
    this.listings = held;
    this.byNamespace = byNamespace;
    Object.freeze(this);
  }

  /** Reports held. */
  get size(): number {
    let n = 0;
    for (const listing of this.listings.values()) {
      n += listing.reports?.length ?? 0;
    }
    return n;
  }

  /**
   * The reports of a component's objects, and the report kinds unread for it. A namespace of its
   * workloads that was not listed (a read lists at most {@link MAX_REPORT_NAMESPACES}) makes the
   * kind unread (`UNAVAILABLE`): its reports there are not known.
   */
  outcome(objects: readonly KubernetesObject[]): TrivyOutcome {
    const owners = new ReportOwners(objects);
    const outcome: TrivyOutcome = { reports: [], unread: [] };
    if (owners.size === 0 || this.listings.size === 0) return outcome;
    for (const kind of TRIVY_LIVE_KINDS) {
      let unread: UnreadKind | undefined;
      const all = this.listings.has(listingKey(kind, ALL_NAMESPACES));
      for (const ns of owners.namespaces) {
        // Objects without a namespace have no namespaced report, unless listed everywhere.
        if (ns === '' && !all) continue;
        const scope = all ? ALL_NAMESPACES : ns;
        const listing = this.listings.get(listingKey(kind, scope));
        if (!listing) {
          unread ??= unreadReports(
            kind,
            'UNAVAILABLE',
            `${kind.kind} not listed in namespace '${ns}': the component's workloads are in more than ${MAX_REPORT_NAMESPACES} namespaces`,
          ).unread;
          continue;
        }
        if (listing.unread) {
          unread ??= listing.unread;
          continue;
        }
        const bucket =
          this.byNamespace.get(listingKey(kind, scope))?.get(ns) ?? [];
        for (const report of bucket) {
          if (owners.owns(report)) outcome.reports.push(report);
        }
      }
      if (unread) outcome.unread.push({ ...unread });
    }
    return outcome;
  }
}
