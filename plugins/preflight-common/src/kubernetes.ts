/**
 * A Kubernetes object as Preflight handles it (live or from manifests), after sanitization:
 * Secret values are never present (see {@link sanitizeObject}).
 *
 * @public
 */
export interface KubernetesObject {
  /** e.g. `v1`, `apps/v1`. */
  apiVersion: string;
  /** e.g. `Deployment`, `Service`. */
  kind: string;
  /** The object's metadata; `namespace` is absent for cluster-scoped objects and manifests that omit it. */
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  /** The object's `spec`, untyped, as the cluster or the manifest holds it. */
  spec?: any;
  /** The object's `status`, untyped (live objects; manifests usually have none). */
  status?: any;
  /** A ConfigMap's or Secret's `data` (a Secret's values are always masked). */
  data?: Record<string, string>;
  /** Any other top-level field, e.g. a Role's `rules`. */
  [key: string]: unknown;
}

/**
 * Where an object came from, for evidence and error messages.
 *
 * @public
 */
export interface ObjectOrigin {
  /** `live` (read from a cluster) or `desired` (from manifests or a delivery tool). */
  source: 'live' | 'desired';
  /** Manifest file (desired) or cluster name (live). */
  location: string;
  /** 1-based line of the document in the manifest file (desired only). */
  line?: number;
}

/*
 * The grammar of Kubernetes names (k8s.io/apimachinery/pkg/util/validation), in one place for the
 * backend, the scaffolder and the checks. A value that matches one of these holds no character
 * that could break out of a YAML scalar, a label selector or a URL path segment.
 */

/**
 * An RFC 1123 label (at most 63 characters): namespaces, most object names, environment names.
 *
 * @public
 */
export const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * An RFC 1035 label: Service names, which must also start with a letter.
 *
 * @public
 */
export const DNS_1035_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * An RFC 1123 subdomain (at most 253 characters): Secret, ConfigMap and most other object names.
 *
 * @public
 */
export const DNS_1123_SUBDOMAIN =
  /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * The name part of a qualified name (a label key without its prefix, an annotation name): at
 * most 63 characters, alphanumeric at both ends, `-`, `_` and `.` inside.
 *
 * @public
 */
export const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * A label value (may be empty): at most 63 characters, alphanumeric at both ends.
 *
 * @public
 */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * A qualified name, the key of a label or an annotation: `[prefix/]name`, the prefix a DNS-1123
 * subdomain.
 *
 * @public
 */
export const LABEL_KEY =
  /^((?=.{1,253}\/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * Whether a value is a DNS-1123 label (a namespace, an environment name).
 *
 * @public
 */
export function isDns1123Label(value: string): boolean {
  return DNS_1123_LABEL.test(value);
}

/**
 * Whether a value is a DNS-1123 subdomain (most object names).
 *
 * @public
 */
export function isDns1123Subdomain(value: string): boolean {
  return DNS_1123_SUBDOMAIN.test(value);
}

/**
 * The controller of an object, from its `metadata.ownerReferences` (the owner with
 * `controller: true`, e.g. the ReplicaSet of a Pod, the Deployment of a ReplicaSet, the CronJob of
 * a Job); `undefined` when nothing controls it or the reference names no kind and name.
 *
 * @public
 */
export function controllerOf(
  object: KubernetesObject,
): { kind: string; name: string } | undefined {
  const owners = object.metadata?.ownerReferences;
  if (!Array.isArray(owners)) return undefined;
  const owner = owners.find(
    (o): o is Record<string, unknown> =>
      typeof o === 'object' && o !== null && o.controller === true,
  );
  return owner &&
    typeof owner.kind === 'string' &&
    owner.kind &&
    typeof owner.name === 'string' &&
    owner.name
    ? { kind: owner.kind, name: owner.name }
    : undefined;
}

/**
 * Whether another object controls this one (an owner reference with `controller: true`), e.g. a
 * Pod of a ReplicaSet: checks and comparisons read the controller, not what it creates.
 *
 * @public
 */
export function isControlled(object: KubernetesObject): boolean {
  const owners = object.metadata?.ownerReferences;
  return (
    Array.isArray(owners) &&
    owners.some(
      o => typeof o === 'object' && o !== null && o.controller === true,
    )
  );
}
