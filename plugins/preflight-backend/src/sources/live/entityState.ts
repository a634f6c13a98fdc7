/**
 * An entity's live state from its cluster's answer (a read's or a snapshot's): `error`,
 * `not-deployed` or `ok` with its objects, origins, delivery status and unread kinds; and the
 * {@link LiveSourceState} type the live source answers with.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type {
  ObjectOrigin,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { ClusterClient } from './clusterClients';
import { copyDelivery } from './flux';
import type { LiveTarget } from './selectors';
import type { SnapshotAnswer } from './snapshot';
import { describeUnreadKinds } from './unread';

/** The answer of {@link LiveStateSource.read}: the state and the HTTP requests it cost. */
export type LiveSourceState = SourceState & {
  /** HTTP requests sent for this read (list pages, retries, and discovery when it was made). */
  requests: number;
};

/** The state of an entity from its objects or its cluster's error (`read` and snapshots alike). */
export function stateOf(
  logger: LoggerService,
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
      logger.warn(
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
    logger.debug(
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
