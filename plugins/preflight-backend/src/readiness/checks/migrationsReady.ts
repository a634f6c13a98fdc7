import {
  PREFLIGHT_ANNOTATIONS,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, objectEvidence, ofKind } from './util';

const HOOK_ANNOTATIONS = ['argocd.argoproj.io/hook', 'helm.sh/hook'];

function isMigrationJob(job: KubernetesObject): boolean {
  const a = job.metadata.annotations ?? {};
  const l = job.metadata.labels ?? {};
  return (
    HOOK_ANNOTATIONS.some(h =>
      /pre(sync|-install|-upgrade)/i.test(a[h] ?? ''),
    ) ||
    /migrat/i.test(job.metadata.name) ||
    /migrat/i.test(l['app.kubernetes.io/component'] ?? '')
  );
}

/**
 * `migrations-ready`: for a component that declares migrations (`preflight.dev/migrations`), the
 * migration Job (an Argo CD PreSync / Helm pre-upgrade hook, or a Job named for migrations) is
 * staged in the manifests, and in the cluster it completed for the deployed version.
 */
export const migrationsReadyCheck: PreflightCheck = {
  id: 'migrations-ready',
  title: 'Database migrations ready',
  description:
    'Database migrations for the deployed version ran or are staged.',
  defaultSeverity: 'blocking',
  requiredKinds: ['Job', 'CronJob'],
  isApplicable: entity => {
    const value =
      entity.metadata.annotations?.[PREFLIGHT_ANNOTATIONS.migrations];
    return Boolean(value) && value !== 'none';
  },
  async evaluate({ state }) {
    const facts = selectFacts(state);
    if (!facts.available) return noFacts(facts.reason);
    const jobs = ofKind(facts.objects, 'Job', 'CronJob').filter(isMigrationJob);
    if (jobs.length === 0) {
      return {
        status: 'fail',
        summary: `No migration Job in the ${
          facts.source === 'live' ? 'cluster' : 'manifests'
        }`,
        remediation:
          'Run migrations as a Job annotated `argocd.argoproj.io/hook: PreSync` (or a Helm `pre-upgrade` hook), so they run before the new version starts.',
        factsReadAt: facts.readAt,
      };
    }
    const evidence = jobs.map(j =>
      objectEvidence(facts, {
        kind: j.kind,
        name: j.metadata.name,
        namespace: j.metadata.namespace,
      }),
    );
    if (facts.source === 'desired') {
      return {
        status: 'pass',
        summary: `Migration Job staged: ${jobs
          .map(j => j.metadata.name)
          .join(', ')}`,
        details:
          'Staged in the manifests; whether it ran is verified from the cluster when one is configured.',
        evidence,
        evaluated: { subject: 'migration Jobs', count: jobs.length },
      };
    }
    const failed = jobs.filter(j =>
      (j.status?.conditions ?? []).some(
        (c: { type?: unknown; status?: unknown }) =>
          c.type === 'Failed' && c.status === 'True',
      ),
    );
    const complete = jobs.filter(j =>
      (j.status?.conditions ?? []).some(
        (c: { type?: unknown; status?: unknown }) =>
          c.type === 'Complete' && c.status === 'True',
      ),
    );
    if (failed.length > 0) {
      return {
        status: 'fail',
        summary: `Migration Job ${failed[0].metadata.name} failed`,
        evidence,
        remediation: `Read its logs: \`kubectl logs job/${failed[0].metadata.name}\`, fix the migration and re-sync.`,
        factsReadAt: facts.readAt,
      };
    }
    if (complete.length === jobs.length) {
      return {
        status: 'pass',
        summary: `Migrations completed (${complete
          .map(j => j.metadata.name)
          .join(', ')})`,
        evidence,
        evaluated: { subject: 'migration Jobs', count: jobs.length },
        factsReadAt: facts.readAt,
      };
    }
    return {
      status: 'warn',
      summary: 'Migration Job has not completed yet',
      evidence,
      evaluated: { subject: 'migration Jobs', count: jobs.length },
      factsReadAt: facts.readAt,
    };
  },
};
