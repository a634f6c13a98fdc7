import type { DeliveryStatus, UnreadKind, UserTokenNeed } from './types';

/**
 * The group a parity row belongs to, in display order.
 *
 * @public
 */
export type ParityCategory =
  | 'objects'
  | 'images'
  | 'replicas'
  | 'workload'
  | 'resources'
  | 'probes'
  | 'ports'
  | 'env'
  | 'config'
  | 'service-account'
  | 'security'
  | 'volumes'
  | 'scheduling'
  | 'network'
  | 'metadata';

/**
 * The categories in display order.
 *
 * @public
 */
export const PARITY_CATEGORIES: readonly ParityCategory[] = [
  'objects',
  'images',
  'replicas',
  'workload',
  'resources',
  'probes',
  'ports',
  'env',
  'config',
  'service-account',
  'security',
  'volumes',
  'scheduling',
  'network',
  'metadata',
];

/**
 * The object a parity row is about. Objects are matched across environments by kind and name
 * (namespaces usually differ between environments and are not part of the identity).
 *
 * @public
 */
export interface ParityObjectRef {
  /** Kind of the object, e.g. `Deployment`. */
  kind: string;
  /** Name of the object (without its namespace). */
  name: string;
}

/**
 * The value of a row in one environment.
 *
 * - `present: true` — the attribute exists with this (display) value;
 * - `present: false` — the environment was read and the attribute does not exist there;
 * - `unavailable: true` — the environment could not be read (error, not configured, …). It is
 *   never compared: it counts neither as a difference nor as the same.
 *
 * @public
 */
export type ParityValue =
  | { present: true; value: string }
  | { present: false }
  | {
      unavailable: true;
      /** Why, when the environment was read but not this row's kind, e.g. `Secret not read (FORBIDDEN)`. */
      reason?: string;
    };

/**
 * How a row (or one comparison between two environments) is classified.
 *
 * - `same` — equal in every compared environment;
 * - `expected` — differs, but only in a way that is allowed;
 * - `drift` — differs in a way that is not allowed;
 * - `unknown` — fewer than two environments could be read, so nothing can be said.
 *
 * @public
 */
export type ParityClassification = 'same' | 'expected' | 'drift' | 'unknown';

/**
 * The comparison of one row between two consecutive available environments of the path.
 *
 * @public
 */
export interface ParityComparison {
  /** Name of the earlier environment of the pair. */
  from: string;
  /** Name of the later environment of the pair. */
  to: string;
  /** `same`, `expected` or `drift` between the two values. */
  classification: Exclude<ParityClassification, 'unknown'>;
  /** Why the difference is `expected` or `drift` (e.g. `Replica counts are sized per environment`); absent when `same`. */
  reason?: string;
}

/**
 * One row of the parity matrix: one attribute, one value per environment.
 *
 * @public
 */
export interface ParityRow {
  /** Stable row id, e.g. `Deployment/checkout-api › container app › image.tag`. */
  id: string;
  /** The group of the row, see {@link ParityCategory}. */
  category: ParityCategory;
  /** The object the row is about. */
  object: ParityObjectRef;
  /** The container the row belongs to, for container attributes. */
  container?: string;
  /** Set when `container` is an init container. */
  initContainer?: boolean;
  /** `pod-template` for labels and annotations of a workload's pod template. */
  scope?: 'pod-template';
  /** The attribute path the `expected` / `ignore` globs match, e.g. `env-value:LOG_LEVEL`. */
  attribute: string;
  /** Human-readable label of the row. */
  label: string;
  /** One value per environment name, for every column (unavailable ones included). */
  values: Record<string, ParityValue>;
  /** The worst classification of `comparisons` (`unknown` when there is no comparison). */
  classification: ParityClassification;
  /**
   * The available environments whose value differs from the row's reference value (the most
   * common value; on a tie, the one of the earliest environment). Empty for `same` and `unknown`.
   */
  differingEnvironments: string[];
  /** Comparisons between consecutive available environments, in promotion order. */
  comparisons: ParityComparison[];
  /** Why the row is `expected` or `drift` (the first drifting comparison's reason, else the first expected one's). */
  reason?: string;
}

/**
 * Why an environment could not be compared: its state's status and reason (the error's typed
 * reason, else its message) and, for a live state that only lacks the signed-in user's cluster
 * token, the token it needs.
 *
 * @public
 */
export interface ParityUnavailable {
  /** The state's status: `not-configured`, `not-deployed`, `error`. */
  status: string;
  /** The error's typed reason, else the state's message. */
  reason?: string;
  /** The user's token the environment's cluster needs, when only that is missing. */
  needsUserToken?: UserTokenNeed;
}

/**
 * An image as written in a container spec, split into its parts.
 *
 * @public
 */
export interface ParityImage {
  /** The reference as written, e.g. `ghcr.io/acme/app:1.2.3@sha256:…`. */
  image: string;
  /** Registry and path, e.g. `ghcr.io/acme/app` (Docker Hub names are kept as written). */
  repository: string;
  /** The tag; `latest` when the reference has neither a tag nor a digest. */
  tag?: string;
  /** `sha256:…` when the image is pinned. */
  digest?: string;
}

/**
 * One environment's image of a container in {@link ImagePromotion}.
 *
 * @public
 */
export type ImagePromotionValue =
  | ({ present: true } & ParityImage)
  | { present: false }
  | { unavailable: true };

/**
 * How the image of `from` relates to the image of `to` (consecutive available environments).
 *
 * - `same` — same image (same digest when both are pinned, else same repository and tag);
 * - `ahead` — `from` runs a higher semantic version than `to` (the usual state while promoting);
 * - `behind` — `from` runs a lower semantic version than `to`;
 * - `differs` — different images that cannot be ordered (non-semver tags, same tag with a
 *   different digest, different repositories, or the container is missing on one side).
 *
 * @public
 */
export interface ImagePromotionStep {
  /** Name of the earlier environment of the pair. */
  from: string;
  /** Name of the later environment of the pair. */
  to: string;
  /** How the image of `from` relates to the image of `to` (see above). */
  status: 'same' | 'ahead' | 'behind' | 'differs';
}

/**
 * The image of one container of one workload across the environments, and which environment is
 * ahead.
 *
 * @public
 */
export interface ImagePromotion {
  /** The workload. */
  object: ParityObjectRef;
  /** Name of the container. */
  container: string;
  /** Set when the container is an init container. */
  initContainer?: boolean;
  /** The image per environment name, for every column (unavailable ones included). */
  values: Record<string, ImagePromotionValue>;
  /** One per pair of consecutive available environments, in promotion order. */
  steps: ImagePromotionStep[];
  /**
   * The environment that is ahead, found at the first step (in promotion order) whose images
   * differ: with semantic-version tags, the environment with the higher version
   * (`basis: 'semver'`); otherwise the earlier environment of that step
   * (`basis: 'promotion-order'`, i.e. the images only "differ" and the earlier one is assumed
   * to be the newer build).
   * Absent when all images are the same.
   */
  ahead?: {
    environment: string;
    of: string;
    basis: 'semver' | 'promotion-order';
  };
}

/**
 * The parity report: what `computeParity` / `computeDesiredVsLive` of
 * `@preflight/plugin-preflight-node` return, and what the parity endpoint serves.
 *
 * @public
 */
export interface ParityReport {
  /** The columns in promotion order. */
  environments: Array<{
    name: string;
    title: string;
    available: boolean;
    /** Why the environment could not be read, when `available` is false. */
    unavailable?: ParityUnavailable;
    /** Kinds that could not be read in an available environment: their rows are not compared there. */
    unreadKinds?: UnreadKind[];
    /**
     * Where the environment's state was read (the manifests location, or the cluster) and how it
     * was produced (`yaml`, `kustomize`, …), and the delivery tool's sync and health when one
     * applies it, when the report was made from source states.
     */
    source?: {
      location?: string;
      renderer?: { name: string; version?: string; revision?: string };
      delivery?: DeliveryStatus;
    };
  }>;
  /** One row per compared attribute, ordered by category, object and container. */
  rows: ParityRow[];
  /** The image of every container of every workload across the environments. */
  images: ImagePromotion[];
  /** How many rows there are, in all and per classification. */
  summary: {
    rows: number;
    same: number;
    expected: number;
    drift: number;
    unknown: number;
    /** Per pair of consecutive available environments: how many rows are same / expected / drift. */
    pairs: Array<{
      from: string;
      to: string;
      same: number;
      expected: number;
      drift: number;
    }>;
  };
}
