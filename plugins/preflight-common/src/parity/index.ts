/**
 * The parity engine: compares one component across environments, and desired
 * against live state. Pure functions, no I/O.
 */
export {
  computeParity,
  computeDesiredVsLive,
  toParityColumn,
  DESIRED_VS_LIVE_ENVIRONMENTS,
} from './compare';
export { DEFAULT_EXPECTED, DEFAULT_DESIRED_VS_LIVE_EXPECTED } from './classify';
export {
  extractParityAttributes,
  DEFAULT_PARITY_LABELS,
  DEFAULT_PARITY_ANNOTATIONS,
  PARITY_IGNORED_METADATA,
} from './extract';
export { PARITY_CATEGORIES } from './types';
export type {
  ParityCategory,
  ParityObjectRef,
  ParityAttribute,
  ParityValue,
  ParityClassification,
  ParityComparison,
  ParityRow,
  ParityColumn,
  ParityUnavailable,
  ParityImage,
  ImagePromotionValue,
  ImagePromotionStep,
  ImagePromotion,
  ParityExpectation,
  ParityOptions,
  ParityReport,
} from './types';
