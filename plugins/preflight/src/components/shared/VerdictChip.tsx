import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import Cancel from '@material-ui/icons/Cancel';
import HelpOutline from '@material-ui/icons/HelpOutline';
import type { ReadinessVerdict } from '@preflight/plugin-preflight-common';
import { VERDICT_LABEL } from './format';

const useStyles = makeStyles(theme => ({
  ready: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  'not-ready': {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  icon: { color: 'inherit' },
}));

const ICONS = {
  ready: CheckCircle,
  'not-ready': Cancel,
  unknown: HelpOutline,
};

/** The verdict of an environment: `Ready`, `Not ready` or `Unknown`. */
export function VerdictChip(props: {
  verdict: ReadinessVerdict;
  size?: 'small' | 'medium';
}) {
  const classes = useStyles();
  const Icon = ICONS[props.verdict] ?? HelpOutline;
  return (
    <Chip
      size={props.size ?? 'small'}
      className={classes[props.verdict]}
      icon={<Icon className={classes.icon} />}
      label={VERDICT_LABEL[props.verdict] ?? props.verdict}
      data-verdict={props.verdict}
    />
  );
}
