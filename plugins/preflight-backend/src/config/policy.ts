import type { Config } from '@backstage/config';
import { readImmutableTags } from '@preflight/plugin-preflight-node';

/** Policy settings shared by the checks that evaluate policy rules. */
export interface PolicySettings {
  /**
   * Regular-expression sources of the image tags that count as immutable, replacing the built-in
   * `DEFAULT_IMMUTABLE_TAG_PATTERNS`; absent when not configured.
   */
  immutableTags?: readonly string[];
}

/** Reads `preflight.policy` (see `readImmutableTags`); throws at start-up naming the key. */
export function readPolicySettings(config: Config): PolicySettings {
  const immutableTags = readImmutableTags(config);
  return immutableTags ? { immutableTags } : {};
}
