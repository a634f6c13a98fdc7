import { ReactNode, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { useApi } from '@backstage/core-plugin-api';
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
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type {
  ReadinessOverviewFilters,
  ReadinessOverviewRow,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../../api/PreflightApi';
import { VerdictChip } from '../shared/VerdictChip';
import {
  formatDateTime,
  relativeTime,
  shortRef,
  VERDICT_LABEL,
} from '../shared/format';
import { useDeployReadinessLink } from '../shared/links';

export const PAGE_SIZES = [10, 25, 50, 100];
const VERDICTS: ReadinessVerdict[] = ['ready', 'not-ready', 'unknown'];

/** The filter values as typed or chosen in the form. */
export interface OverviewFilterValues {
  owner: string;
  system: string;
  lifecycle: string;
  environment: string;
  verdict: string;
  failingCheck: string;
}

const EMPTY_FILTERS: OverviewFilterValues = {
  owner: '',
  system: '',
  lifecycle: '',
  environment: '',
  verdict: '',
  failingCheck: '',
};

/**
 * `checkout-team` → `group:default/checkout-team`; `ns/team` → `group:ns/team`; a full ref
 * (`user:default/jane`) is kept. The overview matches owner and system as stored entity refs.
 */
export function toEntityRef(value: string, defaultKind: string): string {
  const v = value.trim();
  if (!v || v.includes(':')) return v;
  return v.includes('/')
    ? `${defaultKind}:${v}`
    : `${defaultKind}:default/${v}`;
}

/** The query of `GET /readiness` for the form's values. */
export function toOverviewFilters(
  values: OverviewFilterValues,
): ReadinessOverviewFilters {
  const filters: ReadinessOverviewFilters = {};
  if (values.owner.trim()) filters.owner = toEntityRef(values.owner, 'group');
  if (values.system.trim())
    filters.system = toEntityRef(values.system, 'system');
  if (values.lifecycle.trim()) filters.lifecycle = values.lifecycle.trim();
  if (values.environment) filters.environment = values.environment;
  if (values.verdict) filters.verdict = values.verdict as ReadinessVerdict;
  if (values.failingCheck) filters.failingCheck = values.failingCheck;
  return filters;
}

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
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
    alignItems: 'flex-end',
  },
  filter: { minWidth: 180 },
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

function FilterSelect(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: Array<{ value: string; label: string }>;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      id={`preflight-filter-${props.label.toLowerCase().replace(/\W+/g, '-')}`}
      className={classes.filter}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      size="small"
    >
      <option value="">All</option>
      {props.options.map(o => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </TextField>
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
  const api = useApi(preflightApiRef);
  const classes = useStyles();
  const link = useDeployReadinessLink();

  const [form, setForm] = useState<OverviewFilterValues>(EMPTY_FILTERS);
  // Text filters apply once typing pauses; selects apply at once.
  const [typed, setTyped] = useState(EMPTY_FILTERS);
  useDebounce(() => setForm(f => ({ ...f, ...pickText(typed) })), 400, [
    typed.owner,
    typed.system,
    typed.lifecycle,
  ]);
  const [pageSize, setPageSize] = useState(25);

  const options = useAsync(async () => {
    const [checks, environments] = await Promise.all([
      api.getChecks().catch(() => []),
      api.getEnvironments().catch(() => []),
    ]);
    return { checks, environments };
  }, [api]);

  const filters = toOverviewFilters(form);
  const filtersKey = JSON.stringify(filters);
  // Other filters start again at the first page.
  const [paging, setPaging] = useState({ filtersKey, page: 0 });
  const page = paging.filtersKey === filtersKey ? paging.page : 0;
  const setPage = (p: number) => setPaging({ filtersKey, page: p });
  const result = useAsync(
    () =>
      api.getOverview(filters, { limit: pageSize, offset: page * pageSize }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, filtersKey, page, pageSize],
  );

  const checkTitle = (id: string) =>
    options.value?.checks.find(c => c.id === id)?.title ?? id;
  const environmentTitle = (name: string) =>
    options.value?.environments.find(e => e.name === name)?.title ?? name;

  const setSelect = (key: keyof OverviewFilterValues) => (value: string) =>
    setForm(f => ({ ...f, [key]: value }));
  const setText = (key: 'owner' | 'system' | 'lifecycle') => (value: string) =>
    setTyped(t => ({ ...t, [key]: value }));
  const anyFilter = Object.keys(filters).length > 0;
  const clearFilters = () => {
    setTyped(EMPTY_FILTERS);
    setForm(EMPTY_FILTERS);
  };

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
          onRowsPerPageChange={e => {
            setPageSize(Number(e.target.value));
            setPage(0);
          }}
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
            onClick={() =>
              setForm(f => ({
                ...f,
                verdict: f.verdict === verdict ? '' : verdict,
              }))
            }
          />
        ))}
      </div>
      <Paper className={classes.filters} role="search" aria-label="Filters">
        <TextField
          id="preflight-filter-owner"
          className={classes.filter}
          label="Owner"
          placeholder="checkout-team"
          value={typed.owner}
          onChange={e => setText('owner')(e.target.value)}
          InputLabelProps={{ shrink: true }}
          size="small"
        />
        <TextField
          id="preflight-filter-system"
          className={classes.filter}
          label="System"
          placeholder="shop"
          value={typed.system}
          onChange={e => setText('system')(e.target.value)}
          InputLabelProps={{ shrink: true }}
          size="small"
        />
        <TextField
          id="preflight-filter-lifecycle"
          className={classes.filter}
          label="Lifecycle"
          placeholder="production"
          value={typed.lifecycle}
          onChange={e => setText('lifecycle')(e.target.value)}
          InputLabelProps={{ shrink: true }}
          size="small"
        />
        <FilterSelect
          label="Environment"
          value={form.environment}
          onChange={setSelect('environment')}
          options={(options.value?.environments ?? []).map(e => ({
            value: e.name,
            label: e.title,
          }))}
        />
        <FilterSelect
          label="Verdict"
          value={form.verdict}
          onChange={setSelect('verdict')}
          options={VERDICTS.map(v => ({ value: v, label: VERDICT_LABEL[v] }))}
        />
        <FilterSelect
          label="Failing check"
          value={form.failingCheck}
          onChange={setSelect('failingCheck')}
          options={(options.value?.checks ?? []).map(c => ({
            value: c.id,
            label: c.title,
          }))}
        />
        {anyFilter && (
          <Button size="small" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
      </Paper>
      {body}
    </>
  );
}

function pickText(values: OverviewFilterValues) {
  return {
    owner: values.owner,
    system: values.system,
    lifecycle: values.lifecycle,
  };
}
