// The check's own options (`preflight.checks.ci-tests.options`): which workflows count and the
// deadline of one lookup, read and validated.
import { readInteger } from '../../util/readInteger';
import type { Config } from '@backstage/config';

/** The check's own options. */
export const CI_OPTIONS_KEY = 'preflight.checks.ci-tests.options';

/** `preflight.checks.ci-tests.options`. */
export interface CiTestsOptions {
  /** Only these GitHub Actions workflows (by name) count; all when absent. */
  workflows?: string[];
  /** Deadline of one lookup (all its requests), in ms (default 5000). */
  timeoutMs: number;
}

/** Reads and validates `preflight.checks.ci-tests.options`; throws naming the key. */
export function readCiTestsOptions(config: Config): CiTestsOptions {
  const block = config.getOptionalConfig(CI_OPTIONS_KEY);
  const out: CiTestsOptions = { timeoutMs: 5000 };
  for (const key of block?.keys() ?? []) {
    if (key !== 'workflows' && key !== 'timeoutMs') {
      throw new Error(
        `Invalid config at '${CI_OPTIONS_KEY}.${key}': unknown option (allowed: workflows, timeoutMs)`,
      );
    }
  }
  if (block?.has('workflows')) {
    const value = block.getOptional('workflows');
    if (
      !Array.isArray(value) ||
      value.some(v => typeof v !== 'string' || v.trim() === '')
    ) {
      throw new Error(
        `Invalid config at '${CI_OPTIONS_KEY}.workflows': expected a list of workflow names`,
      );
    }
    out.workflows = (value as string[]).map(v => v.trim());
  }
  if (block?.has('timeoutMs')) {
    out.timeoutMs = readInteger(block, 'timeoutMs', {
      min: 100,
      max: 60_000,
      fallback: 0,
      name: `${CI_OPTIONS_KEY}.timeoutMs`,
    });
  }
  return out;
}
