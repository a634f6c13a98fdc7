import { Fragment } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import type {
  UnreadKind,
  UnreadKindReason,
} from '@preflight/plugin-preflight-common';

export const UNREAD_REASON_TEXT: Record<UnreadKindReason, string> = {
  FORBIDDEN: 'forbidden',
  NOT_SERVED: 'not served by the cluster',
  UNAVAILABLE: 'not available: the listing failed or timed out',
};

/** `Secret (forbidden)`, `PrometheusRule (not served by the cluster)` */
export function unreadKindText(unread: UnreadKind): string {
  const reason =
    (UNREAD_REASON_TEXT as Record<string, string>)[unread.reason] ??
    unread.reason;
  return `${unread.kind} (${reason})`;
}

/** `Secret (forbidden), PrometheusRule (not served by the cluster)` */
export function unreadKindsText(unread: readonly UnreadKind[]): string {
  return unread.map(unreadKindText).join(', ');
}

/** An environment (or a source of one) with the kinds that could not be read there. */
export interface UnreadKindsOf {
  name: string;
  title: string;
  unreadKinds?: readonly UnreadKind[];
}

/**
 * Kinds the live state could not read while the rest of the environment was read, one warning per
 * environment: `Not read in Development: Secret (forbidden), PrometheusRule (not served by the
 * cluster)`. Each kind's message (which names the cluster and what to grant) is in its tooltip,
 * or written out below with `details`. Renders nothing when no environment has unread kinds.
 */
export function UnreadKindsAlert(props: {
  environments: readonly UnreadKindsOf[];
  /** What it means for the view, e.g. `Checks that need these kinds are unknown.` */
  consequence: string;
  /** Write each kind's message out (else it is only in the kind's tooltip). */
  details?: boolean;
  /** `data-testid` of each alert: `<prefix>-<environment name>` (default `unread-kinds`). */
  testIdPrefix?: string;
}) {
  const {
    environments,
    consequence,
    details,
    testIdPrefix = 'unread-kinds',
  } = props;
  const affected = environments.filter(e => e.unreadKinds?.length);
  if (affected.length === 0) return null;
  return (
    <>
      {affected.map(env => {
        const kinds = env.unreadKinds ?? [];
        return (
          <Alert
            key={env.name}
            severity="warning"
            style={{ marginBottom: 16 }}
            data-testid={`${testIdPrefix}-${env.name}`}
          >
            <Typography variant="body2" component="div">
              Not read in {env.title}:{' '}
              {kinds.map((u, i) => (
                <Fragment key={`${u.apiVersion}/${u.kind}`}>
                  {i > 0 && ', '}
                  <Tooltip title={u.message}>
                    <span style={{ fontWeight: 500 }}>{unreadKindText(u)}</span>
                  </Tooltip>
                </Fragment>
              ))}
              . {consequence}
            </Typography>
            {details &&
              kinds.map(u => (
                <Typography
                  key={`${u.apiVersion}/${u.kind}`}
                  variant="caption"
                  component="div"
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {u.kind} ({u.apiVersion}): {u.message}
                </Typography>
              ))}
          </Alert>
        );
      })}
    </>
  );
}
