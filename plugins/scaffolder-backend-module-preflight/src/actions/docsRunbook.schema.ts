// The input of preflight:docs:runbook: its zod shape and the parse that applies it.
import {
  manifestsDirField,
  parseActionInput,
  type InputShape,
  type Zod,
  workspaceDirField,
} from './input';
import { DEFAULT_ENVIRONMENTS } from './kubernetesManifests.schema';
import {
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  hasControlCharacters,
} from './validation';

const ENTITY_REF =
  /^([A-Za-z]+:)?([a-z0-9][-a-z0-9_.]*\/)?[A-Za-z0-9][-A-Za-z0-9_.]*$/;
const CRON = /^[0-9*/,-]+( [0-9*/,-]+){4}$/;

const line = (z: Zod, max = 300) =>
  z
    .string()
    .max(max)
    .refine(
      (v: string) => !hasControlCharacters(v),
      'must be a single line of text',
    );

/**
 * The input of `preflight:docs:runbook`, as declared to the scaffolder. Internal: left out of
 * declaration files, where its inferred zod types cannot be named.
 *
 * @internal
 */
export const inputShape = {
  name: z =>
    z
      .string()
      .regex(DNS_1035_LABEL, 'must be a DNS-1035 label (the Deployment name)')
      .describe('Name of the component and its Deployment'),
  namespace: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .describe('Kubernetes namespace of the component'),
  owner: z =>
    z
      .string()
      .regex(
        ENTITY_REF,
        'must be an entity reference such as group:default/team',
      )
      .describe(
        'Owner of the component (entity reference), who gets the alerts',
      ),
  description: z =>
    line(z, 500)
      .optional()
      .describe('One-line description of the component, shown at the top'),
  environments: z =>
    z
      .array(z.string().regex(DNS_1123_LABEL, 'must be a DNS-1123 label'))
      .min(1)
      .max(20)
      .default(DEFAULT_ENVIRONMENTS)
      .describe(
        'Promotion path, in order. Defaults to dev, staging, production',
      ),
  entityNamespace: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .default('default')
      .describe('Catalog namespace of the component. Defaults to default'),
  manifestsDir: manifestsDirField(
    'Directory of the per-environment manifests. Defaults to deploy',
  ),
  argoCdApplication: z =>
    z
      .string()
      .regex(
        /^[a-z0-9][-a-z0-9.]{0,200}(\{env\}[-a-z0-9.]{0,50})?$/,
        'must be an Argo CD application name, optionally with an {env} placeholder',
      )
      .optional()
      .describe(
        'Argo CD application name, with {env} for the environment (e.g. checkout-api-{env}). Defaults to <name>-{env}',
      ),
  backup: z =>
    z
      .object({
        schedule: z
          .string()
          .regex(CRON, 'must be a five-field cron expression')
          .default('0 2 * * *')
          .describe(
            'Cron schedule of the Velero backup. Defaults to 0 2 * * *',
          ),
        ttl: z
          .string()
          .regex(/^[1-9][0-9]{0,5}h$/, 'must be a number of hours such as 720h')
          .default('720h')
          .describe('How long backups are kept. Defaults to 720h (30 days)'),
        dataStores: z
          .array(
            z.object({
              name: z
                .string()
                .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
                .describe('Name of the data store (a catalog Resource)'),
              type: z
                .enum(['postgres', 'mysql', 'other'])
                .default('other')
                .describe('Kind of data store: postgres, mysql or other'),
            }),
          )
          .default([])
          .describe(
            'Databases the component depends on, each with its own backup and restore procedure',
          ),
      })
      .default({})
      .describe('Backup schedule and the data stores to cover'),
  alerts: z =>
    z
      .array(
        z.object({
          name: z
            .string()
            .regex(
              /^[A-Za-z_][A-Za-z0-9_]*$/,
              'must be a Prometheus alert name',
            )
            .describe('Alert name (the alertname label)'),
          severity: z
            .enum(['critical', 'warning', 'info'])
            .describe('Severity: critical, warning or info'),
          summary: line(z).describe('What the alert means'),
          action: line(z).describe('What to do first'),
        }),
      )
      .optional()
      .describe(
        'Alerts and what to do about them. Defaults to crash loops, replica mismatch, error rate, readiness regression and missing backups',
      ),
  targetPath: workspaceDirField(
    '.',
    'Directory, relative to the workspace, of mkdocs.yml (the docs go in its docs/). Defaults to the workspace root',
  ),
} satisfies InputShape;

/** The parsed input of `preflight:docs:runbook`. */
export type RunbookInput = ReturnType<typeof parseRunbookInput>;

/** Parses the input; throws an `InputError` naming the field. */
export function parseRunbookInput(raw: unknown) {
  return parseActionInput(inputShape, raw);
}
