import type { KubernetesObject } from './kubernetes';

/**
 * The value shown instead of a sensitive literal. Never the value itself, its length or a hash.
 *
 * @public
 */
export const MASKED_VALUE = '••••••';

// Names that hold credentials in practice (12-factor env vars, Spring/Node conventions).
const SENSITIVE_NAME =
  /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API[-_]?KEY|ACCESS[-_]?KEY|PRIVATE[-_]?KEY|CREDENTIAL|(^|[-_])AUTH([-_]|$)|SESSION[-_]?KEY|SIGNING[-_]?KEY|ENCRYPTION[-_]?KEY|CLIENT[-_]?SECRET|DSN|CONNECTION[-_]?STRING)/i;

// Values that are credentials whatever the variable is called.
const SENSITIVE_VALUE = [
  /^sk_(live|test)_[A-Za-z0-9_]{8,}/, // Stripe
  /^(ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{20,}/, // GitHub
  /^xox[abpr]-[A-Za-z0-9-]{10,}/, // Slack
  /^AKIA[0-9A-Z]{16}$/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./, // JWT
  /:\/\/[^/\s:@]+:[^/\s@]+@/, // credentials in a URL
];

/**
 * Whether an environment variable's name looks like it holds a credential.
 *
 * @public
 */
export function isSensitiveEnvName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/**
 * Whether a literal value looks like a credential, whatever its name.
 *
 * @public
 */
export function isSensitiveValue(value: string): boolean {
  return SENSITIVE_VALUE.some(re => re.test(value));
}

/**
 * Whether an environment variable's literal value must not be shown.
 *
 * @public
 */
export function isSensitiveEnv(name: string, value: string): boolean {
  return value !== '' && (isSensitiveEnvName(name) || isSensitiveValue(value));
}

function maskContainerEnv(container: any) {
  if (!container || !Array.isArray(container.env)) return container;
  return {
    ...container,
    env: container.env.map((e: any) =>
      e &&
      typeof e.value === 'string' &&
      isSensitiveEnv(String(e.name), e.value)
        ? { ...e, value: MASKED_VALUE }
        : e,
    ),
  };
}

function maskPodSpec(podSpec: any) {
  if (!podSpec || typeof podSpec !== 'object') return podSpec;
  const out = { ...podSpec };
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(out[key])) out[key] = out[key].map(maskContainerEnv);
  }
  return out;
}

/** Where the pod spec lives in each workload kind. */
function withMaskedPodSpec(object: KubernetesObject): KubernetesObject {
  const spec = object.spec;
  if (!spec) return object;
  switch (object.kind) {
    case 'Pod':
      return { ...object, spec: maskPodSpec(spec) };
    case 'CronJob':
      if (!spec.jobTemplate?.spec?.template) return object;
      return {
        ...object,
        spec: {
          ...spec,
          jobTemplate: {
            ...spec.jobTemplate,
            spec: {
              ...spec.jobTemplate.spec,
              template: {
                ...spec.jobTemplate.spec.template,
                spec: maskPodSpec(spec.jobTemplate.spec.template.spec),
              },
            },
          },
        },
      };
    default:
      if (!spec.template?.spec) return object;
      return {
        ...object,
        spec: {
          ...spec,
          template: { ...spec.template, spec: maskPodSpec(spec.template.spec) },
        },
      };
  }
}

/**
 * Makes an object safe to keep, return and log:
 * - a Secret keeps its metadata and its key names only (`data` values become `MASKED_VALUE`,
 *   `stringData` is folded into `data` the same way);
 * - the `kubectl.kubernetes.io/last-applied-configuration` annotation, which embeds the applied
 *   manifest (values included), is dropped from every object;
 * - a literal env value whose name or value looks sensitive is replaced with `MASKED_VALUE`, and so
 *   is a ConfigMap value (ConfigMaps feed env vars; `binaryData` is always masked).
 *
 * Every source (live and desired) applies this before anything else sees the object.
 *
 * @public
 */
export function sanitizeObject(object: KubernetesObject): KubernetesObject {
  const stripped = withoutLastApplied(object);
  if (stripped.kind === 'Secret') {
    const keys = [
      ...Object.keys((stripped.data as object) ?? {}),
      ...Object.keys((stripped.stringData as object) ?? {}),
    ];
    const { stringData: _stringData, data: _data, ...rest } = stripped;
    return {
      ...rest,
      data: Object.fromEntries(keys.map(k => [k, MASKED_VALUE])),
    };
  }
  if (stripped.kind === 'ConfigMap') {
    return maskConfigMap(stripped);
  }
  return withMaskedPodSpec(stripped);
}

/**
 * ConfigMaps feed environment variables: a value whose key or content looks like a credential is
 * masked with the env-var rule; `binaryData` values are always masked.
 */
function maskConfigMap(object: KubernetesObject): KubernetesObject {
  const out: KubernetesObject = { ...object };
  if (object.data && typeof object.data === 'object') {
    out.data = Object.fromEntries(
      Object.entries(object.data).map(([key, value]) => [
        key,
        typeof value === 'string' && isSensitiveEnv(key, value)
          ? MASKED_VALUE
          : value,
      ]),
    );
  }
  const binary = object.binaryData as Record<string, unknown> | undefined;
  if (binary && typeof binary === 'object') {
    out.binaryData = Object.fromEntries(
      Object.keys(binary).map(k => [k, MASKED_VALUE]),
    );
  }
  return out;
}

/**
 * `kubectl apply` stores the whole applied manifest in this annotation — env literals and Secret
 * values included — so it is dropped from every object.
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function withoutLastApplied(object: KubernetesObject): KubernetesObject {
  const annotations = object.metadata?.annotations;
  if (!annotations || !(LAST_APPLIED in annotations)) return object;
  const { [LAST_APPLIED]: _dropped, ...kept } = annotations;
  return { ...object, metadata: { ...object.metadata, annotations: kept } };
}
