// The Kubernetes objects of one environment written by preflight:kubernetes:manifests, one typed
// builder per object (ServiceAccount, ConfigMap, Deployment, Service, HPA, PDB, NetworkPolicy),
// and buildEnvironmentManifests, which puts them (and the monitoring objects) in apply order.
import {
  KUBERNETES_ANNOTATIONS,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { buildMonitoringManifests } from './kubernetesManifests.monitoring';
import type { KubernetesManifestsInput } from './kubernetesManifests.validation';

/** The user and group every generated workload runs as. */
export const RUN_AS_USER = 10001;

const DEFAULT_REPLICAS: Record<string, { min: number; max: number }> = {
  dev: { min: 1, max: 2 },
  staging: { min: 2, max: 4 },
  production: { min: 3, max: 10 },
};
const FALLBACK_REPLICAS = { min: 1, max: 3 };

/** One generated object and its file name in `<outputDir>/<env>/`. */
export type ManifestFile = { file: string; object: KubernetesObject };

/** The metadata of a generated object. */
type ObjectMetadata = {
  name: string;
  namespace: string;
  labels: Record<string, string>;
};

/** What the objects of one environment share: the input, the labels and the pod selector. */
type EnvironmentObjects = {
  input: KubernetesManifestsInput;
  environment: string;
  selector: Record<string, string>;
  labels: Record<string, string>;
  /** The metadata of an object, named after the component unless another name is given. */
  metadata: (objectName?: string) => ObjectMetadata;
  configMapName: string;
};

/** Builds the objects of one environment, in apply order. */
export function buildEnvironmentManifests(
  input: KubernetesManifestsInput,
  environment: string,
): ManifestFile[] {
  const { name, namespace, version } = input;
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/part-of': input.partOf ?? name,
    [KUBERNETES_ANNOTATIONS.id]: name,
  };
  const shared: EnvironmentObjects = {
    input,
    environment,
    selector: { 'app.kubernetes.io/name': name },
    labels,
    metadata: (objectName = name) => ({
      name: objectName,
      namespace,
      labels,
    }),
    configMapName: `${name}-config`,
  };

  const objects: ManifestFile[] = [
    { file: 'serviceaccount.yaml', object: buildServiceAccount(shared) },
  ];
  if (input.configMap) {
    objects.push({
      file: 'configmap.yaml',
      object: buildConfigMap(shared, input.configMap),
    });
  }
  objects.push(
    { file: 'deployment.yaml', object: buildDeployment(shared) },
    { file: 'service.yaml', object: buildService(shared) },
    { file: 'hpa.yaml', object: buildHorizontalPodAutoscaler(shared) },
    { file: 'pdb.yaml', object: buildPodDisruptionBudget(shared) },
    { file: 'networkpolicy.yaml', object: buildNetworkPolicy(shared) },
  );
  if (input.monitoring.prometheusOperator) {
    objects.push(...buildMonitoringManifests(input, shared.metadata()));
  }
  return objects;
}

function buildServiceAccount({
  metadata,
}: EnvironmentObjects): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(),
    automountServiceAccountToken: false,
  };
}

function buildConfigMap(
  { metadata, configMapName }: EnvironmentObjects,
  data: Record<string, string>,
): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: metadata(configMapName),
    data: { ...data },
  };
}

/** The container of the Deployment: image, env, probes, resources and a restricted context. */
function buildContainer({
  input,
  environment,
  configMapName,
}: EnvironmentObjects) {
  const { name, port, image, resources, probes } = input;
  const literals: Record<string, string> = {
    PORT: String(port),
    ...input.env.common,
    ...(input.env.perEnvironment[environment] ?? {}),
  };
  const env = [
    ...Object.entries(literals).map(([variable, value]) => ({
      name: variable,
      value,
    })),
    ...input.secretEnv.map(entry => ({
      name: entry.name,
      valueFrom: {
        secretKeyRef: { name: entry.secretName, key: entry.key },
      },
    })),
  ].sort((a, b) => (a.name < b.name ? -1 : 1)); // names are unique

  return {
    name,
    image,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }],
    env,
    ...(input.configMap
      ? { envFrom: [{ configMapRef: { name: configMapName } }] }
      : {}),
    readinessProbe: {
      httpGet: { path: probes.readinessPath, port: 'http' },
      periodSeconds: 5,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    livenessProbe: {
      httpGet: { path: probes.livenessPath, port: 'http' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 2,
      failureThreshold: 3,
    },
    resources: {
      requests: { ...resources.requests },
      limits: { ...resources.limits },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      runAsGroup: RUN_AS_USER,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function buildDeployment(shared: EnvironmentObjects): KubernetesObject {
  const { input, metadata, selector, labels } = shared;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(),
    spec: {
      // No `replicas`: the HorizontalPodAutoscaler owns the count, and applying the manifest
      // again must not reset it.
      revisionHistoryLimit: 10,
      selector: { matchLabels: selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: input.name,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            fsGroup: RUN_AS_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          containers: [buildContainer(shared)],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };
}

function buildService({
  input,
  metadata,
  selector,
}: EnvironmentObjects): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [
        {
          name: 'http',
          port: input.servicePort,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
    },
  };
}

function buildHorizontalPodAutoscaler({
  input,
  environment,
  metadata,
}: EnvironmentObjects): KubernetesObject {
  const replicas =
    input.replicas[environment] ??
    DEFAULT_REPLICAS[environment] ??
    FALLBACK_REPLICAS;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(),
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: input.name,
      },
      minReplicas: replicas.min,
      maxReplicas: replicas.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: {
              type: 'Utilization',
              averageUtilization: input.targetCpuUtilization,
            },
          },
        },
      ],
    },
  };
}

function buildPodDisruptionBudget({
  metadata,
  selector,
}: EnvironmentObjects): KubernetesObject {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(),
    spec: {
      // maxUnavailable (not minAvailable) keeps node drains possible with a single replica.
      maxUnavailable: 1,
      selector: { matchLabels: selector },
    },
  };
}

function buildNetworkPolicy({
  input,
  metadata,
  selector,
}: EnvironmentObjects): KubernetesObject {
  const extraPeer =
    input.ingressFrom.namespaceLabels || input.ingressFrom.podLabels
      ? {
          ...(input.ingressFrom.namespaceLabels
            ? {
                namespaceSelector: {
                  matchLabels: input.ingressFrom.namespaceLabels,
                },
              }
            : {}),
          ...(input.ingressFrom.podLabels
            ? { podSelector: { matchLabels: input.ingressFrom.podLabels } }
            : {}),
        }
      : undefined;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: metadata(),
    spec: {
      podSelector: { matchLabels: selector },
      // Ingress only: egress is left open (databases, APIs and DNS differ per environment and are
      // better restricted by a namespace-wide policy of the platform).
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ podSelector: {} }, ...(extraPeer ? [extraPeer] : [])],
          ports: [{ protocol: 'TCP', port: input.port }],
        },
      ],
    },
  };
}
