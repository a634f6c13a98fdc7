// Building blocks of the configuration schema: the value types `preflight.*` uses, each with the
// message an administrator reads when a value is wrong.
import { z } from 'zod';

/** An integer within bounds. */
export function boundedInteger(min: number, max: number) {
  const error = (issue: { input?: unknown }) =>
    `expected an integer between ${min} and ${max}, got ${JSON.stringify(
      issue.input,
    )}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/** An integer within bounds, `fallback` when absent. */
export function integer(min: number, max: number, fallback: number) {
  return boundedInteger(min, max).default(fallback);
}

/** `true` or `false`, `fallback` when absent. */
export function boolean(fallback: boolean) {
  return z.boolean({ error: 'expected true or false' }).default(fallback);
}

/**
 * A number, as Backstage's `getOptionalNumber` reads it: a number or a numeric string (what an
 * environment-variable substitution gives).
 */
export function numeric(message: (input: unknown) => string) {
  return z.preprocess(
    value =>
      typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value))
        ? Number(value)
        : value,
    z.number({ error: issue => message(issue.input) }),
  );
}

/** An object whose keys are all known: any other key is named as an unknown setting. */
export function strictObject<T extends z.core.$ZodLooseShape>(
  shape: T,
  noun = 'setting',
) {
  return z.strictObject(shape, {
    error: issue =>
      issue.code === 'unrecognized_keys'
        ? `unknown ${noun} (allowed: ${Object.keys(shape).join(', ')})`
        : undefined,
  });
}

/**
 * A section of `preflight`: an object (other keys are left to the modules and plugins that read
 * them), `{}` when absent so that its defaults apply.
 */
export function section<T extends z.core.$ZodLooseShape>(shape: T) {
  // Every key of a section is optional, so `{}` is a valid input.
  return z.object(shape).prefault({} as z.input<z.ZodObject<T>>);
}

/** A non-empty string. */
export function nonEmptyString(message = 'expected a non-empty string') {
  return z
    .string({ error: message })
    .refine(value => value.trim() !== '', { error: message });
}
