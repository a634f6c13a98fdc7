// `preflight.policy` and `preflight.parity`: what the checks count as immutable, and as expected
// differences between environments.
import { immutableTagsSchema } from '@preflight/plugin-preflight-node';
import { z } from 'zod';
import { numeric, section } from './values';

/** `preflight.policy`. */
export const policySchema = section({
  // The schema of `@preflight/plugin-preflight-node`, which the scaffolder module's reader
  // (`readImmutableTags`) uses too, so both read the key alike.
  immutableTags: immutableTagsSchema.optional(),
});

const GLOB_MESSAGE = 'expected a non-empty glob without surrounding spaces';

/** A non-empty glob; only `*` is special, so anything else is taken literally. */
const nonEmptyGlob = z
  .string({ error: GLOB_MESSAGE })
  .refine(value => value.trim() !== '' && value === value.trim(), {
    error: GLOB_MESSAGE,
  });

/** A glob over attributes, which may not match every attribute. */
const attributeGlob = nonEmptyGlob.refine(value => !/^\*+$/.test(value), {
  error: issue =>
    `'${issue.input}' matches every attribute, which would hide all drift`,
});

const bound = numeric(
  input => `expected a non-negative integer, got ${JSON.stringify(input)}`,
)
  .refine(value => Number.isInteger(value) && value >= 0, {
    error: issue =>
      `expected a non-negative integer, got ${JSON.stringify(issue.input)}`,
  })
  .optional();

/** `preflight.parity`: what counts as an expected difference, as configured (no defaults). */
export const paritySchema = section({
  expected: z
    .array(
      z.object({
        attribute: attributeGlob,
        reason: z.string().optional(),
      }),
    )
    .optional(),
  ignore: z.array(attributeGlob).optional(),
  labels: z.array(nonEmptyGlob).optional(),
  annotations: z.array(nonEmptyGlob).optional(),
  replicas: z
    .object({ min: bound, max: bound })
    .refine(
      ({ min, max }) => min === undefined || max === undefined || min <= max,
      {
        error: issue => {
          const { min, max } = issue.input as { min: number; max: number };
          return `min (${min}) is greater than max (${max})`;
        },
      },
    )
    .optional(),
});
