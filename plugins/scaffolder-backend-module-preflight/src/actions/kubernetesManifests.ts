import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  KUBERNETES_ANNOTATIONS,
  isSensitiveEnv,
} from '@preflight/plugin-preflight-common';
import { examples } from './kubernetesManifests.examples';
import { parseActionInput, type InputShape } from './input';
import {
  COMMIT_SHA_TAG,
  CONFIG_KEY,
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  DNS_1123_SUBDOMAIN,
  ENV_NAME,
  HTTP_PATH,
  IMAGE_REPOSITORY,
  LABEL_KEY,
  LABEL_VALUE,
  QUANTITY,
  parseImageReference,
  parseQuantity,
  sensitiveLiteralMessage,
} from './validation';
import {
  resolveWorkspacePath,
  writeWorkspaceFiles,
  type PlannedFile,
} from './workspace';
import { toYamlFile } from './yamlFile';

/** The user and group every generated workload runs as. */
export const RUN_AS_USER = 10001;

/** The environments written when the input names none: the default promotion path. */
export const DEFAULT_ENVIRONMENTS = ['dev', 'staging', 'production'];

const DEFAULT_REPLICAS: Record<string, { min: number; max: number }> = {
  dev: { min: 1, max: 2 },
  staging: { min: 2, max: 4 },
  production: { min: 3, max: 10 },
};
const FALLBACK_REPLICAS = { min: 1, max: 3 };

const envName = (z: any) =>
  z
    .string()
    .regex(
      ENV_NAME,
      'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
    );

const quantity = (z: any, fallback: string, what: string) =>
  z
    .string()
    .regex(
      QUANTITY,
      'must be a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi',
    )
    .default(fallback)
    .describe(`${what} (a Kubernetes quantity). Defaults to ${fallback}`);

const labelMap = (z: any) =>
  z.record(
    z
      .string()
      .regex(LABEL_KEY, 'must be a Kubernetes label key ([prefix/]name)'),
    z
      .string()
      .regex(LABEL_VALUE, 'must be a Kubernetes label value')
      .max(63, 'must be a Kubernetes label value (at most 63 characters)'),
  );

const inputShape = {
  name: z =>
    z
      .string()
      .regex(
        DNS_1035_LABEL,
        'must be a DNS-1035 label: lowercase letters, digits and "-", starting with a letter, at most 63 characters (it names the Service)',
      )
      .describe(
        'Name of the component: names every object and is the value of backstage.io/kubernetes-id and app.kubernetes.io/name',
      ),
  namespace: z =>
    z
      .string()
      .regex(
        DNS_1123_LABEL,
        'must be a DNS-1123 label: lowercase letters, digits and "-", at most 63 characters',
      )
      .describe('Kubernetes namespace of the objects, in every environment'),
  partOf: z =>
    z
      .string()
      .regex(LABEL_VALUE, 'must be a Kubernetes label value')
      .max(63, 'must be at most 63 characters')
      .optional()
      .describe(
        'Value of app.kubernetes.io/part-of, usually the system. Defaults to the name',
      ),
  version: z =>
    z
      .string()
      .regex(LABEL_VALUE, 'must be a Kubernetes label value')
      .max(63, 'must be at most 63 characters')
      .optional()
      .describe(
        'Value of app.kubernetes.io/version. Defaults to the image tag (or the first 12 digits of its digest)',
      ),
  image: z =>
    z
      .string()
      .optional()
      .describe(
        'Full image reference pinned by digest: repo@sha256:<64 hex> or repo:tag@sha256:<64 hex>. A tag without digest is refused unless allowUnpinnedImage is true; `latest` is always refused. Give either image, or imageRepository and initialTag',
      ),
  imageRepository: z =>
    z
      .string()
      .regex(
        IMAGE_REPOSITORY,
        'must be an image repository without tag or digest, e.g. ghcr.io/acme/checkout-api',
      )
      .optional()
      .describe(
        'Image repository (no tag, no digest), for services whose image CI has not built yet; used with initialTag. The generated pipeline replaces the reference with <repository>:<commit sha>@<digest> on every deploy',
      ),
  initialTag: z =>
    z
      .string()
      .regex(
        COMMIT_SHA_TAG,
        'must be a commit SHA (7 to 40 lowercase hex digits): an immutable tag, never latest or a branch name',
      )
      .optional()
      .describe(
        'Tag written with imageRepository until the pipeline pins the first built image: a commit SHA (7–40 hex digits), the only tag scheme the generated pipeline produces',
      ),
  allowUnpinnedImage: z =>
    z
      .boolean()
      .default(false)
      .describe(
        'Accept an image with a tag but no digest (never `latest`, never without a tag). Defaults to false',
      ),
  port: z =>
    z
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(8080)
      .describe(
        'Port the container listens on (also set as the PORT environment variable). Defaults to 8080',
      ),
  servicePort: z =>
    z
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 65535')
      .max(65535, 'must be between 1 and 65535')
      .default(80)
      .describe('Port of the Service. Defaults to 80'),
  environments: z =>
    z
      .array(
        z
          .string()
          .regex(
            DNS_1123_LABEL,
            'must be a DNS-1123 label (it names a directory and an environment)',
          ),
      )
      .min(1, 'must name at least one environment')
      .max(20, 'must name at most 20 environments')
      .refine(list => new Set(list).size === list.length, {
        message: 'must not repeat an environment',
      })
      .default(DEFAULT_ENVIRONMENTS)
      .describe(
        'Environments to write manifests for, in promotion order; each gets deploy/<env>/. Defaults to dev, staging, production',
      ),
  replicas: z =>
    z
      .record(
        z.string(),
        z
          .object({
            min: z
              .number()
              .int('must be an integer')
              .min(1, 'must be at least 1')
              .max(100, 'must be at most 100')
              .describe('Minimum replicas (HPA minReplicas)'),
            max: z
              .number()
              .int('must be an integer')
              .min(1, 'must be at least 1')
              .max(100, 'must be at most 100')
              .describe('Maximum replicas (HPA maxReplicas)'),
          })
          .refine(r => r.min <= r.max, {
            message: 'min must not exceed max',
            path: ['min'],
          }),
      )
      .default({})
      .describe(
        'Replica bounds per environment, e.g. { production: { min: 3, max: 10 } }; 1 ≤ min ≤ max ≤ 100. Defaults: dev 1–2, staging 2–4, production 3–10, others 1–3',
      ),
  resources: z =>
    z
      .object({
        requests: z
          .object({
            cpu: quantity(z, '100m', 'CPU request'),
            memory: quantity(z, '128Mi', 'Memory request'),
          })
          .default({})
          .describe('Resource requests'),
        limits: z
          .object({
            cpu: quantity(z, '500m', 'CPU limit'),
            memory: quantity(z, '256Mi', 'Memory limit'),
          })
          .default({})
          .describe('Resource limits; each at least the request'),
      })
      .default({})
      .describe(
        'Container resources, the same in every environment. Defaults: requests 100m/128Mi, limits 500m/256Mi',
      ),
  env: z =>
    z
      .object({
        common: z
          .record(envName(z), z.string())
          .default({})
          .describe('Variables with the same value in every environment'),
        perEnvironment: z
          .record(z.string(), z.record(envName(z), z.string()))
          .default({})
          .describe(
            'Per-environment values, by environment name; they override common ones',
          ),
      })
      .default({})
      .describe(
        'Literal environment variables. Values that look like credentials (by name or value) are refused: use secretEnv',
      ),
  secretEnv: z =>
    z
      .array(
        z.object({
          name: envName(z).describe('Environment variable name'),
          secretName: z
            .string()
            .regex(DNS_1123_SUBDOMAIN, 'must be a Kubernetes object name')
            .describe('Name of the Kubernetes Secret'),
          key: z
            .string()
            .regex(CONFIG_KEY, 'must be a Secret key ([-._a-zA-Z0-9]+)')
            .describe('Key in the Secret'),
        }),
      )
      .default([])
      .describe(
        'Environment variables read from Kubernetes Secrets (secretKeyRef): the only way to pass credentials. Only names are given, never values',
      ),
  configMap: z =>
    z
      .record(envName(z), z.string())
      .optional()
      .describe(
        'Non-sensitive configuration written as a ConfigMap <name>-config (same in every environment) and loaded with envFrom; keys are environment variable names',
      ),
  ingressFrom: z =>
    z
      .object({
        namespaceLabels: labelMap(z)
          .optional()
          .describe(
            'Also allow ingress from pods in namespaces with these labels, e.g. { kubernetes.io/metadata.name: ingress-nginx }',
          ),
        podLabels: labelMap(z)
          .optional()
          .describe(
            'Restrict that extra ingress to pods with these labels (within namespaceLabels, or within the namespace when namespaceLabels is absent)',
          ),
      })
      .default({})
      .describe(
        'Who may connect besides pods of the same namespace. The NetworkPolicy restricts ingress only; egress stays allowed',
      ),
  probes: z =>
    z
      .object({
        readinessPath: z
          .string()
          .regex(HTTP_PATH, 'must be an HTTP path starting with /')
          .default('/readyz')
          .describe('Readiness probe path. Defaults to /readyz'),
        livenessPath: z
          .string()
          .regex(HTTP_PATH, 'must be an HTTP path starting with /')
          .default('/livez')
          .describe('Liveness probe path. Defaults to /livez'),
      })
      .default({})
      .describe(
        'HTTP probe paths on the container port; readiness and liveness must differ',
      ),
  targetCpuUtilization: z =>
    z
      .number()
      .int('must be an integer')
      .min(1, 'must be between 1 and 100')
      .max(100, 'must be between 1 and 100')
      .default(70)
      .describe(
        'HPA target average CPU utilization in percent. Defaults to 70',
      ),
  monitoring: z =>
    z
      .object({
        prometheusOperator: z
          .boolean()
          .default(true)
          .describe(
            'Write a PrometheusRule (monitoring.coreos.com/v1) with availability alerts from kube-state-metrics: no available replica, replicas unavailable, container restarting. Defaults to true',
          ),
        metricsPath: z
          .string()
          .regex(HTTP_PATH, 'must be an HTTP path starting with /')
          .optional()
          .describe(
            'Path of the Prometheus metrics the service exposes on its port, e.g. /metrics. When given, also writes a ServiceMonitor scraping it and an alert when the scrape target is down. Omit while the service exposes no metrics',
          ),
        labels: labelMap(z)
          .default({})
          .describe(
            'Extra labels of the PrometheusRule and ServiceMonitor, for the ruleSelector / serviceMonitorSelector of the Prometheus, e.g. { release: kube-prometheus-stack }',
          ),
      })
      .default({})
      .describe(
        'Monitoring and alerting with the Prometheus Operator, the same in every environment',
      ),
  outputDir: z =>
    z
      .string()
      .min(1)
      .default('deploy')
      .describe(
        'Directory, relative to the workspace, that receives <env>/ subdirectories. Defaults to deploy',
      ),
} satisfies InputShape;

/** The parsed input of `preflight:kubernetes:manifests`. */
export type KubernetesManifestsInput = ReturnType<typeof parseManifestsInput>;

/**
 * Parses and validates the input: schema, then the rules that span fields. Throws an
 * `InputError` naming the field; never echoes an environment-variable value.
 */
export function parseManifestsInput(raw: unknown) {
  const input = parseActionInput(inputShape, raw);
  const environments = new Set(input.environments);

  // The image.
  let image: string;
  let version = input.version;
  if (input.image !== undefined && input.imageRepository !== undefined) {
    throw new InputError(
      'image: give either image or imageRepository (with initialTag), not both',
    );
  }
  if (input.image !== undefined) {
    const reference = parseImageReference(input.image);
    if (!reference) {
      throw new InputError(
        'image: must be an image reference such as ghcr.io/acme/api:1f2e3d4@sha256:<64 hex>',
      );
    }
    if (reference.tag === 'latest') {
      throw new InputError(
        'image: the tag latest is mutable and is always refused; use a commit SHA tag and a digest',
      );
    }
    if (!reference.digest) {
      if (!input.allowUnpinnedImage) {
        throw new InputError(
          'image: must be pinned by digest (repo:tag@sha256:<64 hex> or repo@sha256:<64 hex>); or give imageRepository with a commit-SHA initialTag that the pipeline pins; or set allowUnpinnedImage: true',
        );
      }
      if (!reference.tag) {
        throw new InputError(
          'image: has neither tag nor digest, which means latest; give an immutable tag',
        );
      }
    }
    image = input.image;
    version ??= reference.tag ?? reference.digest!.slice(7, 19);
  } else if (input.imageRepository !== undefined) {
    if (!input.initialTag) {
      throw new InputError(
        'initialTag: is required with imageRepository (a commit SHA, 7 to 40 hex digits)',
      );
    }
    image = `${input.imageRepository}:${input.initialTag}`;
    version ??= input.initialTag;
  } else {
    throw new InputError(
      'image: is required (pinned by digest), unless imageRepository and initialTag are given',
    );
  }

  // Replica bounds and per-environment values only for known environments.
  for (const env of Object.keys(input.replicas)) {
    if (!environments.has(env)) {
      throw new InputError(
        `replicas.${env}: is not one of the environments (${input.environments.join(
          ', ',
        )})`,
      );
    }
  }
  for (const env of Object.keys(input.env.perEnvironment)) {
    if (!environments.has(env)) {
      throw new InputError(
        `env.perEnvironment.${env}: is not one of the environments (${input.environments.join(
          ', ',
        )})`,
      );
    }
  }

  // No credential as a literal, anywhere.
  const secretHint = (name: string) =>
    `reference a Kubernetes Secret instead: secretEnv: [{ name: ${name}, secretName: <secret>, key: <key> }]`;
  for (const [name, value] of Object.entries(input.env.common)) {
    if (isSensitiveEnv(name, value)) {
      throw new InputError(
        sensitiveLiteralMessage(`env.common.${name}`, secretHint(name)),
      );
    }
  }
  for (const [env, values] of Object.entries(input.env.perEnvironment)) {
    for (const [name, value] of Object.entries(values)) {
      if (isSensitiveEnv(name, value)) {
        throw new InputError(
          sensitiveLiteralMessage(
            `env.perEnvironment.${env}.${name}`,
            secretHint(name),
          ),
        );
      }
    }
  }
  for (const [name, value] of Object.entries(input.configMap ?? {})) {
    if (isSensitiveEnv(name, value)) {
      throw new InputError(
        sensitiveLiteralMessage(`configMap.${name}`, secretHint(name)),
      );
    }
  }

  // Environments may differ in values, never in which variables exist (that would be drift).
  for (const env of input.environments) {
    const own = input.env.perEnvironment[env] ?? {};
    for (const [other, values] of Object.entries(input.env.perEnvironment)) {
      for (const name of Object.keys(values)) {
        if (!(name in input.env.common) && !(name in own)) {
          throw new InputError(
            `env.perEnvironment.${env}: lacks ${name}, which ${other} sets; environments may differ only in values — give it a value here too, or a default in env.common`,
          );
        }
      }
    }
  }

  // One source per variable name.
  const literalNames = new Set([
    'PORT',
    ...Object.keys(input.env.common),
    ...Object.values(input.env.perEnvironment).flatMap(v => Object.keys(v)),
  ]);
  const secretNames = new Set<string>();
  for (const [index, entry] of input.secretEnv.entries()) {
    if (literalNames.has(entry.name) || secretNames.has(entry.name)) {
      throw new InputError(
        `secretEnv.${index}.name: ${entry.name} is already set by another entry or by env`,
      );
    }
    secretNames.add(entry.name);
  }
  for (const name of Object.keys(input.configMap ?? {})) {
    if (literalNames.has(name) || secretNames.has(name)) {
      throw new InputError(
        `configMap.${name}: is already set by env or secretEnv; give each variable one source`,
      );
    }
  }

  // Requests within limits.
  for (const resource of ['cpu', 'memory'] as const) {
    const request = parseQuantity(input.resources.requests[resource]);
    const limit = parseQuantity(input.resources.limits[resource]);
    if (!(request > 0)) {
      throw new InputError(
        `resources.requests.${resource}: must be greater than zero`,
      );
    }
    if (limit < request) {
      throw new InputError(
        `resources.limits.${resource}: must be at least the request (${input.resources.requests[resource]})`,
      );
    }
  }

  if (input.probes.readinessPath === input.probes.livenessPath) {
    throw new InputError(
      'probes.livenessPath: must differ from readinessPath — a liveness probe that fails with readiness restarts pods that are only busy',
    );
  }

  return { ...input, image, version: version.slice(0, 63) };
}

type Manifest = { apiVersion: string; kind: string; [key: string]: unknown };

/** Builds the objects of one environment, in apply order. */
export function buildEnvironmentManifests(
  input: KubernetesManifestsInput,
  environment: string,
): { file: string; object: Manifest }[] {
  const {
    name,
    namespace,
    port,
    servicePort,
    image,
    version,
    resources,
    probes,
  } = input;
  const selector = { 'app.kubernetes.io/name': name };
  const labels = {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/version': version,
    'app.kubernetes.io/part-of': input.partOf ?? name,
    [KUBERNETES_ANNOTATIONS.id]: name,
  };
  const metadata = (objectName = name) => ({
    name: objectName,
    namespace,
    labels,
  });
  const replicas =
    input.replicas[environment] ??
    DEFAULT_REPLICAS[environment] ??
    FALLBACK_REPLICAS;
  const configMapName = `${name}-config`;

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

  const container = {
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

  const deployment: Manifest = {
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
          serviceAccountName: name,
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: RUN_AS_USER,
            runAsGroup: RUN_AS_USER,
            fsGroup: RUN_AS_USER,
            seccompProfile: { type: 'RuntimeDefault' },
          },
          terminationGracePeriodSeconds: 30,
          containers: [container],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
        },
      },
    },
  };

  const service: Manifest = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata(),
    spec: {
      type: 'ClusterIP',
      selector,
      ports: [
        {
          name: 'http',
          port: servicePort,
          targetPort: 'http',
          protocol: 'TCP',
        },
      ],
    },
  };

  const serviceAccount: Manifest = {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: metadata(),
    automountServiceAccountToken: false,
  };

  const hpa: Manifest = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: metadata(),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
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

  const pdb: Manifest = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: metadata(),
    spec: {
      // maxUnavailable (not minAvailable) keeps node drains possible with a single replica.
      maxUnavailable: 1,
      selector: { matchLabels: selector },
    },
  };

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
  const networkPolicy: Manifest = {
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
          ports: [{ protocol: 'TCP', port }],
        },
      ],
    },
  };

  const objects: { file: string; object: Manifest }[] = [
    { file: 'serviceaccount.yaml', object: serviceAccount },
  ];
  if (input.configMap) {
    objects.push({
      file: 'configmap.yaml',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: metadata(configMapName),
        data: { ...input.configMap },
      },
    });
  }
  objects.push(
    { file: 'deployment.yaml', object: deployment },
    { file: 'service.yaml', object: service },
    { file: 'hpa.yaml', object: hpa },
    { file: 'pdb.yaml', object: pdb },
    { file: 'networkpolicy.yaml', object: networkPolicy },
  );
  if (input.monitoring.prometheusOperator) {
    objects.push(...buildMonitoringManifests(input, metadata()));
  }
  return objects;
}

/**
 * The Prometheus Operator objects of one environment: a PrometheusRule with availability alerts
 * that need only kube-state-metrics (every cluster with the Prometheus Operator stack has it), and
 * with `metricsPath` a ServiceMonitor scraping the service and an alert when it cannot be scraped.
 * The same in every environment: Prometheus's external labels tell the environments apart.
 */
function buildMonitoringManifests(
  input: KubernetesManifestsInput,
  base: { name: string; namespace: string; labels: Record<string, string> },
): { file: string; object: Manifest }[] {
  const { name, namespace } = input;
  const metadata = {
    ...base,
    labels: { ...base.labels, ...input.monitoring.labels },
  };
  const alertName = name
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const deployment = `namespace="${namespace}", deployment="${name}"`;
  const runbook = `See the runbook of ${name} (docs/runbook.md).`;
  const alert = (
    suffix: string,
    expr: string,
    forDuration: string,
    severity: 'critical' | 'warning',
    summary: string,
  ) => ({
    alert: `${alertName}${suffix}`,
    expr,
    for: forDuration,
    labels: { severity, 'app.kubernetes.io/name': name },
    annotations: { summary, description: runbook },
  });
  const rules = [
    alert(
      'Unavailable',
      `kube_deployment_status_replicas_available{${deployment}} < 1`,
      '2m',
      'critical',
      `${name} has no available replica`,
    ),
    alert(
      'ReplicasUnavailable',
      `kube_deployment_status_replicas_unavailable{${deployment}} > 0`,
      '15m',
      'warning',
      `${name} has had unavailable replicas for 15 minutes`,
    ),
    alert(
      'Restarting',
      `increase(kube_pod_container_status_restarts_total{namespace="${namespace}", container="${name}"}[15m]) > 3`,
      '0m',
      'warning',
      `A container of ${name} restarted more than 3 times in 15 minutes`,
    ),
  ];
  const objects: { file: string; object: Manifest }[] = [];
  if (input.monitoring.metricsPath) {
    rules.push(
      alert(
        'MetricsDown',
        `up{namespace="${namespace}", service="${name}"} == 0`,
        '5m',
        'warning',
        `Prometheus cannot scrape ${name}`,
      ),
    );
    objects.push({
      file: 'servicemonitor.yaml',
      object: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata,
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [
            {
              port: 'http',
              path: input.monitoring.metricsPath,
              interval: '30s',
            },
          ],
        },
      },
    });
  }
  objects.unshift({
    file: 'prometheusrule.yaml',
    object: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata,
      spec: { groups: [{ name, rules }] },
    },
  });
  return objects;
}

/**
 * `preflight:kubernetes:manifests`: writes the per-environment Kubernetes manifests of a
 * service (`<outputDir>/<env>/*.yaml`) that pass the Preflight policy rules.
 *
 * @public
 */
export function createKubernetesManifestsAction() {
  return createTemplateAction({
    id: 'preflight:kubernetes:manifests',
    description:
      'Writes per-environment Kubernetes manifests (Deployment, Service, ServiceAccount, HPA, PDB, NetworkPolicy, optional ConfigMap, Prometheus Operator PrometheusRule and optional ServiceMonitor) with a restricted security context, distinct probes, resources and a pinned image; environments differ only in env values and replica bounds',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        files: z =>
          z
            .array(z.string())
            .describe(
              'The manifest files, relative to the workspace, in apply order per environment',
            ),
        environments: z =>
          z
            .array(z.string())
            .describe('The environments manifests were written for, in order'),
      },
    },
    async handler(ctx) {
      const input = parseManifestsInput(ctx.input);
      const outputDir = resolveWorkspacePath(
        ctx.workspacePath,
        input.outputDir,
        'outputDir',
      );

      const planned: PlannedFile[] = [];
      for (const environment of input.environments) {
        for (const { file, object } of buildEnvironmentManifests(
          input,
          environment,
        )) {
          planned.push({
            path: resolveWorkspacePath(
              outputDir,
              `${environment}/${file}`,
              'outputDir',
            ),
            field: 'outputDir',
            content: toYamlFile(
              object,
              `Generated by preflight:kubernetes:manifests for the ${environment} environment. Environments differ only in env values and replica bounds.`,
            ),
          });
        }
      }

      // In a dry run the workspace is a throw-away copy whose files the result shows: write too.
      const result = await writeWorkspaceFiles(ctx.workspacePath, planned);
      ctx.logger.info(
        `Kubernetes manifests for ${input.environments.join(', ')}: ${
          result.files.length
        } files, ${result.changed.length} changed`,
      );
      ctx.output('files', result.files);
      ctx.output('environments', input.environments);
    },
  });
}
