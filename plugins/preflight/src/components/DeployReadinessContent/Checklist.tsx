import { useState } from 'react';
import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Collapse from '@material-ui/core/Collapse';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ExpandMore from '@material-ui/icons/ExpandMore';
import ExpandLess from '@material-ui/icons/ExpandLess';
import OpenInNew from '@material-ui/icons/OpenInNew';
import type {
  CheckEvidence,
  CheckOutcome,
} from '@preflight/plugin-preflight-common';
import { CheckStatusIcon } from '../shared/CheckStatusIcon';
import { MarkdownText } from '../shared/MarkdownText';
import {
  CHECK_STATUS_ORDER,
  formatDate,
  formatDateTime,
  objectEvidenceText,
  relativeTime,
  shortRef,
} from '../shared/format';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  row: {
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  problem: { borderLeft: `4px solid ${theme.palette.error.main}` },
  waived: { borderLeft: `4px solid ${theme.palette.info.main}` },
  neutral: { borderLeft: '4px solid transparent' },
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    padding: theme.spacing(1, 1, 1, 1.5),
  },
  main: { flex: 1, minWidth: 0 },
  titleLine: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  summary: { overflowWrap: 'anywhere' },
  details: {
    padding: theme.spacing(0, 2, 2, 6.5),
    '& h6': { marginTop: theme.spacing(1.5) },
  },
  evidence: { margin: 0, paddingLeft: theme.spacing(2.5) },
  mono: { fontFamily: 'monospace', fontSize: '0.85em' },
  waiverBox: {
    marginTop: theme.spacing(1.5),
    padding: theme.spacing(1, 1.5),
    borderRadius: theme.shape.borderRadius,
    border: `1px solid ${theme.palette.info.main}`,
  },
}));

function EvidenceItem({ evidence }: { evidence: CheckEvidence }) {
  const classes = useStyles();
  if (evidence.type === 'link') {
    return (
      <li>
        <Link to={evidence.url} target="_blank" rel="noopener noreferrer">
          {evidence.title}
          <OpenInNew fontSize="inherit" style={{ marginLeft: 4 }} />
        </Link>
      </li>
    );
  }
  return (
    <li>
      <span className={classes.mono}>{objectEvidenceText(evidence)}</span>
    </li>
  );
}

function CheckRow(props: {
  check: CheckOutcome;
  onWaive?: (check: CheckOutcome) => void;
  onRemoveWaiver?: (check: CheckOutcome) => void;
  busy?: boolean;
}) {
  const { check, onWaive, onRemoveWaiver, busy } = props;
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const problem = check.status === 'fail' || check.status === 'unknown';
  const isBlocking = check.severity === 'blocking';
  const detailsId = `preflight-check-${check.id}-details`;
  let border = classes.neutral;
  if (check.waiver) border = classes.waived;
  else if (check.status === 'fail' && check.severity === 'blocking')
    border = classes.problem;

  return (
    <li
      className={`${classes.row} ${border}`}
      data-testid={`check-${check.id}`}
      data-status={check.status}
    >
      <div className={classes.header}>
        <CheckStatusIcon status={check.status} />
        <div className={classes.main}>
          <div className={classes.titleLine}>
            <Typography variant="subtitle1" component="h4">
              {check.title}
            </Typography>
            <Chip
              size="small"
              variant="outlined"
              label={check.severity}
              color={
                problem && isBlocking && !check.waiver ? 'secondary' : 'default'
              }
            />
            {check.waiver && (
              <Tooltip title={check.waiver.justification}>
                <Chip
                  size="small"
                  color="primary"
                  label={`Waived until ${formatDate(check.waiver.expiresAt)}`}
                />
              </Tooltip>
            )}
          </div>
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.summary}
          >
            {check.summary}
          </Typography>
        </div>
        {problem && !check.waiver && onWaive && (
          <Button
            size="small"
            variant="outlined"
            onClick={() => onWaive(check)}
            disabled={busy}
            aria-label={`Waive ${check.title}`}
          >
            Waive
          </Button>
        )}
        <IconButton
          size="small"
          aria-expanded={open}
          aria-controls={detailsId}
          aria-label={`${open ? 'Hide' : 'Show'} details of ${check.title}`}
          onClick={() => setOpen(o => !o)}
        >
          {open ? <ExpandLess /> : <ExpandMore />}
        </IconButton>
      </div>
      <Collapse in={open} unmountOnExit>
        <div id={detailsId} className={classes.details}>
          {check.details && (
            <>
              <Typography variant="subtitle2" component="h6">
                Details
              </Typography>
              <MarkdownText content={check.details} />
            </>
          )}
          {check.evidence && check.evidence.length > 0 && (
            <>
              <Typography variant="subtitle2" component="h6">
                Evidence
              </Typography>
              <ul className={classes.evidence}>
                {check.evidence.map((e, i) => (
                  <EvidenceItem key={i} evidence={e} />
                ))}
              </ul>
            </>
          )}
          {check.remediation && (
            <>
              <Typography variant="subtitle2" component="h6">
                How to fix
              </Typography>
              <MarkdownText content={check.remediation} />
            </>
          )}
          {!check.details &&
            !check.remediation &&
            !(check.evidence && check.evidence.length) && (
              <Typography variant="body2" color="textSecondary">
                No further details.
              </Typography>
            )}
          {check.evaluated && (
            <Typography
              variant="caption"
              color="textSecondary"
              component="p"
              data-testid="evaluated"
            >
              Evaluated {check.evaluated.count.toLocaleString('en-US')}{' '}
              {check.evaluated.subject}
            </Typography>
          )}
          {check.factsReadAt && (
            <Typography variant="caption" color="textSecondary" component="p">
              <Tooltip title={formatDateTime(check.factsReadAt)}>
                <span>Facts read {relativeTime(check.factsReadAt)}</span>
              </Tooltip>
            </Typography>
          )}
          {check.waiver && (
            <div className={classes.waiverBox} data-testid="waiver">
              <Typography variant="body2">
                <strong>
                  Waived until {formatDate(check.waiver.expiresAt)}
                </strong>{' '}
                by {shortRef(check.waiver.createdBy)} on{' '}
                {formatDate(check.waiver.createdAt)}
              </Typography>
              <Typography variant="body2">
                {check.waiver.justification}
              </Typography>
              {onRemoveWaiver && (
                <Box mt={1}>
                  <Button
                    size="small"
                    onClick={() => onRemoveWaiver(check)}
                    disabled={busy}
                  >
                    Remove waiver
                  </Button>
                </Box>
              )}
            </div>
          )}
        </div>
      </Collapse>
    </li>
  );
}

/**
 * The checklist of one environment: problems first, each check with its status, severity and
 * summary; details, evidence, remediation, facts' age and waiver when expanded.
 */
export function Checklist(props: {
  checks: CheckOutcome[];
  onWaive?: (check: CheckOutcome) => void;
  onRemoveWaiver?: (check: CheckOutcome) => void;
  busy?: boolean;
}) {
  const classes = useStyles();
  const sorted = props.checks
    .map((check, index) => ({ check, index }))
    .sort(
      (a, b) =>
        (CHECK_STATUS_ORDER[a.check.status] ?? 9) -
          (CHECK_STATUS_ORDER[b.check.status] ?? 9) || a.index - b.index,
    )
    .map(({ check }) => check);
  if (sorted.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No checks apply to this environment.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Checklist">
      {sorted.map(check => (
        <CheckRow
          key={check.id}
          check={check}
          onWaive={props.onWaive}
          onRemoveWaiver={props.onRemoveWaiver}
          busy={props.busy}
        />
      ))}
    </ul>
  );
}
