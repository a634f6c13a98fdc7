// The plugin-wide sections of `preflight`: the scheduled re-evaluation, history, waivers, caching
// and how ConfigMap values are shown.
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { z } from 'zod';
import { integer, numeric, section } from './values';

/** The catalog-wide re-evaluation when `preflight.schedule` is absent. */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 15 },
  initialDelay: { minutes: 1 },
};

const duration = z.union([z.string(), z.record(z.string(), z.number())]);

/**
 * `preflight.schedule`: a scheduler task definition (read as Backstage reads one), or `false` to
 * disable; `undefined` in the result when disabled.
 */
export const scheduleSchema = z
  .union(
    [
      z.literal(false),
      z.looseObject({
        frequency: duration,
        timeout: duration,
        initialDelay: duration.optional(),
      }),
    ],
    {
      error:
        'expected false or a task schedule ({ frequency, timeout, initialDelay? }, e.g. frequency: { minutes: 30 })',
    },
  )
  .optional()
  .transform(
    (value, ctx): SchedulerServiceTaskScheduleDefinition | undefined => {
      if (value === undefined) return DEFAULT_SCHEDULE;
      if (value === false) return undefined;
      try {
        return readSchedulerServiceTaskScheduleDefinitionFromConfig(
          new ConfigReader(value as JsonObject),
        );
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    },
  );

/** `preflight.evaluation`: the scheduled evaluation's concurrency and shards. */
export const evaluationSchema = section({
  concurrency: integer(1, 64, 4),
  shards: integer(1, 64, 1),
});

/** `preflight.history`. */
export const historySchema = section({ retentionDays: integer(1, 3650, 90) });

/** `preflight.waivers`. */
export const waiversSchema = section({ maxDays: integer(1, 366, 90) });

/** `preflight.cache`: seconds a source's answer is reused. */
export const cacheSchema = section({
  ttlSeconds: numeric(
    input =>
      `expected a number of seconds between 0 and 3600, got ${JSON.stringify(
        input,
      )}`,
  )
    .refine(ttl => Number.isFinite(ttl) && ttl >= 0 && ttl <= 3600, {
      error: issue =>
        `expected a number of seconds between 0 and 3600, got ${JSON.stringify(
          issue.input,
        )}`,
    })
    .default(30),
});

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+\*?$/;

/** `preflight.configMaps`: the keys whose values are shown as they are. */
export const configMapsSchema = section({
  visibleKeys: z
    .array(
      z.string().refine(key => CONFIG_MAP_KEY.test(key), {
        error: issue =>
          `'${issue.input}' is not a ConfigMap key name (letters, digits, '-', '_', '.'; a trailing '*' matches any rest)`,
      }),
      { error: 'expected a list of ConfigMap key names' },
    )
    .default([]),
});

/** `preflight.registryTimeoutMs`: the deadline of one registry request. */
export const registryTimeoutMsSchema = integer(100, 60_000, 5000);
