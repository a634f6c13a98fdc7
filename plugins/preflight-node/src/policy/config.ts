import type { Config } from '@backstage/config';
import { compileImmutableTagPatterns } from './images';

/**
 * The config key of the image tags that count as immutable, read by the Preflight backend and the
 * scaffolder module alike.
 *
 * @public
 */
export const IMMUTABLE_TAGS_CONFIG_KEY = 'preflight.policy.immutableTags';

/**
 * Reads `preflight.policy.immutableTags`: the regular-expression sources of the image tags that
 * count as immutable, or `undefined` when not configured (the built-in patterns apply). Throws at
 * start-up with the offending key, e.g.
 * `Invalid config at 'preflight.policy.immutableTags[2]': '(' is not a valid regular expression`.
 *
 * @public
 */
export function readImmutableTags(
  config: Pick<Config, 'has' | 'getStringArray'>,
): readonly string[] | undefined {
  if (!config.has(IMMUTABLE_TAGS_CONFIG_KEY)) return undefined;
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
  return Object.freeze([...sources]);
}
