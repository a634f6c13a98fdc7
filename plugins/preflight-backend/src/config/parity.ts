import type { Config } from '@backstage/config';
import {
  DEFAULT_DESIRED_VS_LIVE_EXPECTED,
  DEFAULT_EXPECTED,
  type ParityExpectation,
  type ParityOptions,
} from '@preflight/plugin-preflight-node';
import { readPreflightSection, type PreflightConfig } from './schema';

/**
 * The parity options of the plugin ("what counts as expected is configurable"): one
 * set for comparing environments with each other, one for comparing an environment's desired
 * state with its live state. The configured `preflight.parity.expected` entries are added to the
 * built-in defaults of each.
 */
export interface ParitySettings {
  environments: ParityOptions;
  desiredVsLive: ParityOptions;
}

/**
 * The parity options of the validated `preflight.parity` (its globs and replica bounds are checked
 * by the configuration schema, `schema/policy.ts`).
 */
export function paritySettings(
  parity: PreflightConfig['parity'],
): ParitySettings {
  const expected: ParityExpectation[] = (parity.expected ?? []).map(
    ({ attribute, reason }) => (reason ? { attribute, reason } : { attribute }),
  );
  // Label and annotation keys to compare replace the defaults (the Kubernetes recommended labels,
  // the Prometheus scrape annotations), so that a team can also drop them.
  const { ignore, labels, annotations } = parity;
  const replicas: ParityOptions['replicas'] = parity.replicas && {
    min: parity.replicas.min,
    max: parity.replicas.max,
  };
  const common: ParityOptions = {
    ...(ignore ? { ignore } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...(replicas ? { replicas } : {}),
  };
  return {
    environments: {
      ...common,
      ...(expected.length
        ? { expected: [...DEFAULT_EXPECTED, ...expected] }
        : {}),
    },
    desiredVsLive: {
      ...common,
      ...(expected.length
        ? { expected: [...DEFAULT_DESIRED_VS_LIVE_EXPECTED, ...expected] }
        : {}),
    },
  };
}

/**
 * Reads and validates `preflight.parity`. Throws at start-up naming every invalid key.
 */
export function readParitySettings(config: Config): ParitySettings {
  return paritySettings(readPreflightSection(config, 'parity'));
}
