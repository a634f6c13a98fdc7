import { useState } from 'react';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  CheckOutcome,
  CreateWaiverRequest,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import { CHECK_STATUS_LABEL } from '../shared/format';
import { errorMessage } from '../../api/errorMessage';

const useStyles = makeStyles(theme => ({
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: theme.spacing(0, 0, 2),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0 },
  },
}));

/** `YYYY-MM-DD` of a local date. */
function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}`;
}

function addDays(days: number): Date {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date;
}

/** The waiver expires at the end of the chosen (local) day. */
export function expiryFromDay(day: string): string {
  return new Date(`${day}T23:59:59.999`).toISOString();
}

/**
 * Waives one check of one environment: a justification and an expiry date. The backend
 * validates both; its message (which names the field) is shown as is.
 */
export function WaiverDialog(props: {
  check: CheckOutcome;
  environment: PreflightEnvironment;
  onClose: () => void;
  onSubmit: (
    request: Omit<CreateWaiverRequest, 'environment' | 'checkId'>,
  ) => Promise<void>;
}) {
  const { check, environment, onClose, onSubmit } = props;
  const classes = useStyles();
  const [justification, setJustification] = useState('');
  const [day, setDay] = useState(isoDay(addDays(14)));
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string>();

  const submit = async () => {
    setSubmitting(true);
    setError(undefined);
    try {
      await onSubmit({
        justification,
        expiresAt: day ? expiryFromDay(day) : '',
      });
    } catch (e) {
      setError(errorMessage(e));
      setSubmitting(false);
    }
  };

  const titleId = `preflight-waive-${check.id}-title`;
  return (
    <Dialog
      open
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>Waive a check</DialogTitle>
      <DialogContent>
        <dl className={classes.facts}>
          <dt>Check</dt>
          <dd>{check.title}</dd>
          <dt>Environment</dt>
          <dd>{environment.title}</dd>
          <dt>Status</dt>
          <dd>
            {CHECK_STATUS_LABEL[check.status]} — {check.summary}
          </dd>
          <dt>Severity</dt>
          <dd>{check.severity}</dd>
        </dl>
        <Typography variant="body2" color="textSecondary" paragraph>
          While the waiver lasts, this check does not count against the verdict
          of {environment.title}. It stops applying by itself when it expires.
        </Typography>
        {error && (
          <Alert severity="error" role="alert" style={{ marginBottom: 16 }}>
            {error}
          </Alert>
        )}
        <TextField
          id={`preflight-waive-${check.id}-justification`}
          label="Justification"
          required
          multiline
          minRows={3}
          fullWidth
          variant="outlined"
          value={justification}
          onChange={e => setJustification(e.target.value)}
          helperText="Why the check may be waived, and what will fix it (at least 10 characters)."
          margin="normal"
          disabled={submitting}
        />
        <TextField
          id={`preflight-waive-${check.id}-expires`}
          label="Expires on"
          type="date"
          required
          variant="outlined"
          value={day}
          onChange={e => setDay(e.target.value)}
          InputLabelProps={{ shrink: true }}
          inputProps={{ min: isoDay(addDays(1)) }}
          helperText="The waiver applies until the end of this day."
          margin="normal"
          disabled={submitting}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={submitting}>
          Cancel
        </Button>
        <Button
          color="primary"
          variant="contained"
          onClick={submit}
          disabled={submitting}
          startIcon={
            submitting ? <CircularProgress size={16} color="inherit" /> : null
          }
        >
          Waive
        </Button>
      </DialogActions>
    </Dialog>
  );
}
