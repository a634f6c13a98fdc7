import type { KubernetesObject } from '@preflight/plugin-preflight-common';

export const DIGEST =
  'sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828';

export interface BaselineOptions {
  name?: string;
  image?: string;
  port?: number;
  portName?: string;
  replicas?: number;
  namespace?: string;
}

/** A container that passes every rule (the examples' checkout-api container, parameterised). */
export function compliantContainer(
  options: BaselineOptions = {},
): Record<string, any> {
  const name = options.name ?? 'app';
  const port = options.port ?? 8080;
  const portName = options.portName ?? 'http';
  return {
    name,
    image: options.image ?? `ghcr.io/acme/${name}:2.4.1@${DIGEST}`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: portName, containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PORT', value: String(port) },
      {
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: `${name}-db`, key: 'url' } },
      },
    ],
    resources: {
      requests: { cpu: '100m', memory: '128Mi' },
      limits: { cpu: '500m', memory: '256Mi' },
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port: portName },
      periodSeconds: 5,
    },
    livenessProbe: {
      httpGet: { path: '/livez', port: portName },
      periodSeconds: 10,
      initialDelaySeconds: 15,
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

export function compliantPodSpec(
  options: BaselineOptions = {},
): Record<string, any> {
  const name = options.name ?? 'app';
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [compliantContainer(options)],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
  };
}

function meta(options: BaselineOptions, extra: Record<string, any> = {}) {
  const name = options.name ?? 'app';
  return {
    name,
    namespace: options.namespace ?? 'shop',
    labels: { 'app.kubernetes.io/name': name },
    ...extra,
  };
}

export function compliantDeployment(
  options: BaselineOptions = {},
): KubernetesObject {
  const name = options.name ?? 'app';
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/component': 'server',
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(options),
    spec: {
      replicas: options.replicas ?? 2,
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: compliantPodSpec(options),
      },
    },
  };
}

export function compliantServiceAccount(
  options: BaselineOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: meta(options),
    automountServiceAccountToken: false,
  };
}

export function compliantPdb(options: BaselineOptions = {}): KubernetesObject {
  const name = options.name ?? 'app';
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(options),
    spec: {
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
    },
  };
}

export function compliantNetworkPolicy(
  options: BaselineOptions = {},
): KubernetesObject {
  const name = options.name ?? 'app';
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(options),
    spec: {
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': name,
          'app.kubernetes.io/component': 'server',
        },
      },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
              },
            },
          ],
          ports: [{ protocol: 'TCP', port: options.port ?? 8080 }],
        },
      ],
    },
  };
}

export function hpa(
  target: string,
  minReplicas: number | undefined,
  options: BaselineOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta({ ...options, name: target }),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: target,
      },
      ...(minReplicas === undefined ? {} : { minReplicas }),
      maxReplicas: 10,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: 70 },
          },
        },
      ],
    },
  };
}

/** Deployment first, then its ServiceAccount, PDB and NetworkPolicy: passes every rule. */
export function compliantSet(
  options: BaselineOptions = {},
): KubernetesObject[] {
  return [
    compliantDeployment(options),
    compliantServiceAccount(options),
    compliantPdb(options),
    compliantNetworkPolicy(options),
  ];
}

export function compliantCronJob(
  options: BaselineOptions = {},
): KubernetesObject {
  const podSpec = compliantPodSpec(options);
  for (const c of podSpec.containers) {
    delete c.readinessProbe;
    delete c.livenessProbe;
    delete c.ports;
  }
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(options),
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            metadata: { labels: { 'app.kubernetes.io/name': 'report' } },
            spec: { ...podSpec, restartPolicy: 'OnFailure' },
          },
        },
      },
    },
  };
}

export function compliantJob(options: BaselineOptions = {}): KubernetesObject {
  const cron = compliantCronJob(options);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: cron.metadata,
    spec: { backoffLimit: 2, template: cron.spec.jobTemplate.spec.template },
  };
}

export function compliantPod(options: BaselineOptions = {}): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(options),
    spec: compliantPodSpec(options),
  };
}

/** The pod spec of a workload, for mutation in tests. */
export function podSpecOf(object: KubernetesObject): Record<string, any> {
  if (object.kind === 'Pod') return object.spec;
  if (object.kind === 'CronJob')
    return object.spec.jobTemplate.spec.template.spec;
  return object.spec.template.spec;
}

/** Deep-freezes a value, to prove the engine does not mutate its input. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
