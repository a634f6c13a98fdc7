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
  // zod infers the object's type from the built entries, which TypeScript cannot relate to the
  // mapped type above; the schema is built from exactly `shape`, so the cast is exact.
  return result.data as { [K in keyof T]: z.infer<ReturnType<T[K]>> };
}

/**
 * The `files` output every writing action has: the paths it wrote, relative to the workspace.
 */
export const filesOutput =
  (description = 'The files written, relative to the workspace') =>
  (zImpl: typeof z) =>
    zImpl.array(zImpl.string()).describe(description);

/** A relative path of letters, digits, `.`, `_`, `-` and `/` (a directory a pipeline names). */
export const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** A TCP port input (1–65535, an integer) with its default. */
export const portField =
  (defaultPort: number, description: string) => (zImpl: typeof z) =>
    zImpl
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(defaultPort)
      .describe(description);

/** The directory of the per-environment manifests (`<dir>/<env>/`), `deploy` by default. */
export const manifestsDirField = (description: string) => (zImpl: typeof z) =>
  zImpl
    .string()
    .regex(SAFE_PATH, 'must be a relative path of letters, digits, . _ - and /')
    .default('deploy')
    .describe(description);

/** A directory relative to the workspace that an action writes into, with its default. */
export const workspaceDirField =
  (defaultDir: string, description: string) => (zImpl: typeof z) =>
    zImpl.string().min(1).default(defaultDir).describe(description);
