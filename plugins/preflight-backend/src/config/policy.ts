import type { Config } from '@backstage/config';
import { readPreflightSection, type PreflightConfig } from './schema';

/** Policy settings shared by the checks that evaluate policy rules. */
export interface PolicySettings {
  /**
   * Regular-expression sources of the image tags that count as immutable, replacing the built-in
   * `DEFAULT_IMMUTABLE_TAG_PATTERNS`; absent when not configured.
   */
  immutableTags?: readonly string[];
}

/** The policy settings of the validated `preflight.policy`. */
export function policySettings(
  policy: PreflightConfig['policy'],
): PolicySettings {
  return policy.immutableTags ? { immutableTags: policy.immutableTags } : {};
}

/** Reads `preflight.policy` (see `readImmutableTags`); throws at start-up naming the key. */
export function readPolicySettings(config: Config): PolicySettings {
  return policySettings(readPreflightSection(config, 'policy'));
}
