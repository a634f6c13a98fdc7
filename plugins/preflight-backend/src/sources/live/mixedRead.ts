/**
 * An entity's read answered kind by kind: from the watch cache for the kinds it holds, from the
 * cluster for the others, in one read.
 *
 * The cache (`watchCache.ts`) answers for every kind whose watch is synced and was confirmed within
 * `maxStalenessMs`, and names the others (`WatchAnswer.direct`): a kind not synced yet, unavailable
 * (403 or 404 on its cluster-wide list or watch, typically Secrets), or stale. The read then lists
 * only those, with the read's own code (`readCluster` with the answered kinds as `known`): the same
 * label selector, namespace, paging, sanitization, bounds, deadline and follow-ups. So a kind the
 * cluster denies in the entity's namespace too is an unread kind as without the cache, a failure of
 * its list is the read's typed error as without the cache, and `requests` counts only what was
 * sent. When the cache answers no kind, the whole read is made as without it; when it answers
 * every kind, no request is sent (`WatchCaches.stateOf`).
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { allObjects, type ClusterReadResult } from './clusterRead';
import type { FluxOutcome } from './fluxIndex';
import type { LiveKind } from './kinds';
import type { SnapshotAnswer } from './snapshot';
import type { TrivyIndex, TrivyOutcome } from './trivy';

/** What a read (direct or mixed) says for its entity: its error, or its objects and their extras. */
export function answerOfRead(
  result: ClusterReadResult<[FluxOutcome | undefined, TrivyIndex | undefined]>,
): SnapshotAnswer {
  if (result.error) {
    return {
      error: { reason: result.error.reason, message: result.error.message },
    };
  }
  return {
    objects: [...allObjects(result.byKind)],
    unreadKinds: result.unreadKinds,
    flux: result.followUp?.[0],
    trivy: trivyOutcome(result.followUp?.[1], result.byKind),
  };
}

/** A read's reports: its follow-up's index, asked about the objects read. */
function trivyOutcome(
  index: TrivyIndex | undefined,
  byKind: ReadonlyMap<LiveKind, KubernetesObject[]>,
): TrivyOutcome | undefined {
  return index?.outcome([...allObjects(byKind)]);
}
