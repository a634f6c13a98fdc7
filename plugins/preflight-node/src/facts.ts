import type {
  EnvironmentState,
  KubernetesObject,
  ObjectOrigin,
  UnreadKind,
} from '@preflight/plugin-preflight-common';

/**
 * The objects a check evaluates in an environment: the live state when the cluster answered,
 * else the desired state (manifests), else nothing — with the reason.
 *
 * @public
 */
export type Facts =
  | {
      available: true;
      source: 'live' | 'desired';
      objects: KubernetesObject[];
      origins: ObjectOrigin[];
      readAt?: string;
      /**
       * Kinds the live source could not read (set, possibly empty, by `selectFacts`; always empty
       * for the desired state). A check that needs one of them cannot be decided from these facts.
       */
      unreadKinds?: UnreadKind[];
    }
  | { available: false; reason: string };

/**
 * Picks the facts of an environment. A live source in `error` is never skipped silently: the
 * desired state is used, but the caller can tell from `source`, and when neither source has
 * objects the reason names both.
 *
 * @public
 */
export function selectFacts(
  state: EnvironmentState,
  prefer: 'live' | 'desired' = 'live',
): Facts {
  const order =
    prefer === 'live'
      ? (['live', 'desired'] as const)
      : (['desired', 'live'] as const);
  for (const source of order) {
    const s = state[source];
    if (s.status === 'ok') {
      return {
        available: true,
        source,
        objects: s.objects,
        origins: s.origins ?? [],
        readAt: s.readAt,
        unreadKinds: source === 'live' ? s.unreadKinds ?? [] : [],
      };
    }
  }
  return {
    available: false,
    reason: `no state to evaluate: live ${describe(
      state.live,
    )}, desired ${describe(state.desired)}`,
  };
}

function describe(s: EnvironmentState['live']): string {
  if (s.status === 'error') {
    return `error (${s.error?.reason ?? 'unknown'})`;
  }
  return s.status;
}
