import type {
  EnvironmentState,
  ParityReport,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  computeDesiredVsLive,
  computeParity,
  toParityColumn,
} from '@preflight/plugin-preflight-node';
import type { ParitySettings } from '../config/parity';

/** The parity answer of an entity: desired, live, and desired vs live per environment. */
export interface EntityParity {
  desired: ParityReport;
  live: ParityReport;
  desiredVsLive: Array<{
    environment: string;
    report?: ParityReport;
    unavailable?: string;
  }>;
}

/**
 * Computes parity from the environments' states; pure, the states come from the sources.
 * `settings` is `preflight.parity` (config/parity.ts): environments are compared with its
 * `environments` options, each environment's desired and live state with `desiredVsLive`.
 */
export function computeEntityParity(
  states: EnvironmentState[],
  settings: Partial<ParitySettings> = {},
): EntityParity {
  const options = settings.environments ?? {};
  return {
    desired: withSources(
      computeParity(
        states.map(s => toParityColumn(s.environment, s.desired)),
        options,
      ),
      states.map(s => s.desired),
    ),
    live: withSources(
      computeParity(
        states.map(s => toParityColumn(s.environment, s.live)),
        options,
      ),
      states.map(s => s.live),
    ),
    desiredVsLive: states.map(s =>
      s.desired.status === 'ok' && s.live.status === 'ok'
        ? {
            environment: s.environment.name,
            report: computeDesiredVsLive(
              s.desired.objects,
              s.live.objects,
              settings.desiredVsLive ?? {},
              s.live.unreadKinds,
            ),
          }
        : {
            environment: s.environment.name,
            unavailable: `desired state ${s.desired.status}, live state ${
              s.live.status
            }${s.live.error ? ` (${s.live.error.reason})` : ''}`,
          },
    ),
  };
}

/** Adds to each environment of a report where its state was read and how it was rendered. */
function withSources(
  report: ParityReport,
  sources: SourceState[],
): ParityReport {
  return {
    ...report,
    environments: report.environments.map((environment, index) => {
      const { location, renderer, delivery } = sources[index] ?? {};
      if (!location && !renderer && !delivery) return environment;
      return {
        ...environment,
        source: {
          ...(location ? { location } : {}),
          ...(renderer ? { renderer } : {}),
          ...(delivery ? { delivery } : {}),
        },
      };
    }),
  };
}
