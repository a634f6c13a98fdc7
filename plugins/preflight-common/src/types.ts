import type { KubernetesObject, ObjectOrigin } from './kubernetes';

/**
 * An environment on the promotion path, as configured under `preflight.environments`.
 *
 * @public
 */
export interface PreflightEnvironment {
  /** Unique name, a DNS-1123 label (e.g. `dev`, `staging`, `production`). */
  name: string;
  /** Human-readable title; defaults to the name. */
  title: string;
  /** Name of a cluster from `kubernetes.clusterLocatorMethods`, if live state is read. */
  cluster?: string;
  /** Default namespace for the environment; entity annotations may override it. */
  namespace?: string;
}

/**
 * The state an environment answers with.
 *
 * @public
 */
export type EnvironmentStatus =
  | 'ok'
  | 'not-configured'
  | 'not-deployed'
  | 'error';

/**
 * Typed reasons for an environment in `error`.
 *
 * @public
 */
export type EnvironmentErrorReason =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'RATE_LIMITED'
  | 'BAD_RESPONSE'
  /** The manifests need a renderer (e.g. kustomize) that is not installed on the backend. */
  | 'RENDERER_MISSING'
  /** The renderer ran and failed (its error names the file and field), or its output was too large. */
  | 'RENDER_FAILED'
  /** The manifests are in a layout Preflight does not render (e.g. a Helm chart). */
  | 'UNSUPPORTED_LAYOUT';

/**
 * Why a kind could not be read in an environment whose state is otherwise `ok`: the cluster
 * denied listing it (`FORBIDDEN`, HTTP 403), or does not serve it (`NOT_SERVED`, HTTP 404 — for a
 * custom resource, its CRD or operator is not installed), or a kind read after the workloads (the
 * Trivy Operator's reports) failed otherwise or did not answer within the read's deadline
 * (`UNAVAILABLE`).
 *
 * @public
 */
export type UnreadKindReason = 'FORBIDDEN' | 'NOT_SERVED' | 'UNAVAILABLE';

/**
 * A kind the live source could not read while the rest of the environment was read.
 *
 * @public
 */
export interface UnreadKind {
  /** e.g. `Secret`, `PrometheusRule` */
  kind: string;
  /** e.g. `v1`, `monitoring.coreos.com/v1` */
  apiVersion: string;
  /** Why it could not be read. */
  reason: UnreadKindReason;
  /** Human-readable, names the cluster and kind; never a token or a body other than a Status message. */
  message: string;
}

/**
 * Where an environment's state came from.
 *
 * @public
 */
export type EnvironmentSource = 'live' | 'desired';

/**
 * The user's token a cluster is read with: the Kubernetes plugin's `authProvider` of the cluster
 * (`google`, `oidc`, `aks`) and, for `oidc`, its `oidcTokenProvider` (e.g. `okta`). The token
 * travels in the request header `Backstage-Kubernetes-Authorization-<authProvider>` (for `oidc`:
 * `Backstage-Kubernetes-Authorization-oidc-<oidcTokenProvider>`), as the Kubernetes plugin's
 * frontend sends it.
 *
 * @public
 */
export interface UserTokenNeed {
  /** The cluster's `authProvider`. */
  authProvider: 'google' | 'oidc' | 'aks';
  /** For `oidc`: the cluster's `oidcTokenProvider`, e.g. `okta`. */
  oidcTokenProvider?: string;
}

/**
 * The state of one source (live or desired) of one environment. `error` carries a typed reason;
 * `objects` is empty unless the status is `ok`.
 *
 * @public
 */
export interface SourceState {
  /**
   * `ok` (read; `objects` holds what belongs to the entity), `not-configured` (no source for this
   * environment), `not-deployed` (the source was read and holds no object of the entity) or `error`.
   */
  status: EnvironmentStatus;
  /** Present when status is `error`. The message never contains secret values. */
  error?: { reason: EnvironmentErrorReason; message: string };
  /** Human-readable reason for `not-configured` / `not-deployed`. */
  message?: string;
  /**
   * Present when the live state is `not-configured` only because the environment's cluster is
   * read with the signed-in user's token (`authProvider` `google`, `oidc` or `aks`) and the
   * request carried none: sending it in the `Backstage-Kubernetes-Authorization-*` header makes
   * the environment readable.
   */
  needsUserToken?: UserTokenNeed;
  /** Sanitized objects that belong to the entity in this environment. */
  objects: KubernetesObject[];
  /** Where each object came from, parallel to `objects`. */
  origins?: ObjectOrigin[];
  /** When the facts were read (ISO 8601). */
  readAt?: string;
  /**
   * Present when at least one kind of the live state was answered from the backend's watch cache
   * (one list and watch per kind and cluster, kept current by the cluster's events) instead of a
   * list of the cluster. The kinds the cache could not answer (not synced yet, denied or not
   * served cluster-wide, not confirmed within `maxStalenessMs`) were listed from the cluster in
   * the same read. Absent from an `error` state.
   */
  watchCache?: {
    /**
     * The kinds answered from the cache are known to be current as of this time (ISO 8601): the
     * oldest last confirmation (an event, a bookmark, a relist or a new watch) among them. The
     * kinds listed from the cluster in the same read are current as of `readAt`, so every kind of
     * the state is at least as current as `observedAt`.
     */
    observedAt: string;
    /**
     * The most `observedAt` may lag behind when the state is made (`preflight.live.watch.maxStalenessMs`):
     * older, the cluster is read instead.
     */
    maxStalenessMs: number;
  };
  /** The cluster and namespace (live) or manifest location (desired). */
  location?: string;
  /**
   * How the desired state was produced from its location: `yaml` (files parsed as they are) or a
   * renderer such as `kustomize` (with its version when known).
   */
  renderer?: { name: string; version?: string; revision?: string };
  /**
   * What the tool that applies this state says of it, when one does: an Argo CD Application (with
   * the desired state it rendered) or a Flux `Kustomization` / `HelmRelease` (with the live state).
   */
  delivery?: DeliveryStatus;
  /** Kinds that could not be read; present (non-empty) only when status is `ok`. */
  unreadKinds?: UnreadKind[];
  /**
   * The state's Pods, summarized. In answers of `GET /entities/{kind}/{namespace}/{name}/environments`
   * this is present whenever the state has at least one Pod, and `objects` (with `origins`) then
   * holds no Pod: a component may run thousands. A Pod in full is read with
   * `GET /entities/{kind}/{namespace}/{name}/environments/{environment}/objects/{source}/Pod/{objectName}`.
   * The readiness checks always see every Pod.
   */
  pods?: PodSummary;
}

/**
 * Whether the cluster matches what the delivery tool targets.
 *
 * @public
 */
export type DeliverySync = 'synced' | 'out-of-sync' | 'unknown';

/**
 * The health of the applied objects as the delivery tool reports it.
 *
 * @public
 */
export type DeliveryHealth =
  | 'healthy'
  | 'progressing'
  | 'degraded'
  | 'suspended'
  | 'missing'
  | 'unknown';

/**
 * One deployment the delivery tool recorded (Argo CD's `status.history`, a HelmRelease's releases).
 *
 * @public
 */
export interface DeliveryRecord {
  /** The tool's id of the deployment (Argo CD's history id), when it has one. */
  id?: string;
  /** The source revision (a commit SHA, a chart version, an OCI digest). */
  revision: string;
  /** When it was deployed (ISO 8601). */
  deployedAt?: string;
}

/**
 * Sync and health of one environment as the GitOps tool that applies it reports them (Argo CD,
 * Flux, or a tool added by a module). Tool-neutral: `tool` and `name` say which.
 *
 * @public
 */
export interface DeliveryStatus {
  /** e.g. `argocd`, `flux` */
  tool: string;
  /** What applies the component, e.g. `Application payments-production`, `Kustomization flux-system/payments`. */
  name: string;
  /** Whether the applied state matches what the tool targets. */
  sync: DeliverySync;
  /** The health of the applied objects; absent when the tool reports none. */
  health?: DeliveryHealth;
  /** The revision the tool targets (the desired revision). */
  targetRevision?: string;
  /** The revision it last applied. */
  appliedRevision?: string;
  /** When it last applied (ISO 8601). */
  appliedAt?: string;
  /** The tool's own words when it is not synced or not healthy (sanitized, at most 500 characters). */
  message?: string;
  /**
   * The deployments the tool recorded, newest first, the current one included (at most 20): those
   * after the one at `appliedRevision` are the revisions to roll back to.
   */
  history?: DeliveryRecord[];
  /** The tool's page for it, when the tool has a UI. */
  url?: string;
}

/**
 * One distinct problem among the Pods of a state, from reason codes: a container waiting for a
 * reason other than starting (e.g. `CrashLoopBackOff`, `ImagePullBackOff`), then
 * `Pending: Unschedulable`, `Failed: Evicted`, `Not Ready: ContainersNotReady`, and
 * `Restarting: OOMKilled` for a Ready Pod with a container restarted at least 5 times. Completed
 * (`Succeeded`) Pods have none.
 *
 * @public
 */
export interface PodProblem {
  /** The problem, from Kubernetes reason codes (never a message). */
  problem: string;
  /** How many Pods have it (each Pod is counted under its first problem only). */
  count: number;
  /** Name of the first Pod with it; its full object is in {@link PodSummary.examples} when listed there. */
  example: string;
}

/**
 * The Pods of one source state, counted instead of listed.
 *
 * @public
 */
export interface PodSummary {
  /** How many Pods. */
  total: number;
  /** Pods per `status.phase` (`Running`, `Pending`, `Succeeded`, `Failed`, `Unknown`). */
  byPhase: Record<string, number>;
  /** Pods whose `Ready` condition is `True`. */
  ready: number;
  /** Pods that are not Ready, not counting those that completed (`Succeeded`). */
  notReady: number;
  /** Sum of the restart counts of every container (init containers included). */
  restarts: number;
  /** Distinct container images (init containers included), sorted; at most 50. */
  images: string[];
  /** Distinct problems, most frequent first; at most 20. Empty when every Pod is healthy. */
  problems: PodProblem[];
  /** One Pod in full per problem, for the first 10 problems (sanitized like every object). */
  examples: KubernetesObject[];
}

/**
 * Both sources of one environment.
 *
 * @public
 */
export interface EnvironmentState {
  /** The environment, as configured. */
  environment: PreflightEnvironment;
  /** What runs in the environment's cluster. */
  live: SourceState;
  /** What the manifests (or the GitOps tool) say should run there. */
  desired: SourceState;
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/environments`.
 *
 * @public
 */
export interface EntityEnvironmentsResponse {
  /** The entity, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** In promotion order. */
  environments: EnvironmentState[];
}
