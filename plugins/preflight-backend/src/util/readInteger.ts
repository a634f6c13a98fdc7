import type { Config } from '@backstage/config';

/** The bounds and default of an integer setting. */
export interface IntegerSetting {
  min: number;
  max: number;
  /** The value when the key is absent. */
  fallback: number;
  /** The full key named in the error when `config` is a sub-section (default: `key`). */
  name?: string;
}

/**
 * An integer setting of `preflight.*` within its bounds; its `fallback` when absent. Anything else
 * (a string, a fraction, out of bounds) stops start-up with an error naming the key and the value:
 * `Invalid config at '<key>': expected an integer between <min> and <max>, got <value>`.
 */
export function readInteger(
  config: Config | undefined,
  key: string,
  setting: IntegerSetting,
): number {
  if (!config?.has(key)) return setting.fallback;
  const value = config.getOptional(key);
  const { min, max } = setting;
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < min ||
    value > max
  ) {
    throw new Error(
      `Invalid config at '${
        setting.name ?? key
      }': expected an integer between ${min} and ${max}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}
