/**
 * The parity engine: compares one component across environments, and desired
 * against live state. Pure functions, no I/O. The report types it returns (`ParityReport`, …)
 * are part of the API and live in `@preflight/plugin-preflight-common`.
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
export type {
  ParityAttribute,
  ParityColumn,
  ParityExpectation,
  ParityOptions,
} from './types';
