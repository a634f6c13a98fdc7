// The check's own options (`preflight.checks.ci-tests.options`): which workflows count and the
// deadline of one lookup, validated by the configuration schema (`config/schema/checks.ts`).
import type { Config } from '@backstage/config';
import type { z } from 'zod';
import { ciTestsOptionsSchema, parseConfig } from '../../config/schema';

/** The check's own options. */
export const CI_OPTIONS_KEY = 'preflight.checks.ci-tests.options';

/** `preflight.checks.ci-tests.options`: `workflows` (all when absent) and `timeoutMs` (default 5000). */
export type CiTestsOptions = z.output<typeof ciTestsOptionsSchema>;

/** Reads and validates `preflight.checks.ci-tests.options`; throws naming every invalid key. */
export function readCiTestsOptions(config: Config): CiTestsOptions {
  return parseConfig(
    ciTestsOptionsSchema,
    config.getOptional(CI_OPTIONS_KEY),
    CI_OPTIONS_KEY,
  );
}
