import type {
  KubernetesObject,
  PreflightEnvironment,
  SourceState,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import {
  ClassifyContext,
  DEFAULT_DESIRED_VS_LIVE_EXPECTED,
  DEFAULT_EXPECTED,
  classifyComparison,
} from './classify';
import { ExtractedEnvironment, extractEnvironment } from './extract';
import { findMatchingGlob } from './glob';
import { buildImagePromotions, imagesDiffer } from './images';
import {
  PARITY_CATEGORIES,
  ParityAttribute,
  ParityClassification,
  ParityColumn,
  ParityComparison,
  ParityExpectation,
  ParityOptions,
  ParityReport,
  ParityRow,
  ParityUnavailable,
  ParityValue,
} from './types';

interface Column {
  environment: PreflightEnvironment;
  unavailable?: ParityUnavailable;
  extracted?: ExtractedEnvironment;
  /** Kinds not read in this (available) environment, by kind. */
  unread?: ReadonlyMap<string, UnreadKind>;
}

/** Whether a row of an object of `kind` can be compared in `column`. */
function reads(column: Column, kind: string): boolean {
  return Boolean(column.extracted) && !column.unread?.has(kind);
}

const KIND_ORDER = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Rollout',
  'CronJob',
  'Job',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Service',
  'Ingress',
  'NetworkPolicy',
  'ServiceAccount',
  'ConfigMap',
  'Secret',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

const ABSENT = '\u0000absent';

/** The environments whose value differs from the most common one (ties: the earliest's). */
function differingEnvironments(
  available: Column[],
  values: Array<ParityAttribute | undefined>,
): string[] {
  const keys = values.map(v => (v ? v.compare ?? v.value : ABSENT));
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  let reference = keys[0];
  for (const k of keys) {
    if (counts.get(k)! > counts.get(reference)!) reference = k;
  }
  return available
    .filter((_, i) => keys[i] !== reference)
    .map(c => c.environment.name);
}

function worst(comparisons: ParityComparison[]): ParityClassification {
  if (!comparisons.length) return 'unknown';
  if (comparisons.some(c => c.classification === 'drift')) return 'drift';
  if (comparisons.some(c => c.classification === 'expected')) return 'expected';
  return 'same';
}

/** `localeCompare`'s order (default locale and options), without a collator per call. */
const collator = new Intl.Collator();

function buildReport(
  columns: Column[],
  options: ParityOptions,
  defaultExpected: readonly ParityExpectation[],
  extraExpected?: ClassifyContext['extraExpected'],
): ParityReport {
  const available = columns.filter(c => c.extracted);
  const ignore = options.ignore ?? [];

  // Row ids in order of first appearance, with the first attribute seen as the row template.
  const templates = new Map<string, ParityAttribute>();
  for (const column of available) {
    for (const [id, attribute] of column.extracted!.attributes) {
      if (!templates.has(id)) templates.set(id, attribute);
    }
  }

  const diffCache = new Map<string, boolean>();
  const ctx: ClassifyContext = {
    expected: options.expected ?? defaultExpected,
    replicas: options.replicas,
    imagesDiffer(from, to) {
      const cacheKey = `${from}\u0000${to}`;
      if (!diffCache.has(cacheKey)) {
        const a = available.find(c => c.environment.name === from);
        const b = available.find(c => c.environment.name === to);
        diffCache.set(
          cacheKey,
          !!a && !!b && imagesDiffer(a.extracted!.images, b.extracted!.images),
        );
      }
      return diffCache.get(cacheKey)!;
    },
    extraExpected,
  };

  const rows: ParityRow[] = [];
  // The columns a row is compared in depend on its kind only.
  const comparedByKind = new Map<string, Column[]>();
  for (const [id, template] of templates) {
    if (findMatchingGlob(ignore, template.attribute, id) !== undefined)
      continue;
    const kind = template.object.kind;
    // An environment where this row's kind was not read is skipped for this row, like an
    // unavailable environment: a Secret that could not be listed is not a missing Secret.
    let compared = comparedByKind.get(kind);
    if (!compared) {
      compared = available.filter(c => reads(c, kind));
      comparedByKind.set(kind, compared);
    }
    const values: Record<string, ParityValue> = {};
    for (const column of columns) {
      const attribute = column.extracted?.attributes.get(id);
      const unread = column.unread?.get(kind);
      if (!column.extracted)
        values[column.environment.name] = { unavailable: true };
      else if (unread)
        values[column.environment.name] = {
          unavailable: true,
          reason: `${unread.kind} not read (${unread.reason})`,
        };
      else if (!attribute) values[column.environment.name] = { present: false };
      else
        values[column.environment.name] = {
          present: true,
          value: attribute.value,
        };
    }
    const sides = compared.map(c => c.extracted!.attributes.get(id));
    const comparisons: ParityComparison[] = [];
    for (let i = 1; i < compared.length; i++) {
      comparisons.push(
        classifyComparison(
          template,
          { name: compared[i - 1].environment.name, attribute: sides[i - 1] },
          { name: compared[i].environment.name, attribute: sides[i] },
          ctx,
        ),
      );
    }
    const classification = worst(comparisons);
    const reason =
      comparisons.find(c => c.classification === 'drift')?.reason ??
      comparisons.find(c => c.classification === 'expected')?.reason;
    // Optional fields set as they come, in the contract's order (no object spread per field:
    // a report has a row per attribute of every object).
    const row: ParityRow = {
      id,
      category: template.category,
      object: template.object,
    } as ParityRow;
    if (template.container !== undefined) row.container = template.container;
    if (template.initContainer) row.initContainer = true;
    if (template.scope) row.scope = template.scope;
    row.attribute = template.attribute;
    row.label = template.label;
    row.values = values;
    row.classification = classification;
    row.differingEnvironments =
      classification === 'drift' || classification === 'expected'
        ? differingEnvironments(compared, sides)
        : [];
    row.comparisons = comparisons;
    if (reason) row.reason = reason;
    rows.push(row);
  }

  // Stable order: category, kind, object name, object-level rows before container rows. The
  // ranks are computed once per row, and strings compared only when they differ.
  const keyed = rows.map((row, i) => ({
    row,
    i,
    category: PARITY_CATEGORIES.indexOf(row.category),
    kind: kindRank(row.object.kind),
  }));
  const text = (a: string, b: string) => (a === b ? 0 : collator.compare(a, b));
  keyed.sort(
    (a, b) =>
      a.category - b.category ||
      a.kind - b.kind ||
      text(a.row.object.kind, b.row.object.kind) ||
      text(a.row.object.name, b.row.object.name) ||
      text(a.row.container ?? '', b.row.container ?? '') ||
      a.i - b.i,
  );
  for (let i = 0; i < keyed.length; i++) rows[i] = keyed[i].row;

  const count = (c: ParityClassification) =>
    rows.filter(r => r.classification === c).length;
  const pairs = [];
  for (let i = 1; i < available.length; i++) {
    const from = available[i - 1].environment.name;
    const to = available[i].environment.name;
    const pair = { from, to, same: 0, expected: 0, drift: 0 };
    for (const row of rows) {
      const comparison = row.comparisons.find(
        c => c.from === from && c.to === to,
      );
      if (comparison) pair[comparison.classification]++;
    }
    pairs.push(pair);
  }

  return {
    environments: columns.map(c => ({
      name: c.environment.name,
      title: c.environment.title,
      available: !!c.extracted,
      ...(c.unavailable ? { unavailable: c.unavailable } : {}),
      ...(c.extracted && c.unread?.size
        ? { unreadKinds: [...c.unread.values()].map(u => ({ ...u })) }
        : {}),
    })),
    rows,
    images: buildImagePromotions(
      columns.map(c => ({
        name: c.environment.name,
        available: !!c.extracted,
        images: c.extracted?.images ?? new Map(),
      })),
    ),
    summary: {
      rows: rows.length,
      same: count('same'),
      expected: count('expected'),
      drift: count('drift'),
      unknown: count('unknown'),
      pairs,
    },
  };
}

function toColumns(
  columns: readonly ParityColumn[],
  options: ParityOptions,
): Column[] {
  const names = new Set<string>();
  return columns.map(column => {
    if (names.has(column.environment.name)) {
      throw new TypeError(
        `Duplicate environment '${column.environment.name}' in parity columns`,
      );
    }
    names.add(column.environment.name);
    return 'unavailable' in column
      ? { environment: column.environment, unavailable: column.unavailable }
      : {
          environment: column.environment,
          extracted: extractEnvironment(column.objects ?? [], options),
          ...(column.unreadKinds?.length
            ? { unread: new Map(column.unreadKinds.map(u => [u.kind, u])) }
            : {}),
        };
  });
}

/**
 * Compares one component across environments. `columns` are in promotion order;
 * every row is compared between consecutive *available* environments (an unavailable
 * environment is skipped: it is never a difference and never "the same"; so is, for a row, an
 * environment where the row's kind could not be read — see `ParityColumn.unreadKinds`). A row
 * with fewer than two available environments is `unknown`.
 *
 * Pure: no I/O. Objects must already be sanitized
 * ({@link @preflight/plugin-preflight-common#sanitizeObject}); env literals that look sensitive
 * are masked again anyway.
 *
 * @public
 */
export function computeParity(
  columns: readonly ParityColumn[],
  options: ParityOptions = {},
): ParityReport {
  return buildReport(toColumns(columns, options), options, DEFAULT_EXPECTED);
}

/**
 * The two columns of {@link computeDesiredVsLive}.
 *
 * @public
 */
export const DESIRED_VS_LIVE_ENVIRONMENTS: {
  desired: PreflightEnvironment;
  live: PreflightEnvironment;
} = {
  desired: { name: 'desired', title: 'Desired (manifests)' },
  live: { name: 'live', title: 'Live (cluster)' },
};

/**
 * Compares the desired state (GitOps manifests) of one environment with its live state, like a
 * GitOps diff: the same rows as {@link computeParity}, two columns `desired` and `live`.
 *
 * What the API server adds never shows up as a difference: the fields that are not compared at
 * all (status, `metadata.uid` / `resourceVersion` / `generation` / `creationTimestamp` /
 * `managedFields` / `ownerReferences`, `terminationMessagePath` / `terminationMessagePolicy`,
 * a Service's assigned `clusterIP(s)`, `nodePort`, `ipFamilies`, an HPA's `behavior`, controller
 * labels and annotations, controller-owned objects such as Pods and ReplicaSets) and the
 * defaulted fields that are compared by their effective value (see the package README:
 * `imagePullPolicy` implied by the tag, `dnsPolicy: ClusterFirst`, `schedulerName`,
 * `restartPolicy: Always`, `terminationGracePeriodSeconds: 30`, `progressDeadlineSeconds: 600`,
 * `revisionHistoryLimit: 10`, Deployment/StatefulSet/DaemonSet strategy defaults, probe timing
 * defaults, port `protocol: TCP`, volume `defaultMode: 420`, …).
 *
 * Expected by default: {@link DEFAULT_DESIRED_VS_LIVE_EXPECTED}, and `replicas` of a workload
 * that a HorizontalPodAutoscaler scales. Rows of kinds in `liveUnreadKinds` (kinds the cluster did
 * not let Preflight read) are `unknown`, their live value `unavailable`.
 *
 * @public
 */
export function computeDesiredVsLive(
  desired: readonly KubernetesObject[],
  live: readonly KubernetesObject[],
  options: ParityOptions = {},
  liveUnreadKinds: readonly UnreadKind[] = [],
): ParityReport {
  const columns = toColumns(
    [
      {
        environment: DESIRED_VS_LIVE_ENVIRONMENTS.desired,
        objects: [...desired],
      },
      {
        environment: DESIRED_VS_LIVE_ENVIRONMENTS.live,
        objects: [...live],
        unreadKinds: liveUnreadKinds,
      },
    ],
    options,
  );
  const scaled = new Set([
    ...columns[0].extracted!.hpaTargets,
    ...columns[1].extracted!.hpaTargets,
  ]);
  return buildReport(columns, options, DEFAULT_DESIRED_VS_LIVE_EXPECTED, row =>
    row.attribute === 'replicas' &&
    scaled.has(`${row.object.kind}/${row.object.name}`)
      ? 'Replicas are managed by a HorizontalPodAutoscaler'
      : undefined,
  );
}

/**
 * Turns one source (live or desired) of one environment into a {@link ParityColumn}: `ok` gives
 * its objects (and its unread kinds); any other status (`not-configured`, `not-deployed`, `error`) makes the column
 * unavailable, so it is never compared.
 *
 * @public
 */
export function toParityColumn(
  environment: PreflightEnvironment,
  state: SourceState,
): ParityColumn {
  if (state.status === 'ok') {
    return {
      environment,
      objects: state.objects,
      ...(state.unreadKinds?.length ? { unreadKinds: state.unreadKinds } : {}),
    };
  }
  const reason = state.error?.reason ?? state.message;
  return {
    environment,
    unavailable: {
      status: state.status,
      ...(reason ? { reason } : {}),
      ...(state.needsUserToken
        ? { needsUserToken: { ...state.needsUserToken } }
        : {}),
    },
  };
}
