import type { Config } from '@backstage/config';
import { z } from 'zod';
import { compileImmutableTagPatterns } from './images';

/**
 * The config key of the image tags that count as immutable, read by the Preflight backend and the
 * scaffolder module alike.
 *
 * @public
 */
export const IMMUTABLE_TAGS_CONFIG_KEY = 'preflight.policy.immutableTags';

const LIST_MESSAGE = 'expected a list of regular expressions (strings)';

/**
 * The schema of `preflight.policy.immutableTags` (zod): a list of regular-expression sources, each
 * matched against the whole tag. Every invalid entry is an issue at its index; the output is the
 * list, frozen. The Preflight backend's configuration schema uses it, and so does
 * {@link readImmutableTags}.
 *
 * @public
 */
export const immutableTagsSchema: z.ZodType<readonly string[], unknown> = z
  .array(z.unknown(), { error: LIST_MESSAGE })
  // One message for the list when an entry is not a string (the list is what is misread).
  .refine(
    (sources): sources is string[] =>
      sources.every(source => typeof source === 'string'),
    { error: LIST_MESSAGE },
  )
  .transform(sources => sources as string[])
  .superRefine((sources, ctx) => {
    sources.forEach((source, index) => {
      try {
        compileImmutableTagPatterns([source]);
      } catch (error) {
        // The message starts with the index in the list it was given: `[0]: …`.
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: (error as Error).message.replace(/^\[\d+\]:\s*/, ''),
        });
      }
    });
  })
  .transform((sources): readonly string[] => Object.freeze([...sources]));

/**
 * Reads `preflight.policy.immutableTags` with {@link immutableTagsSchema}: the regular-expression
 * sources of the image tags that count as immutable, or `undefined` when not configured (the
 * built-in patterns apply). Throws at start-up naming every invalid entry, one line each, e.g.
 * `Invalid config at 'preflight.policy.immutableTags[2]': '(' is not a valid regular expression`.
 *
 * @public
 */
export function readImmutableTags(
  config: Pick<Config, 'has' | 'getOptional'>,
): readonly string[] | undefined {
  if (!config.has(IMMUTABLE_TAGS_CONFIG_KEY)) return undefined;
  const result = immutableTagsSchema.safeParse(
    config.getOptional(IMMUTABLE_TAGS_CONFIG_KEY),
  );
  if (result.success) return result.data;
  throw new Error(
    result.error.issues
      .map(
        issue =>
          `Invalid config at '${IMMUTABLE_TAGS_CONFIG_KEY}${issue.path
            .map(index => `[${String(index)}]`)
            .join('')}': ${issue.message}`,
      )
      .join('\n'),
  );
}
