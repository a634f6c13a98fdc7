// `preflight.live`: reading live state from clusters.
import { liveWatchSchema } from './liveWatch';
import { integer, section } from './values';

/** The bounds and defaults of `preflight.live.*`. */
export const liveSchema = section({
  /** Items per list request (`limit`). */
  pageSize: integer(1, 10_000, 500),
  /** Deadline of one environment read, in ms. */
  timeoutMs: integer(100, 120_000, 5000),
  /** Concurrent requests per cluster. */
  concurrency: integer(1, 256, 16),
  /** Retries on 429/503. */
  retries: integer(0, 10, 2),
  /** Deadline of one catalog-wide snapshot (all kinds, all pages), in ms. */
  snapshotTimeoutMs: integer(100, 1_800_000, 60_000),
  /** The watch cache (`liveWatch.ts`). */
  watch: liveWatchSchema,
});
