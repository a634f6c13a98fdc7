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
 *   what `read` would (objects as `trimForSnapshot` keeps them), matching its selector locally,
 *   falling back to `read` when the snapshot cannot answer (see `snapshot.ts`).
 * - **Watch cache** (`preflight.live.watch.enabled`): the kinds of a read its cluster's watches
 *   can answer are answered from memory (see `watchCache.ts`), the others listed as above in the
 *   same read (see `mixedRead.ts`); all of them when the cache cannot answer at all.
 *   {@link LiveStateSource.close} stops the watches.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import type { StateSource } from '../types';
import { KeepAliveHttpLibrary } from './agents';
import { ClusterClients, type ClusterClient } from './clusterClients';
import {
  bothFollowUps,
  readCluster,
  type ClusterReadDeps,
} from './clusterRead';
import { lookUpCatalogClusters } from './catalogClusters';
import { ClusterDirectory, type KubernetesCluster } from './clusters';
import {
  defaultAuthStrategy,
  hasUserToken,
  moduleAuthStrategies,
  userTokenNeed,
  type KubernetesRequestAuth,
} from './credentials';
import { stateOf, type LiveSourceState } from './entityState';
import { fluxLister, fluxReader, trivyFollowUp } from './followUps';
import {
  isDns1123Label,
  resolveLiveTarget,
  type LiveTarget,
} from './selectors';
import { readLiveSettings, type LiveSettings } from './settings';
import { ALL_NAMESPACES, readScopes } from './trivy';
import {
  LiveSnapshot,
  readSnapshotTimeoutMs,
  SNAPSHOT_LABEL,
} from './snapshot';
import { defaultHttpLibrary } from './transport';
import {
  needsUserTokenMessage,
  noClusterMessage,
  unusableClusterMessage,
} from './messages';
import type { LiveReadOptions, LiveStateSourceOptions } from './options';
import { snapshotOfRead } from './snapshotOfRead';
import { WatchCaches } from './watchCache';
import { answerOfRead } from './mixedRead';
import { snapshotReceiver } from './objects';

export type { LiveSourceState } from './entityState';

export type { LiveReadOptions, LiveStateSourceOptions } from './options';

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
  /** What cluster reads are made with: the transport, the settings, the logger. */
  private readonly deps: ClusterReadDeps;
  private readonly clients: ClusterClients;
  private readonly authStrategy: AuthenticationStrategy;
  private readonly watches: WatchCaches;

  constructor(options: LiveStateSourceOptions) {
    this.logger = options.logger;
    this.settings = readLiveSettings(options.config);
    this.snapshotTimeoutMs = readSnapshotTimeoutMs(options.config);
    const authStrategies = moduleAuthStrategies(
      options.moduleAuthStrategies ?? [],
    );
    this.clusters =
      options.clusters ??
      ClusterDirectory.fromConfig(options.config, {
        logger: options.logger,
        authStrategies,
      });
    this.deps = {
      // Connections are reused (client-node alone opens one per request).
      httpApi: new KeepAliveHttpLibrary(
        options.httpApi ?? defaultHttpLibrary(),
      ),
      settings: this.settings,
      logger: this.logger,
    };
    this.clients = new ClusterClients(this.clusters, this.settings);
    this.authStrategy =
      options.authStrategy ??
      defaultAuthStrategy(options.config, options.logger, authStrategies);
    this.watches = WatchCaches.fromConfig(options.config, this.deps, c =>
      this.credentialFor(c, undefined),
    );
    const catalog = options.catalog;
    if (catalog) {
      this.clusters.useCatalog(locator =>
        lookUpCatalogClusters({ ...catalog, options: locator }),
      );
    }
  }

  /** Asks the cluster's strategy for a credential; never logged. */
  private credentialFor(
    cluster: KubernetesCluster,
    auth: KubernetesRequestAuth | undefined,
  ) {
    return () => this.authStrategy.getCredential(cluster.details, auth ?? {});
  }

  /** Stops the watch cache's watches (the plugin's shutdown); reads then go to the clusters. */
  async close(): Promise<void> {
    await this.watches.stop();
  }

  /** The settings in effect (`preflight.live.*` with defaults). */
  getSettings(): LiveSettings {
    return { ...this.settings };
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: LiveReadOptions = {},
  ): Promise<LiveSourceState> {
    const { signal: callerSignal, auth } = options;
    callerSignal?.throwIfAborted();
    await this.clusters.refreshCatalog();
    const prepared = this.prepare(entity, environment, auth);
    if ('state' in prepared) {
      return prepared.state;
    }
    const { client, target } = prepared;
    const watched = this.watches.answer(client, target);
    const memory = typeof watched === 'object' ? watched : undefined;
    if (memory?.direct.length === 0) {
      return this.watches.stateOf(memory, answer =>
        stateOf(this.logger, entity, environment, prepared, answer),
      );
    }
    // The kinds the cache does not answer (all of them without it) are listed (see `mixedRead.ts`).
    const result = await readCluster(
      this.deps,
      client,
      target,
      callerSignal,
      this.settings.timeoutMs,
      bothFollowUps(
        fluxReader(this.deps),
        trivyFollowUp(this.deps, (_, owners) =>
          readScopes(target.namespace, owners),
        ),
      ),
      this.credentialFor(client.cluster, auth),
      memory?.byKind,
    );
    this.watches.start(client); // after the cluster's first read, not beside it
    const state = stateOf(this.logger, entity, environment, prepared, {
      answer: answerOfRead(result),
      requests: result.requests,
      readAt: new Date().toISOString(),
      log: true,
    });
    return this.watches.withFreshness(state, memory);
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
    await this.clusters.refreshCatalog();
    const client = this.clients.get(environment.cluster);
    if (!client) {
      return LiveSnapshot.notConfigured(
        environment,
        unusableClusterMessage(environment, environment.cluster, this.clusters),
      );
    }
    if (!hasUserToken(client.cluster, undefined)) {
      // The scheduled evaluation has no user: a user-delegated cluster is unavailable, not down.
      return LiveSnapshot.notConfigured(
        environment,
        needsUserTokenMessage(environment, client.cluster),
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
    const receiver = snapshotReceiver();
    const result = await readCluster(
      { ...this.deps, receive: receiver.receive },
      client,
      target,
      callerSignal,
      this.snapshotTimeoutMs,
      bothFollowUps(
        fluxLister(this.deps),
        // One listing per report kind across the snapshot's scope.
        trivyFollowUp(this.deps, () => [namespace ?? ALL_NAMESPACES]),
      ),
      this.credentialFor(client.cluster, undefined),
    ).finally(receiver.done);
    return snapshotOfRead(
      {
        environment,
        cluster: client.cluster.name,
        namespace,
        started,
      },
      result,
      this.logger,
    );
  }

  /**
   * Answers for an entity in an environment from a snapshot of that environment: the same state as
   * {@link LiveStateSource.read} (status, message, error, objects trimmed by `trimForSnapshot`,
   * origins, location), with the snapshot's `readAt` and no request. When the snapshot cannot answer (a label selector that
   * does not require `backstage.io/kubernetes-id`, a namespace outside the snapshot's, a snapshot
   * of another environment; see `LiveSnapshot.answer`), the entity is read on its own.
   */
  async readFromSnapshot(
    snapshot: LiveSnapshot,
    entity: Entity,
    environment: PreflightEnvironment,
    options: LiveReadOptions = {},
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
    return stateOf(this.logger, entity, environment, prepared, {
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
    auth?: KubernetesRequestAuth,
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
    const client = this.clients.get(environment.cluster);
    if (!client) {
      return {
        state: {
          status: 'not-configured',
          message: unusableClusterMessage(
            environment,
            environment.cluster,
            this.clusters,
          ),
          objects: [],
          readAt: new Date().toISOString(),
          requests: 0,
        },
      };
    }
    if (!hasUserToken(client.cluster, auth)) {
      return {
        state: {
          status: 'not-configured',
          message: needsUserTokenMessage(environment, client.cluster),
          needsUserToken: userTokenNeed(client.cluster),
          objects: [],
          readAt: new Date().toISOString(),
          requests: 0,
        },
      };
    }
    return { client, target };
  }
}
