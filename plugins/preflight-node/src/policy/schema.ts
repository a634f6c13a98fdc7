/*
 * Validation against the official Kubernetes OpenAPI schemas, through `kubernetes-models`
 * (precompiled validators from `@kubernetes-models/validate`). Each model is imported from its
 * own subpath so that bundlers only keep what is imported.
 *
 * Like the upstream schemas, these validators accept unknown fields: a misspelled optional field
 * (`readinesProbe`) is not an error here — `kubectl apply --validate=strict` would catch it, and
 * the policy rules will report what the misspelling leaves missing.
 */
import { DaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ReplicaSet } from 'kubernetes-models/apps/v1/ReplicaSet';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { HorizontalPodAutoscaler as HorizontalPodAutoscalerV1 } from 'kubernetes-models/autoscaling/v1/HorizontalPodAutoscaler';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { CronJob } from 'kubernetes-models/batch/v1/CronJob';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { MASKED_VALUE } from '@preflight/plugin-preflight-common';
import { isRecord } from './workloads';

interface ModelClass {
  apiVersion: string;
  kind: string;
  // any: each model's constructor takes its own typed data; the table holds them all.
  new (data?: any): { validate(): void };
}

const MODELS: readonly ModelClass[] = [
  Deployment,
  StatefulSet,
  DaemonSet,
  ReplicaSet,
  Job,
  CronJob,
  Pod,
  Service,
  ServiceAccount,
  ConfigMap,
  Secret,
  Namespace,
  PersistentVolumeClaim,
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerV1,
  PodDisruptionBudget,
  NetworkPolicy,
  Ingress,
];

const BY_TYPE = new Map(MODELS.map(m => [`${m.apiVersion}/${m.kind}`, m]));

/**
 * The `apiVersion`/`kind` pairs {@link validateManifestSchema} has a schema for.
 *
 * @public
 */
export const MANIFEST_SCHEMA_TYPES: readonly {
  apiVersion: string;
  kind: string;
}[] = MODELS.map(m => ({ apiVersion: m.apiVersion, kind: m.kind }));

/**
 * One schema error.
 *
 * @public
 */
export interface ManifestSchemaError {
  /** JSON-path-like location, e.g. `spec.replicas`, `spec.selector` (for a missing field). */
  path: string;
  /** e.g. `spec.replicas must be integer`, `spec.selector is required`. */
  message: string;
}

/**
 * The result of {@link validateManifestSchema}: `valid`, `invalid` (with the errors), or
 * `no-schema` for an apiVersion/kind it has no schema for (neither a pass nor a failure —
 * custom resources, or kinds outside {@link MANIFEST_SCHEMA_TYPES}).
 *
 * @public
 */
export type ManifestSchemaResult =
  | { status: 'valid'; apiVersion: string; kind: string }
  | {
      status: 'invalid';
      apiVersion: string;
      kind: string;
      errors: ManifestSchemaError[];
    }
  | { status: 'no-schema'; apiVersion: string; kind: string; message: string };

/** Structural view of an ajv error, as `@kubernetes-models/validate` throws them. */
interface SchemaErrorObject {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `/spec/template/spec/containers/0/name` → `spec.template.spec.containers[0].name` */
export function pointerToPath(pointer: string, child?: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let path = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) path += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(segment)}]`;
  }
  return path;
}

function toSchemaErrors(
  raw: readonly SchemaErrorObject[],
): ManifestSchemaError[] {
  const byPath = new Map<string, SchemaErrorObject[]>();
  const result: ManifestSchemaError[] = [];
  for (const error of raw) {
    if (error.keyword === 'required') {
      const path = pointerToPath(
        error.instancePath ?? '',
        String(error.params?.missingProperty),
      );
      result.push({ path, message: `${path} is required` });
      continue;
    }
    const path = pointerToPath(error.instancePath ?? '');
    byPath.set(path, [...(byPath.get(path) ?? []), error]);
  }
  for (const [path, errors] of byPath) {
    const where = path || '(root)';
    const alternatives = errors.filter(
      e => e.keyword === 'oneOf' || e.keyword === 'anyOf',
    );
    const types = errors
      .filter(e => e.keyword === 'type')
      .map(e => String(e.params?.type));
    if (alternatives.length > 0 && types.length > 0) {
      // e.g. an IntOrString given a boolean: one error, not three.
      result.push({ path, message: `${where} must be ${types.join(' or ')}` });
      continue;
    }
    for (const e of errors) {
      const allowed = e.params?.allowedValues;
      result.push({
        path,
        message:
          e.keyword === 'enum' && Array.isArray(allowed)
            ? `${where} must be one of: ${allowed.join(', ')}`
            : `${where} ${e.message ?? 'is invalid'}`,
      });
    }
  }
  return result;
}

/**
 * A sanitized Secret has `MASKED_VALUE` in place of its values, which is not base64: validate
 * the shape with empty values instead.
 */
function unmaskSecret(object: Record<string, any>): Record<string, any> {
  if (object.kind !== 'Secret' || !isRecord(object.data)) return object;
  return {
    ...object,
    data: Object.fromEntries(
      Object.entries(object.data).map(([k, v]) => [
        k,
        v === MASKED_VALUE ? '' : v,
      ]),
    ),
  };
}

/**
 * Validates a manifest against the official Kubernetes schema of its `apiVersion` and `kind`
 * (see {@link MANIFEST_SCHEMA_TYPES}). Never throws. Unknown fields are accepted (as by the
 * upstream schemas); Secret values masked by `sanitizeObject` are accepted.
 *
 * @public
 */
export function validateManifestSchema(object: unknown): ManifestSchemaResult {
  const apiVersion =
    isRecord(object) && typeof object.apiVersion === 'string'
      ? object.apiVersion
      : '';
  const kind =
    isRecord(object) && typeof object.kind === 'string' ? object.kind : '';
  if (!isRecord(object) || !apiVersion || !kind) {
    const errors: ManifestSchemaError[] = [];
    if (!apiVersion) {
      errors.push({ path: 'apiVersion', message: 'apiVersion is required' });
    }
    if (!kind) errors.push({ path: 'kind', message: 'kind is required' });
    return { status: 'invalid', apiVersion, kind, errors };
  }
  const Model = BY_TYPE.get(`${apiVersion}/${kind}`);
  if (!Model) {
    return {
      status: 'no-schema',
      apiVersion,
      kind,
      message: `no schema for ${apiVersion}/${kind}`,
    };
  }
  try {
    new Model(unmaskSecret(object)).validate();
    return { status: 'valid', apiVersion, kind };
  } catch (error) {
    const raw: unknown = isRecord(error) ? error.errors : undefined;
    const errors = Array.isArray(raw)
      ? toSchemaErrors(raw.filter(isRecord))
      : [
          {
            path: '',
            message: `schema validation failed: ${
              error instanceof Error ? error.message : String(error)
            }`,
          },
        ];
    return { status: 'invalid', apiVersion, kind, errors };
  }
}
