import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { computeDesiredVsLive } from './compare';
import { loadExample } from './__testUtils__/examples';
import type { ParityReport } from './types';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

const driftIds = (report: ParityReport) =>
  report.rows
    .filter(r => r.classification === 'drift')
    .map(r => r.id)
    .sort();

/** What the API server, the controllers and Argo CD make of an applied manifest. */
function asLive(desired: KubernetesObject, index: number): KubernetesObject {
  const live: any = clone(desired);
  live.metadata = {
    ...live.metadata,
    uid: `0b7f6a4e-0000-4000-8000-00000000000${index}`,
    resourceVersion: String(4711 + index),
    generation: 3,
    creationTimestamp: '2025-01-02T03:04:05Z',
    managedFields: [
      {
        manager: 'argocd-controller',
        operation: 'Apply',
        apiVersion: desired.apiVersion,
        time: '2025-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': {} } },
      },
    ],
    labels: {
      ...live.metadata.labels,
      'app.kubernetes.io/instance': 'checkout-api-dev',
    },
    annotations: {
      ...live.metadata.annotations,
      'kubectl.kubernetes.io/last-applied-configuration':
        JSON.stringify(desired),
    },
  };
  const podDefaults = (pod: any) => {
    pod.dnsPolicy = 'ClusterFirst';
    pod.schedulerName = 'default-scheduler';
    pod.restartPolicy ??= 'Always';
    pod.terminationGracePeriodSeconds ??= 30;
    pod.securityContext ??= {};
    for (const c of pod.containers) {
      c.terminationMessagePath = '/dev/termination-log';
      c.terminationMessagePolicy = 'File';
      c.imagePullPolicy ??= 'IfNotPresent';
      c.resources ??= {};
      for (const probe of ['readinessProbe', 'livenessProbe']) {
        if (c[probe]) {
          c[probe].successThreshold = 1;
          c[probe].httpGet.scheme = 'HTTP';
        }
      }
    }
  };
  switch (desired.kind) {
    case 'Deployment':
      live.metadata.annotations['deployment.kubernetes.io/revision'] = '7';
      live.spec.replicas = 2; // scaled by the HPA
      live.spec.progressDeadlineSeconds = 600;
      live.spec.template.metadata.creationTimestamp = null;
      live.spec.template.metadata.annotations[
        'kubectl.kubernetes.io/restartedAt'
      ] = '2025-01-03T00:00:00Z';
      podDefaults(live.spec.template.spec);
      live.status = {
        observedGeneration: 3,
        replicas: 2,
        readyReplicas: 2,
        updatedReplicas: 2,
        availableReplicas: 2,
        conditions: [{ type: 'Available', status: 'True' }],
      };
      break;
    case 'Job':
      live.spec.selector = {
        matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' },
      };
      live.spec.manualSelector = false;
      live.spec.completionMode = 'NonIndexed';
      live.spec.completions = 1;
      live.spec.parallelism = 1;
      live.spec.suspend = false;
      live.spec.podReplacementPolicy = 'TerminatingOrFailed';
      Object.assign(live.spec.template.metadata.labels, {
        'batch.kubernetes.io/controller-uid': 'abc',
        'batch.kubernetes.io/job-name': desired.metadata.name,
        'controller-uid': 'abc',
        'job-name': desired.metadata.name,
      });
      podDefaults(live.spec.template.spec);
      live.status = { succeeded: 1, completionTime: '2025-01-02T03:05:00Z' };
      break;
    case 'Service':
      Object.assign(live.spec, {
        clusterIP: '10.96.12.34',
        clusterIPs: ['10.96.12.34'],
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
      });
      live.status = { loadBalancer: {} };
      break;
    case 'HorizontalPodAutoscaler':
      live.spec.behavior = {
        scaleDown: {
          stabilizationWindowSeconds: 300,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
      };
      live.status = { currentReplicas: 2, desiredReplicas: 2 };
      break;
    case 'PodDisruptionBudget':
      live.status = {
        currentHealthy: 2,
        desiredHealthy: 1,
        disruptionsAllowed: 1,
      };
      break;
    default:
  }
  return live;
}

/** Objects only the cluster has: controller-created, never compared. */
const controllerObjects: KubernetesObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: 'checkout-api-7d9c8b6f5',
      labels: { 'app.kubernetes.io/name': 'checkout-api' },
      ownerReferences: [
        { kind: 'Deployment', name: 'checkout-api', controller: true },
      ],
    },
    spec: { replicas: 2 },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'checkout-api-7d9c8b6f5-x2x4z' },
    spec: { containers: [{ name: 'checkout-api', image: 'other:1' }] },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'nightly-28973460',
      ownerReferences: [{ kind: 'CronJob', name: 'nightly', controller: true }],
    },
    spec: { template: { spec: { containers: [{ name: 'x', image: 'x:1' }] } } },
  },
];

describe('computeDesiredVsLive', () => {
  const desired = loadExample('checkout-api', 'dev');
  const live = [...desired.map(asLive), ...controllerObjects];

  it('ignores everything the API server and the controllers add', () => {
    const report = computeDesiredVsLive(desired, live);

    expect(report.environments.map(e => e.name)).toEqual(['desired', 'live']);
    expect(driftIds(report)).toEqual([]);
    const expected = report.rows.filter(r => r.classification === 'expected');
    expect(expected.map(r => [r.id, r.reason])).toEqual(
      expect.arrayContaining([
        [
          'Deployment/checkout-api › replicas',
          'Replicas are managed by a HorizontalPodAutoscaler (desired has 1, live has 2)',
        ],
        [
          'Deployment/checkout-api › label:app.kubernetes.io/instance',
          'Added by the GitOps tool (Argo CD label tracking) (missing in desired, present in live)',
        ],
      ]),
    );
    // replicas + the instance label on each of the 8 objects
    expect(expected).toHaveLength(9);
    expect(report.rows.some(r => /ReplicaSet|Pod\/|nightly/.test(r.id))).toBe(
      false,
    );
    expect(JSON.stringify(report)).not.toMatch(
      /managedFields|last-applied|10\.96\.12\.34|restartedAt|controller-uid/,
    );
  });

  it('reports a real change as drift', () => {
    const changed = live.map(o => clone(o));
    const deployment: any = changed.find(o => o.kind === 'Deployment');
    const container = deployment.spec.template.spec.containers[0];
    container.image = 'ghcr.io/acme/checkout-api:2.4.2';
    container.env.find((e: any) => e.name === 'LOG_LEVEL').value = 'trace';
    delete container.resources.limits.memory;

    const report = computeDesiredVsLive(desired, changed);
    const prefix = 'Deployment/checkout-api › container checkout-api › ';
    expect(driftIds(report)).toEqual(
      [
        `${prefix}image.tag`,
        `${prefix}image.digest`,
        `${prefix}env-value:LOG_LEVEL`,
        `${prefix}resources.limits.memory`,
      ].sort(),
    );
    expect(report.images[0]).toMatchObject({
      container: 'checkout-api',
      steps: [{ from: 'desired', to: 'live', status: 'behind' }],
      ahead: { environment: 'live', of: 'desired', basis: 'semver' },
    });
    // The version label was left unchanged in the cluster: nothing to report for it.
    expect(
      report.rows.find(
        r =>
          r.id === 'Deployment/checkout-api › label:app.kubernetes.io/version',
      )?.classification,
    ).toBe('same');
  });

  it('without an HPA, a replica difference is drift', () => {
    const noHpa = (objects: KubernetesObject[]) =>
      objects.filter(o => o.kind !== 'HorizontalPodAutoscaler');
    const report = computeDesiredVsLive(noHpa(desired), noHpa(live));
    expect(driftIds(report)).toEqual(['Deployment/checkout-api › replicas']);
  });

  it('treats omitted defaults and their explicit values as the same', () => {
    const bare: KubernetesObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: { labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  ports: [{ containerPort: 80 }],
                  readinessProbe: { httpGet: { port: 80 } },
                  resources: { requests: { cpu: '1000m', memory: '0.5Gi' } },
                  env: [
                    {
                      name: 'POD',
                      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
                    },
                  ],
                },
                { name: 'sidecar', image: 'busybox' },
              ],
              volumes: [{ name: 'conf', configMap: { name: 'web' } }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
          },
          maxReplicas: 3,
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          ingress: [{ ports: [{ port: 80 }] }],
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  containers: [
                    { name: 'job', image: 'ghcr.io/acme/job:1.0.0' },
                  ],
                },
              },
            },
          },
        },
      },
    ];
    const defaulted: KubernetesObject[] = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', uid: 'u1', resourceVersion: '9' },
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          minReadySeconds: 0,
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
          },
          selector: { matchLabels: { app: 'web' } },
          template: {
            metadata: {
              labels: { app: 'web', 'pod-template-hash': 'abc' },
              creationTimestamp: null,
            },
            spec: {
              dnsPolicy: 'ClusterFirst',
              restartPolicy: 'Always',
              schedulerName: 'default-scheduler',
              securityContext: {},
              terminationGracePeriodSeconds: 30,
              enableServiceLinks: true,
              containers: [
                {
                  name: 'web',
                  image: 'nginx:1.27',
                  imagePullPolicy: 'IfNotPresent',
                  ports: [{ containerPort: 80, protocol: 'TCP' }],
                  readinessProbe: {
                    httpGet: { path: '/', port: 80, scheme: 'HTTP' },
                    initialDelaySeconds: 0,
                    periodSeconds: 10,
                    timeoutSeconds: 1,
                    successThreshold: 1,
                    failureThreshold: 3,
                  },
                  resources: { requests: { cpu: '1', memory: '512Mi' } },
                  env: [
                    {
                      name: 'POD',
                      valueFrom: {
                        fieldRef: {
                          apiVersion: 'v1',
                          fieldPath: 'metadata.name',
                        },
                      },
                    },
                  ],
                  terminationMessagePath: '/dev/termination-log',
                  terminationMessagePolicy: 'File',
                },
                {
                  name: 'sidecar',
                  image: 'busybox',
                  imagePullPolicy: 'Always',
                  resources: {},
                  terminationMessagePath: '/dev/termination-log',
                  terminationMessagePolicy: 'File',
                },
              ],
              volumes: [
                { name: 'conf', configMap: { name: 'web', defaultMode: 420 } },
              ],
            },
          },
        },
        status: { replicas: 1 },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: {
          type: 'ClusterIP',
          clusterIP: '10.0.0.1',
          clusterIPs: ['10.0.0.1'],
          sessionAffinity: 'None',
          selector: { app: 'web' },
          ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }],
        },
      },
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'web' },
        spec: {
          scaleTargetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: 'web',
          },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [
            {
              type: 'Resource',
              resource: {
                name: 'cpu',
                target: { type: 'Utilization', averageUtilization: 80 },
              },
            },
          ],
        },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'web' },
        spec: {
          podSelector: { matchLabels: { app: 'web' } },
          policyTypes: ['Ingress'],
          ingress: [{ ports: [{ port: 80, protocol: 'TCP' }] }],
        },
      },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly' },
        spec: {
          schedule: '0 3 * * *',
          concurrencyPolicy: 'Allow',
          suspend: false,
          successfulJobsHistoryLimit: 3,
          failedJobsHistoryLimit: 1,
          jobTemplate: {
            spec: {
              backoffLimit: 6,
              completions: 1,
              parallelism: 1,
              template: {
                spec: {
                  restartPolicy: 'OnFailure',
                  dnsPolicy: 'ClusterFirst',
                  schedulerName: 'default-scheduler',
                  terminationGracePeriodSeconds: 30,
                  containers: [
                    {
                      name: 'job',
                      image: 'ghcr.io/acme/job:1.0.0',
                      imagePullPolicy: 'IfNotPresent',
                    },
                  ],
                },
              },
            },
          },
        },
      },
    ];

    const report = computeDesiredVsLive(bare, defaulted, { labels: ['*'] });
    expect(
      report.rows
        .filter(r => r.classification !== 'same')
        .map(r => [r.id, r.values]),
    ).toEqual([]);
    expect(
      report.rows.find(
        r => r.id === 'Deployment/web › container web › resources.requests.cpu',
      )?.values,
    ).toEqual({
      desired: { present: true, value: '1000m' },
      live: { present: true, value: '1' },
    });
    expect(
      report.rows.find(r => r.id === 'Deployment/web › revisionHistoryLimit')
        ?.values,
    ).toEqual({
      desired: { present: true, value: '10 (default)' },
      live: { present: true, value: '10' },
    });
  });
});
