/**
 * The live state source: an entity's objects as they are in a cluster.
 *
 * Design choices:
 *
 * - **Clusters** come from `kubernetes.clusterLocatorMethods` (see {@link ClusterDirectory}), and
 *   every request goes through `@kubernetes/client-node`'s typed APIs (`AppsV1Api`,
 *   `CoreV1Api`, `CustomObjectsApi`, …): client-node builds the URL, encodes the namespace and
 *   query parameters, applies the token and TLS settings and sends the request. The source never
 *   concatenates annotation values into paths. It plugs a transport into client-node (its
 *   `HttpLibrary` seam) that adds the `AbortSignal`, counts requests and keeps the raw body: items
 *   are returned exactly as the API server sent them, not as client-node's generated model
 *   classes (which rename fields such as `exec` → `_exec` and turn timestamps into `Date`s).
 * - **Selection** follows the Kubernetes plugin: `backstage.io/kubernetes-label-selector`, else
 *   `backstage.io/kubernetes-id=<id>`; namespace from `preflight.dev/namespace.<env>`, the
 *   environment's namespace, or `backstage.io/kubernetes-namespace`, else all namespaces. Both are
 *   validated (label selector grammar, DNS-1123 label) before any request; a malformed value is
 *   an `InputError` naming the annotation.
 * - **Connections** are kept alive and reused per cluster (client-node alone gives every request a
 *   new agent, hence a new TCP connection and TLS handshake; see `agents.ts`).
 * - **Requests**: one LIST per kind with the label selector, paged with `limit`/`continue`; a
 *   410 (expired continue token) restarts that kind's listing once. Custom resources (Prometheus
 *   Operator, Velero, cert-manager, Argo Rollouts) are listed only when the cluster serves their
 *   group/version, known from one `/apis` discovery request per cluster, cached for the source's
 *   lifetime (a failed discovery is not cached); one the cluster does not announce holds no
 *   objects and is not listed. So a read costs kinds × pages requests (+ 1 the first time for a
 *   cluster), never one per pod.
 * - **Secrets** are listed metadata-only (`PartialObjectMetadataList`): their values are never
 *   fetched. The price: Secret key names are not available from live state (only from desired
 *   state). ConfigMaps are listed in full (their keys matter); values that look like credentials
 *   are masked like env literals. Every object goes through `sanitizeObject`.
 * - **Bounds**: all kinds of an environment in parallel, at most `preflight.live.concurrency`
 *   requests in flight per cluster (shared by all reads of that cluster); a deadline per
 *   environment (`preflight.live.timeoutMs`) enforced with an `AbortSignal` and a race, so a
 *   cluster that never answers yields `TIMEOUT` on time; up to `preflight.live.retries` retries on
 *   429/503 with full-jitter exponential backoff, honouring `Retry-After`, never waiting past the
 *   deadline.
 * - **One kind denied or not served** does not fail the environment: a 403 on a kind's list (the
 *   role does not grant `list` on it, typically Secrets) makes it an unread kind `FORBIDDEN`, a
 *   404 (a built-in kind of an API version the cluster does not serve, or a custom resource the
 *   discovery announced but whose list is not found) an unread kind `NOT_SERVED`; the other kinds
 *   are read and the state is `ok` with `unreadKinds` (see `unread.ts`). Checks that need an unread
 *   kind are `unknown`, naming it. When no kind at all could be read, the environment is `error`
 *   (`FORBIDDEN` if a kind was denied, else `NOT_FOUND`).
 * - **Other failures** are fail-fast and typed: the first one aborts the other kinds and the
 *   environment is `error` (an environment read in part for any other reason is never reported
 *   `ok`): 401 `UNAUTHORIZED`, a failed discovery (its own typed reason, 403 included), deadline
 *   `TIMEOUT`, refused/DNS/TLS/502/503/504 `UNREACHABLE`, 429 after retries `RATE_LIMITED`,
 *   anything else (invalid JSON, not a list, 5xx, 410 twice) `BAD_RESPONSE`. Messages (of errors
 *   and unread kinds alike) name the cluster and the kind and quote only the `message` of a
 *   Kubernetes `Status` body; never tokens or other bodies.
 * - **Flux**: when the component's workloads carry Flux's labels
 *   (`kustomize.toolkit.fluxcd.io/name` + `/namespace`, `helm.toolkit.fluxcd.io/name` +
 *   `/namespace`) and the cluster serves the Flux group (per the discovery already made), a read
 *   `GET`s the Kustomization or HelmRelease they name, after the lists and within the same
 *   deadline, and the state carries its `delivery` status (see `flux.ts`). A 403 on it is an unread
 *   kind; a 404 for the object a delivery status `unknown` saying it was not found; any other
 *   failure a delivery status `unknown` saying why: Flux never fails the environment. No label, or
 *   no Flux group served: no delivery status and no request.
 * - A caller's `signal` aborting makes `read` reject with the signal's reason.
 * - **Snapshots** (catalog-wide evaluation): `snapshot` lists every kind once per environment with
 *   the selector `backstage.io/kubernetes-id` (existence) — same requests, bounds and error typing,
 *   deadline `preflight.live.snapshotTimeoutMs`, unread kinds included — and `readFromSnapshot` answers for an entity
 *   what `read` would, matching its selector locally, falling back to `read` when the snapshot
 *   cannot answer (see `snapshot.ts`).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { HttpLibrary } from '@kubernetes/client-node';
import type {
  DeliveryStatus,
  KubernetesObject,
  ObjectOrigin,
  PreflightEnvironment,
  SourceState,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import pLimit from 'p-limit';
import type { StateSource } from '../types';
import { KeepAliveHttpLibrary } from './agents';
import { ClusterDirectory, type KubernetesCluster } from './clusters';
import {
  copyDelivery,
  fluxDelivery,
  FluxIndex,
  fluxListingKey,
  fluxLiveKind,
  fluxOutcome,
  fluxOwnerName,
  fluxOwnersOf,
  isObjectNotFound,
  type FluxLookup,
  type FluxNamespaceListing,
  type FluxOutcome,
  type FluxOwner,
} from './flux';
import {
  BUILTIN_KINDS,
  CUSTOM_KINDS,
  makeClusterApis,
  PARTIAL_OBJECT_METADATA_LIST,
  type ClusterApis,
  type LiveKind,
} from './kinds';
import { isRecord, toLiveObject } from './objects';
import {
  isDns1123Label,
  resolveLiveTarget,
  type LiveTarget,
} from './selectors';
import { readLiveSettings, type LiveSettings } from './settings';
import {
  ALL_NAMESPACES,
  readScopes,
  ReportOwners,
  toReportObject,
  TrivyIndex,
  TRIVY_LIVE_KINDS,
  TRIVY_REPORT_SELECTOR,
  unreadReports,
  type ReportListing,
  type ReportScope,
  type TrivyOutcome,
} from './trivy';
import {
  LiveSnapshot,
  readSnapshotTimeoutMs,
  SNAPSHOT_LABEL,
  type SnapshotAnswer,
} from './snapshot';
import {
  describeTransportCode,
  defaultHttpLibrary,
  LiveReadError,
  sendWithRetries,
  statusMessage,
  TransportError,
  type RawResponse,
  type RequestScope,
} from './transport';
import {
  describeUnreadKinds,
  nothingReadError,
  unreadKind,
  unreadReasonOf,
} from './unread';

/** Options of {@link LiveStateSource}. */
export interface LiveStateSourceOptions {
  /** The root config: `kubernetes.clusterLocatorMethods` and `preflight.live.*`. */
  config: Config;
  logger: LoggerService;
  /**
   * The client-node transport requests are sent with (default: client-node's own
   * `IsomorphicFetchHttpLibrary`). For instrumentation or tests.
   */
  httpApi?: HttpLibrary;
  /** The clusters; default: read from `config`. */
  clusters?: ClusterDirectory;
}

/** The answer of {@link LiveStateSource.read}: the state and the HTTP requests it cost. */
export type LiveSourceState = SourceState & {
  /** HTTP requests sent for this read (list pages, retries, and discovery when it was made). */
  requests: number;
};

/** Pages per kind after which a listing is considered runaway (a bad response). */
const MAX_PAGES_PER_KIND = 1000;

/** A kind's listing: its objects, or why it could not be read. */
type ListResult = KubernetesObject[] | UnreadKind;

/** What one list page item becomes (undefined: a bad item), and its identity in the listing. */
type ItemConverter<T> = (
  item: unknown,
) => { key: string; value: T } | undefined;

/**
 * Work done after the lists of a read (Flux's), within its deadline. It never fails the read: when
 * the deadline passes during it, the lists are still the answer, with what `onTimeout` says.
 */
interface FollowUp<T> {
  /** From the objects read and the group/versions the cluster serves. */
  run(
    context: ReadContext,
    objects: Iterable<KubernetesObject>,
    served: ReadonlySet<string>,
  ): Promise<T>;
  /** The result when the deadline passed during `run`. */
  onTimeout(message: string): T | undefined;
}

/** Two follow-ups run side by side; on a deadline, the one that finished keeps its answer. */
function bothFollowUps<A, B>(
  a: FollowUp<A>,
  b: FollowUp<B>,
): FollowUp<[A | undefined, B | undefined]> {
  let doneA: { value: A } | undefined;
  let doneB: { value: B } | undefined;
  return {
    run: async (context, objects, served) => {
      const all = [...objects];
      await Promise.all([
        a.run(context, all, served).then(value => {
          doneA = { value };
        }),
        b.run(context, all, served).then(value => {
          doneB = { value };
        }),
      ]);
      return [doneA!.value, doneB!.value];
    },
    onTimeout: message => [
      doneA ? doneA.value : a.onTimeout(message),
      doneB ? doneB.value : b.onTimeout(message),
    ],
  };
}

interface ClusterClient {
  cluster: KubernetesCluster;
  apis: ClusterApis;
  limit: pLimit.Limit;
  /** Group/versions served (`apps/v1`, `monitoring.coreos.com/v1`, …), once known. */
  discovery?: Promise<Set<string>>;
}

interface ReadContext {
  client: ClusterClient;
  target: LiveTarget;
  scope: RequestScope;
  fail: (error: LiveReadError) => void;
}

function kindLabel(kind: LiveKind): string {
  return `${kind.kind} (${kind.apiVersion})`;
}

/**
 * Reads an entity's objects in an environment from its cluster. See the module documentation for
 * the design; the answer is one of `ok`, `not-configured`, `not-deployed` or `error` with a typed
 * reason, and `requests` counts the HTTP requests the read made.
 */
export class LiveStateSource implements StateSource {
  private readonly logger: LoggerService;
  private readonly clusters: ClusterDirectory;
  private readonly settings: LiveSettings;
  private readonly snapshotTimeoutMs: number;
  private readonly httpApi: HttpLibrary;
  private readonly clients = new Map<string, ClusterClient>();

  constructor(options: LiveStateSourceOptions) {
    this.logger = options.logger;
    this.settings = readLiveSettings(options.config);
    this.snapshotTimeoutMs = readSnapshotTimeoutMs(options.config);
    this.clusters =
      options.clusters ??
      ClusterDirectory.fromConfig(options.config, { logger: options.logger });
    // Connections are reused (client-node alone opens one per request).
    this.httpApi = new KeepAliveHttpLibrary(
      options.httpApi ?? defaultHttpLibrary(),
    );
  }

  /** The settings in effect (`preflight.live.*` with defaults). */
  getSettings(): LiveSettings {
    return { ...this.settings };
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<LiveSourceState> {
    const { signal: callerSignal } = options;
    callerSignal?.throwIfAborted();
    const prepared = this.prepare(entity, environment);
    if ('state' in prepared) {
      return prepared.state;
    }
    const { client, target } = prepared;
    const result = await this.readCluster(
      client,
      target,
      callerSignal,
      this.settings.timeoutMs,
      bothFollowUps(
        this.fluxReader(),
        this.trivyFollowUp((_, owners) => readScopes(target.namespace, owners)),
      ),
    );
    return this.stateOf(entity, environment, prepared, {
      answer: result.error
        ? {
            error: {
              reason: result.error.reason,
              message: result.error.message,
            },
          }
        : {
            objects: [...result.byKind.values()].flat(),
            unreadKinds: result.unreadKinds,
            flux: result.followUp?.[0],
            trivy: trivyOutcome(result.followUp?.[1], result.byKind),
          },
      requests: result.requests,
      readAt: new Date().toISOString(),
      log: true,
    });
  }

  /**
   * Lists every kind once for an environment's cluster, with the label selector
   * `backstage.io/kubernetes-id` (existence), in the environment's namespace when it has one, else
   * across all namespaces: paged, retried, bounded and typed as `read`, within
   * `preflight.live.snapshotTimeoutMs`. The result answers for any number of entities through
   * {@link LiveStateSource.readFromSnapshot}. Never throws for a cluster's failure: the snapshot
   * then holds the error. A caller's `signal` aborting makes it reject with the signal's reason.
   */
  async snapshot(
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<LiveSnapshot> {
    const { signal: callerSignal } = options;
    callerSignal?.throwIfAborted();
    if (!environment.cluster) {
      return LiveSnapshot.notConfigured(
        environment,
        noClusterMessage(environment),
      );
    }
    const client = this.client(environment.cluster);
    if (!client) {
      return LiveSnapshot.notConfigured(
        environment,
        this.unusableClusterMessage(environment, environment.cluster),
      );
    }
    // As for an entity: the environment's namespace is validated before anything is sent.
    const namespace = environment.namespace?.trim();
    if (namespace !== undefined && !isDns1123Label(namespace)) {
      throw new InputError(
        `Invalid namespace of environment '${
          environment.name
        }': ${JSON.stringify(
          namespace.slice(0, 40),
        )} is not a valid Kubernetes namespace name (a DNS-1123 label: lowercase letters, digits and '-', at most 63 characters)`,
      );
    }
    const target: LiveTarget = { labelSelector: SNAPSHOT_LABEL, namespace };
    const started = Date.now();
    const result = await this.readCluster(
      client,
      target,
      callerSignal,
      this.snapshotTimeoutMs,
      bothFollowUps(
        this.fluxLister(),
        // One listing per report kind across the snapshot's scope.
        this.trivyFollowUp(() => [namespace ?? ALL_NAMESPACES]),
      ),
    );
    const base = {
      environment,
      cluster: client.cluster.name,
      namespace,
      readAt: new Date().toISOString(),
      requests: result.requests,
      durationMs: Date.now() - started,
    };
    const location = `${client.cluster.name}/${namespace ?? '*'}`;
    if (result.error) {
      this.logger.warn(
        `Preflight live snapshot of ${environment.name} (${location}): ${result.error.reason}: ${result.error.message}`,
      );
      return LiveSnapshot.failed({
        ...base,
        error: { reason: result.error.reason, message: result.error.message },
      });
    }
    const snapshot = LiveSnapshot.fromLists({
      ...base,
      unreadKinds: result.unreadKinds,
      lists: [...BUILTIN_KINDS, ...CUSTOM_KINDS].flatMap(kind => {
        const objects = result.byKind.get(kind);
        return objects ? [{ kind, objects }] : [];
      }),
      flux: result.followUp?.[0],
      trivy: result.followUp?.[1],
    });
    this.logger.debug(
      `Preflight live snapshot of ${environment.name} (${location}): ${
        snapshot.objectCount
      } objects${
        snapshot.flux?.size ? `, ${snapshot.flux.size} Flux objects` : ''
      }${
        snapshot.trivy?.size
          ? `, ${snapshot.trivy.size} Trivy Operator reports`
          : ''
      }, ${snapshot.requests} requests, ${snapshot.durationMs} ms`,
    );
    if (result.unreadKinds.length > 0) {
      this.logger.warn(
        `Preflight live snapshot of ${
          environment.name
        } (${location}): kinds not read: ${describeUnreadKinds(
          result.unreadKinds,
        )}`,
      );
    }
    return snapshot;
  }

  /**
   * Answers for an entity in an environment from a snapshot of that environment: the same state as
   * {@link LiveStateSource.read} (status, message, error, objects, origins, location), with the
   * snapshot's `readAt` and no request. When the snapshot cannot answer (a label selector that
   * does not require `backstage.io/kubernetes-id`, a namespace outside the snapshot's, a snapshot
   * of another environment; see `LiveSnapshot.answer`), the entity is read on its own.
   */
  async readFromSnapshot(
    snapshot: LiveSnapshot,
    entity: Entity,
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<LiveSourceState> {
    const answer = this.answerFromSnapshot(snapshot, entity, environment);
    return answer ?? this.read(entity, environment, options);
  }

  /**
   * The synchronous part of {@link LiveStateSource.readFromSnapshot}: the answer, or undefined
   * when the entity must be read on its own. Throws an `InputError` for a malformed annotation,
   * as `read` does.
   */
  answerFromSnapshot(
    snapshot: LiveSnapshot,
    entity: Entity,
    environment: PreflightEnvironment,
  ): LiveSourceState | undefined {
    const prepared = this.prepare(entity, environment);
    if ('state' in prepared) {
      return prepared.state;
    }
    const answer = snapshot.answer(prepared.target, environment);
    if (!answer) {
      return undefined;
    }
    return this.stateOf(entity, environment, prepared, {
      answer,
      requests: 0,
      readAt: snapshot.readAt,
      // The snapshot's error was logged once, when it was taken.
      log: false,
    });
  }

  /**
   * What `read` and `readFromSnapshot` share before any request: the `not-configured` answers, or
   * the validated target (an `InputError` for a malformed annotation) and the cluster's client.
   */
  private prepare(
    entity: Entity,
    environment: PreflightEnvironment,
  ):
    | { state: LiveSourceState }
    | { client: ClusterClient; target: LiveTarget } {
    if (!environment.cluster) {
      return {
        state: {
          status: 'not-configured',
          message: noClusterMessage(environment),
          objects: [],
          readAt: new Date().toISOString(),
          requests: 0,
        },
      };
    }
    // Throws an InputError naming the annotation: nothing is sent for a malformed value.
    const target = resolveLiveTarget(entity, environment);
    if (!target) {
      return {
        state: {
          status: 'not-configured',
          message:
            'The entity has neither a backstage.io/kubernetes-id nor a backstage.io/kubernetes-label-selector annotation',
          objects: [],
          readAt: new Date().toISOString(),
          requests: 0,
        },
      };
    }
    const client = this.client(environment.cluster);
    if (!client) {
      return {
        state: {
          status: 'not-configured',
          message: this.unusableClusterMessage(
            environment,
            environment.cluster,
          ),
          objects: [],
          readAt: new Date().toISOString(),
          requests: 0,
        },
      };
    }
    return { client, target };
  }

  private unusableClusterMessage(
    environment: PreflightEnvironment,
    cluster: string,
  ): string {
    const reason =
      this.clusters.unavailableReason(cluster) ??
      `cluster '${cluster}' is not defined in kubernetes.clusterLocatorMethods`;
    return `Live state cannot be read for environment '${environment.name}': ${reason}`;
  }

  /** The state of an entity from its objects or its cluster's error (`read` and snapshots alike). */
  private stateOf(
    entity: Entity,
    environment: PreflightEnvironment,
    { client, target }: { client: ClusterClient; target: LiveTarget },
    options: {
      answer: SnapshotAnswer;
      requests: number;
      readAt: string;
      log: boolean;
    },
  ): LiveSourceState {
    const { answer, requests, readAt, log } = options;
    const location = `${client.cluster.name}/${target.namespace ?? '*'}`;
    if (answer.error) {
      if (log) {
        this.logger.warn(
          `Preflight live state of ${stringifyEntityRef(entity)} in ${
            environment.name
          } (${location}): ${answer.error.reason}: ${answer.error.message}`,
        );
      }
      return {
        status: 'error',
        error: { reason: answer.error.reason, message: answer.error.message },
        objects: [],
        readAt,
        location,
        requests,
      };
    }
    const { flux, trivy } = answer;
    const unreadKinds = [
      ...(answer.unreadKinds ?? []),
      ...(flux?.unread ? [flux.unread] : []),
      ...(trivy?.unread ?? []),
    ];
    if (answer.objects.length === 0) {
      return {
        status: 'not-deployed',
        message: `No objects match ${target.labelSelector} in ${location}${
          unreadKinds.length > 0
            ? ` (kinds not read: ${describeUnreadKinds(unreadKinds)})`
            : ''
        }`,
        objects: [],
        readAt,
        location,
        requests,
      };
    }
    // The component's objects, then the reports that stand for its workloads.
    const objects = trivy?.reports.length
      ? [...answer.objects, ...trivy.reports]
      : answer.objects;
    if (log) {
      this.logger.debug(
        `Preflight live state of ${stringifyEntityRef(entity)} in ${
          environment.name
        } (${location}): ${objects.length} objects, ${requests} requests${
          unreadKinds.length > 0
            ? `; kinds not read: ${describeUnreadKinds(unreadKinds)}`
            : ''
        }`,
      );
    }
    const origin: ObjectOrigin = {
      source: 'live',
      location: client.cluster.name,
    };
    return {
      status: 'ok',
      objects,
      origins: objects.map(() => ({ ...origin })),
      readAt,
      location,
      ...(flux?.delivery ? { delivery: copyDelivery(flux.delivery) } : {}),
      ...(unreadKinds.length > 0
        ? { unreadKinds: unreadKinds.map(u => ({ ...u })) }
        : {}),
      requests,
    };
  }

  private client(name: string): ClusterClient | undefined {
    let client = this.clients.get(name);
    if (!client) {
      const cluster = this.clusters.get(name);
      if (!cluster) return undefined;
      client = {
        cluster,
        apis: makeClusterApis(cluster.kubeConfig),
        limit: pLimit(this.settings.concurrency),
      };
      this.clients.set(name, client);
    }
    return client;
  }

  /**
   * Lists every kind within the deadline; fail-fast on the first failure other than a kind the
   * cluster denies (403) or does not serve (404): those are unread kinds, and the other kinds are
   * still read (see `unread.ts`). The objects come by kind, in Preflight's kind order (custom
   * resources the cluster does not serve, and unread kinds, are absent).
   */
  private async readCluster<T>(
    client: ClusterClient,
    target: LiveTarget,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
    followUp?: FollowUp<T>,
  ): Promise<{
    byKind: Map<LiveKind, KubernetesObject[]>;
    unreadKinds: UnreadKind[];
    error?: LiveReadError;
    requests: number;
    /** What `followUp` gave, when the lists succeeded. */
    followUp?: T;
  }> {
    const controller = new AbortController();
    let requests = 0;
    let failure: LiveReadError | undefined;
    let timedOut = false;

    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const aborted = new Promise<void>(resolve =>
      controller.signal.addEventListener('abort', () => resolve(), {
        once: true,
      }),
    );

    const context: ReadContext = {
      client,
      target,
      scope: {
        signal: controller.signal,
        deadline: Date.now() + timeoutMs,
        onRequest: () => {
          requests++;
        },
      },
      fail: error => {
        if (!failure && !controller.signal.aborted) {
          failure = error;
          controller.abort();
        }
      },
    };

    const byKind = new Map<LiveKind, KubernetesObject[]>();
    const unread = new Map<LiveKind, UnreadKind>();
    const guard = (kind: LiveKind, work: Promise<ListResult | undefined>) =>
      work.then(
        listed => {
          if (Array.isArray(listed)) byKind.set(kind, listed);
          else if (listed) unread.set(kind, listed);
        },
        error => this.onTaskError(context, kind, error),
      );

    // Discovery is queued first: custom resource lists wait for it, built-in kinds do not.
    const discovery = this.discover(context);
    const tasks = [
      ...BUILTIN_KINDS.map(kind => guard(kind, this.listKind(context, kind))),
      ...CUSTOM_KINDS.map(kind =>
        guard(
          kind,
          discovery.then(served =>
            served.has(kind.apiVersion)
              ? this.listKind(context, kind)
              : undefined,
          ),
        ),
      ),
    ];

    let followed: T | undefined;
    let listed = false;
    let followedUp = false;
    const work = Promise.all(tasks).then(async () => {
      listed = true;
      if (!followUp || failure || controller.signal.aborted) return;
      // Discovery succeeded when the lists did (custom resources wait for it).
      const served = await discovery.catch(() => undefined);
      if (!served || byKind.size === 0) return;
      try {
        followed = await followUp.run(context, allObjects(byKind), served);
        followedUp = true;
      } catch (error) {
        if (!controller.signal.aborted) {
          // A defect: follow-ups handle the cluster's answers themselves.
          this.logger.error(
            `Preflight live state: unexpected error after listing cluster '${client.cluster.name}'`,
            error as Error,
          );
        }
      }
    });

    try {
      await Promise.race([work, aborted]);
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }

    if (callerSignal?.aborted) {
      throw callerSignal.reason ?? new Error('The live read was aborted');
    }
    if (failure) {
      return { byKind: new Map(), unreadKinds: [], error: failure, requests };
    }
    const timeoutMessage = `Cluster '${client.cluster.name}' did not answer within ${timeoutMs} ms`;
    if (timedOut && listed && followUp && !followedUp) {
      // Every kind was listed: only the follow-up was late, and it does not fail the read.
      followed = followUp.onTimeout(timeoutMessage);
    } else if (timedOut || controller.signal.aborted) {
      return {
        byKind: new Map(),
        unreadKinds: [],
        error: new LiveReadError('TIMEOUT', timeoutMessage),
        requests,
      };
    }
    const ordered = new Map<LiveKind, KubernetesObject[]>();
    const unreadKinds: UnreadKind[] = [];
    for (const kind of [...BUILTIN_KINDS, ...CUSTOM_KINDS]) {
      const objects = byKind.get(kind);
      if (objects) ordered.set(kind, objects);
      const missing = unread.get(kind);
      if (missing) unreadKinds.push(missing);
    }
    // The closures of this read (e.g. the last task the cluster's p-limit queue still points to)
    // keep this scope alive; they must not keep the objects — a whole snapshot — with it.
    byKind.clear();
    if (ordered.size === 0 && unreadKinds.length > 0) {
      // Not one kind could be read: nothing is known about the environment.
      return {
        byKind: ordered,
        unreadKinds: [],
        error: nothingReadError(unreadKinds),
        requests,
      };
    }
    return { byKind: ordered, unreadKinds, requests, followUp: followed };
  }

  /**
   * A read's Flux status: the Flux object the workloads name, read with one `GET` when they name
   * one of a kind the cluster serves (see `flux.ts`). Never throws for the cluster's answer.
   */
  private fluxReader(): FollowUp<FluxOutcome> {
    let owners: FluxOwner[] = [];
    let cluster = '';
    return {
      run: async (context, objects, served) => {
        cluster = context.client.cluster.name;
        owners = fluxOwnersOf(objects, served);
        if (owners.length === 0) {
          return undefined;
        }
        const lookup = await this.getFluxObject(context, owners[0]);
        return fluxOutcome(owners, lookup, cluster);
      },
      onTimeout: message =>
        owners.length > 0
          ? fluxOutcome(owners, { failed: message }, cluster)
          : undefined,
    };
  }

  private async getFluxObject(
    context: ReadContext,
    owner: FluxOwner,
  ): Promise<FluxLookup> {
    const { client, scope } = context;
    const { kind, version, namespace, name } = owner;
    let response: RawResponse & { attempts: number };
    try {
      response = await sendWithRetries({
        call: options =>
          client.apis.custom.getNamespacedCustomObject(
            {
              group: kind.group,
              version,
              namespace,
              plural: kind.plural,
              name,
            },
            options,
          ),
        scope,
        base: this.httpApi,
        retries: this.settings.retries,
        limit: client.limit,
      });
    } catch (error) {
      if (error instanceof TransportError && !error.aborted) {
        return {
          failed: `Cannot reach cluster '${
            client.cluster.name
          }': ${describeTransportCode(error.code)}`,
        };
      }
      throw error; // aborted: the read's deadline or its caller
    }
    const { status } = response;
    if (status === 403) return { unread: 'FORBIDDEN' };
    if (status === 404) {
      return isObjectNotFound(response.text, name)
        ? { missing: true }
        : { unread: 'NOT_SERVED' };
    }
    if (status >= 200 && status < 300) {
      let body: unknown;
      try {
        body = JSON.parse(response.text);
      } catch {
        // reported below
      }
      const delivery = fluxDelivery(kind, body);
      return delivery
        ? { found: delivery }
        : {
            failed: `Cluster '${client.cluster.name}' answered with something that is not a ${kind.kind}`,
          };
    }
    const detail = statusMessage(response.text);
    return {
      failed: `Cluster '${client.cluster.name}' answered HTTP ${status}${
        response.attempts > 1 ? ` after ${response.attempts} attempts` : ''
      } reading ${fluxOwnerName(owner)}${detail ? `: ${detail}` : ''}`,
    };
  }

  /**
   * A snapshot's Flux objects: for each Flux kind and namespace the workloads name (of a kind the
   * cluster serves), one listing (paged), reduced to the delivery status of the objects named.
   * Never throws for the cluster's answers: a listing that fails is kept as such.
   */
  private fluxLister(): FollowUp<FluxIndex> {
    const wanted = new Map<string, { owner: FluxOwner; names: Set<string> }>();
    const listings = new Map<string, FluxNamespaceListing>();
    let served: ReadonlySet<string> | undefined;
    let cluster = '';
    return {
      run: async (context, objects, discovered) => {
        served = discovered;
        cluster = context.client.cluster.name;
        for (const owner of fluxOwnersOf(objects, discovered)) {
          const key = fluxListingKey(owner);
          const entry = wanted.get(key);
          if (entry) entry.names.add(owner.name);
          else wanted.set(key, { owner, names: new Set([owner.name]) });
        }
        await Promise.all(
          [...wanted].map(async ([key, { owner, names }]) => {
            listings.set(
              key,
              await this.listFluxNamespace(context, owner, names),
            );
          }),
        );
        return new FluxIndex(cluster, discovered, listings);
      },
      onTimeout: message => {
        if (!served) return undefined;
        // The listings that did not finish in time are failed ones.
        for (const key of wanted.keys()) {
          if (!listings.has(key)) listings.set(key, { failed: message });
        }
        return new FluxIndex(cluster, served, listings);
      },
    };
  }

  private async listFluxNamespace(
    context: ReadContext,
    owner: FluxOwner,
    names: ReadonlySet<string>,
  ): Promise<FluxNamespaceListing> {
    const kind = fluxLiveKind(owner.kind, owner.version);
    let listed: Array<[string, DeliveryStatus] | undefined> | UnreadKind;
    try {
      listed = await this.listPages(
        context,
        kind,
        { namespace: owner.namespace },
        item => {
          if (!isRecord(item) || !isRecord(item.metadata)) return undefined;
          const { name, namespace, uid } = item.metadata;
          if (typeof name !== 'string') return undefined;
          // Only the objects named are kept, reduced to their delivery status.
          const delivery = names.has(name)
            ? fluxDelivery(owner.kind, item)
            : undefined;
          return {
            key: typeof uid === 'string' ? uid : `${namespace}/${name}`,
            value: delivery ? [name, delivery] : undefined,
          };
        },
      );
    } catch (error) {
      if (error instanceof LiveReadError) return { failed: error.message };
      if (error instanceof TransportError && !error.aborted) {
        return {
          failed: `Cannot reach cluster '${
            context.client.cluster.name
          }': ${describeTransportCode(error.code)}`,
        };
      }
      throw error; // aborted: the snapshot's deadline or its caller
    }
    if (!Array.isArray(listed)) return { unread: listed.reason };
    return {
      deliveries: new Map(
        listed.filter((e): e is [string, DeliveryStatus] => e !== undefined),
      ),
    };
  }

  /**
   * The Trivy Operator's reports for the workloads read (see `trivy.ts`): each report kind the
   * cluster serves, listed in the scopes `scopesOf` names, keeping the reports that stand for a
   * workload read. Never throws for the cluster's answers: a listing that fails is an unread kind.
   */
  private trivyFollowUp(
    scopesOf: (context: ReadContext, owners: ReportOwners) => ReportScope[],
  ): FollowUp<TrivyIndex | undefined> {
    const planned: Array<{ kind: LiveKind; scope: ReportScope }> = [];
    const done = new Map<string, ReportListing>();
    const id = (kind: LiveKind, scope: ReportScope) => `${kind.kind} ${scope}`;
    const index = () =>
      new TrivyIndex(
        planned.map(({ kind, scope }) => ({
          kind,
          scope,
          listing: done.get(id(kind, scope))!,
        })),
      );
    return {
      run: async (context, objects, served) => {
        if (!served.has(TRIVY_LIVE_KINDS[0].apiVersion)) return undefined;
        const owners = new ReportOwners(objects);
        for (const scope of scopesOf(context, owners)) {
          for (const kind of TRIVY_LIVE_KINDS) planned.push({ kind, scope });
        }
        await Promise.all(
          planned.map(async ({ kind, scope }) => {
            done.set(
              id(kind, scope),
              await this.listReports(context, kind, scope, owners),
            );
          }),
        );
        return index();
      },
      onTimeout: message => {
        if (planned.length === 0) return undefined;
        // The listings that did not finish in time are unread.
        for (const { kind, scope } of planned) {
          if (!done.has(id(kind, scope))) {
            done.set(
              id(kind, scope),
              unreadReports(kind, 'UNAVAILABLE', message),
            );
          }
        }
        return index();
      },
    };
  }

  private async listReports(
    context: ReadContext,
    kind: LiveKind,
    scope: ReportScope,
    owners: ReportOwners,
  ): Promise<ReportListing> {
    const cluster = context.client.cluster.name;
    let listed: Array<KubernetesObject | undefined> | UnreadKind;
    try {
      listed = await this.listPages(
        context,
        kind,
        {
          namespace: scope === ALL_NAMESPACES ? undefined : scope,
          labelSelector: TRIVY_REPORT_SELECTOR,
        },
        item => {
          const report = toReportObject(item, kind);
          if (!report) return undefined;
          const { uid, namespace, name } = report.metadata;
          return {
            key: uid ?? `${namespace ?? ''}/${name}`,
            // Only the reports of the workloads read are kept.
            value: owners.owns(report) ? report : undefined,
          };
        },
      );
    } catch (error) {
      if (error instanceof LiveReadError) {
        return unreadReports(kind, 'UNAVAILABLE', error.message);
      }
      if (error instanceof TransportError && !error.aborted) {
        return unreadReports(
          kind,
          'UNAVAILABLE',
          `Cannot reach cluster '${cluster}': ${describeTransportCode(
            error.code,
          )}`,
        );
      }
      throw error; // aborted: the read's deadline or its caller
    }
    if (!Array.isArray(listed)) return { unread: listed };
    return {
      reports: listed.filter((r): r is KubernetesObject => r !== undefined),
    };
  }

  private onTaskError(context: ReadContext, kind: LiveKind, error: unknown) {
    if (error instanceof LiveReadError) {
      context.fail(error);
    } else if (error instanceof TransportError) {
      if (!error.aborted) {
        context.fail(
          new LiveReadError(
            'UNREACHABLE',
            `Cannot reach cluster '${context.client.cluster.name}' at ${
              new URL(context.client.cluster.url).origin
            }: ${describeTransportCode(error.code)}`,
          ),
        );
      }
    } else if (!context.scope.signal.aborted) {
      // A defect: logged in full here, reported without details.
      this.logger.error(
        `Preflight live state: unexpected error listing ${kindLabel(
          kind,
        )} on cluster '${context.client.cluster.name}'`,
        error as Error,
      );
      context.fail(
        new LiveReadError(
          'BAD_RESPONSE',
          `Unexpected error listing ${kindLabel(kind)} on cluster '${
            context.client.cluster.name
          }'`,
        ),
      );
    }
  }

  /** One discovery request per cluster (`GET /apis`), cached; a failure is not cached. */
  private discover(context: ReadContext): Promise<Set<string>> {
    const { client } = context;
    if (!client.discovery) {
      const promise = this.requestDiscovery(context);
      client.discovery = promise;
      promise.catch(() => {
        if (client.discovery === promise) client.discovery = undefined;
      });
    }
    // Another read may have started it; this read still times out on its own deadline.
    return client.discovery;
  }

  private async requestDiscovery(context: ReadContext): Promise<Set<string>> {
    const { client, scope } = context;
    // The discovery is shared by the reads of the cluster: it is bounded by its own deadline, not
    // aborted with the read that happened to start it.
    const { timeoutMs } = this.settings;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: RawResponse & { attempts: number };
    try {
      response = await sendWithRetries({
        call: options => client.apis.apis.getAPIVersions({}, options),
        scope: {
          signal,
          deadline: Date.now() + timeoutMs,
          onRequest: scope.onRequest,
        },
        base: this.httpApi,
        retries: this.settings.retries,
        limit: client.limit,
      });
    } catch (error) {
      if (error instanceof TransportError && error.aborted) {
        // Its own deadline, whichever read is waiting for it.
        throw new LiveReadError(
          'TIMEOUT',
          `Cluster '${client.cluster.name}' did not answer the API discovery (/apis) within ${timeoutMs} ms`,
        );
      }
      throw error;
    }
    if (response.status === 404) {
      return new Set(); // no /apis: no API groups, so no custom resources
    }
    const body = this.parseBody(response, context, 'the API groups (/apis)');
    const served = new Set<string>();
    const groups = Array.isArray(body?.groups) ? body.groups : undefined;
    if (!groups) {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${client.cluster.name}' answered the API discovery (/apis) with something that is not an APIGroupList`,
      );
    }
    for (const group of groups) {
      for (const version of Array.isArray(group?.versions)
        ? group.versions
        : []) {
        if (typeof version?.groupVersion === 'string') {
          served.add(version.groupVersion);
        }
      }
    }
    return served;
  }

  /**
   * Lists one kind, all pages. Returns an unread kind when the cluster denies the list (403) or
   * does not serve it (404), on any page. A 410 on a continued page restarts the listing once.
   */
  private listKind(context: ReadContext, kind: LiveKind): Promise<ListResult> {
    return this.listPages(context, kind, context.target, item => {
      const object = toLiveObject(item, kind);
      return object
        ? {
            key:
              object.metadata.uid ??
              `${object.metadata.namespace ?? ''}/${object.metadata.name}`,
            value: object,
          }
        : undefined;
    });
  }

  /**
   * Lists one kind in a namespace (all namespaces when absent), with a label selector when given,
   * all pages, converting each item (an item the converter rejects is a bad response). Returns an
   * unread kind when the cluster denies the list (403) or does not serve it (404), on any page. A
   * 410 on a continued page restarts the listing once.
   */
  private async listPages<T>(
    context: ReadContext,
    kind: LiveKind,
    where: { namespace?: string; labelSelector?: string },
    convert: ItemConverter<T>,
  ): Promise<T[] | UnreadKind> {
    const { client, scope } = context;
    let restarted = false;
    let token: string | undefined;
    let pages = 0;
    let objects: T[] = [];
    const seen = new Set<string>();

    for (;;) {
      scope.signal.throwIfAborted();
      const params = {
        ...(where.labelSelector !== undefined
          ? { labelSelector: where.labelSelector }
          : {}),
        limit: this.settings.pageSize,
        ...(token ? { _continue: token } : {}),
      };
      const response = await sendWithRetries({
        call: options =>
          kind.list(client.apis, where.namespace, params, options),
        scope,
        base: this.httpApi,
        accept: kind.metadataOnly ? PARTIAL_OBJECT_METADATA_LIST : undefined,
        retries: this.settings.retries,
        limit: client.limit,
      });

      if (response.status === 410 && token && !restarted) {
        restarted = true;
        token = undefined;
        pages = 0;
        objects = [];
        seen.clear();
        continue;
      }
      const unreadReason = unreadReasonOf(response.status);
      if (unreadReason) {
        return unreadKind(
          kind,
          unreadReason,
          this.failureOf(response, context, kindLabel(kind)),
        );
      }
      const body = this.parseBody(response, context, kindLabel(kind));
      if (!Array.isArray(body?.items)) {
        throw new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${client.cluster.name}' answered the list of ${kindLabel(
            kind,
          )} with something that is not a list`,
        );
      }
      for (const item of body.items) {
        const converted = convert(item);
        if (!converted) {
          throw new LiveReadError(
            'BAD_RESPONSE',
            `Cluster '${client.cluster.name}' returned a ${kindLabel(
              kind,
            )} item without metadata.name`,
          );
        }
        if (!seen.has(converted.key)) {
          seen.add(converted.key);
          objects.push(converted.value);
        }
      }
      const next = body.metadata?.continue;
      if (typeof next !== 'string' || next === '') {
        return objects;
      }
      if (next === token || ++pages >= MAX_PAGES_PER_KIND) {
        throw new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${client.cluster.name}' kept paging the list of ${kindLabel(
            kind,
          )} (${pages} pages)`,
        );
      }
      token = next;
    }
  }

  /** The JSON body of a 2xx answer; other answers become a typed `LiveReadError`. */
  private parseBody(
    response: RawResponse & { attempts: number },
    context: ReadContext,
    what: string,
  ): any {
    const cluster = context.client.cluster.name;
    const { status } = response;
    if (status >= 200 && status < 300) {
      try {
        const body = JSON.parse(response.text);
        if (body && typeof body === 'object') return body;
      } catch {
        // fall through
      }
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${cluster}' answered with invalid JSON (HTTP ${status}) listing ${what}`,
      );
    }
    throw this.failureOf(response, context, what);
  }

  /** The typed error of a non-2xx answer; its message quotes only a `Status` message. */
  private failureOf(
    response: RawResponse & { attempts: number },
    context: ReadContext,
    what: string,
  ): LiveReadError {
    const cluster = context.client.cluster.name;
    const { status } = response;
    const detail = statusMessage(response.text);
    const suffix = detail ? `: ${detail}` : '';
    const scope = context.target.namespace
      ? `namespace '${context.target.namespace}'`
      : 'all namespaces';
    switch (status) {
      case 401:
        return new LiveReadError(
          'UNAUTHORIZED',
          `Cluster '${cluster}' rejected Preflight's credentials (HTTP 401) listing ${what}${suffix}`,
        );
      case 403:
        return new LiveReadError(
          'FORBIDDEN',
          `Preflight may not list ${what} in ${scope} on cluster '${cluster}' (HTTP 403)${suffix}`,
        );
      case 404:
        return new LiveReadError(
          'NOT_FOUND',
          `Cluster '${cluster}' does not serve ${what} (HTTP 404)${suffix}`,
        );
      case 429:
        return new LiveReadError(
          'RATE_LIMITED',
          `Cluster '${cluster}' is rate-limiting Preflight (HTTP 429 after ${response.attempts} attempts) listing ${what}${suffix}`,
        );
      case 502:
      case 503:
      case 504:
        return new LiveReadError(
          'UNREACHABLE',
          `The API server of cluster '${cluster}' is unavailable (HTTP ${status}${
            status === 503 ? ` after ${response.attempts} attempts` : ''
          }) listing ${what}${suffix}`,
        );
      case 410:
        return new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${cluster}' expired the list of ${what} again after a restart (HTTP 410)${suffix}`,
        );
      default:
        return new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${cluster}' answered HTTP ${status} listing ${what}${suffix}`,
        );
    }
  }
}

/** A read's reports: its follow-up's index, asked about the objects read. */
function trivyOutcome(
  index: TrivyIndex | undefined,
  byKind: ReadonlyMap<LiveKind, KubernetesObject[]>,
): TrivyOutcome | undefined {
  return index?.outcome([...allObjects(byKind)]);
}

/** Every object read, kind after kind. */
function* allObjects(
  byKind: ReadonlyMap<LiveKind, KubernetesObject[]>,
): Iterable<KubernetesObject> {
  for (const objects of byKind.values()) yield* objects;
}

function noClusterMessage(environment: PreflightEnvironment): string {
  return `Environment '${environment.name}' has no cluster (preflight.environments[].cluster)`;
}
