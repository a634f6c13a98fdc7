import type { z } from 'zod';

/** One invalid key of the configuration: its full path and what was expected there. */
export interface ConfigIssue {
  /** The full key, e.g. `preflight.live.pageSize` or `preflight.environments[1].name`. */
  key: string;
  message: string;
}

/**
 * The configuration is invalid: every invalid key is named, one per line, as
 * `Invalid config at '<key>': <what was expected>`. Thrown at start-up, so that a misconfigured
 * backend does not start.
 */
export class InvalidConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(
      issues
        .map(issue => `Invalid config at '${issue.key}': ${issue.message}`)
        .join('\n'),
    );
    this.name = 'InvalidConfigError';
    this.issues = issues;
  }
}

/** The full key of a path below `root`: `preflight` + `['live', 'pageSize']` → `preflight.live.pageSize`. */
export function configKey(
  root: string,
  path: readonly PropertyKey[] = [],
): string {
  let key = root;
  for (const part of path) {
    key +=
      typeof part === 'number'
        ? `[${part}]`
        : `${key ? '.' : ''}${String(part)}`;
  }
  return key;
}

/**
 * What a value is, for messages: its type, never the value itself (it may be a password or a
 * token).
 */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  record: 'an object',
};

/** Zod's own wording is replaced; a message given in the schema is kept as it is. */
const ZOD_DEFAULT =
  /^(Invalid input|Invalid option|Unrecognized key|Too (small|big))/;

/** An invalid value: where (below the parsed value) and what was expected. */
export interface PathIssue {
  path: PropertyKey[];
  message: string;
}

/** The issues of a failed parse, in an administrator's words, one per invalid key. */
export function describeIssues(error: z.ZodError): PathIssue[] {
  const out: PathIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const message = ZOD_DEFAULT.test(issue.message)
        ? 'unknown setting'
        : issue.message;
      for (const name of issue.keys) {
        out.push({ path: [...issue.path, name], message });
      }
      continue;
    }
    let message = issue.message;
    if (ZOD_DEFAULT.test(message)) {
      if (issue.code === 'invalid_type') {
        const expected = EXPECTED[issue.expected] ?? issue.expected;
        message =
          issue.input === undefined
            ? `missing (expected ${expected})`
            : `expected ${expected}, got ${describe(issue.input)}`;
      } else if (issue.code === 'invalid_value') {
        message = `expected ${issue.values
          .map(v => `'${String(v)}'`)
          .join(' or ')}, got ${
          typeof issue.input === 'string'
            ? `'${issue.input}'`
            : describe(issue.input)
        }`;
      }
    }
    out.push({ path: [...issue.path], message });
  }
  return out;
}

/** The issues of a failed parse, each with its full key below `root`. */
export function issuesOf(error: z.ZodError, root: string): ConfigIssue[] {
  return describeIssues(error).map(({ path, message }) => ({
    key: configKey(root, path),
    message,
  }));
}

/**
 * Parses `value` (the configuration at `root`) with `schema`; throws an {@link InvalidConfigError}
 * naming every invalid key.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  value: unknown,
  root: string,
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) {
    throw new InvalidConfigError(issuesOf(result.error, root));
  }
  return result.data;
}
