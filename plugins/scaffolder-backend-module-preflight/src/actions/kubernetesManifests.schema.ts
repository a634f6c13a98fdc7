// The input schema of preflight:kubernetes:manifests: the zod shape the action declares (and
// parseManifestsInput in kubernetesManifests.validation.ts applies), with its defaults.
import { DEFAULT_ENVIRONMENTS as SHARED_DEFAULT_ENVIRONMENTS } from '@preflight/plugin-preflight-common';
import {
  portField,
  workspaceDirField,
  type InputShape,
  type Zod,
} from './input';
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
} from './validation';

/** The environments written when the input names none: the default promotion path. */
/** The environments written by default: the default promotion path of Preflight's backend. */
export const DEFAULT_ENVIRONMENTS = SHARED_DEFAULT_ENVIRONMENTS.map(
  e => e.name,
);

const envName = (z: Zod) =>
  z
    .string()
    .regex(
      ENV_NAME,
      'must be an environment variable name ([A-Za-z_][A-Za-z0-9_]*)',
    );

const quantity = (z: Zod, fallback: string, what: string) =>
  z
    .string()
    .regex(
      QUANTITY,
      'must be a Kubernetes quantity such as 100m, 0.5, 128Mi or 1Gi',
    )
    .default(fallback)
    .describe(`${what} (a Kubernetes quantity). Defaults to ${fallback}`);

const labelMap = (z: Zod) =>
  z.record(
    z
      .string()
      .regex(LABEL_KEY, 'must be a Kubernetes label key ([prefix/]name)'),
    z
      .string()
      .regex(LABEL_VALUE, 'must be a Kubernetes label value')
      .max(63, 'must be a Kubernetes label value (at most 63 characters)'),
  );

/**
 * The input of `preflight:kubernetes:manifests`, as declared to the scaffolder. Internal: left
 * out of declaration files, where its inferred zod types cannot be named.
 *
 * @internal
 */
export const inputShape = {
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
  port: portField(
    8080,
    'Port the container listens on (also set as the PORT environment variable). Defaults to 8080',
  ),
  servicePort: portField(80, 'Port of the Service. Defaults to 80'),
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
  outputDir: workspaceDirField(
    'deploy',
    'Directory, relative to the workspace, that receives <env>/ subdirectories. Defaults to deploy',
  ),
} satisfies InputShape;
