/**
 * One read of a cluster under one deadline: every kind listed in parallel (custom resources once
 * the discovery says they are served), fail-fast on the first failure, 403/404 kinds kept as
 * unread kinds, then the read's follow-up (Flux, Trivy) within the same deadline.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  KubernetesObject,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import type { ClusterClient } from './clusterClients';
import {
  describeCredentialError,
  type KubernetesCredential,
} from './credentials';
import { discover } from './discovery';
import { BUILTIN_KINDS, CUSTOM_KINDS, type LiveKind } from './kinds';
import {
  kindLabel,
  listKind,
  type ListResult,
  type ReadContext,
  type RequestDeps,
} from './lister';
import type { LiveTarget } from './selectors';
import {
  describeTransportCode,
  LiveReadError,
  TransportError,
} from './transport';
import { nothingReadError } from './unread';

/**
 * Work done after the lists of a read (Flux's), within its deadline. It never fails the read: when
 * the deadline passes during it, the lists are still the answer, with what `onTimeout` says.
 */
export interface FollowUp<T> {
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
export function bothFollowUps<A, B>(
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

/** What a cluster read needs: the request dependencies, and a logger for defects. */
export interface ClusterReadDeps extends RequestDeps {
  logger: LoggerService;
}

/** The answer of {@link readCluster}. */
export interface ClusterReadResult<T> {
  byKind: Map<LiveKind, KubernetesObject[]>;
  unreadKinds: UnreadKind[];
  error?: LiveReadError;
  requests: number;
  /** What `followUp` gave, when the lists succeeded. */
  followUp?: T;
}

/**
 * Lists every kind within the deadline; fail-fast on the first failure other than a kind the
 * cluster denies (403) or does not serve (404): those are unread kinds, and the other kinds are
 * still read (see `unread.ts`). The objects come by kind, in Preflight's kind order (custom
 * resources the cluster does not serve, and unread kinds, are absent).
 *
 * The credential (`getCredential`, the cluster's authentication strategy) is asked for first,
 * within the deadline; its failure is the read's `UNAUTHORIZED` error, naming the cluster and the
 * provider, and no request is sent.
 *
 * `known` holds kinds already answered (by the watch cache, see `mixedRead.ts`): they are not
 * listed, and their objects are part of the result, in kind order, and of the follow-up's input,
 * as if listed. The read's other outcomes (unread kinds, errors, requests) concern only the kinds
 * it lists.
 */
export async function readCluster<T>(
  deps: ClusterReadDeps,
  client: ClusterClient,
  target: LiveTarget,
  callerSignal: AbortSignal | undefined,
  timeoutMs: number,
  followUp?: FollowUp<T>,
  getCredential?: () => Promise<KubernetesCredential>,
  known?: ReadonlyMap<LiveKind, KubernetesObject[]>,
): Promise<ClusterReadResult<T>> {
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

  const byKind = new Map<LiveKind, KubernetesObject[]>(known);
  const unread = new Map<LiveKind, UnreadKind>();
  const guard = (kind: LiveKind, work: Promise<ListResult | undefined>) =>
    work.then(
      listed => {
        if (Array.isArray(listed)) byKind.set(kind, listed);
        else if (listed) unread.set(kind, listed);
      },
      error => onTaskError(deps.logger, context, kind, error),
    );

  let followed: T | undefined;
  let listed = false;
  let followedUp = false;
  let credentialPending = false;
  const work = (async () => {
    if (getCredential) {
      let credential: KubernetesCredential;
      credentialPending = true;
      try {
        credential = await getCredential();
      } catch (error) {
        context.fail(
          new LiveReadError(
            'UNAUTHORIZED',
            `Cannot get credentials for cluster '${
              client.cluster.name
            }' (authProvider '${
              client.cluster.authProvider
            }'): ${describeCredentialError(error)}`,
          ),
        );
        return;
      } finally {
        credentialPending = false;
      }
      if (controller.signal.aborted) return;
      context.scope.credential = credential;
    }

    // Discovery is queued first: custom resource lists wait for it, built-in kinds do not.
    const discovery = discover(deps, context);
    const tasks = [
      ...BUILTIN_KINDS.filter(kind => !known?.has(kind)).map(kind =>
        guard(kind, listKind(deps, context, kind)),
      ),
      ...CUSTOM_KINDS.filter(kind => !known?.has(kind)).map(kind =>
        guard(
          kind,
          discovery.then(served =>
            served.has(kind.apiVersion)
              ? listKind(deps, context, kind)
              : undefined,
          ),
        ),
      ),
    ];
    await Promise.all(tasks);
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
        deps.logger.error(
          `Preflight live state: unexpected error after listing cluster '${client.cluster.name}'`,
          error as Error,
        );
      }
    }
  })();

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
  const timeoutMessage = credentialPending
    ? `No credentials for cluster '${client.cluster.name}' from its authProvider '${client.cluster.authProvider}' within ${timeoutMs} ms`
    : `Cluster '${client.cluster.name}' did not answer within ${timeoutMs} ms`;
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

/** A kind's listing that threw: a typed failure of the read (fail-fast), or a defect. */
function onTaskError(
  logger: LoggerService,
  context: ReadContext,
  kind: LiveKind,
  error: unknown,
) {
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
    logger.error(
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

/** Every object read, kind after kind. */
export function* allObjects(
  byKind: ReadonlyMap<LiveKind, KubernetesObject[]>,
): Iterable<KubernetesObject> {
  for (const objects of byKind.values()) yield* objects;
}
