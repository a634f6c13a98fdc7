import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SourceState } from '@preflight/plugin-preflight-common';
import { sourceStateText } from './format';

const useStyles = makeStyles(theme => ({
  root: { display: 'flex', alignItems: 'flex-start', gap: theme.spacing(0.5) },
  text: { overflowWrap: 'anywhere' },
  error: { color: theme.palette.error.main, fontWeight: 500 },
}));

function StatusIcon({ status }: { status: SourceState['status'] }) {
  switch (status) {
    case 'ok':
      return <StatusOK />;
    case 'not-deployed':
      return <StatusWarning />;
    case 'not-configured':
      return <StatusPending />;
    default:
      return <StatusError />;
  }
}

/**
 * One source's state, said for what it is: an error is an error (with its typed reason), never
 * an empty result; "not configured" and "not deployed" are distinct. With a `label` the text
 * reads e.g. `Live: Error (Unauthorized)`.
 */
export function SourceStatus(props: {
  state: SourceState;
  label?: string;
  /** Hide the detail line (message or location); it stays in the tooltip. */
  compact?: boolean;
}) {
  const { state, label, compact } = props;
  const classes = useStyles();
  const detail = state.error?.message ?? state.message ?? state.location ?? '';
  const text = `${label ? `${label}: ` : ''}${sourceStateText(state)}`;
  return (
    <Tooltip title={detail}>
      <div className={classes.root}>
        <StatusIcon status={state.status} />
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
        </div>
      </div>
    </Tooltip>
  );
}
