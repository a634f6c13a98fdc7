import { MASKED_VALUE, isSensitiveEnv } from '../secrets';
import { Collector, References, Scope, rowId } from './collector';
import { parseImage } from './images';
import {
  canonicalJson,
  effective,
  flattenLeaves,
  isRecord,
  quantityKey,
} from './normalize';

/*
 * Attributes of a pod template: pod-level settings, volumes, references, and every container
 * (image, resources, probes, ports, env, envFrom, security context, mounts).
 */

function describeEnvSource(env: Record<string, any>): string {
  const from = env.valueFrom;
  if (!isRecord(from)) return 'literal';
  const optional = (ref: Record<string, any>) =>
    ref.optional ? ' (optional)' : '';
  if (isRecord(from.configMapKeyRef)) {
    const r = from.configMapKeyRef;
    return `configMapKeyRef ${r.name}/${r.key}${optional(r)}`;
  }
  if (isRecord(from.secretKeyRef)) {
    const r = from.secretKeyRef;
    return `secretKeyRef ${r.name}/${r.key}${optional(r)}`;
  }
  if (isRecord(from.fieldRef)) return `fieldRef ${from.fieldRef.fieldPath}`;
  if (isRecord(from.resourceFieldRef)) {
    const r = from.resourceFieldRef;
    const divisor =
      r.divisor !== undefined && !['0', '1'].includes(quantityKey(r.divisor))
        ? ` / ${r.divisor}`
        : '';
    return `resourceFieldRef ${r.containerName ? `${r.containerName}:` : ''}${
      r.resource
    }${divisor}`;
  }
  return `valueFrom ${canonicalJson(from)}`;
}

function describeProbe(probe: Record<string, any>): string {
  let handler: string;
  if (isRecord(probe.httpGet)) {
    const h = probe.httpGet;
    const scheme = h.scheme && h.scheme !== 'HTTP' ? `${h.scheme} ` : '';
    const headers = Array.isArray(h.httpHeaders)
      ? ` headers ${canonicalJson(h.httpHeaders)}`
      : '';
    handler = `httpGet ${scheme}${h.host ?? ''}:${h.port}${
      h.path || '/'
    }${headers}`;
  } else if (isRecord(probe.tcpSocket)) {
    handler = `tcpSocket ${probe.tcpSocket.host ?? ''}:${probe.tcpSocket.port}`;
  } else if (isRecord(probe.grpc)) {
    handler = `grpc :${probe.grpc.port}${
      probe.grpc.service ? ` ${probe.grpc.service}` : ''
    }`;
  } else if (isRecord(probe.exec)) {
    handler = `exec ${JSON.stringify(probe.exec.command ?? [])}`;
  } else {
    handler = 'no handler';
  }
  const timing = [
    `delay ${probe.initialDelaySeconds ?? 0}s`,
    `period ${probe.periodSeconds ?? 10}s`,
    `timeout ${probe.timeoutSeconds ?? 1}s`,
    `success ${probe.successThreshold ?? 1}`,
    `failure ${probe.failureThreshold ?? 3}`,
  ];
  if (probe.terminationGracePeriodSeconds !== undefined) {
    timing.push(`grace ${probe.terminationGracePeriodSeconds}s`);
  }
  return `${handler} · ${timing.join(', ')}`;
}

/** Drops the API defaults that the server writes into volume sources. */
function withoutVolumeDefaults(source: unknown): unknown {
  if (Array.isArray(source)) return source.map(withoutVolumeDefaults);
  if (!isRecord(source)) return source;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'defaultMode' && value === 420) continue;
    if (key === 'apiVersion' && value === 'v1') continue; // fieldRef default
    if (key === 'type' && value === '') continue; // hostPath default
    if (key === 'divisor' && ['0', '1'].includes(quantityKey(value))) continue;
    out[key] = withoutVolumeDefaults(value);
  }
  return out;
}

function describeVolume(volume: Record<string, any>): string {
  const type = Object.keys(volume)
    .filter(k => k !== 'name')
    .sort()[0];
  if (!type) return 'no source';
  const source = withoutVolumeDefaults(volume[type]) as Record<string, any>;
  if (type === 'emptyDir') {
    const parts = ['emptyDir'];
    if (source?.medium) parts.push(`medium ${source.medium}`);
    if (source?.sizeLimit !== undefined) {
      parts.push(`sizeLimit ${source.sizeLimit}`);
    }
    return parts.join(' ');
  }
  if (type === 'configMap' || type === 'secret') {
    const { name, secretName, ...rest } = source ?? {};
    const ref = type === 'secret' ? secretName : name;
    const extra = Object.keys(rest).length ? ` ${canonicalJson(rest)}` : '';
    return `${type} ${ref}${extra}`;
  }
  if (type === 'persistentVolumeClaim') {
    return `persistentVolumeClaim ${source.claimName}${
      source.readOnly ? ' (read-only)' : ''
    }`;
  }
  return `${type} ${canonicalJson(source)}`;
}

function volumeQuantityKey(text: string): string {
  return text.replace(
    /sizeLimit (\S+)/,
    (_, q) => `sizeLimit ${quantityKey(q)}`,
  );
}

function volumeReferences(volume: Record<string, any>, refs: References) {
  const addItems = (
    kind: 'configMap' | 'secret',
    name: unknown,
    items: unknown,
  ) => {
    refs.add(kind, name, 'volume');
    if (Array.isArray(items)) {
      for (const item of items) refs.add(kind, name, 'volume', item?.key);
    }
  };
  if (isRecord(volume.configMap)) {
    addItems('configMap', volume.configMap.name, volume.configMap.items);
  }
  if (isRecord(volume.secret)) {
    addItems('secret', volume.secret.secretName, volume.secret.items);
  }
  if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
    for (const source of volume.projected.sources) {
      if (isRecord(source?.configMap)) {
        addItems('configMap', source.configMap.name, source.configMap.items);
      }
      if (isRecord(source?.secret)) {
        addItems('secret', source.secret.name, source.secret.items);
      }
    }
  }
}

function imagePullPolicyDefault(image: ReturnType<typeof parseImage>): string {
  return image.tag === 'latest' || (!image.tag && !image.digest)
    ? 'Always'
    : 'IfNotPresent';
}

function extractContainer(
  c: Collector,
  workload: Scope,
  container: Record<string, any>,
  initContainer: boolean,
  refs: References,
) {
  const name = String(container.name ?? '');
  const scope: Scope = {
    object: workload.object,
    container: name,
    ...(initContainer ? { initContainer: true } : {}),
  };

  if (typeof container.image === 'string' && container.image) {
    const image = parseImage(container.image);
    c.images.set(rowId(scope, 'image'), {
      object: workload.object,
      container: name,
      ...(initContainer ? { initContainer: true } : {}),
      image,
    });
    c.add(scope, 'images', 'image.repository', image.repository);
    if (image.tag) c.add(scope, 'images', 'image.tag', image.tag);
    if (image.digest) c.add(scope, 'images', 'image.digest', image.digest);
    c.add(
      scope,
      'images',
      'imagePullPolicy',
      effective(container.imagePullPolicy, imagePullPolicyDefault(image)),
    );
  }
  // Order matters for command and args: JSON, not a sorted list.
  for (const field of ['command', 'args']) {
    if (Array.isArray(container[field])) {
      c.add(scope, 'workload', field, JSON.stringify(container[field]));
    }
  }
  c.addIfSet(scope, 'workload', 'workingDir', container.workingDir);
  c.addIfSet(scope, 'workload', 'restartPolicy', container.restartPolicy);
  if (isRecord(container.lifecycle)) {
    c.add(scope, 'workload', 'lifecycle', canonicalJson(container.lifecycle));
  }

  if (isRecord(container.resources)) {
    for (const kind of ['requests', 'limits'] as const) {
      const values = container.resources[kind];
      if (!isRecord(values)) continue;
      for (const resource of Object.keys(values).sort()) {
        const text = String(values[resource]);
        c.add(
          scope,
          'resources',
          `resources.${kind}.${resource}`,
          text,
          quantityKey(text),
        );
      }
    }
  }

  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    if (isRecord(container[probe])) {
      c.add(scope, 'probes', probe, describeProbe(container[probe]));
    }
  }

  if (Array.isArray(container.ports)) {
    for (const port of container.ports) {
      if (!isRecord(port)) continue;
      const extra = [
        port.hostPort !== undefined ? `hostPort ${port.hostPort}` : '',
        port.hostIP ? `hostIP ${port.hostIP}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      c.add(
        scope,
        'ports',
        `port:${port.name ?? port.containerPort}`,
        `${port.containerPort}/${port.protocol ?? 'TCP'}${
          extra ? ` ${extra}` : ''
        }`,
      );
    }
  }

  if (Array.isArray(container.env)) {
    for (const env of container.env) {
      if (!isRecord(env) || typeof env.name !== 'string') continue;
      c.add(scope, 'env', `env:${env.name}`, describeEnvSource(env));
      if (isRecord(env.valueFrom)) {
        const { configMapKeyRef: cm, secretKeyRef: sk } = env.valueFrom;
        if (isRecord(cm)) refs.add('configMap', cm.name, 'env', cm.key);
        if (isRecord(sk)) refs.add('secret', sk.name, 'env', sk.key);
      } else {
        const literal = env.value === undefined ? '' : String(env.value);
        // Objects arrive sanitized; mask again so that no code path can leak a literal.
        const shown =
          literal === MASKED_VALUE || isSensitiveEnv(env.name, literal)
            ? MASKED_VALUE
            : literal;
        c.add(scope, 'env', `env-value:${env.name}`, shown);
      }
    }
  }

  if (Array.isArray(container.envFrom)) {
    for (const source of container.envFrom) {
      if (!isRecord(source)) continue;
      let kind: 'configMap' | 'secret';
      if (isRecord(source.configMapRef)) kind = 'configMap';
      else if (isRecord(source.secretRef)) kind = 'secret';
      else continue;
      const ref = source[`${kind}Ref`];
      refs.add(kind, ref.name, 'envFrom');
      const details = [
        source.prefix ? `prefix ${source.prefix}` : '',
        ref.optional ? 'optional' : '',
      ]
        .filter(Boolean)
        .join(', ');
      c.add(
        scope,
        'config',
        `envFrom:${kind}/${ref.name}`,
        details || 'all keys',
      );
    }
  }

  if (isRecord(container.securityContext)) {
    flattenLeaves('securityContext', container.securityContext, (path, text) =>
      c.add(scope, 'security', path, text),
    );
  }

  if (Array.isArray(container.volumeMounts)) {
    for (const mount of container.volumeMounts) {
      if (!isRecord(mount)) continue;
      const extra = [
        mount.readOnly ? 'read-only' : '',
        mount.subPath ? `subPath ${mount.subPath}` : '',
        mount.subPathExpr ? `subPathExpr ${mount.subPathExpr}` : '',
        mount.mountPropagation && mount.mountPropagation !== 'None'
          ? `propagation ${mount.mountPropagation}`
          : '',
      ]
        .filter(Boolean)
        .join(', ');
      c.add(
        scope,
        'volumes',
        `volumeMount:${mount.mountPath}`,
        `${mount.name}${extra ? ` (${extra})` : ''}`,
      );
    }
  }
}

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
