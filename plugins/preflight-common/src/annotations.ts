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

/**
 * The community Argo CD plugins' annotations, which Preflight's Argo CD source reads.
 *
 * @public
 */
export const ARGOCD_ANNOTATIONS = {
  /** One Application, by name. */
  appName: 'argocd/app-name',
  /** The Applications whose labels match a label selector, e.g. `app.kubernetes.io/name=payments`. */
  appSelector: 'argocd/app-selector',
  /** Which instance of `argocd.appLocatorMethods`; the first configured one by default. */
  instanceName: 'argocd/instance-name',
} as const;

/**
 * The annotations that make an entity one Preflight evaluates: any of them on a Component.
 *
 * @public
 */
export const PREFLIGHT_ENTITY_ANNOTATIONS: readonly string[] = [
  PREFLIGHT_ANNOTATIONS.manifests,
  KUBERNETES_ANNOTATIONS.id,
  KUBERNETES_ANNOTATIONS.labelSelector,
  ARGOCD_ANNOTATIONS.appName,
  ARGOCD_ANNOTATIONS.appSelector,
];

/**
 * Whether Preflight evaluates an entity: a Component with one of
 * {@link PREFLIGHT_ENTITY_ANNOTATIONS}. The frontend shows its tabs for these entities, and the
 * backend's catalog-wide evaluation reads exactly these.
 *
 * @public
 */
export function isPreflightEntity(entity: {
  kind: string;
  metadata: { annotations?: Record<string, string> };
}): boolean {
  if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return false;
  const annotations = entity.metadata.annotations ?? {};
  return PREFLIGHT_ENTITY_ANNOTATIONS.some(a =>
    Boolean(annotations[a]?.trim()),
  );
}
