import type { Config } from '@backstage/config';
import {
  DEFAULT_DESIRED_VS_LIVE_EXPECTED,
  DEFAULT_EXPECTED,
  type ParityExpectation,
  type ParityOptions,
} from '@preflight/plugin-preflight-common';

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

const KEY = 'preflight.parity';

function invalid(key: string, message: string): Error {
  return new Error(`Invalid config at '${key}': ${message}`);
}

/** A non-empty glob; only `*` is special, so anything else is taken literally. */
function nonEmptyGlob(value: string, key: string): string {
  if (value.trim() === '' || value !== value.trim()) {
    throw invalid(key, 'expected a non-empty glob without surrounding spaces');
  }
  return value;
}

/** A glob over attributes, which may not match every attribute. */
function glob(value: string, key: string): string {
  nonEmptyGlob(value, key);
  if (/^\*+$/.test(value)) {
    throw invalid(
      key,
      `'${value}' matches every attribute, which would hide all drift`,
    );
  }
  return value;
}

function bound(config: Config, key: string): number | undefined {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw invalid(
      `${KEY}.${key}`,
      `expected a non-negative integer, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads and validates `preflight.parity`. Throws at start-up with the offending key in the
 * message.
 */
export function readParitySettings(config: Config): ParitySettings {
  const parity = config.getOptionalConfig(KEY);
  if (!parity) {
    return { environments: {}, desiredVsLive: {} };
  }

  const expected: ParityExpectation[] = (
    parity.getOptionalConfigArray('expected') ?? []
  ).map((item, index) => {
    const at = `${KEY}.expected[${index}]`;
    const attribute = glob(item.getString('attribute'), `${at}.attribute`);
    const reason = item.getOptionalString('reason');
    return reason ? { attribute, reason } : { attribute };
  });

  const ignore = parity
    .getOptionalStringArray('ignore')
    ?.map((value, index) => glob(value, `${KEY}.ignore[${index}]`));

  // Label and annotation keys to compare: they replace the defaults (the Kubernetes
  // recommended labels, the Prometheus scrape annotations), so that a team can also drop them.
  const keys = (name: 'labels' | 'annotations') =>
    parity
      .getOptionalStringArray(name)
      ?.map((value, index) => nonEmptyGlob(value, `${KEY}.${name}[${index}]`));
  const labels = keys('labels');
  const annotations = keys('annotations');

  let replicas: ParityOptions['replicas'];
  if (parity.has('replicas')) {
    const min = bound(parity, 'replicas.min');
    const max = bound(parity, 'replicas.max');
    if (min !== undefined && max !== undefined && min > max) {
      throw invalid(
        `${KEY}.replicas`,
        `min (${min}) is greater than max (${max})`,
      );
    }
    replicas = { min, max };
  }

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
