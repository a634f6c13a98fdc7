import { ReactNode } from 'react';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ReadinessOverviewRow,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';
import {
  useOverviewFilters,
  useReadinessOptions,
  useReadinessOverview,
} from '../../hooks';
import { VerdictChip } from '../shared/VerdictChip';
import { formatDateTime, relativeTime, shortRef } from '../shared/format';
import { useDeployReadinessLink } from '../shared/links';
import { OverviewFilters, VERDICTS } from './OverviewFilters';

export {
  toEntityRef,
  toOverviewFilters,
  type OverviewFilterValues,
} from '../../hooks';

export const PAGE_SIZES = [10, 25, 50, 100];

const useStyles = makeStyles(theme => ({
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(3),
  },
  count: {
    minWidth: 160,
    padding: theme.spacing(1.5, 2),
    textAlign: 'left',
    textTransform: 'none',
    justifyContent: 'flex-start',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    background: theme.palette.background.paper,
  },
  countActive: {
    borderColor: theme.palette.primary.main,
    boxShadow: `inset 0 -3px 0 ${theme.palette.primary.main}`,
  },
  countInner: { display: 'flex', flexDirection: 'column', gap: 4 },
  checks: { display: 'flex', flexWrap: 'wrap', gap: 4 },
  nowrap: { whiteSpace: 'nowrap' },
  table: { '& th': { whiteSpace: 'nowrap' } },
  muted: { color: theme.palette.text.secondary },
}));

function CountTile(props: {
  verdict: ReadinessVerdict;
  count: number | undefined;
  active: boolean;
  onClick: () => void;
}) {
  const classes = useStyles();
  return (
    <Button
      className={`${classes.count} ${props.active ? classes.countActive : ''}`}
      aria-pressed={props.active}
      onClick={props.onClick}
      data-testid={`count-${props.verdict}`}
    >
      <span className={classes.countInner}>
        <VerdictChip verdict={props.verdict} />
        <Typography variant="h4" component="span">
          {props.count ?? '–'}
        </Typography>
      </span>
    </Button>
  );
}

function FailingChecks(props: {
  row: ReadinessOverviewRow;
  checkTitle: (id: string) => string;
}) {
  const { row, checkTitle } = props;
  const classes = useStyles();
  if (row.failingChecks.length === 0 && row.unknownChecks.length === 0) {
    return <span className={classes.muted}>—</span>;
  }
  return (
    <span className={classes.checks}>
      {row.failingChecks.map(id => (
        <Chip
          key={`fail-${id}`}
          size="small"
          variant="outlined"
          color="secondary"
          label={checkTitle(id)}
        />
      ))}
      {row.unknownChecks.map(id => (
        <Tooltip key={`unknown-${id}`} title="Could not be decided">
          <Chip
            size="small"
            variant="outlined"
            label={`${checkTitle(id)} (unknown)`}
          />
        </Tooltip>
      ))}
    </span>
  );
}

/**
 * The catalog-wide readiness overview: counts per verdict, filters, and the latest evaluation of
 * every entity and environment, paged on the server.
 *
 * @public
 */
export function ReadinessOverview() {
  const classes = useStyles();
  const link = useDeployReadinessLink();
  const filterState = useOverviewFilters();
  const { form, anyFilter, clearFilters } = filterState;
  const options = useReadinessOptions();
  const { checkTitle, environmentTitle } = options;
  const { result, page, pageSize, setPage, changePageSize } =
    useReadinessOverview(filterState.filters);

  let body: ReactNode;
  if (result.error) {
    body = <ResponseErrorPanel error={result.error} />;
  } else if (!result.value) {
    body = <Progress />;
  } else if (result.value.totalCount === 0 && !anyFilter) {
    body = (
      <EmptyState
        missing="data"
        title="No evaluations yet"
        description="The catalog is evaluated periodically by the Preflight backend; entities with the Kubernetes or preflight.dev/manifests annotations appear here after their first evaluation. Re-evaluating an entity on its Deploy readiness tab records one at once."
      />
    );
  } else {
    const { items, totalCount } = result.value;
    body = (
      <Paper>
        {result.loading && <LinearProgress aria-label="Loading" />}
        <Table
          size="small"
          aria-label="Readiness of the catalog"
          className={classes.table}
        >
          <TableHead>
            <TableRow>
              <TableCell>Entity</TableCell>
              <TableCell>Environment</TableCell>
              <TableCell>Verdict</TableCell>
              <TableCell align="right">Score</TableCell>
              <TableCell>Failing checks</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Evaluated</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.length === 0 && (
              <TableRow>
                <TableCell colSpan={7}>
                  <Typography variant="body2" color="textSecondary">
                    No evaluation matches the filters.{' '}
                    <Button size="small" color="primary" onClick={clearFilters}>
                      Clear filters
                    </Button>
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {items.map(row => (
              <TableRow
                key={`${row.entityRef}|${row.environment}`}
                data-testid={`row-${row.name}-${row.environment}`}
              >
                <TableCell>
                  <Link to={link(row.entityRef, row.environment)}>
                    {row.title ?? row.name}
                  </Link>
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    display="block"
                  >
                    {[
                      shortRef(row.entityRef),
                      shortRef(row.system),
                      row.lifecycle,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography>
                </TableCell>
                <TableCell className={classes.nowrap}>
                  {environmentTitle(row.environment)}
                </TableCell>
                <TableCell>
                  <VerdictChip verdict={row.verdict} />
                </TableCell>
                <TableCell align="right">{row.score}</TableCell>
                <TableCell>
                  <FailingChecks row={row} checkTitle={checkTitle} />
                </TableCell>
                <TableCell>{shortRef(row.owner) ?? '—'}</TableCell>
                <TableCell className={classes.nowrap}>
                  <Tooltip title={formatDateTime(row.evaluatedAt)}>
                    <span>{relativeTime(row.evaluatedAt)}</span>
                  </Tooltip>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        <TablePagination
          component="div"
          count={totalCount}
          page={page}
          rowsPerPage={pageSize}
          rowsPerPageOptions={PAGE_SIZES}
          onPageChange={(_e, p) => setPage(p)}
          onRowsPerPageChange={e => changePageSize(Number(e.target.value))}
        />
      </Paper>
    );
  }

  const counts = result.value?.counts;
  return (
    <>
      <div className={classes.counts} aria-label="Evaluations per verdict">
        {VERDICTS.map(verdict => (
          <CountTile
            key={verdict}
            verdict={verdict}
            count={counts ? counts[verdict] ?? 0 : undefined}
            active={form.verdict === verdict}
            onClick={() => filterState.toggleVerdict(verdict)}
          />
        ))}
      </div>
      <OverviewFilters
        state={filterState}
        checks={options.checks}
        environments={options.environments}
      />
      {body}
    </>
  );
}
