import type { KubernetesObject } from '@preflight/plugin-preflight-common';

/**
 * A small factory of realistic Kubernetes objects for the simulated clusters. Built-in kinds are
 * validated against the Kubernetes OpenAPI schemas with `kubernetes-models` (see
 * `fixtures.test.ts`); custom resources have their metadata validated the same way.
 */
export interface FixtureOptions {
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface WorkloadOptions extends FixtureOptions {
  image?: string;
  /** Literal env vars of the main container. */
  env?: Record<string, string>;
  replicas?: number;
}

const DEFAULT_NAMESPACE = 'shop';
const DEFAULT_IMAGE = 'ghcr.io/acme/checkout-api:1.4.2';

function meta(name: string, o: FixtureOptions = {}) {
  return {
    name,
    namespace: o.namespace ?? DEFAULT_NAMESPACE,
    labels: { 'app.kubernetes.io/name': name, ...(o.labels ?? {}) },
    ...(o.annotations ? { annotations: o.annotations } : {}),
  };
}

function podSpec(name: string, o: WorkloadOptions) {
  return {
    serviceAccountName: name,
    securityContext: { runAsNonRoot: true },
    containers: [
      {
        name,
        image: o.image ?? DEFAULT_IMAGE,
        ports: [{ name: 'http', containerPort: 8080 }],
        env: Object.entries(o.env ?? {}).map(([k, v]) => ({
          name: k,
          value: v,
        })),
        resources: {
          requests: { cpu: '100m', memory: '128Mi' },
          limits: { memory: '256Mi' },
        },
        readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
        livenessProbe: { httpGet: { path: '/health', port: 'http' } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
        },
      },
    ],
  };
}

function podTemplate(name: string, o: WorkloadOptions) {
  return {
    metadata: {
      labels: { 'app.kubernetes.io/name': name, ...(o.labels ?? {}) },
    },
    spec: podSpec(name, o),
  };
}

const selectorOf = (name: string) => ({
  matchLabels: { 'app.kubernetes.io/name': name },
});

export function deployment(
  name: string,
  o: WorkloadOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name, o),
    spec: {
      replicas: o.replicas ?? 2,
      selector: selectorOf(name),
      template: podTemplate(name, o),
    },
    status: { replicas: o.replicas ?? 2, readyReplicas: o.replicas ?? 2 },
  };
}

export function statefulSet(
  name: string,
  o: WorkloadOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(name, o),
    spec: {
      serviceName: name,
      replicas: o.replicas ?? 1,
      selector: selectorOf(name),
      template: podTemplate(name, o),
    },
  };
}

export function daemonSet(
  name: string,
  o: WorkloadOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(name, o),
    spec: { selector: selectorOf(name), template: podTemplate(name, o) },
  };
}

export function job(name: string, o: WorkloadOptions = {}): KubernetesObject {
  const template = podTemplate(name, o);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: meta(name, o),
    spec: {
      backoffLimit: 2,
      template: {
        ...template,
        spec: { ...template.spec, restartPolicy: 'Never' },
      },
    },
  };
}

export function cronJob(
  name: string,
  o: WorkloadOptions = {},
): KubernetesObject {
  const template = podTemplate(name, o);
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(name, o),
    spec: {
      schedule: '*/15 * * * *',
      jobTemplate: {
        spec: {
          template: {
            ...template,
            spec: { ...template.spec, restartPolicy: 'OnFailure' },
          },
        },
      },
    },
  };
}

export function pod(name: string, o: WorkloadOptions = {}): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, o),
    spec: podSpec(name, o),
    status: { phase: 'Running' },
  };
}

export function service(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta(name, o),
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ name: 'http', port: 80, targetPort: 'http' }],
    },
  };
}

export function configMap(
  name: string,
  data: Record<string, string>,
  o: FixtureOptions = {},
): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(name, o), data };
}

/** A Secret; `data` values are given in clear and stored base64-encoded, as the API does. */
export function secret(
  name: string,
  data: Record<string, string>,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(name, o),
    type: 'Opaque',
    data: Object.fromEntries(
      Object.entries(data).map(([k, v]) => [
        k,
        Buffer.from(v).toString('base64'),
      ]),
    ),
  };
}

export function serviceAccount(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name, o) };
}

export function horizontalPodAutoscaler(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(name, o),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: 2,
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

export function podDisruptionBudget(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(name, o),
    spec: { minAvailable: 1, selector: selectorOf(name) },
  };
}

export function networkPolicy(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta(name, o),
    spec: {
      podSelector: selectorOf(name),
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: 8080 }] }],
    },
  };
}

export function ingress(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: meta(name, o),
    spec: {
      rules: [
        {
          host: `${name}.example.com`,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name, port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  };
}

export function prometheusRule(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: meta(name, o),
    spec: {
      groups: [
        {
          name,
          rules: [
            {
              alert: 'HighErrorRate',
              expr: `sum(rate(http_requests_total{job="${name}",code=~"5.."}[5m])) > 1`,
              for: '10m',
              labels: { severity: 'page' },
            },
          ],
        },
      ],
    },
  };
}

export function serviceMonitor(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: meta(name, o),
    spec: {
      selector: selectorOf(name),
      endpoints: [{ port: 'http', path: '/metrics' }],
    },
  };
}

export function podMonitor(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PodMonitor',
    metadata: meta(name, o),
    spec: {
      selector: selectorOf(name),
      podMetricsEndpoints: [{ port: 'http', path: '/metrics' }],
    },
  };
}

export function veleroBackup(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: meta(name, o),
    spec: {
      includedNamespaces: [o.namespace ?? DEFAULT_NAMESPACE],
      ttl: '720h0m0s',
    },
    status: { phase: 'Completed' },
  };
}

export function veleroRestore(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Restore',
    metadata: meta(name, o),
    spec: { backupName: name },
    status: { phase: 'Completed' },
  };
}

export function certificate(
  name: string,
  o: FixtureOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: meta(name, o),
    spec: {
      secretName: `${name}-tls`,
      dnsNames: [`${name}.example.com`],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
    },
  };
}

export function rollout(
  name: string,
  o: WorkloadOptions = {},
): KubernetesObject {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: meta(name, o),
    spec: {
      replicas: o.replicas ?? 2,
      selector: selectorOf(name),
      template: podTemplate(name, o),
      strategy: {
        canary: { steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }] },
      },
    },
  };
}

/**
 * A component's typical objects, all labelled `backstage.io/kubernetes-id=<id>`: one of each
 * built-in kind Preflight reads (and a Pod per replica).
 */
export function componentObjects(
  id: string,
  o: WorkloadOptions & { pods?: number } = {},
): KubernetesObject[] {
  const options = {
    ...o,
    labels: { 'backstage.io/kubernetes-id': id, ...(o.labels ?? {}) },
  };
  return [
    deployment(id, options),
    ...Array.from({ length: o.pods ?? 2 }, (_, i) =>
      pod(`${id}-7d9f8c-${i}`, options),
    ),
    service(id, options),
    configMap(
      `${id}-config`,
      { LOG_LEVEL: 'info', FEATURE_FLAGS: 'checkout-v2' },
      options,
    ),
    serviceAccount(id, options),
    horizontalPodAutoscaler(id, options),
    podDisruptionBudget(id, options),
    networkPolicy(id, options),
    ingress(id, options),
    cronJob(`${id}-cleanup`, options),
  ];
}

/** The labels Flux sets on the objects a Kustomization or HelmRelease applies. */
export function fluxLabels(
  kind: 'Kustomization' | 'HelmRelease',
  name: string,
  namespace = 'flux-system',
): Record<string, string> {
  const group =
    kind === 'Kustomization'
      ? 'kustomize.toolkit.fluxcd.io'
      : 'helm.toolkit.fluxcd.io';
  return { [`${group}/name`]: name, [`${group}/namespace`]: namespace };
}

/** A condition of a Flux object's status (`metav1.Condition`). */
export interface FluxCondition {
  type: 'Ready' | 'Reconciling' | 'Stalled' | string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface FluxObjectOptions {
  /** Default `flux-system`. */
  namespace?: string;
  labels?: Record<string, string>;
  suspend?: boolean;
  /** Default: `Ready` `True` (`ReconciliationSucceeded`). */
  conditions?: FluxCondition[];
  lastAttemptedRevision?: string;
  /** Absent from the status when `null`. */
  lastAppliedRevision?: string | null;
}

const FLUX_TIME = '2025-03-02T10:15:00Z';

/** `Ready` `True`, as Flux reports a successful reconciliation. */
export function fluxReady(message: string): FluxCondition {
  return {
    type: 'Ready',
    status: 'True',
    reason: 'ReconciliationSucceeded',
    message,
    lastTransitionTime: FLUX_TIME,
  };
}

function fluxConditions(conditions: FluxCondition[]) {
  return conditions.map(c => ({
    type: c.type,
    status: c.status,
    observedGeneration: 1,
    lastTransitionTime: c.lastTransitionTime ?? FLUX_TIME,
    reason: c.reason,
    message: c.message ?? '',
  }));
}

/** A Flux Kustomization (`kustomize.toolkit.fluxcd.io/v1`) applying `./apps/<name>`. */
export function kustomization(
  name: string,
  o: FluxObjectOptions = {},
): KubernetesObject {
  const revision = 'main@sha1:5f1e7a3c9d2b4e6f8a0c1e3d5b7f9a2c4e6d8b0a';
  const attempted = o.lastAttemptedRevision ?? revision;
  const applied =
    o.lastAppliedRevision === undefined ? attempted : o.lastAppliedRevision;
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: {
      name,
      namespace: o.namespace ?? 'flux-system',
      generation: 1,
      ...(o.labels ? { labels: o.labels } : {}),
    },
    spec: {
      interval: '10m',
      path: `./apps/${name}`,
      prune: true,
      wait: true,
      timeout: '5m',
      sourceRef: { kind: 'GitRepository', name: 'flux-system' },
      ...(o.suspend !== undefined ? { suspend: o.suspend } : {}),
    },
    status: {
      observedGeneration: 1,
      conditions: fluxConditions(
        o.conditions ?? [fluxReady(`Applied revision: ${applied}`)],
      ),
      lastAttemptedRevision: attempted,
      ...(applied !== null ? { lastAppliedRevision: applied } : {}),
      inventory: {
        entries: [
          { id: `shop_${name}_apps_Deployment`, v: 'v1' },
          { id: `shop_${name}__Service`, v: 'v1' },
        ],
      },
    },
  };
}

/** One Helm release a HelmRelease (v2) records in `status.history`. */
export interface HelmReleaseSnapshot {
  version: number;
  chartVersion: string;
  appVersion?: string;
  status?: 'deployed' | 'superseded' | 'failed' | string;
  ociDigest?: string;
  lastDeployed?: string;
}

export interface HelmReleaseOptions extends FluxObjectOptions {
  /** Default `helm.toolkit.fluxcd.io/v2`. */
  apiVersion?: string;
  chart?: string;
  /** Newest first, as Flux keeps it. */
  history?: HelmReleaseSnapshot[];
  /** `spec.values`. */
  values?: Record<string, unknown>;
}

/**
 * A Flux HelmRelease (`helm.toolkit.fluxcd.io/v2`, which records releases in `status.history`
 * and no longer sets `lastAppliedRevision` unless given).
 */
export function helmRelease(
  name: string,
  o: HelmReleaseOptions = {},
): KubernetesObject {
  const chart = o.chart ?? name;
  const history = o.history ?? [
    { version: 1, chartVersion: '1.4.2', appVersion: '1.4.2' },
  ];
  const attempted = o.lastAttemptedRevision ?? history[0]?.chartVersion;
  const namespace = o.namespace ?? 'flux-system';
  return {
    apiVersion: o.apiVersion ?? 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {
      name,
      namespace,
      generation: 1,
      ...(o.labels ? { labels: o.labels } : {}),
    },
    spec: {
      interval: '5m',
      releaseName: name,
      targetNamespace: 'shop',
      chart: {
        spec: {
          chart,
          version: '1.x',
          sourceRef: { kind: 'HelmRepository', name: 'acme' },
        },
      },
      values: o.values ?? { replicaCount: 2 },
      ...(o.suspend !== undefined ? { suspend: o.suspend } : {}),
    },
    status: {
      observedGeneration: 1,
      conditions: fluxConditions(
        o.conditions ?? [
          fluxReady(
            `Helm upgrade succeeded for release shop/${name}.v${
              history[0]?.version ?? 1
            } with chart ${chart}@${attempted}`,
          ),
        ],
      ),
      helmChart: `${namespace}/${namespace}-${name}`,
      storageNamespace: 'shop',
      ...(attempted ? { lastAttemptedRevision: attempted } : {}),
      ...(o.lastAppliedRevision
        ? { lastAppliedRevision: o.lastAppliedRevision }
        : {}),
      lastAttemptedConfigDigest:
        'sha256:1dabc4e3cdbd6a0817fe4ad5c7bbd1c4b7f4c4d2b7f5e4ac0d3f1f09c6c8f2a1',
      history: history.map((h, i) => ({
        digest: `sha256:${String(h.version).padStart(64, '0')}`,
        name,
        namespace: 'shop',
        version: h.version,
        status: h.status ?? (i === 0 ? 'deployed' : 'superseded'),
        chartName: chart,
        chartVersion: h.chartVersion,
        ...(h.appVersion ? { appVersion: h.appVersion } : {}),
        configDigest:
          'sha256:1dabc4e3cdbd6a0817fe4ad5c7bbd1c4b7f4c4d2b7f5e4ac0d3f1f09c6c8f2a1',
        firstDeployed: '2025-01-10T08:00:00Z',
        lastDeployed:
          h.lastDeployed ??
          `2025-02-${String(Math.min(28, h.version)).padStart(
            2,
            '0',
          )}T09:00:00Z`,
        ...(h.ociDigest ? { ociDigest: h.ociDigest } : {}),
      })),
    },
  };
}
