/**
 * A Kubernetes object as Preflight handles it (live or from manifests), after sanitization:
 * Secret values are never present (see {@link sanitizeObject}).
 *
 * @public
 */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    resourceVersion?: string;
    uid?: string;
    [key: string]: unknown;
  };
  spec?: any;
  status?: any;
  data?: Record<string, string>;
  [key: string]: unknown;
}

/**
 * Where an object came from, for evidence and error messages.
 *
 * @public
 */
export interface ObjectOrigin {
  source: 'live' | 'desired';
  /** Manifest file (desired) or cluster name (live). */
  location: string;
  /** 1-based line of the document in the manifest file (desired only). */
  line?: number;
}
