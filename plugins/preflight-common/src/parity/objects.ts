import type { KubernetesObject } from '../kubernetes';
import { Collector, References, Scope } from './collector';
import {
  Effective,
  canonicalJson,
  effective,
  isRecord,
  quantityKey,
  scalarText,
} from './normalize';
import { extractPodTemplate } from './podTemplate';

/*
 * Attributes of the objects themselves: workload rollout settings, HPAs, Services,
 * NetworkPolicies and Ingresses.
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

function metricTarget(target: unknown): string {
  if (!isRecord(target)) return '(none)';
  if (target.averageUtilization !== undefined) {
    return `${target.type ?? 'Utilization'} ${target.averageUtilization}%`;
  }
  if (target.averageValue !== undefined) {
    return `${target.type ?? 'AverageValue'} ${target.averageValue}`;
  }
  if (target.value !== undefined)
    return `${target.type ?? 'Value'} ${target.value}`;
  return canonicalJson(target);
}

export function extractHpa(
  c: Collector,
  scope: Scope,
  spec: Record<string, any>,
) {
  const ref = isRecord(spec.scaleTargetRef) ? spec.scaleTargetRef : {};
  if (ref.kind && ref.name) {
    c.hpaTargets.add(`${ref.kind}/${ref.name}`);
    c.add(scope, 'replicas', 'hpa.target', `${ref.kind}/${ref.name}`);
  }
  c.add(scope, 'replicas', 'hpa.minReplicas', effective(spec.minReplicas, '1'));
  c.addIfSet(scope, 'replicas', 'hpa.maxReplicas', spec.maxReplicas);
  if (spec.targetCPUUtilizationPercentage !== undefined) {
    // autoscaling/v1
    c.add(
      scope,
      'replicas',
      'hpa-metric:Resource:cpu',
      `Utilization ${spec.targetCPUUtilizationPercentage}%`,
    );
  } else if (Array.isArray(spec.metrics) && spec.metrics.length) {
    for (const metric of spec.metrics) {
      if (!isRecord(metric)) continue;
      const type = String(metric.type);
      const body = metric[type.charAt(0).toLowerCase() + type.slice(1)];
      const name = isRecord(body)
        ? body.name ?? body.metric?.name ?? body.container ?? ''
        : '';
      const container =
        type === 'ContainerResource' && isRecord(body)
          ? `:${body.container}`
          : '';
      const target = isRecord(body)
        ? metricTarget(body.target ?? body)
        : '(none)';
      c.add(
        scope,
        'replicas',
        `hpa-metric:${type}:${name}${container}`,
        target,
      );
    }
  } else {
    // No metrics: the API server defaults to 80 % average CPU utilization.
    c.add(scope, 'replicas', 'hpa-metric:Resource:cpu', {
      value: 'Utilization 80% (default)',
      compare: 'Utilization 80%',
    });
  }
}

function withDefaultProtocol(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withDefaultProtocol);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] =
      key === 'ports' && Array.isArray(v)
        ? v.map(p => (isRecord(p) ? { protocol: 'TCP', ...p } : p))
        : withDefaultProtocol(v);
  }
  return out;
}

export function extractNetworkPolicy(
  c: Collector,
  scope: Scope,
  spec: Record<string, any>,
) {
  c.add(
    scope,
    'network',
    'networkPolicy.podSelector',
    selectorText(spec.podSelector) ?? '(all)',
  );
  const defaultTypes = [
    'Ingress',
    ...(Array.isArray(spec.egress) ? ['Egress'] : []),
  ];
  c.add(
    scope,
    'network',
    'networkPolicy.policyTypes',
    effective(
      Array.isArray(spec.policyTypes) && spec.policyTypes.length
        ? spec.policyTypes
        : undefined,
      scalarText(defaultTypes),
    ),
  );
  for (const direction of ['ingress', 'egress'] as const) {
    if (!Array.isArray(spec[direction])) continue;
    spec[direction].forEach((rule: unknown, i: number) =>
      c.add(
        scope,
        'network',
        `networkPolicy.${direction}[${i}]`,
        canonicalJson(withDefaultProtocol(rule)),
      ),
    );
  }
}

export function extractService(
  c: Collector,
  scope: Scope,
  spec: Record<string, any>,
) {
  c.add(scope, 'network', 'service.type', effective(spec.type, 'ClusterIP'));
  if (spec.clusterIP === 'None')
    c.add(scope, 'network', 'service.clusterIP', 'None');
  c.addIfSet(scope, 'network', 'service.externalName', spec.externalName);
  if (spec.sessionAffinity && spec.sessionAffinity !== 'None') {
    c.add(
      scope,
      'network',
      'service.sessionAffinity',
      String(spec.sessionAffinity),
    );
  }
  if (isRecord(spec.selector)) {
    c.add(
      scope,
      'network',
      'service.selector',
      Object.keys(spec.selector)
        .sort()
        .map(k => `${k}=${spec.selector[k]}`)
        .join(', '),
    );
  }
  if (Array.isArray(spec.ports)) {
    for (const port of spec.ports) {
      if (!isRecord(port)) continue;
      const appProtocol = port.appProtocol ? ` (${port.appProtocol})` : '';
      c.add(
        scope,
        'ports',
        `service.port:${port.name ?? port.port}`,
        `${port.port} → ${port.targetPort ?? port.port}/${
          port.protocol ?? 'TCP'
        }${appProtocol}`,
      );
    }
  }
}

export function extractIngress(
  c: Collector,
  scope: Scope,
  object: KubernetesObject,
) {
  const spec = isRecord(object.spec) ? object.spec : {};
  c.addIfSet(
    scope,
    'network',
    'ingress.className',
    spec.ingressClassName ??
      object.metadata.annotations?.['kubernetes.io/ingress.class'],
  );
  const backend = (b: any): string => {
    if (!isRecord(b)) return '(none)';
    if (isRecord(b.service)) {
      const port = b.service.port?.name ?? b.service.port?.number;
      return `${b.service.name}:${port}`;
    }
    if (b.serviceName) return `${b.serviceName}:${b.servicePort}`; // v1beta1
    return canonicalJson(b);
  };
  if (spec.defaultBackend) {
    c.add(
      scope,
      'network',
      'ingress.defaultBackend',
      backend(spec.defaultBackend),
    );
  }
  (Array.isArray(spec.rules) ? spec.rules : []).forEach(
    (rule: any, i: number) => {
      c.add(
        scope,
        'network',
        `ingress.rule[${i}].host`,
        String(rule?.host ?? '*'),
      );
      const paths = Array.isArray(rule?.http?.paths) ? rule.http.paths : [];
      c.add(
        scope,
        'network',
        `ingress.rule[${i}].paths`,
        paths
          .map(
            (p: any) =>
              `${p?.path ?? '/'} (${
                p?.pathType ?? 'ImplementationSpecific'
              }) → ${backend(p?.backend)}`,
          )
          .sort()
          .join(', '),
      );
    },
  );
  const refs = new References();
  (Array.isArray(spec.tls) ? spec.tls : []).forEach((tls: any, i: number) => {
    c.add(
      scope,
      'network',
      `ingress.tls[${i}].hosts`,
      scalarText(tls?.hosts ?? []),
    );
    refs.add('secret', tls?.secretName, 'tls');
  });
  refs.emit(c, scope);
}
