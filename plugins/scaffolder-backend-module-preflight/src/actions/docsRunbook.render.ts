// The Markdown pages of preflight:docs:runbook: docs/runbook.md (deploy, rollback, backup and
// restore, alerts) and the docs/index.md home page.
import { escapeMarkdown } from '@preflight/plugin-preflight-common';
import type { RunbookInput } from './docsRunbook.schema';

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

/** The text of docs/index.md, written only when the component has none. */
export function buildIndex(input: RunbookInput): string {
  return [
    `# ${input.name}`,
    '',
    ...(input.description ? [escapeMarkdown(input.description), ''] : []),
    `- [Runbook](runbook.md): deploy, rollback, backup and restore, alerts.`,
    '',
  ].join('\n');
}
