import { readInteger } from '../../util/readInteger';
import type { Config } from '@backstage/config';

/** Tunables of the live state source, read from `preflight.live`. */
export interface LiveSettings {
  /** `preflight.live.pageSize`: items per list request (`limit`). */
  pageSize: number;
  /** `preflight.live.timeoutMs`: deadline of one environment read. */
  timeoutMs: number;
  /** `preflight.live.concurrency`: concurrent requests per cluster. */
  concurrency: number;
  /** `preflight.live.retries`: retries on 429/503. */
  retries: number;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
  pageSize: 500,
  timeoutMs: 5000,
  concurrency: 16,
  retries: 2,
};

const BOUNDS: Record<keyof LiveSettings, [number, number]> = {
  pageSize: [1, 10000],
  timeoutMs: [100, 120000],
  concurrency: [1, 256],
  retries: [0, 10],
};

/** The config keys, for documentation and error messages. */
export const LIVE_CONFIG_KEYS = Object.fromEntries(
  Object.keys(DEFAULT_LIVE_SETTINGS).map(k => [k, `preflight.live.${k}`]),
) as Record<keyof LiveSettings, string>;

/**
 * Reads and validates `preflight.live.*`. Throws an `Error` naming the key on invalid values, so a
 * misconfigured backend does not start.
 */
export function readLiveSettings(config: Config): LiveSettings {
  const settings = { ...DEFAULT_LIVE_SETTINGS };
  for (const name of Object.keys(BOUNDS) as Array<keyof LiveSettings>) {
    const key = LIVE_CONFIG_KEYS[name];
    const [min, max] = BOUNDS[name];
    settings[name] = readInteger(config, key, {
      min,
      max,
      fallback: settings[name],
    });
  }
  return settings;
}
