import type { KubernetesObject } from '@preflight/plugin-preflight-common';

/** A 40-hex commit SHA derived from a seed, stable across runs. */
export function sha(seed: string): string {
  let hex = '';
  let state = 2166136261;
  while (hex.length < 40) {
    for (const ch of `${seed}:${hex.length}`) {
      state = Math.imul(state ^ ch.charCodeAt(0), 16777619) >>> 0;
    }
    hex += state.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 40);
}

/** One `v1alpha1RevisionHistory` entry. */
export interface HistoryEntry {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt?: string;
}

export interface ApplicationOptions {
  name: string;
  /** `spec.project`, default `default`. */
  project?: string;
  labels?: Record<string, string>;
  /** `spec.destination.namespace`. */
  namespace?: string;
  /** `spec.destination.server`, default the in-cluster server. */
  server?: string;
  repoURL?: string;
  path?: string;
  targetRevision?: string;
  /** `status.sync.status`, default `Synced`. */
  sync?: 'Synced' | 'OutOfSync' | 'Unknown';
  /** `status.sync.revision`, default a SHA of the name. */
  revision?: string;
  /** `status.health.status`, default `Healthy`; null leaves `status.health` out. */
  health?:
    | 'Healthy'
    | 'Progressing'
    | 'Degraded'
    | 'Suspended'
    | 'Missing'
    | 'Unknown'
    | null;
  healthMessage?: string;
  /**
   * `status.history`, oldest first as Argo CD keeps it. Default: one entry, the current revision,
   * deployed at 2025-03-01T10:00:00Z.
   */
  history?: HistoryEntry[];
  /** `status.operationState`; default a succeeded sync of the current revision. */
  operationState?: Record<string, unknown> | null;
  /** `status.sourceType`, default `Kustomize`. */
  sourceType?: string;
  conditions?: Array<{ type: string; message: string }>;
}

/** A `v1alpha1Application` as `GET /api/v1/applications/{name}` answers it. */
export function argoApplication(options: ApplicationOptions): any {
  const revision = options.revision ?? sha(options.name);
  const namespace = options.namespace ?? options.name;
  const history = options.history ?? [
    {
      id: 1,
      revision,
      deployStartedAt: '2025-03-01T09:59:50Z',
      deployedAt: '2025-03-01T10:00:00Z',
    },
  ];
  const source = {
    repoURL: options.repoURL ?? 'https://git.example.com/platform/deploy.git',
    path: options.path ?? `apps/${options.name}`,
    targetRevision: options.targetRevision ?? 'HEAD',
  };
  const operationState =
    options.operationState === null
      ? undefined
      : options.operationState ?? {
          operation: {
            sync: { revision },
            initiatedBy: { automated: true },
            retry: { limit: 5 },
          },
          phase: 'Succeeded',
          message: 'successfully synced (all tasks run)',
          syncResult: {
            resources: [],
            revision,
            source,
          },
          startedAt: '2025-03-01T09:59:50Z',
          finishedAt: '2025-03-01T10:00:00Z',
        };
  return {
    metadata: {
      name: options.name,
      namespace: 'argocd',
      uid: `0000-${sha(options.name).slice(0, 12)}`,
      resourceVersion: '48213',
      generation: 12,
      creationTimestamp: '2025-01-10T08:00:00Z',
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: {
      source,
      destination: {
        server: options.server ?? 'https://kubernetes.default.svc',
        namespace,
      },
      project: options.project ?? 'default',
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      resources: [],
      sync: {
        status: options.sync ?? 'Synced',
        comparedTo: {
          source,
          destination: {
            server: options.server ?? 'https://kubernetes.default.svc',
            namespace,
          },
        },
        revision,
      },
      ...(options.health === null
        ? {}
        : {
            health: {
              status: options.health ?? 'Healthy',
              ...(options.healthMessage
                ? { message: options.healthMessage }
                : {}),
            },
          }),
      history,
      reconciledAt: '2025-03-01T10:05:00Z',
      ...(operationState ? { operationState } : {}),
      sourceType: options.sourceType ?? 'Kustomize',
      summary: { images: [] },
      ...(options.conditions ? { conditions: options.conditions } : {}),
    },
  };
}

/** A Deployment as a renderer would emit it (no status, no server-set metadata). */
export function renderedDeployment(
  name: string,
  namespace: string,
  image: string,
  replicas = 2,
): KubernetesObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace,
      labels: { 'app.kubernetes.io/name': name },
    },
    spec: {
      replicas,
      selector: { matchLabels: { 'app.kubernetes.io/name': name } },
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': name } },
        spec: {
          containers: [
            {
              name: 'app',
              image,
              ports: [{ containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
            },
          ],
        },
      },
    },
  };
}

/** A Service as a renderer would emit it. */
export function renderedService(
  name: string,
  namespace: string,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { 'app.kubernetes.io/name': name },
      ports: [{ port: 80, targetPort: 8080 }],
    },
  };
}
