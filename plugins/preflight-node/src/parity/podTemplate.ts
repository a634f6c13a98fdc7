import { Collector, References, Scope } from './collector';
import { canonicalJson, effective, flattenLeaves, isRecord } from './normalize';
import { extractContainer } from './podContainer';
import {
  describeVolume,
  volumeQuantityKey,
  volumeReferences,
} from './podVolumes';

/*
 * Attributes of a pod template: pod-level settings, volumes, references, and every container
 * (image, resources, probes, ports, env, envFrom, security context, mounts: podContainer.ts).
 * Volumes are described in podVolumes.ts.
 */

function describeTolerations(tolerations: unknown[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const t of tolerations) {
    if (!isRecord(t)) continue;
    const key = t.key ?? '*';
    const text = [
      t.operator ?? 'Equal',
      t.value !== undefined ? `value ${t.value}` : '',
      t.effect ? `effect ${t.effect}` : 'all effects',
      t.tolerationSeconds !== undefined ? `for ${t.tolerationSeconds}s` : '',
    ]
      .filter(Boolean)
      .join(' ');
    byKey.set(key, [...(byKey.get(key) ?? []), text]);
  }
  return new Map(
    [...byKey].map(([key, texts]) => [key, texts.sort().join(' | ')]),
  );
}

export function extractPodTemplate(
  c: Collector,
  workload: Scope,
  template: Record<string, any>,
  isJob: boolean,
) {
  c.metadata({ ...workload, scope: 'pod-template' }, template.metadata);
  const pod = template.spec;
  if (!isRecord(pod)) return;
  const refs = new References();

  c.add(
    workload,
    'service-account',
    'serviceAccountName',
    effective(pod.serviceAccountName ?? pod.serviceAccount, 'default'),
  );
  c.addIfSet(
    workload,
    'service-account',
    'automountServiceAccountToken',
    pod.automountServiceAccountToken,
  );

  if (isRecord(pod.securityContext)) {
    flattenLeaves('pod.securityContext', pod.securityContext, (path, text) =>
      c.add(workload, 'security', path, text),
    );
  }
  for (const flag of ['hostNetwork', 'hostPID', 'hostIPC', 'hostUsers']) {
    const defaultValue = flag === 'hostUsers' ? true : false;
    if (pod[flag] !== undefined && pod[flag] !== defaultValue) {
      c.add(workload, 'security', `pod.${flag}`, String(pod[flag]));
    }
  }
  if (pod.shareProcessNamespace === true) {
    c.add(workload, 'security', 'pod.shareProcessNamespace', 'true');
  }

  // Defaults the API server writes: recorded only when they differ from the default.
  if (pod.dnsPolicy !== undefined && pod.dnsPolicy !== 'ClusterFirst') {
    c.add(workload, 'network', 'pod.dnsPolicy', String(pod.dnsPolicy));
  }
  if (isRecord(pod.dnsConfig)) {
    c.add(workload, 'network', 'pod.dnsConfig', canonicalJson(pod.dnsConfig));
  }
  if (pod.enableServiceLinks === false) {
    c.add(workload, 'network', 'pod.enableServiceLinks', 'false');
  }
  if (
    pod.schedulerName !== undefined &&
    pod.schedulerName !== 'default-scheduler'
  ) {
    c.add(workload, 'scheduling', 'schedulerName', String(pod.schedulerName));
  }
  if (isJob) {
    c.addIfSet(workload, 'workload', 'restartPolicy', pod.restartPolicy);
  } else if (
    pod.restartPolicy !== undefined &&
    pod.restartPolicy !== 'Always'
  ) {
    c.add(workload, 'workload', 'restartPolicy', String(pod.restartPolicy));
  }
  c.add(
    workload,
    'workload',
    'terminationGracePeriodSeconds',
    effective(pod.terminationGracePeriodSeconds, '30'),
  );

  if (isRecord(pod.nodeSelector)) {
    for (const key of Object.keys(pod.nodeSelector).sort()) {
      c.add(
        workload,
        'scheduling',
        `nodeSelector:${key}`,
        String(pod.nodeSelector[key]),
      );
    }
  }
  if (Array.isArray(pod.tolerations)) {
    for (const [key, text] of describeTolerations(pod.tolerations)) {
      c.add(workload, 'scheduling', `toleration:${key}`, text);
    }
  }
  if (isRecord(pod.affinity)) {
    flattenLeaves('affinity', pod.affinity, (path, text) =>
      c.add(workload, 'scheduling', path, text),
    );
  }
  if (Array.isArray(pod.topologySpreadConstraints)) {
    c.add(
      workload,
      'scheduling',
      'topologySpreadConstraints',
      canonicalJson(pod.topologySpreadConstraints),
    );
  }
  c.addIfSet(
    workload,
    'scheduling',
    'priorityClassName',
    pod.priorityClassName,
  );
  c.addIfSet(workload, 'scheduling', 'runtimeClassName', pod.runtimeClassName);

  if (Array.isArray(pod.volumes)) {
    for (const volume of pod.volumes) {
      if (!isRecord(volume) || typeof volume.name !== 'string') continue;
      const text = describeVolume(volume);
      c.add(
        workload,
        'volumes',
        `volume:${volume.name}`,
        text,
        volumeQuantityKey(text),
      );
      volumeReferences(volume, refs);
    }
  }
  if (Array.isArray(pod.imagePullSecrets)) {
    for (const s of pod.imagePullSecrets) {
      refs.add('secret', s?.name, 'imagePullSecret');
    }
  }

  for (const [list, init] of [
    ['initContainers', true],
    ['containers', false],
  ] as const) {
    if (!Array.isArray(pod[list])) continue;
    for (const container of pod[list]) {
      if (isRecord(container)) {
        extractContainer(c, workload, container, init, refs);
      }
    }
  }
  refs.emit(c, workload);
}
