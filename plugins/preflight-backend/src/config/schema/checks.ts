// `preflight.checks`: per-check settings. Which ids and thresholds exist depends on the checks
// registered (modules add checks), so those are checked once the checks are known
// (`readiness/settings.ts`); this schema checks the shape of every entry and the options of the
// built-in checks that have some.
import { z } from 'zod';
import { integer, strictObject } from './values';

/** A boolean as Backstage's `getOptionalBoolean` reads it (`true`, `'yes'`, `1`, `'off'`…). */
const lenientBoolean = z.preprocess(value => {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const text = String(value).trim();
  if (/^(?:y|yes|true|1|on)$/i.test(text)) return true;
  if (/^(?:n|no|false|0|off)$/i.test(text)) return false;
  return value;
}, z.boolean({ error: 'expected true or false' }));

const stringList = z.array(z.string(), { error: 'expected a list of strings' });

/** `preflight.checks.ci-tests.options`. */
export const ciTestsOptionsSchema = strictObject(
  {
    /** Only these GitHub Actions workflows (by name) count; all when absent. */
    workflows: z
      .array(z.string(), { error: 'expected a list of workflow names' })
      .refine(names => names.every(name => name.trim() !== ''), {
        error: 'expected a list of workflow names',
      })
      .transform(names => names.map(name => name.trim()))
      .optional(),
    /** Deadline of one lookup (all its requests), in ms. */
    timeoutMs: integer(100, 60_000, 5000),
  },
  'option',
).prefault({});

/** `preflight.checks.image-vulnerabilities.options`. */
export const imageVulnerabilitiesOptionsSchema = strictObject(
  { ignoreUnfixed: z.boolean({ error: 'expected true or false' }).optional() },
  'option',
).prefault({});

/** The settings every check accepts. */
function checkEntrySchema(options: z.ZodType) {
  return strictObject({
    enabled: lenientBoolean.optional(),
    severity: z.enum(['blocking', 'advisory']).optional(),
    thresholds: z
      .record(
        z.string(),
        z
          .number({
            error: issue =>
              `expected a number, got ${JSON.stringify(issue.input)}`,
          })
          .refine(Number.isFinite, { error: 'expected a finite number' }),
        { error: 'expected an object of thresholds by name' },
      )
      .optional(),
    appliesTo: strictObject(
      {
        kind: stringList.optional(),
        type: stringList.optional(),
        lifecycle: stringList.optional(),
      },
      'filter',
    ).optional(),
    options,
  });
}

/** Options of a check that declares none here (a module's check reads its own). */
const anyOptions = z
  .record(z.string(), z.unknown(), { error: 'expected an object of options' })
  .optional();

/**
 * `preflight.checks`, by check id: the settings every check accepts, and the options of the
 * built-in checks that have some.
 */
export const checksSchema = z
  .object(
    {
      'ci-tests': checkEntrySchema(ciTestsOptionsSchema.optional()).optional(),
      'image-vulnerabilities': checkEntrySchema(
        imageVulnerabilitiesOptionsSchema.optional(),
      ).optional(),
    },
    { error: 'expected an object of check settings by check id' },
  )
  .catchall(checkEntrySchema(anyOptions))
  .default({});
