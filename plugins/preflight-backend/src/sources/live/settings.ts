import type { Config } from '@backstage/config';
import {
  readPreflightSection,
  type PreflightConfig,
} from '../../config/schema';
import { liveSchema } from '../../config/schema/live';

/** Tunables of the live state source, read from `preflight.live`. */
export interface LiveSettings {
  /**
   * `preflight.live.pageSize`: items per list request (`limit`) of the catalog-wide listing and of
   * the follow-ups' namespace listings.
   */
  pageSize: number;
  /**
   * Items per list request of one entity's label-scoped read: `preflight.live.pageSize` when it is
   * set, else {@link MAX_PAGE_SIZE}, so that a component's objects of one kind (thousands of Pods)
   * come in one round trip, as the Kubernetes plugin reads them, not one per 500.
   */
  readPageSize: number;
  /** `preflight.live.timeoutMs`: deadline of one environment read. */
  timeoutMs: number;
  /** `preflight.live.concurrency`: concurrent requests per cluster. */
  concurrency: number;
  /** `preflight.live.retries`: retries on 429/503. */
  retries: number;
}

export { MAX_PAGE_SIZE } from '../../config/schema/live';

/** The live source's settings of the validated `preflight.live`. */
export function liveSettings(live: PreflightConfig['live']): LiveSettings {
  return {
    pageSize: live.pageSize,
    readPageSize: live.readPageSize,
    timeoutMs: live.timeoutMs,
    concurrency: live.concurrency,
    retries: live.retries,
  };
}

/** The settings when nothing is configured (the schema's defaults). */
export const DEFAULT_LIVE_SETTINGS: LiveSettings = liveSettings(
  liveSchema.parse(undefined),
);

/** The config keys, for documentation and error messages. */
export const LIVE_CONFIG_KEYS = {
  pageSize: 'preflight.live.pageSize',
  timeoutMs: 'preflight.live.timeoutMs',
  concurrency: 'preflight.live.concurrency',
  retries: 'preflight.live.retries',
} as const;

/**
 * Reads and validates `preflight.live.*`. Throws an error naming every invalid key, so a
 * misconfigured backend does not start.
 */
export function readLiveSettings(config: Config): LiveSettings {
  // Bounds and defaults: the configuration schema (`config/schema/live.ts`).
  return liveSettings(readPreflightSection(config, 'live'));
}
