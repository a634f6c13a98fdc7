import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { readPreflightSections, type PreflightConfig } from './schema';

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

type Sections = Pick<
  PreflightConfig,
  'schedule' | 'evaluation' | 'history' | 'waivers'
>;

/** The plugin-wide settings of the validated configuration. */
export function pluginSettings(preflight: Sections): PluginSettings {
  return {
    schedule: preflight.schedule,
    concurrency: preflight.evaluation.concurrency,
    shards: preflight.evaluation.shards,
    retentionDays: preflight.history.retentionDays,
    maxWaiverDays: preflight.waivers.maxDays,
  };
}

/**
 * Reads `preflight.schedule`, `evaluation`, `history` and `waivers`; throws naming every invalid
 * key.
 */
export function readPluginSettings(config: Config): PluginSettings {
  return pluginSettings(
    readPreflightSections(
      config,
      'schedule',
      'evaluation',
      'history',
      'waivers',
    ),
  );
}
