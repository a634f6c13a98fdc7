import useAsync from 'react-use/esm/useAsync';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  ReadinessHistoryEntry,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../../api/PreflightApi';
import { errorMessage } from '../../api/errorMessage';
import { formatDateTime, relativeTime, VERDICT_LABEL } from '../shared/format';

/** How many evaluations the trend shows. */
export const HISTORY_LIMIT = 30;
/** How many verdict changes are listed. */
const CHANGES_SHOWN = 5;

const useStyles = makeStyles(theme => ({
  svg: { display: 'block', maxWidth: '100%', overflow: 'visible' },
  changes: { listStyle: 'none', margin: theme.spacing(1, 0, 0), padding: 0 },
  change: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    padding: theme.spacing(0.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
  },
}));

export interface VerdictChange {
  from: ReadinessVerdict;
  to: ReadinessVerdict;
  at: string;
  score: number;
}

/** Verdict changes, newest first, from history entries given newest first. */
export function verdictChanges(
  items: ReadinessHistoryEntry[],
): VerdictChange[] {
  const oldestFirst = [...items].reverse();
  const changes: VerdictChange[] = [];
  for (let i = 1; i < oldestFirst.length; i++) {
    const before = oldestFirst[i - 1];
    const after = oldestFirst[i];
    if (before.verdict !== after.verdict) {
      changes.push({
        from: before.verdict,
        to: after.verdict,
        at: after.evaluatedAt,
        score: after.score,
      });
    }
  }
  return changes.reverse();
}

function Sparkline({ items }: { items: ReadinessHistoryEntry[] }) {
  const classes = useStyles();
  const theme = useTheme();
  const points = [...items].reverse(); // oldest first
  const width = 240;
  const height = 48;
  const pad = 4;
  const x = (i: number) =>
    points.length === 1
      ? width / 2
      : pad + (i * (width - 2 * pad)) / (points.length - 1);
  const y = (score: number) =>
    pad +
    ((100 - Math.max(0, Math.min(100, score))) * (height - 2 * pad)) / 100;
  const color: Record<ReadinessVerdict, string> = {
    ready: theme.palette.success.main,
    'not-ready': theme.palette.error.main,
    unknown: theme.palette.warning.main,
  };
  const first = points[0];
  const last = points[points.length - 1];
  const label = `Score over the last ${points.length} evaluation${
    points.length === 1 ? '' : 's'
  }: from ${first.score} to ${last.score}`;
  return (
    <svg
      className={classes.svg}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      <line
        x1={0}
        x2={width}
        y1={y(100)}
        y2={y(100)}
        stroke={theme.palette.divider}
        strokeDasharray="2 3"
      />
      <line
        x1={0}
        x2={width}
        y1={y(0)}
        y2={y(0)}
        stroke={theme.palette.divider}
      />
      {points.length > 1 && (
        <polyline
          fill="none"
          stroke={theme.palette.text.secondary}
          strokeWidth={1.5}
          points={points.map((p, i) => `${x(i)},${y(p.score)}`).join(' ')}
        />
      )}
      {points.map((p, i) => (
        <circle
          key={i}
          cx={x(i)}
          cy={y(p.score)}
          r={3}
          fill={color[p.verdict] ?? theme.palette.text.secondary}
        >
          <title>{`${formatDateTime(p.evaluatedAt)}: ${
            VERDICT_LABEL[p.verdict]
          }, score ${p.score}`}</title>
        </circle>
      ))}
    </svg>
  );
}

/**
 * The readiness history of one environment: the score of each stored evaluation as a sparkline
 * and the last verdict changes.
 */
export function HistoryTrend(props: {
  entityRef: CompoundEntityRef;
  environment: string;
  /** Changes when a new evaluation was recorded, to load the history again. */
  reloadKey?: number;
}) {
  const { entityRef, environment, reloadKey } = props;
  const classes = useStyles();
  const api = useApi(preflightApiRef);
  const { value, loading, error } = useAsync(
    () =>
      api.getEntityHistory(entityRef, { environment, limit: HISTORY_LIMIT }),
    [api, entityRef, environment, reloadKey],
  );

  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <Alert severity="warning">
        The history could not be loaded: {errorMessage(error)}
      </Alert>
    );
  }
  const items = (value?.items ?? []).filter(i => i.environment === environment);
  if (items.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No evaluation recorded yet. Re-evaluate to record one; the catalog is
        also evaluated periodically.
      </Typography>
    );
  }
  const changes = verdictChanges(items);
  const latest = items[0];
  const oldest = items[items.length - 1];
  return (
    <div data-testid="history-trend">
      <Sparkline items={items} />
      <Typography variant="body2" color="textSecondary">
        {items.length} evaluation{items.length === 1 ? '' : 's'} since{' '}
        {formatDateTime(oldest.evaluatedAt)} · score {oldest.score} →{' '}
        {latest.score}
      </Typography>
      <Typography variant="subtitle2" component="h4" style={{ marginTop: 12 }}>
        Verdict changes
      </Typography>
      {changes.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No change in the last {items.length} evaluation
          {items.length === 1 ? '' : 's'}: {VERDICT_LABEL[latest.verdict]}{' '}
          throughout.
        </Typography>
      ) : (
        <ul className={classes.changes} aria-label="Verdict changes">
          {changes.slice(0, CHANGES_SHOWN).map(change => (
            <li key={change.at} className={classes.change}>
              <Typography variant="body2">
                {`${VERDICT_LABEL[change.from]} → ${VERDICT_LABEL[change.to]}`}{' '}
                (score {change.score})
              </Typography>
              <Tooltip title={formatDateTime(change.at)}>
                <Typography variant="body2" color="textSecondary">
                  {relativeTime(change.at)}
                </Typography>
              </Tooltip>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
