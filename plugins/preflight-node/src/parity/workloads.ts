import {
  type KubernetesObject,
  quantityKey,
} from '@preflight/plugin-preflight-common';
import { Collector, Scope } from './collector';
import {
  Effective,
  canonicalJson,
  effective,
  isRecord,
  scalarText,
} from './normalize';
import { extractPodTemplate } from './podTemplate';

/*
 * Attributes of workloads: selectors, rollout and job settings, volume claim templates, and
 * their pod template.
 */

export function selectorText(selector: unknown): string | undefined {
  if (!isRecord(selector)) return undefined;
  const parts: string[] = [];
  if (isRecord(selector.matchLabels)) {
    for (const key of Object.keys(selector.matchLabels).sort()) {
      parts.push(`${key}=${selector.matchLabels[key]}`);
    }
  }
  if (Array.isArray(selector.matchExpressions)) {
    parts.push(canonicalJson(selector.matchExpressions));
  }
  return parts.join(', ') || '(all)';
}

function extractJobSpec(c: Collector, scope: Scope, spec: Record<string, any>) {
  c.add(scope, 'workload', 'backoffLimit', effective(spec.backoffLimit, '6'));
  c.add(scope, 'workload', 'parallelism', effective(spec.parallelism, '1'));
  if (spec.completions !== undefined || spec.parallelism === undefined) {
    c.add(scope, 'workload', 'completions', effective(spec.completions, '1'));
  }
  c.addIfSet(
    scope,
    'workload',
    'activeDeadlineSeconds',
    spec.activeDeadlineSeconds,
  );
  c.addIfSet(
    scope,
    'workload',
    'ttlSecondsAfterFinished',
    spec.ttlSecondsAfterFinished,
  );
  if (spec.completionMode && spec.completionMode !== 'NonIndexed') {
    c.add(scope, 'workload', 'completionMode', String(spec.completionMode));
  }
}

function rollingUpdateText(
  strategy: unknown,
  defaultType: string,
  defaults: Record<string, string>,
): Effective {
  const s = isRecord(strategy) ? strategy : {};
  const type = s.type ?? defaultType;
  if (type !== 'RollingUpdate') return { value: type, compare: type };
  const rolling = isRecord(s.rollingUpdate) ? s.rollingUpdate : {};
  const parts = Object.keys(defaults).map(
    key => `${key} ${rolling[key] ?? defaults[key]}`,
  );
  const text = `RollingUpdate (${parts.join(', ')})`;
  const explicit =
    s.type !== undefined &&
    Object.keys(defaults).every(k => rolling[k] !== undefined);
  return { value: explicit ? text : `${text} (default)`, compare: text };
}

export function extractWorkload(
  c: Collector,
  scope: Scope,
  object: KubernetesObject,
) {
  const spec = isRecord(object.spec) ? object.spec : {};
  const kind = object.kind;
  if (kind === 'Deployment' || kind === 'StatefulSet' || kind === 'Rollout') {
    c.add(scope, 'replicas', 'replicas', effective(spec.replicas, '1'));
  }
  if (kind !== 'Job' && kind !== 'CronJob') {
    const selector = selectorText(spec.selector);
    if (selector !== undefined) c.add(scope, 'workload', 'selector', selector);
    c.add(
      scope,
      'workload',
      'revisionHistoryLimit',
      effective(spec.revisionHistoryLimit, '10'),
    );
    c.add(
      scope,
      'workload',
      'minReadySeconds',
      effective(spec.minReadySeconds, '0'),
    );
  }
  switch (kind) {
    case 'Deployment':
      c.add(
        scope,
        'workload',
        'strategy',
        rollingUpdateText(spec.strategy, 'RollingUpdate', {
          maxSurge: '25%',
          maxUnavailable: '25%',
        }),
      );
      c.add(
        scope,
        'workload',
        'progressDeadlineSeconds',
        effective(spec.progressDeadlineSeconds, '600'),
      );
      if (spec.paused === true) c.add(scope, 'workload', 'paused', 'true');
      break;
    case 'StatefulSet':
      c.addIfSet(scope, 'network', 'serviceName', spec.serviceName);
      c.add(
        scope,
        'workload',
        'podManagementPolicy',
        effective(spec.podManagementPolicy, 'OrderedReady'),
      );
      c.add(
        scope,
        'workload',
        'updateStrategy',
        rollingUpdateText(spec.updateStrategy, 'RollingUpdate', {
          partition: '0',
        }),
      );
      {
        const retention = isRecord(spec.persistentVolumeClaimRetentionPolicy)
          ? spec.persistentVolumeClaimRetentionPolicy
          : {};
        c.add(
          scope,
          'volumes',
          'persistentVolumeClaimRetentionPolicy',
          effective(
            retention.whenDeleted || retention.whenScaled
              ? `whenDeleted ${retention.whenDeleted ?? 'Retain'}, whenScaled ${
                  retention.whenScaled ?? 'Retain'
                }`
              : undefined,
            'whenDeleted Retain, whenScaled Retain',
          ),
        );
      }
      if (Array.isArray(spec.volumeClaimTemplates)) {
        for (const vct of spec.volumeClaimTemplates) {
          if (!isRecord(vct)) continue;
          const s = isRecord(vct.spec) ? vct.spec : {};
          const storage = s.resources?.requests?.storage;
          const text = [
            `${scalarText(s.accessModes ?? [])}`,
            storage !== undefined ? `storage ${storage}` : '',
            s.storageClassName ? `class ${s.storageClassName}` : '',
            s.volumeMode && s.volumeMode !== 'Filesystem'
              ? `mode ${s.volumeMode}`
              : '',
          ]
            .filter(Boolean)
            .join(', ');
          const compare =
            storage !== undefined
              ? text.replace(
                  `storage ${storage}`,
                  `storage ${quantityKey(storage)}`,
                )
              : text;
          c.add(
            scope,
            'volumes',
            `volumeClaimTemplate:${vct.metadata?.name}`,
            text,
            compare,
          );
        }
      }
      break;
    case 'DaemonSet':
      c.add(
        scope,
        'workload',
        'updateStrategy',
        rollingUpdateText(spec.updateStrategy, 'RollingUpdate', {
          maxSurge: '0',
          maxUnavailable: '1',
        }),
      );
      break;
    case 'Rollout':
      if (isRecord(spec.strategy)) {
        c.add(scope, 'workload', 'strategy', canonicalJson(spec.strategy));
      }
      break;
    case 'Job':
      extractJobSpec(c, scope, spec);
      break;
    case 'CronJob':
      c.addIfSet(scope, 'workload', 'schedule', spec.schedule);
      c.addIfSet(scope, 'workload', 'timeZone', spec.timeZone);
      c.add(
        scope,
        'workload',
        'concurrencyPolicy',
        effective(spec.concurrencyPolicy, 'Allow'),
      );
      c.add(scope, 'workload', 'suspend', effective(spec.suspend, 'false'));
      c.add(
        scope,
        'workload',
        'successfulJobsHistoryLimit',
        effective(spec.successfulJobsHistoryLimit, '3'),
      );
      c.add(
        scope,
        'workload',
        'failedJobsHistoryLimit',
        effective(spec.failedJobsHistoryLimit, '1'),
      );
      c.addIfSet(
        scope,
        'workload',
        'startingDeadlineSeconds',
        spec.startingDeadlineSeconds,
      );
      if (isRecord(spec.jobTemplate?.spec)) {
        extractJobSpec(c, scope, spec.jobTemplate.spec);
      }
      break;
    default:
  }
  const template =
    kind === 'CronJob' ? spec.jobTemplate?.spec?.template : spec.template;
  if (isRecord(template)) {
    extractPodTemplate(
      c,
      scope,
      template,
      kind === 'Job' || kind === 'CronJob',
    );
  }
}
