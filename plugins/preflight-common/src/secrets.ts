import type { KubernetesObject } from './kubernetes';
import {
  isSensitiveEnvName,
  isSensitiveValue,
  MASKED_VALUE,
  maskSensitiveText,
} from './secretText';

export {
  isSensitiveEnvName,
  isSensitiveValue,
  MASKED_VALUE,
  maskSensitiveText,
} from './secretText';

/**
 * Whether an environment variable's literal value must not be shown. Numbers count: a port is
 * harmless, a numeric PIN under `ADMIN_PIN_PASSWORD` is not.
 *
 * @public
 */
export function isSensitiveEnv(name: string, value: string | number): boolean {
  const text = String(value);
  return text !== '' && (isSensitiveEnvName(name) || isSensitiveValue(text));
}

type Json = any;

const isRecord = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isScalar = (v: unknown): v is string | number =>
  typeof v === 'string' || typeof v === 'number';

/** `{ name, value }` pairs (env vars, HTTP headers, template parameters). */
function maskNamedValues(entries: Json): Json {
  if (!Array.isArray(entries)) return entries;
  return entries.map(e =>
    isRecord(e) && isScalar(e.value) && isSensitiveEnv(String(e.name), e.value)
      ? { ...e, value: MASKED_VALUE }
      : e,
  );
}

/**
 * Command lines: credentials inside an argument (`--db-password=…`, `redis://:pw@host`,
 * `Bearer …`), and the argument after a sensitive flag (`--token`, `-p`… as in `--token abc`).
 */
function maskArgs(args: Json): Json {
  if (!Array.isArray(args)) return args;
  return args.map((arg, i) => {
    if (!isScalar(arg)) return arg;
    const previous = args[i - 1];
    if (
      typeof previous === 'string' &&
      /^--?[A-Za-z]/.test(previous) &&
      !previous.includes('=') &&
      isSensitiveEnvName(previous)
    ) {
      return MASKED_VALUE;
    }
    return typeof arg === 'string' ? maskSensitiveText(arg) : arg;
  });
}

/** A probe or lifecycle handler: `exec.command`, `httpGet.httpHeaders`. */
function maskHandler(handler: Json): Json {
  if (!isRecord(handler)) return handler;
  const out = { ...handler };
  if (isRecord(out.exec))
    out.exec = { ...out.exec, command: maskArgs(out.exec.command) };
  if (isRecord(out.httpGet))
    out.httpGet = {
      ...out.httpGet,
      httpHeaders: maskNamedValues(out.httpGet.httpHeaders),
    };
  return out;
}

function maskContainer(container: Json): Json {
  if (!isRecord(container)) return container;
  const out = { ...container };
  out.env = maskNamedValues(out.env);
  if (out.env === undefined) delete out.env;
  for (const key of ['command', 'args']) {
    if (key in out) out[key] = maskArgs(out[key]);
  }
  for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
    if (probe in out) out[probe] = maskHandler(out[probe]);
  }
  if (isRecord(out.lifecycle)) {
    out.lifecycle = Object.fromEntries(
      Object.entries(out.lifecycle).map(([k, h]) => [k, maskHandler(h)]),
    );
  }
  return out;
}

function maskPodSpec(podSpec: Json): Json {
  if (!isRecord(podSpec)) return podSpec;
  const out = { ...podSpec };
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(out[key])) out[key] = out[key].map(maskContainer);
  }
  return out;
}

/** Where the pod spec lives in each workload kind. */
function withMaskedPodSpec(object: KubernetesObject): KubernetesObject {
  const spec = object.spec;
  if (!isRecord(spec)) return object;
  if (object.kind === 'Pod') return { ...object, spec: maskPodSpec(spec) };
  if (object.kind === 'CronJob') {
    const template = spec.jobTemplate?.spec?.template;
    if (!isRecord(template)) return object;
    return {
      ...object,
      spec: {
        ...spec,
        jobTemplate: {
          ...spec.jobTemplate,
          spec: {
            ...spec.jobTemplate.spec,
            template: { ...template, spec: maskPodSpec(template.spec) },
          },
        },
      },
    };
  }
  if (!isRecord(spec.template)) return object;
  return {
    ...object,
    spec: {
      ...spec,
      template: { ...spec.template, spec: maskPodSpec(spec.template.spec) },
    },
  };
}

/**
 * Free-form configuration (Helm values, Argo CD `valuesObject`): every scalar under a sensitive
 * key is masked, every other string has its credentials masked.
 */
function maskValuesTree(value: Json, depth = 0): Json {
  if (depth > 32) return MASKED_VALUE;
  if (typeof value === 'string') return maskSensitiveText(value);
  if (Array.isArray(value)) return value.map(v => maskValuesTree(v, depth + 1));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      isScalar(v) && isSensitiveEnv(k, v)
        ? MASKED_VALUE
        : maskValuesTree(v, depth + 1),
    ]),
  );
}

/** Argo CD `spec.source(s)[].helm`: values as text, as an object, and parameters. */
function maskArgoSource(source: Json): Json {
  if (!isRecord(source) || !isRecord(source.helm)) return source;
  const helm = { ...source.helm };
  if (typeof helm.values === 'string')
    helm.values = maskSensitiveText(helm.values);
  if ('valuesObject' in helm)
    helm.valuesObject = maskValuesTree(helm.valuesObject);
  helm.parameters = maskNamedValues(helm.parameters);
  if (helm.parameters === undefined) delete helm.parameters;
  return { ...source, helm };
}

/** What each kind that embeds configuration carries, masked. */
function maskKindSpecifics(object: KubernetesObject): KubernetesObject {
  const spec = object.spec;
  switch (object.kind) {
    case 'Secret': {
      const keys = [
        ...Object.keys(isRecord(object.data) ? object.data : {}),
        ...Object.keys(isRecord(object.stringData) ? object.stringData : {}),
      ];
      const { stringData: _s, data: _d, ...rest } = object;
      return {
        ...rest,
        data: Object.fromEntries(keys.map(k => [k, MASKED_VALUE])),
      };
    }
    case 'ConfigMap':
      return maskConfigMap(object);
    case 'Template': // OpenShift: parameters may carry defaults such as passwords
      return {
        ...object,
        ...(object.parameters
          ? { parameters: maskNamedValues(object.parameters) }
          : {}),
      };
    case 'HelmRelease':
      return isRecord(spec) && 'values' in spec
        ? { ...object, spec: { ...spec, values: maskValuesTree(spec.values) } }
        : object;
    case 'Application':
    case 'ApplicationSet':
      if (!isRecord(spec)) return object;
      return {
        ...object,
        spec: {
          ...spec,
          ...(spec.source ? { source: maskArgoSource(spec.source) } : {}),
          ...(Array.isArray(spec.sources)
            ? { sources: spec.sources.map(maskArgoSource) }
            : {}),
        },
      };
    default:
      return withMaskedPodSpec(object);
  }
}

/**
 * ConfigMaps feed environment variables and mount files: a value whose key or content looks like
 * a credential is masked with the env-var rule; a file-style value (`application.properties`, a
 * multi-line value) keeps its text with every credential in it masked (`token=••••••`);
 * `binaryData` values are always masked.
 */
function maskConfigMap(object: KubernetesObject): KubernetesObject {
  const out: KubernetesObject = { ...object };
  if (isRecord(object.data)) {
    out.data = Object.fromEntries(
      Object.entries(object.data).map(([key, value]) => {
        if (!isScalar(value)) return [key, value];
        const text = String(value);
        if (key.includes('.') || text.includes('\n'))
          return [
            key,
            isSensitiveEnvName(key) ? MASKED_VALUE : maskSensitiveText(text),
          ];
        return [key, isSensitiveEnv(key, value) ? MASKED_VALUE : value];
      }),
    );
  }
  if (isRecord(object.binaryData)) {
    out.binaryData = Object.fromEntries(
      Object.keys(object.binaryData).map(k => [k, MASKED_VALUE]),
    );
  }
  return out;
}

/**
 * `kubectl apply` stores the whole applied manifest in this annotation — env literals and Secret
 * values included — so it is dropped from every object. Other annotations keep their value with
 * credentials masked (a sensitive key masks the whole value).
 */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

function withSafeAnnotations(object: KubernetesObject): KubernetesObject {
  const annotations = object.metadata?.annotations;
  if (!isRecord(annotations)) return object;
  const kept = Object.entries(annotations)
    .filter(([k]) => k !== LAST_APPLIED)
    .map(([k, v]) => {
      if (typeof v !== 'string') return [k, v];
      const name = k.slice(k.lastIndexOf('/') + 1);
      return [
        k,
        v !== '' && isSensitiveEnvName(name)
          ? MASKED_VALUE
          : maskSensitiveText(v),
      ];
    });
  return {
    ...object,
    metadata: { ...object.metadata, annotations: Object.fromEntries(kept) },
  };
}

const MAX_DEPTH = 64;

const isKubernetesObject = (v: unknown): v is KubernetesObject =>
  isRecord(v) &&
  typeof v.kind === 'string' &&
  typeof v.apiVersion === 'string' &&
  (v.metadata === undefined || isRecord(v.metadata));

/**
 * Nested objects anywhere (a `List`'s items, a `Template`'s objects, …) are sanitized too.
 * Copy-on-write: an array or record in which nothing changed is returned as it is (the output
 * shares it with the input, which is never modified), so that sanitizing a large listing does not
 * copy every level of every object.
 */
function sanitizeNested(value: Json, depth: number): Json {
  if (depth > MAX_DEPTH) return MASKED_VALUE;
  if (Array.isArray(value)) {
    let copy: Json[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = sanitizeNested(value[i], depth + 1);
      if (copy) copy.push(v);
      else if (v !== value[i]) copy = [...value.slice(0, i), v];
    }
    return copy ?? value;
  }
  if (!isRecord(value)) return value;
  if (isKubernetesObject(value)) return sanitizeAt(value, depth + 1);
  if (Object.getPrototypeOf(value) !== Object.prototype) {
    // Not a plain record (as the JSON and YAML parsers make): copied, as before.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, sanitizeNested(v, depth + 1)]),
    );
  }
  const entries = Object.entries(value);
  // Entries, not assignments, once something changed: a `__proto__` key stays a plain key.
  let copy: Array<[string, Json]> | undefined;
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    const sanitized = sanitizeNested(v, depth + 1);
    if (copy) copy.push([k, sanitized]);
    else if (sanitized !== v) copy = [...entries.slice(0, i), [k, sanitized]];
  }
  return copy ? Object.fromEntries(copy) : value;
}

function sanitizeAt(object: KubernetesObject, depth: number): KubernetesObject {
  const own = maskKindSpecifics(withSafeAnnotations(object));
  // Then every nested object, whatever field holds it.
  return Object.fromEntries(
    Object.entries(own).map(([k, v]) => [
      k,
      k === 'metadata' ? v : sanitizeNested(v, depth),
    ]),
  ) as KubernetesObject;
}

/**
 * Makes an object safe to keep, return and log — one sanitizer, applied once by every source
 * before anything else sees the object, recursively:
 *
 * - a Secret keeps its metadata and its key names only (`data` values become `MASKED_VALUE`,
 *   `stringData` is folded into `data` the same way), wherever it is nested (`List` items,
 *   OpenShift `Template.objects`, …);
 * - the `kubectl.kubernetes.io/last-applied-configuration` annotation, which embeds the applied
 *   manifest (values included), is dropped from every object; other annotation values have their
 *   credentials masked;
 * - in every container: literal env values whose name or value looks sensitive (numbers too),
 *   credentials inside `command` and `args` (`--db-password=…`, the value after `--token`, URLs
 *   with a password, bearer tokens), probe and lifecycle `exec` commands and `httpHeaders`;
 * - ConfigMap values with the env-var rule, file-style values (`application.properties`) with each
 *   credential in them masked; `binaryData` always;
 * - Helm values (`HelmRelease.spec.values`, Argo CD `helm.values`/`valuesObject`/`parameters`)
 *   and OpenShift Template parameters.
 *
 * Pure: the input is not modified. The output is a new object that shares with the input the
 * nested values it did not have to change (copy-on-write).
 *
 * @public
 */
export function sanitizeObject(object: KubernetesObject): KubernetesObject {
  return sanitizeAt(object, 0);
}
