import { Fragment, KeyboardEvent, useRef } from 'react';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForward from '@material-ui/icons/ArrowForward';
import type {
  EnvironmentReadiness,
  EnvironmentState,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import { DesiredSourceCaption } from '../shared/DesiredSource';
import { DeliveryCaption } from '../shared/Delivery';
import { SourceStatus } from '../shared/SourceStatus';
import { VerdictChip } from '../shared/VerdictChip';
import { formatDateTime, relativeTime } from '../shared/format';

/** One environment of the promotion path, with what is known about it. */
export interface EnvironmentView {
  environment: PreflightEnvironment;
  state?: EnvironmentState;
  readiness?: EnvironmentReadiness;
}

export function hasSourceError(view: EnvironmentView): boolean {
  return (
    view.state?.live.status === 'error' ||
    view.state?.desired.status === 'error'
  );
}

/** When the older of the environment's two sources was read (the age of its facts). */
export function oldestReadAt(view: EnvironmentView): string | undefined {
  const times = [view.state?.live.readAt, view.state?.desired.readAt]
    .filter((t): t is string => Boolean(t))
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return times[0];
}

export function openProblems(readiness: EnvironmentReadiness | undefined) {
  const checks = readiness?.checks ?? [];
  return {
    failing: checks.filter(c => c.status === 'fail' && !c.waiver).length,
    unknown: checks.filter(c => c.status === 'unknown' && !c.waiver).length,
    waived: checks.filter(c => c.waiver).length,
  };
}

const useStyles = makeStyles(theme => ({
  path: {
    display: 'flex',
    alignItems: 'stretch',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
  },
  arrow: {
    alignSelf: 'center',
    color: theme.palette.text.secondary,
  },
  card: {
    flex: '1 1 220px',
    minWidth: 220,
    maxWidth: 420,
    textAlign: 'left',
    font: 'inherit',
    color: 'inherit',
    cursor: 'pointer',
    background: theme.palette.background.paper,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5, 2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
    '&:hover': { borderColor: theme.palette.text.secondary },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: 2,
    },
  },
  selected: {
    borderColor: theme.palette.primary.main,
    boxShadow: `inset 0 -3px 0 ${theme.palette.primary.main}`,
  },
  errorCard: {
    borderColor: theme.palette.error.main,
    borderLeftWidth: 4,
  },
  titleLine: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
  },
  numbers: { display: 'flex', gap: theme.spacing(1.5), flexWrap: 'wrap' },
}));

function EnvironmentCard(props: {
  view: EnvironmentView;
  evaluatedAt?: string;
  selected: boolean;
  onSelect: () => void;
  tabIndex: number;
  buttonRef: (el: HTMLButtonElement | null) => void;
  onKeyDown: (e: KeyboardEvent<HTMLButtonElement>) => void;
}) {
  const { view, evaluatedAt, selected } = props;
  const classes = useStyles();
  const { readiness, state, environment } = view;
  const problems = openProblems(readiness);
  const error = hasSourceError(view);
  const factsReadAt = oldestReadAt(view);
  const className = [
    classes.card,
    selected ? classes.selected : '',
    error ? classes.errorCard : '',
  ].join(' ');
  return (
    <button
      type="button"
      role="tab"
      id={`preflight-env-tab-${environment.name}`}
      aria-selected={selected}
      aria-controls={`preflight-env-panel-${environment.name}`}
      tabIndex={props.tabIndex}
      className={className}
      onClick={props.onSelect}
      onKeyDown={props.onKeyDown}
      ref={props.buttonRef}
      data-environment={environment.name}
    >
      <span className={classes.titleLine}>
        <Typography variant="h6" component="span">
          {environment.title}
        </Typography>
        {readiness ? (
          <VerdictChip verdict={readiness.verdict} />
        ) : (
          <VerdictChip verdict="unknown" />
        )}
      </span>
      {readiness ? (
        <span className={classes.numbers}>
          <Typography variant="body2" component="span">
            Score <strong>{readiness.score}</strong>/100
          </Typography>
          <Typography variant="body2" component="span" color="textSecondary">
            {problems.failing} failing
            {problems.unknown ? ` · ${problems.unknown} unknown` : ''}
            {problems.waived ? ` · ${problems.waived} waived` : ''}
          </Typography>
        </span>
      ) : (
        <Typography variant="body2" component="span" color="textSecondary">
          Not evaluated
        </Typography>
      )}
      {evaluatedAt && (
        <Tooltip
          title={`Evaluated ${formatDateTime(evaluatedAt)}${
            factsReadAt ? `; facts read ${formatDateTime(factsReadAt)}` : ''
          }`}
        >
          <Typography variant="caption" component="span" color="textSecondary">
            evaluated {relativeTime(evaluatedAt)}
            {factsReadAt ? ` · facts read ${relativeTime(factsReadAt)}` : ''}
          </Typography>
        </Tooltip>
      )}
      {state && (
        <>
          <SourceStatus
            state={state.live}
            label="Live"
            compact={state.live.status !== 'error'}
          />
          <SourceStatus
            state={state.desired}
            label="Desired"
            compact={state.desired.status !== 'error'}
          />
          <DesiredSourceCaption
            renderer={state.desired.renderer}
            location={state.desired.location}
            environment={environment.name}
          />
          <DeliveryCaption
            delivery={state.desired.delivery ?? state.live.delivery}
            environment={environment.name}
          />
        </>
      )}
    </button>
  );
}

/**
 * The verdict of every environment along the promotion path, in order. The cards are the tabs
 * that select the environment whose checklist is shown.
 */
export function PromotionPath(props: {
  views: EnvironmentView[];
  evaluatedAt?: string;
  selected: string;
  onSelect: (environment: string) => void;
}) {
  const { views, selected, onSelect, evaluatedAt } = props;
  const classes = useStyles();
  const refs = useRef<Array<HTMLButtonElement | null>>([]);
  const focus = (index: number) => {
    const i = (index + views.length) % views.length;
    onSelect(views[i].environment.name);
    refs.current[i]?.focus();
  };
  return (
    <div
      className={classes.path}
      role="tablist"
      aria-label="Environments of the promotion path"
    >
      {views.map((view, index) => (
        <Fragment key={view.environment.name}>
          {index > 0 && (
            <ArrowForward className={classes.arrow} aria-hidden="true" />
          )}
          <EnvironmentCard
            view={view}
            evaluatedAt={view.readiness ? evaluatedAt : undefined}
            selected={view.environment.name === selected}
            onSelect={() => onSelect(view.environment.name)}
            tabIndex={view.environment.name === selected ? 0 : -1}
            buttonRef={el => {
              refs.current[index] = el;
            }}
            onKeyDown={e => {
              if (e.key === 'ArrowRight') focus(index + 1);
              else if (e.key === 'ArrowLeft') focus(index - 1);
              else if (e.key === 'Home') focus(0);
              else if (e.key === 'End') focus(views.length - 1);
            }}
          />
        </Fragment>
      ))}
    </div>
  );
}
