import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  PodSummary,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  podProblemsText,
  podSummaryText,
  sourceStateText,
  watchedText,
} from './format';
import { unreadKindsText } from './UnreadKinds';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'flex-start', gap: theme.spacing(0.5) },
  text: { overflowWrap: 'anywhere' },
  error: { color: theme.palette.error.main, fontWeight: 500 },
}));

function StatusIcon({ state }: { state: SourceState }) {
  switch (state.status) {
    case 'ok':
      return state.unreadKinds?.length ? <StatusWarning /> : <StatusOK />;
    case 'not-deployed':
      return <StatusWarning />;
    case 'not-configured':
      return <StatusPending />;
    default:
      return <StatusError />;
  }
}

/**
 * The pods of a state, counted (the backend lists them only on demand): `3,000 pods: 2,993 Running,
 * 5 Pending; 14 not Ready; 112 restarts`, then the distinct problems with an example pod each.
 */
function PodSummaryLine({ pods }: { pods: PodSummary }) {
  const classes = useStyles();
  const problems = podProblemsText(pods);
  return (
    <>
      <Typography
        variant="caption"
        color="textSecondary"
        display="block"
        data-testid="pod-summary"
      >
        {podSummaryText(pods)}
      </Typography>
      {problems && (
        <Typography
          variant="caption"
          display="block"
          className={classes.error}
          data-testid="pod-problems"
          title={pods.problems
            .map(p => `${p.problem}: e.g. pod ${p.example}`)
            .join(' · ')}
        >
          {problems}
        </Typography>
      )}
    </>
  );
}

/**
 * One source's state, said for what it is: an error is an error (with its typed reason), never
 * an empty result; "not configured" and "not deployed" are distinct. With a `label` the text
 * reads e.g. `Live: Error (Unauthorized)`. Kinds that could not be read in an `ok` state are
 * named: `Live: OK (9 objects) · Secret not read`. Pods are counted (see `SourceState.pods`). A
 * state the backend answered from its watch cache says how fresh it is: `watched, as of 3 s ago`.
 */
export function SourceStatus(props: {
  state: SourceState;
  label?: string;
  /** Hide the detail line (message or location); it stays in the tooltip. */
  compact?: boolean;
}) {
  const { state, label, compact } = props;
  const classes = useStyles();
  const unread = state.status === 'ok' ? state.unreadKinds ?? [] : [];
  const pods = state.status === 'ok' ? state.pods : undefined;
  const detail = [
    state.error?.message ?? state.message ?? state.location ?? '',
    unread.length ? `Not read: ${unreadKindsText(unread)}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const text = `${label ? `${label}: ` : ''}${sourceStateText(state)}${
    unread.length ? ` · ${unread.map(u => u.kind).join(', ')} not read` : ''
  }`;
  return (
    <Tooltip title={detail}>
      <div className={classes.root}>
        <StatusIcon state={state} />
        <div className={classes.text}>
          <Typography
            variant="body2"
            component="span"
            className={state.status === 'error' ? classes.error : undefined}
          >
            {text}
          </Typography>
          {detail && !compact && (
            <Typography variant="caption" color="textSecondary" display="block">
              {detail}
            </Typography>
          )}
          {state.watchCache && (
            <Typography
              variant="caption"
              color="textSecondary"
              display="block"
              data-testid="watched"
              title={`Answered from the backend's watch cache, kept current by the cluster's events; confirmed at ${state.watchCache.observedAt}`}
            >
              {watchedText(state.watchCache.observedAt)}
            </Typography>
          )}
          {pods && <PodSummaryLine pods={pods} />}
        </div>
      </div>
    </Tooltip>
  );
}
