import { parseEntityRef, type Entity } from '@backstage/catalog-model';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { noFacts, objectEvidence, ofKind } from './util';
import { selectFacts } from '@preflight/plugin-preflight-node';

function dataDependencies(entity: Entity): string[] {
  return ((entity.spec?.dependsOn as string[] | undefined) ?? []).filter(
    ref => {
      try {
        return (
          parseEntityRef(ref, {
            defaultKind: 'component',
          }).kind.toLocaleLowerCase('en-US') === 'resource'
        );
      } catch {
        return false;
      }
    },
  );
}

function ageHours(iso: string | undefined, now: number): number | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? (now - t) / 3_600_000 : undefined;
}

function newest(objects: KubernetesObject[], phase: string) {
  return objects
    .filter(o => o.status?.phase === phase)
    .sort(
      (a, b) =>
        Date.parse(b.status?.completionTimestamp ?? '') -
        Date.parse(a.status?.completionTimestamp ?? ''),
    )[0];
}

/**
 * `backup-verified`: a component that depends on data (a `dependsOn` Resource, or the annotation
 * `preflight.dev/backup`) has a recent successful Velero Backup and a recent successful Restore
 * test in the cluster. Backups are cluster facts: without live state the check is `unknown`.
 */
export const backupVerifiedCheck: PreflightCheck = {
  id: 'backup-verified',
  title: 'Recent verified backup',
  description:
    'Data the component depends on has a recent successful backup and a recent restore test (Velero).',
  defaultSeverity: 'blocking',
  // A Velero API the cluster does not announce at all is no unread kind: Velero is not installed.
  requiredKinds: ['Backup', 'Restore'],
  thresholds: {
    maxBackupAgeHours: {
      description: 'Newest completed backup at most this old',
      default: 26,
      min: 1,
      max: 24 * 31,
    },
    maxRestoreAgeDays: {
      description: 'Newest completed restore test at most this old',
      default: 30,
      min: 1,
      max: 366,
    },
  },
  isApplicable: entity =>
    dataDependencies(entity).length > 0 ||
    Boolean(entity.metadata.annotations?.['preflight.dev/backup']),
  async evaluate({ state, config }) {
    const thresholds = config.getOptionalConfig('thresholds');
    const maxBackupAgeHours =
      thresholds?.getOptionalNumber('maxBackupAgeHours') ?? 26;
    const maxRestoreAgeDays =
      thresholds?.getOptionalNumber('maxRestoreAgeDays') ?? 30;
    if (state.live.status !== 'ok') {
      return noFacts(
        `backups are cluster facts (Velero), and live state is ${
          state.live.status
        }${
          state.live.status === 'error' ? ` (${state.live.error?.reason})` : ''
        }`,
      );
    }
    const facts = selectFacts(state, 'live');
    if (!facts.available) return noFacts(facts.reason);
    const now = Date.now();
    const backup = newest(ofKind(facts.objects, 'Backup'), 'Completed');
    const restore = newest(ofKind(facts.objects, 'Restore'), 'Completed');
    const backupAge = ageHours(backup?.status?.completionTimestamp, now);
    const restoreAge = ageHours(restore?.status?.completionTimestamp, now);
    const evidence = [backup, restore]
      .filter((o): o is KubernetesObject => Boolean(o))
      .map(o =>
        objectEvidence(facts, {
          kind: o.kind,
          name: o.metadata.name,
          namespace: o.metadata.namespace,
        }),
      );
    const problems: string[] = [];
    if (backupAge === undefined) problems.push('no completed Velero Backup');
    else if (backupAge > maxBackupAgeHours)
      problems.push(
        `newest backup is ${Math.round(
          backupAge,
        )} h old (max ${maxBackupAgeHours} h)`,
      );
    if (restoreAge === undefined) problems.push('no completed restore test');
    else if (restoreAge > maxRestoreAgeDays * 24)
      problems.push(
        `newest restore test is ${Math.round(
          restoreAge / 24,
        )} days old (max ${maxRestoreAgeDays})`,
      );
    if (problems.length > 0) {
      return {
        status: 'fail',
        summary: problems.join('; '),
        evidence,
        remediation:
          'Schedule Velero backups of the namespace (`velero schedule create`) and test a restore regularly (`velero restore create --from-backup <name>` into a scratch namespace).',
        factsReadAt: facts.readAt,
      };
    }
    return {
      status: 'pass',
      summary: `Backup ${Math.round(
        backupAge!,
      )} h old, restore tested ${Math.round(restoreAge! / 24)} days ago`,
      evidence,
      evaluated: { subject: 'Velero backups and restores', count: 2 },
      factsReadAt: facts.readAt,
    };
  },
};
