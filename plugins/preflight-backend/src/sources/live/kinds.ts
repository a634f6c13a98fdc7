import {
  ApisApi,
  AppsV1Api,
  AutoscalingV2Api,
  BatchV1Api,
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  PolicyV1Api,
  type ConfigurationOptions,
  type KubeConfig,
} from '@kubernetes/client-node';

/** The typed client-node APIs of one cluster. */
export interface ClusterApis {
  apis: ApisApi;
  apps: AppsV1Api;
  autoscaling: AutoscalingV2Api;
  batch: BatchV1Api;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  networking: NetworkingV1Api;
  policy: PolicyV1Api;
}

export function makeClusterApis(kc: KubeConfig): ClusterApis {
  return {
    apis: kc.makeApiClient(ApisApi),
    apps: kc.makeApiClient(AppsV1Api),
    autoscaling: kc.makeApiClient(AutoscalingV2Api),
    batch: kc.makeApiClient(BatchV1Api),
    core: kc.makeApiClient(CoreV1Api),
    custom: kc.makeApiClient(CustomObjectsApi),
    networking: kc.makeApiClient(NetworkingV1Api),
    policy: kc.makeApiClient(PolicyV1Api),
  };
}

/** Query parameters of one list page, or of a watch; client-node encodes them. */
export interface ListPageParams {
  /** Absent: every object (Flux objects are listed so, by namespace). */
  labelSelector?: string;
  limit?: number;
  _continue?: string;
  /** A watch (`watch.ts`): the events after `resourceVersion`, with bookmarks, for a while. */
  watch?: boolean;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

type Lister = (
  apis: ClusterApis,
  namespace: string | undefined,
  params: ListPageParams,
  options: ConfigurationOptions,
) => Promise<unknown>;

/** One kind Preflight lists, with the typed client-node call that lists it. */
export interface LiveKind {
  apiVersion: string;
  kind: string;
  /** API group ('' for the core group) and version. */
  group: string;
  version: string;
  /** Resource name in URLs, e.g. `deployments`. */
  plural: string;
  /** A custom resource: listed only when discovery shows its API group/version. */
  custom: boolean;
  /**
   * Request a `PartialObjectMetadataList` (metadata only): used for Secrets, so that their values
   * are never fetched.
   */
  metadataOnly: boolean;
  list: Lister;
}

/** `Accept` header of a metadata-only list. */
export const PARTIAL_OBJECT_METADATA_LIST =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

/**
 * `Accept` header of a metadata-only watch. A watch carries single objects, so it negotiates the
 * singular kind, as client-go's metadata client does: some API server versions answer the list
 * form on a watch with full objects, which for Secrets would fetch their values.
 */
export const PARTIAL_OBJECT_METADATA =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

function builtin(
  apiVersion: string,
  kind: string,
  plural: string,
  list: Lister,
  metadataOnly = false,
): LiveKind {
  const [group, version] = apiVersion.includes('/')
    ? apiVersion.split('/')
    : ['', apiVersion];
  return {
    apiVersion,
    kind,
    group,
    version,
    plural,
    custom: false,
    metadataOnly,
    list,
  };
}

/** A namespaced custom resource kind, listed with `CustomObjectsApi`. */
export function customKind(
  apiVersion: string,
  kind: string,
  plural: string,
): LiveKind {
  const [group, version] = apiVersion.split('/');
  return {
    apiVersion,
    kind,
    group,
    version,
    plural,
    custom: true,
    metadataOnly: false,
    list: (apis, namespace, params, options) =>
      namespace
        ? apis.custom.listNamespacedCustomObject(
            { group, version, plural, namespace, ...params },
            options,
          )
        : apis.custom.listCustomObjectForAllNamespaces(
            { group, version, plural, ...params },
            options,
          ),
  };
}

/** The built-in kinds, listed in every read (ReplicaSets are not: Deployments describe them). */
export const BUILTIN_KINDS: readonly LiveKind[] = [
  builtin('apps/v1', 'Deployment', 'deployments', (a, ns, p, o) =>
    ns
      ? a.apps.listNamespacedDeployment({ namespace: ns, ...p }, o)
      : a.apps.listDeploymentForAllNamespaces(p, o),
  ),
  builtin('apps/v1', 'StatefulSet', 'statefulsets', (a, ns, p, o) =>
    ns
      ? a.apps.listNamespacedStatefulSet({ namespace: ns, ...p }, o)
      : a.apps.listStatefulSetForAllNamespaces(p, o),
  ),
  builtin('apps/v1', 'DaemonSet', 'daemonsets', (a, ns, p, o) =>
    ns
      ? a.apps.listNamespacedDaemonSet({ namespace: ns, ...p }, o)
      : a.apps.listDaemonSetForAllNamespaces(p, o),
  ),
  builtin('batch/v1', 'Job', 'jobs', (a, ns, p, o) =>
    ns
      ? a.batch.listNamespacedJob({ namespace: ns, ...p }, o)
      : a.batch.listJobForAllNamespaces(p, o),
  ),
  builtin('batch/v1', 'CronJob', 'cronjobs', (a, ns, p, o) =>
    ns
      ? a.batch.listNamespacedCronJob({ namespace: ns, ...p }, o)
      : a.batch.listCronJobForAllNamespaces(p, o),
  ),
  builtin('v1', 'Pod', 'pods', (a, ns, p, o) =>
    ns
      ? a.core.listNamespacedPod({ namespace: ns, ...p }, o)
      : a.core.listPodForAllNamespaces(p, o),
  ),
  builtin('v1', 'Service', 'services', (a, ns, p, o) =>
    ns
      ? a.core.listNamespacedService({ namespace: ns, ...p }, o)
      : a.core.listServiceForAllNamespaces(p, o),
  ),
  builtin('v1', 'ConfigMap', 'configmaps', (a, ns, p, o) =>
    ns
      ? a.core.listNamespacedConfigMap({ namespace: ns, ...p }, o)
      : a.core.listConfigMapForAllNamespaces(p, o),
  ),
  builtin(
    'v1',
    'Secret',
    'secrets',
    (a, ns, p, o) =>
      ns
        ? a.core.listNamespacedSecret({ namespace: ns, ...p }, o)
        : a.core.listSecretForAllNamespaces(p, o),
    true,
  ),
  builtin('v1', 'ServiceAccount', 'serviceaccounts', (a, ns, p, o) =>
    ns
      ? a.core.listNamespacedServiceAccount({ namespace: ns, ...p }, o)
      : a.core.listServiceAccountForAllNamespaces(p, o),
  ),
  builtin(
    'autoscaling/v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    (a, ns, p, o) =>
      ns
        ? a.autoscaling.listNamespacedHorizontalPodAutoscaler(
            { namespace: ns, ...p },
            o,
          )
        : a.autoscaling.listHorizontalPodAutoscalerForAllNamespaces(p, o),
  ),
  builtin(
    'policy/v1',
    'PodDisruptionBudget',
    'poddisruptionbudgets',
    (a, ns, p, o) =>
      ns
        ? a.policy.listNamespacedPodDisruptionBudget({ namespace: ns, ...p }, o)
        : a.policy.listPodDisruptionBudgetForAllNamespaces(p, o),
  ),
  builtin(
    'networking.k8s.io/v1',
    'NetworkPolicy',
    'networkpolicies',
    (a, ns, p, o) =>
      ns
        ? a.networking.listNamespacedNetworkPolicy({ namespace: ns, ...p }, o)
        : a.networking.listNetworkPolicyForAllNamespaces(p, o),
  ),
  builtin('networking.k8s.io/v1', 'Ingress', 'ingresses', (a, ns, p, o) =>
    ns
      ? a.networking.listNamespacedIngress({ namespace: ns, ...p }, o)
      : a.networking.listIngressForAllNamespaces(p, o),
  ),
];

/** Custom resources, listed when their API group/version is served by the cluster. */
export const CUSTOM_KINDS: readonly LiveKind[] = [
  customKind('monitoring.coreos.com/v1', 'PrometheusRule', 'prometheusrules'),
  customKind('monitoring.coreos.com/v1', 'ServiceMonitor', 'servicemonitors'),
  customKind('monitoring.coreos.com/v1', 'PodMonitor', 'podmonitors'),
  customKind('velero.io/v1', 'Backup', 'backups'),
  customKind('velero.io/v1', 'Restore', 'restores'),
  customKind('cert-manager.io/v1', 'Certificate', 'certificates'),
  customKind('argoproj.io/v1alpha1', 'Rollout', 'rollouts'),
];
