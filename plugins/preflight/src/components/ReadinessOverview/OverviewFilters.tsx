import Button from '@material-ui/core/Button';
import Paper from '@material-ui/core/Paper';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import type {
  PreflightEnvironment,
  CheckDefinition,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';
import type { useOverviewFilters } from '../../hooks';
import { VERDICT_LABEL } from '../shared/format';

export const VERDICTS: ReadinessVerdict[] = ['ready', 'not-ready', 'unknown'];

const useStyles = makeStyles(theme => ({
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    padding: theme.spacing(2),
    marginBottom: theme.spacing(2),
    alignItems: 'flex-end',
  },
  filter: { minWidth: 180 },
}));

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

function FilterText(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const classes = useStyles();
  return (
    <TextField
      id={`preflight-filter-${props.label.toLowerCase()}`}
      className={classes.filter}
      label={props.label}
      placeholder={props.placeholder}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      InputLabelProps={{ shrink: true }}
      size="small"
    />
  );
}

/** The filter form of the readiness overview; its state is `useOverviewFilters`. */
export function OverviewFilters(props: {
  state: ReturnType<typeof useOverviewFilters>;
  checks: CheckDefinition[];
  environments: PreflightEnvironment[];
}) {
  const { state, checks, environments } = props;
  const { form, typed, setText, setSelect } = state;
  const classes = useStyles();
  return (
    <Paper className={classes.filters} role="search" aria-label="Filters">
      <FilterText
        label="Owner"
        placeholder="checkout-team"
        value={typed.owner}
        onChange={setText('owner')}
      />
      <FilterText
        label="System"
        placeholder="shop"
        value={typed.system}
        onChange={setText('system')}
      />
      <FilterText
        label="Lifecycle"
        placeholder="production"
        value={typed.lifecycle}
        onChange={setText('lifecycle')}
      />
      <FilterSelect
        label="Environment"
        value={form.environment}
        onChange={setSelect('environment')}
        options={environments.map(e => ({ value: e.name, label: e.title }))}
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
        options={checks.map(c => ({ value: c.id, label: c.title }))}
      />
      {state.anyFilter && (
        <Button size="small" onClick={state.clearFilters}>
          Clear filters
        </Button>
      )}
    </Paper>
  );
}
