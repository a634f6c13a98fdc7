import type { Config } from '@backstage/config';
import { compileImmutableTagPatterns } from '@preflight/plugin-preflight-common';

/** The config key of the tags that count as immutable. */
export const IMMUTABLE_TAGS_CONFIG_KEY = 'preflight.policy.immutableTags';

/** Policy settings shared by the checks that evaluate policy rules. */
export interface PolicySettings {
  /**
   * Regular-expression sources of the image tags that count as immutable, replacing the built-in
   * `DEFAULT_IMMUTABLE_TAG_PATTERNS`; absent when not configured.
   */
  immutableTags?: readonly string[];
}

/**
 * Reads `preflight.policy`. Throws at start-up with the offending key in the message, e.g.
 * `Invalid config at 'preflight.policy.immutableTags[2]': '(' is not a valid regular expression`.
 */
export function readPolicySettings(config: Config): PolicySettings {
  if (!config.has(IMMUTABLE_TAGS_CONFIG_KEY)) return {};
  let sources: string[];
  try {
    sources = config.getStringArray(IMMUTABLE_TAGS_CONFIG_KEY);
  } catch {
    throw new Error(
      `Invalid config at '${IMMUTABLE_TAGS_CONFIG_KEY}': expected a list of regular expressions (strings)`,
    );
  }
  try {
    compileImmutableTagPatterns(sources);
  } catch (error) {
    // The message starts with the index in brackets: `[2]: …`.
    const message = (error as Error).message;
    const index = message.match(/^\[\d+\]/)?.[0] ?? '';
    throw new Error(
      `Invalid config at '${IMMUTABLE_TAGS_CONFIG_KEY}${index}': ${message
        .slice(index.length)
        .replace(/^:\s*/, '')}`,
    );
  }
  return { immutableTags: Object.freeze([...sources]) };
}
