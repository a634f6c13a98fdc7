import {
  MASKED_VALUE,
  isSensitiveEnv,
  quantityKey,
} from '@preflight/plugin-preflight-common';
import { Collector, References, Scope, rowId } from './collector';
import { parseImage } from './images';
import { canonicalJson, effective, flattenLeaves, isRecord } from './normalize';

/*
 * Attributes of one container of a pod template: image, resources, probes, ports, env, envFrom,
 * security context and mounts.
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

function imagePullPolicyDefault(image: ReturnType<typeof parseImage>): string {
  return image.tag === 'latest' || (!image.tag && !image.digest)
    ? 'Always'
    : 'IfNotPresent';
}

export function extractContainer(
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
