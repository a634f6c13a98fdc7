import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readInteger } from '../util/readInteger';

/** Plugin-wide settings other than environments and checks, validated at start-up. */
export interface PluginSettings {
  /** The catalog-wide re-evaluation; `undefined` when disabled (`preflight.schedule: false`). */
  schedule?: SchedulerServiceTaskScheduleDefinition;
  /** Entities evaluated at the same time by the scheduled task. */
  concurrency: number;
  /** Parts of the catalog the scheduled evaluation is split into (one global task each). */
  shards: number;
  /** Days of history kept. */
  retentionDays: number;
  /** Longest a waiver may last. */
  maxWaiverDays: number;
}

function integer(
  config: Config,
  key: string,
  fallback: number,
  min: number,
  max: number,
) {
  return readInteger(config, key, { min, max, fallback });
}

export function readPluginSettings(config: Config): PluginSettings {
  let schedule: SchedulerServiceTaskScheduleDefinition | undefined = {
    frequency: { minutes: 30 },
    timeout: { minutes: 15 },
    initialDelay: { minutes: 1 },
  };
  if (config.has('preflight.schedule')) {
    if (config.getOptional('preflight.schedule') === false) {
      schedule = undefined;
    } else {
      try {
        schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('preflight.schedule'),
        );
      } catch (error) {
        throw new Error(
          `Invalid config at 'preflight.schedule': ${(error as Error).message}`,
        );
      }
    }
  }
  return {
    schedule,
    concurrency: integer(config, 'preflight.evaluation.concurrency', 4, 1, 64),
    shards: integer(config, 'preflight.evaluation.shards', 1, 1, 64),
    retentionDays: integer(
      config,
      'preflight.history.retentionDays',
      90,
      1,
      3650,
    ),
    maxWaiverDays: integer(config, 'preflight.waivers.maxDays', 90, 1, 366),
  };
}
