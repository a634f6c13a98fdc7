import { readInteger } from '../../util/readInteger';
import type { Config } from '@backstage/config';

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

/** The largest page `preflight.live.pageSize` admits, and the default page of one entity's read. */
export const MAX_PAGE_SIZE = 10000;

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
  pageSize: 500,
  readPageSize: MAX_PAGE_SIZE,
  timeoutMs: 5000,
  concurrency: 16,
  retries: 2,
};

type ConfiguredSetting = Exclude<keyof LiveSettings, 'readPageSize'>;

const BOUNDS: Record<ConfiguredSetting, [number, number]> = {
  pageSize: [1, MAX_PAGE_SIZE],
  timeoutMs: [100, 120000],
  concurrency: [1, 256],
  retries: [0, 10],
};

/** The config keys, for documentation and error messages. */
export const LIVE_CONFIG_KEYS = Object.fromEntries(
  Object.keys(BOUNDS).map(k => [k, `preflight.live.${k}`]),
) as Record<ConfiguredSetting, string>;

/**
 * Reads and validates `preflight.live.*`. Throws an `Error` naming the key on invalid values, so a
 * misconfigured backend does not start.
 */
export function readLiveSettings(config: Config): LiveSettings {
  const settings = { ...DEFAULT_LIVE_SETTINGS };
  for (const name of Object.keys(BOUNDS) as ConfiguredSetting[]) {
    const key = LIVE_CONFIG_KEYS[name];
    const [min, max] = BOUNDS[name];
    settings[name] = readInteger(config, key, {
      min,
      max,
      fallback: settings[name],
    });
  }
  if (config.has(LIVE_CONFIG_KEYS.pageSize)) {
    settings.readPageSize = settings.pageSize;
  }
  return settings;
}
