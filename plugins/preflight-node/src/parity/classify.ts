import { MASKED_VALUE } from '@preflight/plugin-preflight-common';
import { findMatchingGlob } from './glob';
import type {
  ParityAttribute,
  ParityComparison,
  ParityExpectation,
  ParityOptions,
} from './types';

/**
 * What differs between environments without being drift, by default:
 * environment-variable values, replica counts, HPA bounds, PodDisruptionBudget bounds (they
 * follow the replica count: a single-replica dev needs `maxUnavailable` where production uses
 * `minAvailable`), ingress hostnames, and the `app.kubernetes.io/instance` label (the name of the
 * deployed instance, e.g. the Argo CD application, usually per environment).
 *
 * Built in on top of this list: the `app.kubernetes.io/version` label is expected exactly when
 * the component's images differ too, and a value that is a URL differing only by its host is
 * expected.
 *
 * @public
 */
export const DEFAULT_EXPECTED: readonly ParityExpectation[] = [
  {
    attribute: 'env-value:*',
    reason: 'Environment-variable values are per-environment configuration',
  },
  { attribute: 'replicas', reason: 'Replica counts are sized per environment' },
  {
    attribute: 'hpa.minReplicas',
    reason: 'HPA bounds are sized per environment',
  },
  {
    attribute: 'hpa.maxReplicas',
    reason: 'HPA bounds are sized per environment',
  },
  {
    attribute: 'pdb.minAvailable',
    reason: 'Disruption budgets follow the replica count',
  },
  {
    attribute: 'pdb.maxUnavailable',
    reason: 'Disruption budgets follow the replica count',
  },
  {
    attribute: 'ingress.rule[*].host',
    reason: 'Hostnames are per environment',
  },
  {
    attribute: 'ingress.tls[*].hosts',
    reason: 'Hostnames are per environment',
  },
  {
    attribute: 'label:app.kubernetes.io/instance',
    reason: 'The instance name is per environment',
  },
];

/**
 * What differs between desired (manifests) and live (cluster) state without being drift, by
 * default: only the `app.kubernetes.io/instance` label, which Argo CD's label tracking adds to
 * live objects. Built in on top: `replicas` of a workload scaled by a HorizontalPodAutoscaler
 * (the autoscaler owns that field in the cluster).
 *
 * @public
 */
export const DEFAULT_DESIRED_VS_LIVE_EXPECTED: readonly ParityExpectation[] = [
  {
    attribute: 'label:app.kubernetes.io/instance',
    reason: 'Added by the GitOps tool (Argo CD label tracking)',
  },
];

const REPLICA_ATTRIBUTES = new Set([
  'replicas',
  'hpa.minReplicas',
  'hpa.maxReplicas',
]);

const VERSION_LABEL = 'label:app.kubernetes.io/version';

/** One side of a comparison. */
export interface ComparedSide {
  name: string;
  attribute?: ParityAttribute;
}

/** What the classification needs besides the two values. */
export interface ClassifyContext {
  expected: readonly ParityExpectation[];
  replicas?: ParityOptions['replicas'];
  /** Whether the component's images differ between two environments. */
  imagesDiffer(from: string, to: string): boolean;
  /** An additional rule: a reason when the difference is expected, else undefined. */
  extraExpected?(
    row: Pick<ParityAttribute, 'id' | 'attribute' | 'object'>,
    from: ComparedSide,
    to: ComparedSide,
  ): string | undefined;
}

function key(attribute: ParityAttribute): string {
  return attribute.compare ?? attribute.value;
}

/** Whether two sides hold the same value (both absent counts as the same). */
export function sameValue(
  a: ParityAttribute | undefined,
  b: ParityAttribute | undefined,
): boolean {
  if (!a || !b) return !a && !b;
  return key(a) === key(b);
}

const MAX_SHOWN = 80;

/** "present in staging, missing in production", "staging has 1.8.2, production has 1.7.9", … */
export function describeDifference(
  from: ComparedSide,
  to: ComparedSide,
): string {
  const a = from.attribute?.value;
  const b = to.attribute?.value;
  if (a === undefined) return `missing in ${from.name}, present in ${to.name}`;
  if (b === undefined) return `present in ${from.name}, missing in ${to.name}`;
  if (a.length <= MAX_SHOWN && b.length <= MAX_SHOWN) {
    return `${from.name} has ${a || '""'}, ${to.name} has ${b || '""'}`;
  }
  return `differs between ${from.name} and ${to.name}`;
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/** Whether two values are URLs that differ only by their host name. */
export function differsOnlyByHost(a: string, b: string): boolean {
  if (a === MASKED_VALUE || b === MASKED_VALUE) return false;
  if (!URL_LIKE.test(a) || !URL_LIKE.test(b)) return false;
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    if (!ua.hostname || ua.hostname === ub.hostname) return false;
    ua.hostname = ub.hostname;
    return ua.href === ub.href;
  } catch {
    return false;
  }
}

function outsideReplicaLimits(
  side: ComparedSide,
  limits: NonNullable<ParityOptions['replicas']>,
): string | undefined {
  if (!side.attribute) return undefined;
  const n = Number(key(side.attribute));
  if (!Number.isFinite(n)) return undefined;
  const { min, max } = limits;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    return `${side.attribute.attribute} ${n} in ${
      side.name
    } is outside the allowed range ${min ?? 0}–${max ?? '∞'}`;
  }
  return undefined;
}

/**
 * Classifies the difference of one row between two consecutive available environments.
 */
export function classifyComparison(
  row: Pick<ParityAttribute, 'id' | 'attribute' | 'object'>,
  from: ComparedSide,
  to: ComparedSide,
  ctx: ClassifyContext,
): ParityComparison {
  const base = { from: from.name, to: to.name };
  if (sameValue(from.attribute, to.attribute)) {
    return { ...base, classification: 'same' };
  }
  const difference = describeDifference(from, to);

  const glob = findMatchingGlob(
    ctx.expected.map(e => e.attribute),
    row.attribute,
    row.id,
  );
  if (glob !== undefined) {
    if (ctx.replicas && REPLICA_ATTRIBUTES.has(row.attribute)) {
      const outside =
        outsideReplicaLimits(from, ctx.replicas) ??
        outsideReplicaLimits(to, ctx.replicas);
      if (outside) return { ...base, classification: 'drift', reason: outside };
    }
    const entry = ctx.expected.find(e => e.attribute === glob);
    return {
      ...base,
      classification: 'expected',
      reason: `${
        entry?.reason ?? `Matches expected '${glob}'`
      } (${difference})`,
    };
  }

  if (row.attribute === VERSION_LABEL) {
    return ctx.imagesDiffer(from.name, to.name)
      ? {
          ...base,
          classification: 'expected',
          reason: `The version label follows the image, which differs too (${difference})`,
        }
      : {
          ...base,
          classification: 'drift',
          reason: `The version label differs while the images are the same (${difference})`,
        };
  }

  const a = from.attribute?.value;
  const b = to.attribute?.value;
  if (a !== undefined && b !== undefined && differsOnlyByHost(a, b)) {
    return {
      ...base,
      classification: 'expected',
      reason: `URLs differ only by host (${difference})`,
    };
  }

  const extra = ctx.extraExpected?.(row, from, to);
  if (extra) {
    return {
      ...base,
      classification: 'expected',
      reason: `${extra} (${difference})`,
    };
  }

  return { ...base, classification: 'drift', reason: difference };
}
