// The options of image-vulnerabilities: thresholds, report age and ignoreUnfixed, read and
// validated at start-up.
import type { Config } from '@backstage/config';
import {
  imageVulnerabilitiesOptionsSchema,
  parseConfig,
} from '../../config/schema';

/** The defaults of the check's thresholds. */
export const IMAGE_VULNERABILITY_DEFAULTS = {
  critical: 0,
  high: 5,
  maxReportAgeHours: 24 * 7,
} as const;

/** `preflight.checks.image-vulnerabilities.options` */
export const IMAGE_VULNERABILITY_OPTIONS_KEY =
  'preflight.checks.image-vulnerabilities.options';

/**
 * Validates `preflight.checks.image-vulnerabilities.options` with the configuration schema (the
 * check reads them again from its settings when it runs); throws naming every invalid key.
 */
export function validateImageVulnerabilityOptions(root: Config): void {
  parseConfig(
    imageVulnerabilitiesOptionsSchema,
    root.getOptional(IMAGE_VULNERABILITY_OPTIONS_KEY),
    IMAGE_VULNERABILITY_OPTIONS_KEY,
  );
}

/** What the check needs from outside; tests fix the clock. */
export interface ImageVulnerabilitiesOptions {
  now?: () => Date;
}

export interface Limits {
  critical: number;
  high: number;
  maxReportAgeHours: number;
  ignoreUnfixed: boolean;
}

export function readLimits(config: Config): Limits {
  const thresholds = config.getOptionalConfig('thresholds');
  const options = config.getOptionalConfig('options');
  return {
    critical:
      thresholds?.getOptionalNumber('critical') ??
      IMAGE_VULNERABILITY_DEFAULTS.critical,
    high:
      thresholds?.getOptionalNumber('high') ??
      IMAGE_VULNERABILITY_DEFAULTS.high,
    maxReportAgeHours:
      thresholds?.getOptionalNumber('maxReportAgeHours') ??
      IMAGE_VULNERABILITY_DEFAULTS.maxReportAgeHours,
    ignoreUnfixed: options?.getOptionalBoolean('ignoreUnfixed') ?? false,
  };
}
