import { escapeMarkdown } from '@preflight/plugin-preflight-common';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { examples } from './docsRunbook.examples';
import { parseActionInput, type InputShape } from './input';
import { DEFAULT_ENVIRONMENTS } from './kubernetesManifests';
import {
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  hasControlCharacters,
} from './validation';
import {
  readWorkspaceFile,
  resolveWorkspacePath,
  workspaceRelative,
  writeWorkspaceFiles,
  type PlannedFile,
} from './workspace';
import { toYamlFile } from './yamlFile';

const ENTITY_REF =
  /^([A-Za-z]+:)?([a-z0-9][-a-z0-9_.]*\/)?[A-Za-z0-9][-A-Za-z0-9_.]*$/;
const CRON = /^[0-9*/,-]+( [0-9*/,-]+){4}$/;
const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** The alerts listed when the input names none: what every service created by a template has. */
export const DEFAULT_ALERTS = [
  {
    name: 'PodCrashLooping',
    severity: 'critical' as const,
    summary: 'A pod restarts repeatedly.',
    action:
      'Read the previous container logs (kubectl logs --previous). If it started with a deploy, roll back (see Rollback).',
  },
  {
    name: 'DeploymentReplicasMismatch',
    severity: 'warning' as const,
    summary: 'Fewer ready replicas than desired for 15 minutes.',
    action:
      'kubectl describe the pods and read the namespace events: scheduling, quota, image pull or failing readiness.',
  },
  {
    name: 'HighErrorRate',
    severity: 'critical' as const,
    summary: 'More than 5% of requests fail with 5xx for 5 minutes.',
    action:
      'Check the latest deploy and its dependencies; roll back if the errors started with it.',
  },
  {
    name: 'ReadinessRegression',
    severity: 'warning' as const,
    summary: 'The Preflight deploy readiness verdict regressed.',
    action:
      'Open the Deploy readiness tab in Backstage: each failing check says why and how to fix it.',
  },
  {
    name: 'BackupMissing',
    severity: 'warning' as const,
    summary: 'No successful backup in the last 24 hours.',
    action:
      'velero backup describe the latest backup and fix the schedule (see Backup and restore).',
  },
];

const line = (z: any, max = 300) =>
  z
    .string()
    .max(max)
    .refine(
      (v: string) => !hasControlCharacters(v),
      'must be a single line of text',
    );

const inputShape = {
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
  manifestsDir: z =>
    z
      .string()
      .regex(
        SAFE_PATH,
        'must be a relative path of letters, digits, . _ - and /',
      )
      .default('deploy')
      .describe(
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
  targetPath: z =>
    z
      .string()
      .min(1)
      .default('.')
      .describe(
        'Directory, relative to the workspace, of mkdocs.yml (the docs go in its docs/). Defaults to the workspace root',
      ),
} satisfies InputShape;

type RunbookInput = ReturnType<typeof parseInput>;

function parseInput(raw: unknown) {
  return parseActionInput(inputShape, raw);
}

const sh = (...lines: string[]) => ['```sh', ...lines, '```'];

/** The text of docs/runbook.md. */
export function buildRunbook(input: RunbookInput): string {
  const { name, namespace, environments, manifestsDir } = input;
  const deployment = `deployment/${name}`;
  const ns = `-n ${namespace}`;
  const entityRef = `component/${input.entityNamespace}/${name}`;
  const argoApp = (env: string) =>
    (input.argoCdApplication ?? `${name}-{env}`).replace('{env}', env);
  const last = environments[environments.length - 1];
  const alerts = input.alerts ?? DEFAULT_ALERTS;

  const lines: string[] = [
    `# ${name} runbook`,
    '',
    ...(input.description ? [escapeMarkdown(input.description), ''] : []),
    '| | |',
    '| --- | --- |',
    `| Owner | \`${input.owner}\` |`,
    `| Namespace | \`${namespace}\` |`,
    `| Promotion path | ${environments.join(' → ')} |`,
    `| Manifests | \`${manifestsDir}/<environment>/\` |`,
    '',
    '## Deploy',
    '',
    'Every push to the default branch runs the pipeline: tests, build, image tagged with the commit',
    'SHA, vulnerability scan, push; then, for each environment in order, deploy the image pinned by',
    'digest, wait for the rollout (rolled back automatically if it does not complete) and pass the',
    'Preflight readiness gate before promoting to the next environment.',
    '',
    'Check readiness before and after a deploy in Backstage (the component’s **Deploy readiness**',
    'tab), or from a shell with a Backstage token:',
    '',
    ...sh(
      `curl -fsS -H "Authorization: Bearer $BACKSTAGE_TOKEN" \\`,
      `  "$BACKSTAGE_URL/api/preflight/entities/${entityRef}/readiness?environment=${last}" \\`,
      `  | jq -r '.environments[0].verdict'`,
    ),
    '',
    'Manual deploy (break-glass only; the pipeline is the normal path):',
    '',
    ...sh(
      `kubectl apply ${ns} -f ${manifestsDir}/<environment>/`,
      `kubectl rollout status ${deployment} ${ns} --timeout=300s`,
    ),
    '',
    '## Rollback',
    '',
    'The pipeline rolls back a rollout that does not complete. To roll back a release that',
    'rolled out but misbehaves:',
    '',
    '### With kubectl',
    '',
    ...sh(
      `kubectl rollout history ${deployment} ${ns}`,
      `kubectl rollout undo ${deployment} ${ns}                     # to the previous revision`,
      `kubectl rollout undo ${deployment} ${ns} --to-revision=<N>   # to a given revision`,
      `kubectl rollout status ${deployment} ${ns} --timeout=300s`,
    ),
    '',
    `The Deployment keeps 10 revisions (\`revisionHistoryLimit\`). Then revert the commit that`,
    `changed \`${manifestsDir}/<environment>/\` (\`git revert <sha>\`), or the next deploy re-applies it.`,
    '',
    '### With Argo CD',
    '',
    'When the environment is synced by Argo CD, roll back the application instead (a rollback',
    'only sticks while auto-sync is off):',
    '',
    ...sh(
      ...environments.flatMap(env => [
        `# ${env}`,
        `argocd app history ${argoApp(env)}`,
        `argocd app set ${argoApp(env)} --sync-policy none`,
        `argocd app rollback ${argoApp(env)} <history-id>`,
      ]),
    ),
    '',
    'Re-enable auto-sync once the fix or the revert is in Git.',
    '',
    '## Backup and restore',
    '',
    `Kubernetes objects of the component are backed up by Velero on the schedule \`${input.backup.schedule}\`,`,
    `kept ${input.backup.ttl}:`,
    '',
    ...sh(
      `velero schedule create ${name}-daily --schedule "${input.backup.schedule}" \\`,
      `  --include-namespaces ${namespace} --selector app.kubernetes.io/name=${name} --ttl ${input.backup.ttl}`,
      `velero backup get --selector velero.io/schedule-name=${name}-daily`,
    ),
    '',
    'Restore (into the same namespace after an incident):',
    '',
    ...sh(
      `velero restore create --from-backup <backup-name>`,
      `velero restore describe <restore-name>`,
    ),
    '',
    'Test a restore every month into a scratch namespace — Preflight’s `backup-verified` check',
    'looks for a recent successful restore:',
    '',
    ...sh(
      `velero restore create ${name}-restore-test-$(date +%Y%m%d) --from-backup <backup-name> \\`,
      `  --namespace-mappings ${namespace}:${namespace}-restore-test`,
      `kubectl get pods -n ${namespace}-restore-test`,
      `kubectl delete namespace ${namespace}-restore-test`,
    ),
    '',
  ];

  for (const store of input.backup.dataStores) {
    lines.push(`### Data store \`${store.name}\``, '');
    if (store.type === 'postgres') {
      lines.push(
        ...sh(
          `pg_dump --format=custom --file=${store.name}-$(date +%Y%m%d).dump "$DATABASE_URL"`,
          `pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${store.name}-<date>.dump`,
        ),
      );
    } else if (store.type === 'mysql') {
      lines.push(
        ...sh(
          `mysqldump --single-transaction --routines ${store.name} > ${store.name}-$(date +%Y%m%d).sql`,
          `mysql ${store.name} < ${store.name}-<date>.sql`,
        ),
      );
    } else {
      lines.push(
        'Follow the backup and restore procedure of the data store’s provider, and record the',
        'last restore test here.',
      );
    }
    lines.push(
      '',
      'Credentials come from the Kubernetes Secret the service uses, never from this page.',
      '',
    );
  }

  lines.push(
    '## Alerts',
    '',
    `Alerts route to \`${input.owner}\`.`,
    '',
    '| Alert | Severity | Meaning | First action |',
    '| --- | --- | --- | --- |',
    ...alerts.map(
      alert =>
        `| \`${alert.name}\` | ${alert.severity} | ${escapeMarkdown(
          alert.summary,
        )} | ${escapeMarkdown(alert.action)} |`,
    ),
    '',
  );
  return lines.join('\n');
}

function buildIndex(input: RunbookInput): string {
  return [
    `# ${input.name}`,
    '',
    ...(input.description ? [escapeMarkdown(input.description), ''] : []),
    `- [Runbook](runbook.md): deploy, rollback, backup and restore, alerts.`,
    '',
  ].join('\n');
}

function mentions(value: unknown, needle: string): boolean {
  if (value === needle) return true;
  if (Array.isArray(value)) return value.some(v => mentions(v, needle));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([k, v]) => k === needle || mentions(v, needle),
    );
  }
  return false;
}

/**
 * mkdocs.yml: created, or completed through the YAML document model (keeping the rest of an
 * existing file, comments included) with a site name, the runbook in the nav and the
 * techdocs-core plugin.
 */
export function buildMkdocs(
  input: RunbookInput,
  existing: string | undefined,
  field: string,
): string {
  if (existing === undefined) {
    return toYamlFile(
      {
        site_name: input.name,
        ...(input.description ? { site_description: input.description } : {}),
        nav: [{ Home: 'index.md' }, { Runbook: 'runbook.md' }],
        plugins: ['techdocs-core'],
      },
      'TechDocs of the component (backstage.io/techdocs-ref: dir:.)',
    );
  }
  const document = yaml.parseDocument(existing);
  if (document.errors.length > 0) {
    throw new InputError(
      `${field}: the existing mkdocs.yml is not valid YAML: ${document.errors[0].message}`,
    );
  }
  const current = (document.toJS() ?? {}) as Record<string, unknown>;
  if (typeof current !== 'object' || Array.isArray(current)) {
    throw new InputError(`${field}: the existing mkdocs.yml is not a mapping`);
  }
  let changed = false;
  if (current.site_name === undefined) {
    document.set('site_name', input.name);
    changed = true;
  }
  if (current.nav === undefined) {
    document.set('nav', [{ Home: 'index.md' }, { Runbook: 'runbook.md' }]);
    changed = true;
  } else if (!mentions(current.nav, 'runbook.md')) {
    document.addIn(['nav'], { Runbook: 'runbook.md' });
    changed = true;
  }
  if (current.plugins === undefined) {
    document.set('plugins', ['techdocs-core']);
    changed = true;
  } else if (!mentions(current.plugins, 'techdocs-core')) {
    document.addIn(['plugins'], 'techdocs-core');
    changed = true;
  }
  // Keep the file byte for byte when nothing was missing.
  return changed ? document.toString({ lineWidth: 0 }) : existing;
}

/**
 * `preflight:docs:runbook`: writes the runbook (deploy, rollback, backup and restore, alerts)
 * as TechDocs pages: docs/runbook.md, docs/index.md and mkdocs.yml.
 *
 * @public
 */
export function createDocsRunbookAction() {
  return createTemplateAction({
    id: 'preflight:docs:runbook',
    description:
      'Writes a runbook (deploy, rollback with kubectl and Argo CD, backup and restore, alerts) as TechDocs: docs/runbook.md, docs/index.md and mkdocs.yml',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('The files written, relative to the workspace'),
        runbookPath: z =>
          z
            .string()
            .describe(
              'Path of the runbook relative to the workspace, for preflight.dev/runbook',
            ),
        techdocsRef: z =>
          z
            .string()
            .describe('Value for the backstage.io/techdocs-ref annotation'),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const root = resolveWorkspacePath(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
      );
      const mkdocsPath = path.join(root, 'mkdocs.yml');
      const indexPath = path.join(root, 'docs', 'index.md');
      const runbookPath = path.join(root, 'docs', 'runbook.md');

      const existingMkdocs = await readWorkspaceFile(
        ctx.workspacePath,
        mkdocsPath,
        'targetPath',
      );
      const existingIndex = await readWorkspaceFile(
        ctx.workspacePath,
        indexPath,
        'targetPath',
      );
      const planned: PlannedFile[] = [
        {
          path: mkdocsPath,
          field: 'targetPath',
          content: buildMkdocs(input, existingMkdocs, 'targetPath'),
        },
        {
          path: indexPath,
          field: 'targetPath',
          // The home page is the team's once it exists.
          content: existingIndex ?? buildIndex(input),
        },
        {
          path: runbookPath,
          field: 'targetPath',
          content: buildRunbook(input),
        },
      ];
      const result = await writeWorkspaceFiles(ctx.workspacePath, planned);
      ctx.logger.info(
        `Runbook for ${input.name}: ${result.changed.length} of ${result.files.length} files changed`,
      );
      const relativeRoot = workspaceRelative(ctx.workspacePath, root) || '.';
      ctx.output('files', result.files);
      ctx.output(
        'runbookPath',
        workspaceRelative(ctx.workspacePath, runbookPath),
      );
      ctx.output('techdocsRef', `dir:${relativeRoot}`);
    },
  });
}
