// `preflight.environments`: the promotion path.
import {
  DEFAULT_ENVIRONMENTS,
  DNS_1123_LABEL,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import { z } from 'zod';

const environmentSchema = z.object({
  name: z
    .string({
      error: issue =>
        issue.input === undefined
          ? 'missing (expected a DNS-1123 label, e.g. dev)'
          : "expected a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
    })
    .refine(name => DNS_1123_LABEL.test(name), {
      error: issue =>
        `'${issue.input}' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)`,
    }),
  title: z.string().optional(),
  cluster: z.string().optional(),
  namespace: z
    .string()
    .refine(namespace => DNS_1123_LABEL.test(namespace), {
      error: issue =>
        `'${issue.input}' is not a valid Kubernetes namespace name`,
    })
    .optional(),
});

/**
 * `preflight.environments`, in order, with titles defaulting to names; the built-in dev, staging
 * and production when absent. Whether each `cluster` is defined is checked against
 * `kubernetes.clusterLocatorMethods` when the whole configuration is read.
 */
export const environmentsSchema = z
  .array(environmentSchema, { error: 'expected a list of environments' })
  .min(1, { error: 'at least one environment is required' })
  .superRefine((items, ctx) => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.name)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `environment '${item.name}' is defined more than once`,
        });
      }
      seen.add(item.name);
    });
  })
  .optional()
  .transform((items): PreflightEnvironment[] =>
    items
      ? items.map(({ name, title, cluster, namespace }) => ({
          name,
          title: title ?? name,
          ...(cluster ? { cluster } : {}),
          ...(namespace ? { namespace } : {}),
        }))
      : [...DEFAULT_ENVIRONMENTS],
  );
