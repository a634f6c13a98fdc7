import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { Collector, References, Scope } from './collector';
import { canonicalJson, effective, isRecord, scalarText } from './normalize';
import { selectorText } from './workloads';

export { extractWorkload, selectorText } from './workloads';

/*
 * Attributes of the objects themselves: HPAs, Services, NetworkPolicies and Ingresses (the
 * workloads are in workloads.ts).
 */

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
  // `any` in this function: an Ingress's untyped spec (v1 or v1beta1, from a cluster or a
  // manifest), every field read optionally and turned into text.
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
