/*
 * A snapshot made of one catalog-wide read of an environment: its lists (and Flux and Trivy
 * follow-ups), or its error, with what it cost, logged once.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import type { ClusterReadResult } from './clusterRead';
import type { FluxIndex } from './flux';
import { BUILTIN_KINDS, CUSTOM_KINDS } from './kinds';
import { LiveSnapshot } from './snapshot';
import type { TrivyIndex } from './trivy';
import { describeUnreadKinds } from './unread';

/** The snapshot of an environment from the answer of its read (`readCluster`). */
export function snapshotOfRead(
  read: {
    environment: PreflightEnvironment;
    cluster: string;
    namespace: string | undefined;
    /** When the read started (`Date.now()`). */
    started: number;
  },
  result: ClusterReadResult<[FluxIndex | undefined, TrivyIndex | undefined]>,
  logger: LoggerService,
): LiveSnapshot {
  const { environment, namespace, started } = read;
  const base = {
    environment,
    cluster: read.cluster,
    namespace,
    readAt: new Date().toISOString(),
    requests: result.requests,
    durationMs: Date.now() - started,
  };
  const location = `${read.cluster}/${namespace ?? '*'}`;
  if (result.error) {
    logger.warn(
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
  logger.debug(
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
    logger.warn(
      `Preflight live snapshot of ${
        environment.name
      } (${location}): kinds not read: ${describeUnreadKinds(
        result.unreadKinds,
      )}`,
    );
  }
  return snapshot;
}
