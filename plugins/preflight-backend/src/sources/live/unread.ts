/**
 * Kinds a live read could not read while the rest of the environment was read.
 *
 * A 403 (`FORBIDDEN`: the role does not grant `list` on the resource) or a 404 (`NOT_SERVED`: the
 * cluster does not serve the resource at this group/version — a built-in kind of another API
 * version, or a custom resource that discovery announced but whose list is not found) on one
 * kind's list does not fail the environment: the kind is reported in `unreadKinds` and the others
 * are read. A custom resource whose group/version is absent from the API discovery is not an
 * unread kind: the cluster has no such API, so it holds no such objects.
 *
 * When no kind could be read at all, the environment is in error (`FORBIDDEN` when a kind was
 * denied, else `NOT_FOUND`): nothing was read, so nothing can be said.
 */
import type {
  UnreadKind,
  UnreadKindReason,
} from '@preflight/plugin-preflight-common';
import type { LiveKind } from './kinds';
import { LiveReadError } from './transport';

/** The reason a list answer with this status makes its kind unread, if it does. */
export function unreadReasonOf(status: number): UnreadKindReason | undefined {
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_SERVED';
  return undefined;
}

/** An unread kind from the typed error its list answer gave (message as for an error state). */
export function unreadKind(
  kind: LiveKind,
  reason: UnreadKindReason,
  error: LiveReadError,
): UnreadKind {
  return {
    kind: kind.kind,
    apiVersion: kind.apiVersion,
    reason,
    message: error.message,
  };
}

/** `Secret (v1): FORBIDDEN, PodMonitor (monitoring.coreos.com/v1): NOT_SERVED` */
export function describeUnreadKinds(unread: readonly UnreadKind[]): string {
  return unread.map(u => `${u.kind} (${u.apiVersion}): ${u.reason}`).join(', ');
}

/** The error of a read in which every kind listed was unread. */
export function nothingReadError(unread: readonly UnreadKind[]): LiveReadError {
  const first = unread.find(u => u.reason === 'FORBIDDEN') ?? unread[0];
  const others = unread.length - 1;
  return new LiveReadError(
    first.reason === 'FORBIDDEN' ? 'FORBIDDEN' : 'NOT_FOUND',
    `${first.message}${
      others > 0
        ? ` (and ${others} other kind${
            others === 1 ? '' : 's'
          }: no kind could be read)`
        : ''
    }`,
  );
}
