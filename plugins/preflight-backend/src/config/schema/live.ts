// `preflight.live`: reading live state from clusters.
import { z } from 'zod';
import { liveWatchSchema } from './liveWatch';
import { boundedInteger, integer } from './values';

/** The largest page `preflight.live.pageSize` admits, and the default page of one entity's read. */
export const MAX_PAGE_SIZE = 10_000;

/** The bounds and defaults of `preflight.live.*`. */
export const liveSchema = z
  .object({
    /** Items per list request (`limit`); default 500. */
    pageSize: boundedInteger(1, MAX_PAGE_SIZE).optional(),
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
  })
  .transform(({ pageSize, ...rest }) => ({
    ...rest,
    /** The page of the catalog-wide listing and of the follow-ups' namespace listings. */
    pageSize: pageSize ?? 500,
    /**
     * The page of one entity's label-scoped read: `pageSize` when it is set, else
     * {@link MAX_PAGE_SIZE}, so that a component's objects of one kind come in one round trip.
     */
    readPageSize: pageSize ?? MAX_PAGE_SIZE,
  }))
  .prefault({});
