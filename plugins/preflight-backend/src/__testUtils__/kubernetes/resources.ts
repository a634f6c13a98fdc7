/**
 * The resources the simulated API server serves. Kept independent of the production kind table on
 * purpose: the simulator describes the Kubernetes API, not Preflight.
 */
export interface SimulatedResource {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const core = (kind: string, plural: string): SimulatedResource => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  namespaced: true,
});
const grouped = (
  group: string,
  version: string,
  kind: string,
  plural: string,
): SimulatedResource => ({ group, version, kind, plural, namespaced: true });

/** Built-in resources, always served. */
export const BUILTIN_RESOURCES: SimulatedResource[] = [
  core('Pod', 'pods'),
  core('Service', 'services'),
  core('ConfigMap', 'configmaps'),
  core('Secret', 'secrets'),
  core('ServiceAccount', 'serviceaccounts'),
  grouped('apps', 'v1', 'Deployment', 'deployments'),
  grouped('apps', 'v1', 'StatefulSet', 'statefulsets'),
  grouped('apps', 'v1', 'DaemonSet', 'daemonsets'),
  grouped('apps', 'v1', 'ReplicaSet', 'replicasets'),
  grouped('batch', 'v1', 'Job', 'jobs'),
  grouped('batch', 'v1', 'CronJob', 'cronjobs'),
  grouped(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
  ),
  grouped('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  grouped('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies'),
  grouped('networking.k8s.io', 'v1', 'Ingress', 'ingresses'),
];

/** Custom resources by API group: served only when the cluster has the group installed. */
export const CUSTOM_RESOURCES: Record<string, SimulatedResource[]> = {
  'monitoring.coreos.com': [
    grouped('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules'),
    grouped('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors'),
    grouped('monitoring.coreos.com', 'v1', 'PodMonitor', 'podmonitors'),
  ],
  'velero.io': [
    grouped('velero.io', 'v1', 'Backup', 'backups'),
    grouped('velero.io', 'v1', 'Restore', 'restores'),
  ],
  'cert-manager.io': [
    grouped('cert-manager.io', 'v1', 'Certificate', 'certificates'),
  ],
  'argoproj.io': [grouped('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts')],
  // The Trivy Operator's reports (its CRDs: deploy/helm/crds/ in aquasecurity/trivy-operator).
  'aquasecurity.github.io': [
    grouped(
      'aquasecurity.github.io',
      'v1alpha1',
      'VulnerabilityReport',
      'vulnerabilityreports',
    ),
    grouped(
      'aquasecurity.github.io',
      'v1alpha1',
      'ExposedSecretReport',
      'exposedsecretreports',
    ),
    grouped('aquasecurity.github.io', 'v1alpha1', 'SbomReport', 'sbomreports'),
  ],
  'kustomize.toolkit.fluxcd.io': [
    grouped(
      'kustomize.toolkit.fluxcd.io',
      'v1',
      'Kustomization',
      'kustomizations',
    ),
  ],
  'helm.toolkit.fluxcd.io': [
    grouped('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases'),
  ],
};

/**
 * Groups served as soon as the cluster stores an object of them (at that object's version, e.g.
 * `helm.toolkit.fluxcd.io/v2beta2`), as well as when installed: Flux's, whose CRDs come with Flux.
 */
export const AUTO_SERVED_GROUPS: ReadonlySet<string> = new Set([
  'kustomize.toolkit.fluxcd.io',
  'helm.toolkit.fluxcd.io',
]);

/**
 * The resource an object of an auto-served group is stored as (its kind at its version), or
 * undefined for any other object.
 */
export function autoServedResource(
  apiVersion: string,
  kind: string,
): SimulatedResource | undefined {
  const [group, version] = apiVersion.split('/');
  if (!version || !AUTO_SERVED_GROUPS.has(group)) return undefined;
  const known = CUSTOM_RESOURCES[group]?.find(r => r.kind === kind);
  return known ? { ...known, version } : undefined;
}

/** A custom resource group name, as accepted by `SimulatedClusterOptions.customResourceGroups`. */
export type CustomResourceGroup = keyof typeof CUSTOM_RESOURCES;

export function apiVersionOf(resource: SimulatedResource): string {
  return resource.group
    ? `${resource.group}/${resource.version}`
    : resource.version;
}
