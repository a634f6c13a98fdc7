// `preflight.live.watch`: the live source's watch cache (`sources/live/watchCache.ts`).
import { isDns1123Label } from '@preflight/plugin-preflight-common';
import { z } from 'zod';
import { integer } from './values';

/** The schema of `preflight.live.watch`, with its bounds and defaults. */
export const liveWatchSchema = z
  .strictObject(
    {
      /** Whether clusters are watched (default false: every read goes to the cluster). */
      enabled: z.boolean({ error: 'expected true or false' }).default(false),
      /** The namespaces watched; absent: all namespaces (one watch per kind for the cluster). */
      namespaces: z
        .array(
          z
            .string({ error: 'expected a namespace name' })
            .refine(value => isDns1123Label(value), {
              error:
                'expected a namespace name (a DNS-1123 label: lowercase letters, digits and "-", at most 63 characters)',
            }),
          { error: 'expected a list of namespace names' },
        )
        .min(1, {
          error: 'expected at least one namespace (omit the key for all)',
        })
        .max(1000, { error: 'expected at most 1000 namespaces' })
        .optional(),
      /** Objects held per cluster at most, all kinds together; over it the cluster is read directly. */
      maxObjectsPerCluster: integer(1, 10_000_000, 50_000),
      /**
       * How long after its last confirmed event, bookmark or relist a watched kind still answers;
       * older, reads go to the cluster.
       */
      maxStalenessMs: integer(1000, 3_600_000, 120_000),
    },
    {
      error: issue => {
        if (issue.code === 'unrecognized_keys') {
          return 'unknown setting (allowed: enabled, namespaces, maxObjectsPerCluster, maxStalenessMs)';
        }
        return issue.code === 'invalid_type' ? 'expected an object' : undefined;
      },
    },
  )
  .prefault({});
