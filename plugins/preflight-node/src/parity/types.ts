import type {
  KubernetesObject,
  ParityRow,
  ParityUnavailable,
  PreflightEnvironment,
  UnreadKind,
} from '@preflight/plugin-preflight-common';

/*
 * The parity engine's inputs and options. The report it returns (`ParityReport` and the types it
 * references) is part of the API, so it lives in `@preflight/plugin-preflight-common`; it is
 * re-exported here for the engine's own modules only (not from the package).
 */
export { PARITY_CATEGORIES } from '@preflight/plugin-preflight-common';
export type {
  ImagePromotion,
  ImagePromotionStep,
  ImagePromotionValue,
  ParityCategory,
  ParityClassification,
  ParityComparison,
  ParityImage,
  ParityObjectRef,
  ParityReport,
  ParityRow,
  ParityUnavailable,
  ParityValue,
} from '@preflight/plugin-preflight-common';

/**
 * One attribute of one object of one environment, as extracted by
 * {@link extractParityAttributes}: the fields of the report row it becomes
 * ({@link @preflight/plugin-preflight-common#ParityRow}) with its value in this environment.
 *
 * @public
 */
export interface ParityAttribute
  extends Pick<
    ParityRow,
    | 'id'
    | 'category'
    | 'object'
    | 'container'
    | 'initContainer'
    | 'scope'
    | 'attribute'
    | 'label'
  > {
  /** The value shown (sensitive literals already masked). */
  value: string;
  /**
   * The value compared when it differs from `value`: e.g. `500m` and `0.5` CPU compare equal,
   * and an explicit `revisionHistoryLimit: 10` equals the default.
   */
  compare?: string;
}

/**
 * A column of {@link computeParity}: the (sanitized) objects of one environment, or the reason
 * the environment could not be read.
 *
 * @public
 */
export type ParityColumn =
  | {
      environment: PreflightEnvironment;
      objects: KubernetesObject[];
      /**
       * Kinds that could not be read in this environment (its live state's `unreadKinds`): rows
       * of objects of these kinds are `unavailable` there, never a difference.
       */
      unreadKinds?: readonly UnreadKind[];
    }
  | {
      environment: PreflightEnvironment;
      unavailable: ParityUnavailable;
    };

/**
 * An entry of {@link ParityOptions.expected}.
 *
 * @public
 */
export interface ParityExpectation {
  /**
   * A glob (only `*`, matching any characters) over the attribute path (e.g. `env-value:*`,
   * `replicas`, `hpa.*`, `annotation:prometheus.io/*`) or over the full row id (e.g.
   * `Job/* › *`).
   */
  attribute: string;
  /** Shown as the reason of the rows it makes `expected`. */
  reason?: string;
}

/**
 * Options of {@link computeParity} and {@link computeDesiredVsLive}.
 *
 * @public
 */
export interface ParityOptions {
  /**
   * Differences that are expected. Replaces the default list
   * ({@link DEFAULT_EXPECTED} for environments, {@link DEFAULT_DESIRED_VS_LIVE_EXPECTED} for
   * desired vs live); spread the default to extend it.
   */
  expected?: ParityExpectation[];
  /** Globs (same syntax as `expected`) of rows to drop from the report. */
  ignore?: string[];
  /** Globs over label keys to compare. Default {@link DEFAULT_PARITY_LABELS}. */
  labels?: string[];
  /** Globs over annotation keys to compare. Default {@link DEFAULT_PARITY_ANNOTATIONS}. */
  annotations?: string[];
  /**
   * Limits for replica counts and HPA bounds: a difference in `replicas`, `hpa.minReplicas` or
   * `hpa.maxReplicas` is expected only while every value is within these bounds (inclusive).
   */
  replicas?: { min?: number; max?: number };
}
