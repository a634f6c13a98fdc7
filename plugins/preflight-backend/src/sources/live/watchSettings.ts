/**
 * `preflight.live.watch`: the live source's watch cache (see `watchCache.ts`), its schema in
 * `config/schema/liveWatch.ts`, read and validated when the source is made: an invalid value stops the backend with
 * `Invalid config at 'preflight.live.watch.<key>': …`.
 */
import type { Config } from '@backstage/config';
import type { z } from 'zod';
import { parseConfig } from '../../config/schema';
import { liveWatchSchema } from '../../config/schema/liveWatch';

/** The config key of the watch cache. */
export const WATCH_CONFIG_KEY = 'preflight.live.watch';

/** The watch cache's settings (`preflight.live.watch.*` with defaults). */
export type WatchSettings = z.output<typeof liveWatchSchema>;

/** The settings when nothing is configured. */
export const DEFAULT_WATCH_SETTINGS: WatchSettings =
  liveWatchSchema.parse(undefined);

/**
 * Reads and validates `preflight.live.watch`. Throws an error naming every invalid key
 * (`Invalid config at 'preflight.live.watch.maxStalenessMs': …`).
 */
export function readWatchSettings(config: Config): WatchSettings {
  return parseConfig(
    liveWatchSchema,
    config.getOptional(WATCH_CONFIG_KEY),
    WATCH_CONFIG_KEY,
  );
}
