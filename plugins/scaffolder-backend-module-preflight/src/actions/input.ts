import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/** The zod namespace `createTemplateAction` hands the schema callbacks. */
export type Zod = typeof z;

/** The input schema of an action, in the key → zod callback form of `createTemplateAction`. */
export type InputShape = { [key: string]: (zImpl: typeof z) => z.ZodTypeAny };

/**
 * Parses an action's input with its own zod schema. The scaffolder only checks the JSON schema
 * derived from it, which applies neither defaults nor refinements; this makes both hold, and
 * turns a violation into an `InputError` that names the field.
 */
export function parseActionInput<T extends InputShape>(
  shape: T,
  input: unknown,
): { [K in keyof T]: z.infer<ReturnType<T[K]>> } {
  const schema = z.object(
    Object.fromEntries(Object.entries(shape).map(([k, make]) => [k, make(z)])),
  );
  const result = schema.safeParse(input);
  if (!result.success) {
    const issues = result.error.issues
      .map(issue => `${issue.path.join('.') || 'input'}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid input: ${issues}`);
  }
  return result.data as any;
}

/**
 * The `files` output every writing action has: the paths it wrote, relative to the workspace.
 */
export const filesOutput =
  (description = 'The files written, relative to the workspace') =>
  (zImpl: typeof z) =>
    zImpl.array(zImpl.string()).describe(description);
