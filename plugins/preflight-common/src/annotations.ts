/**
 * Catalog annotations read by Preflight. Where Backstage already has an annotation for the same
 * fact, that one is used (see {@link KUBERNETES_ANNOTATIONS}).
 *
 * @public
 */
export const PREFLIGHT_ANNOTATIONS = {
  /** Location of the per-environment GitOps manifests, with an `{env}` placeholder. */
  manifests: 'preflight.dev/manifests',
  /** Link to the runbook (also accepted as a `metadata.links` entry of type `runbook`). */
  runbook: 'preflight.dev/runbook',
  /** Comma-separated list of required environment variable names, or a repo file path. */
  requiredEnv: 'preflight.dev/required-env',
  /** How database migrations are run (e.g. `job`, `helm-hook`, `none`). */
  migrations: 'preflight.dev/migrations',
  /** Prefix of the per-environment namespace override: `preflight.dev/namespace.<env>`. */
  namespacePrefix: 'preflight.dev/namespace.',
} as const;

/**
 * The Kubernetes plugin's annotations, which Preflight reuses.
 *
 * @public
 */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  labelSelector: 'backstage.io/kubernetes-label-selector',
  namespace: 'backstage.io/kubernetes-namespace',
} as const;
