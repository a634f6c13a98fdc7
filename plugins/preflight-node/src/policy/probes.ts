/*
 * Health checks (the `health-checks` check): every long-running container has a readiness and a
 * liveness probe, and they are distinct. Jobs and CronJobs run to completion and are not checked;
 * neither are init and ephemeral containers.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { LONG_RUNNING_KINDS, isRecord } from './workloads';

/**
 * Every long-running container has a readinessProbe.
 */
export const readinessProbeMissingRule: PolicyRule = defineContainerRule({
  id: 'readinessProbeMissing',
  title: 'Containers have a readiness probe',
  description:
    'Every container of a Deployment, StatefulSet, DaemonSet or Pod must declare a `readinessProbe`, so that traffic only reaches pods that can serve it and rollouts wait for new pods to be ready.',
  severity: 'blocking',
  appliesTo: LONG_RUNNING_KINDS,
  remediation:
    'Add a `readinessProbe` (e.g. `httpGet` on a `/readyz` endpoint that checks the dependencies needed to serve requests).',
  containers: ['containers'],
  checkContainer(c) {
    const probe = c.container.readinessProbe;
    if (probeHandlerKey(probe, c.container)) return undefined;
    return {
      message: isRecord(probe)
        ? `${c.label} has a readinessProbe without a handler (httpGet, tcpSocket, grpc or exec)`
        : `${c.label} has no readinessProbe`,
      path: `${c.path}.readinessProbe`,
    };
  },
});

/**
 * Every long-running container has a livenessProbe.
 */
export const livenessProbeMissingRule: PolicyRule = defineContainerRule({
  id: 'livenessProbeMissing',
  title: 'Containers have a liveness probe',
  description:
    'Every container of a Deployment, StatefulSet, DaemonSet or Pod must declare a `livenessProbe`, so that a deadlocked process is restarted.',
  severity: 'blocking',
  appliesTo: LONG_RUNNING_KINDS,
  remediation:
    'Add a `livenessProbe` (e.g. `httpGet` on a `/livez` endpoint that only checks the process itself, not its dependencies), with a longer period or initial delay than the readiness probe.',
  containers: ['containers'],
  checkContainer(c) {
    const probe = c.container.livenessProbe;
    if (probeHandlerKey(probe, c.container)) return undefined;
    return {
      message: isRecord(probe)
        ? `${c.label} has a livenessProbe without a handler (httpGet, tcpSocket, grpc or exec)`
        : `${c.label} has no livenessProbe`,
      path: `${c.path}.livenessProbe`,
    };
  },
});

/** A port as a number when a named port resolves against the container's ports. */
function resolvePort(port: unknown, container: IContainer): unknown {
  if (typeof port !== 'string') return port;
  const named = Array.isArray(container.ports)
    ? container.ports.find(p => isRecord(p) && p.name === port)
    : undefined;
  return named?.containerPort ?? port;
}

/** What a probe checks (handler, path, port), ignoring its timings; `undefined` without one. */
export function probeHandlerKey(
  probe: IProbe | undefined,
  container: IContainer,
): string | undefined {
  if (!isRecord(probe)) return undefined;
  if (isRecord(probe.httpGet)) {
    const h = probe.httpGet;
    const headers = Array.isArray(h.httpHeaders)
      ? h.httpHeaders.map(x => `${x.name}:${x.value}`).sort()
      : [];
    return JSON.stringify([
      'httpGet',
      String(h.scheme ?? 'HTTP').toUpperCase(),
      h.host ?? '',
      h.path || '/',
      resolvePort(h.port, container),
      headers,
    ]);
  }
  if (isRecord(probe.tcpSocket)) {
    const t = probe.tcpSocket;
    return JSON.stringify([
      'tcpSocket',
      t.host ?? '',
      resolvePort(t.port, container),
    ]);
  }
  if (isRecord(probe.grpc)) {
    return JSON.stringify(['grpc', probe.grpc.port, probe.grpc.service ?? '']);
  }
  if (isRecord(probe.exec)) {
    return JSON.stringify(['exec', probe.exec.command ?? []]);
  }
  return undefined;
}

function describeHandler(probe: IProbe): string {
  if (probe.httpGet) {
    return `httpGet ${probe.httpGet.path || '/'} on port ${probe.httpGet.port}`;
  }
  if (probe.tcpSocket) return `tcpSocket on port ${probe.tcpSocket.port}`;
  if (probe.grpc) return `grpc on port ${probe.grpc.port}`;
  return 'the same exec command';
}

/**
 * Readiness and liveness probes of a container check different things.
 */
export const probesIdenticalRule: PolicyRule = defineContainerRule({
  id: 'probesIdentical',
  title: 'Readiness and liveness probes are distinct',
  description:
    'A container whose readiness and liveness probes use the same handler (same type, path and port — named ports resolved) gets restarted whenever it is merely not ready, e.g. while a dependency is down, turning a partial outage into a restart loop. Timings are not compared.',
  severity: 'blocking',
  appliesTo: LONG_RUNNING_KINDS,
  remediation:
    'Point the liveness probe at an endpoint that checks only the process (e.g. `/livez`) and the readiness probe at one that also checks what is needed to serve (e.g. `/readyz`).',
  containers: ['containers'],
  checkContainer(c) {
    const { readinessProbe, livenessProbe } = c.container;
    const readiness = probeHandlerKey(readinessProbe, c.container);
    if (
      !readiness ||
      !livenessProbe ||
      readiness !== probeHandlerKey(livenessProbe, c.container)
    ) {
      return undefined;
    }
    return {
      message: `${
        c.label
      } has identical readinessProbe and livenessProbe (${describeHandler(
        livenessProbe,
      )})`,
      path: `${c.path}.livenessProbe`,
    };
  },
});

/** @internal */
export const probeRules: readonly PolicyRule[] = [
  readinessProbeMissingRule,
  livenessProbeMissingRule,
  probesIdenticalRule,
];
