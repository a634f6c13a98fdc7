import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { getCompoundEntityRef, type Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import LinearProgress from '@material-ui/core/LinearProgress';
import Switch from '@material-ui/core/Switch';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  EntityParityResponse,
  ParityReport,
} from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../../api/PreflightApi';
import { errorMessage } from '../../api/errorMessage';
import { PreflightEntityView } from '../shared/NotSetUp';
import { RefreshButton } from '../shared/RefreshButton';
import { environmentStatusText } from '../shared/format';
import { UnreadKindsAlert } from '../shared/UnreadKinds';
import { UserTokenAlerts } from '../shared/UserTokenAlerts';
import {
  needsOfParity,
  readOptions,
  useKubernetesUserTokens,
} from '../../hooks/useKubernetesUserTokens';
import { ImagePromotionPanel } from './ImagePromotionPanel';
import { isRowVisible, ParityMatrix } from './ParityMatrix';

/** Which state is compared. */
export type ParitySource = 'desired' | 'live' | 'desired-vs-live';

const SOURCES: Array<{ id: ParitySource; label: string; help: string }> = [
  {
    id: 'desired',
    label: 'Desired',
    help: 'The GitOps manifests of each environment, compared across environments',
  },
  {
    id: 'live',
    label: 'Live',
    help: 'What runs in the clusters, compared across environments',
  },
  {
    id: 'desired-vs-live',
    label: 'Desired vs live',
    help: 'Per environment: the manifests against what runs in the cluster',
  },
];

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(2),
  },
  section: { marginBottom: theme.spacing(3) },
  counts: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    listStyle: 'none',
    padding: 0,
    margin: theme.spacing(1, 0, 2),
  },
  count: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1.5),
  },
  drift: { color: theme.palette.error.main, fontWeight: 600 },
}));

/** The source shown first: live state when a cluster could be read, else the manifests. */
export function defaultSource(parity: EntityParityResponse): ParitySource {
  return parity.live.environments.some(e => e.available) ? 'live' : 'desired';
}

function PairCounts({ report }: { report: ParityReport }) {
  const classes = useStyles();
  const title = (name: string) =>
    report.environments.find(e => e.name === name)?.title ?? name;
  if (report.summary.pairs.length === 0) return null;
  return (
    <ul className={classes.counts} aria-label="Differences per pair">
      {report.summary.pairs.map(pair => (
        <li
          key={`${pair.from}-${pair.to}`}
          className={classes.count}
          data-testid={`pair-${pair.from}-${pair.to}`}
        >
          <Typography variant="body2" component="span">
            {title(pair.from)} → {title(pair.to)}:{' '}
            <span className={pair.drift ? classes.drift : undefined}>
              {pair.drift} drift
            </span>{' '}
            · {pair.expected} expected · {pair.same} identical
          </Typography>
        </li>
      ))}
    </ul>
  );
}

function ReportView(props: {
  report: ParityReport;
  showIdentical: boolean;
  /** What the columns are (environments, or desired and live). */
  columnsAre: 'environments' | 'sources';
  /** With `sources`: the environment whose desired and live states are compared. */
  environment?: { name: string; title: string };
}) {
  const { report, showIdentical, columnsAre, environment } = props;
  const classes = useStyles();
  const unavailable = report.environments.filter(e => !e.available);
  const available = report.environments.length - unavailable.length;
  const visible = report.rows.filter(r => isRowVisible(r, showIdentical));

  return (
    <>
      {unavailable.length > 0 && (
        <Alert
          severity={
            unavailable.some(e => e.unavailable?.status === 'error')
              ? 'error'
              : 'info'
          }
          style={{ marginBottom: 16 }}
        >
          Not compared:{' '}
          {unavailable
            .map(
              e =>
                `${e.title} (${environmentStatusText(
                  e.unavailable?.status ?? 'unknown',
                  e.unavailable?.reason,
                )})`,
            )
            .join(', ')}
          .
          {available < 2 &&
            ` Fewer than two ${
              columnsAre === 'environments' ? 'environments' : 'sources'
            } could be read, so nothing can be compared.`}
        </Alert>
      )}
      <UnreadKindsAlert
        environments={report.environments.map(e =>
          environment ? { ...e, title: `${environment.title} (${e.name})` } : e,
        )}
        consequence="Their rows are not compared there: a kind that could not be read is never a difference."
        testIdPrefix={
          environment ? `unread-kinds-${environment.name}` : 'unread-kinds'
        }
      />
      {available > 0 && (
        <div className={classes.section}>
          <Typography variant="subtitle1" component="h3">
            Image promotion
          </Typography>
          <ImagePromotionPanel report={report} />
        </div>
      )}
      {available > 1 && (
        <div>
          <Typography variant="subtitle1" component="h3">
            Differences
          </Typography>
          <Typography variant="body2" color="textSecondary">
            {report.summary.drift} drift · {report.summary.expected} expected ·{' '}
            {report.summary.same} identical · {report.summary.rows} attributes
          </Typography>
          <PairCounts report={report} />
        </div>
      )}
      {report.rows.length > 0 && visible.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No differences: all {report.rows.length} attributes are identical.
        </Typography>
      ) : null}
      {visible.length > 0 && (
        <ParityMatrix report={report} showIdentical={showIdentical} />
      )}
    </>
  );
}

function DesiredVsLiveView(props: {
  parity: EntityParityResponse;
  showIdentical: boolean;
}) {
  const { parity, showIdentical } = props;
  const classes = useStyles();
  const title = (name: string) =>
    parity.desired.environments.find(e => e.name === name)?.title ??
    parity.live.environments.find(e => e.name === name)?.title ??
    name;
  if (parity.desiredVsLive.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments.
      </Typography>
    );
  }
  return (
    <>
      {parity.desiredVsLive.map(entry => (
        <section
          key={entry.environment}
          className={classes.section}
          aria-label={title(entry.environment)}
        >
          <Typography variant="h6" component="h3">
            {title(entry.environment)}
          </Typography>
          {entry.report ? (
            <ReportView
              report={entry.report}
              showIdentical={showIdentical}
              columnsAre="sources"
              environment={{
                name: entry.environment,
                title: title(entry.environment),
              }}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              Not compared: {entry.unavailable ?? 'no report'}.
            </Typography>
          )}
        </section>
      ))}
    </>
  );
}

function Environments({ entity }: { entity: Entity }) {
  const api = useApi(preflightApiRef);
  const classes = useStyles();
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  // The user's tokens for clusters read with them (google, oidc, aks), once signed in.
  const auth = useKubernetesUserTokens();
  const { tokens } = auth;
  const initial = useAsync(
    async () => api.getEntityParity(entityRef, ...readOptions(await tokens())),
    [api, entityRef, tokens],
  );
  const [data, setData] = useState<EntityParityResponse>();
  const [source, setSource] = useState<ParitySource>();
  const [showIdentical, setShowIdentical] = useState(false);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>();
  const parity = data ?? initial.value;

  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      setData(
        await api.getEntityParity(
          entityRef,
          ...readOptions(await tokens(), { refresh: true }),
        ),
      );
    } catch (e) {
      setRefreshError(e);
    } finally {
      setRefreshing(false);
    }
  };

  /** After a sign-in: reads the parity again, with the new token. */
  const reloadWithTokens = async () => {
    try {
      setData(
        await api.getEntityParity(entityRef, ...readOptions(await tokens())),
      );
    } catch (e) {
      setRefreshError(e);
    }
  };

  if (initial.loading && !parity) return <Progress />;
  if (initial.error && !parity) {
    return <ResponseErrorPanel error={initial.error} />;
  }
  if (!parity) return null;

  const current = source ?? defaultSource(parity);
  const noEnvironments =
    parity.desired.environments.length === 0 &&
    parity.live.environments.length === 0;

  return (
    <InfoCard
      title="Environment parity"
      subheader="The same component across the promotion path: drift highlighted, expected differences muted"
      action={
        <RefreshButton
          label="Refresh"
          refreshing={refreshing}
          onClick={refresh}
        />
      }
    >
      {refreshing && (
        <LinearProgress
          aria-label="Reading every source again"
          style={{ marginBottom: 16 }}
        />
      )}
      {refreshError !== undefined && (
        <Alert severity="error" style={{ marginBottom: 16 }}>
          Refresh failed: {errorMessage(refreshError)}
        </Alert>
      )}
      <UserTokenAlerts
        environments={needsOfParity(parity.live)}
        auth={auth}
        onSignedIn={reloadWithTokens}
      />
      {noEnvironments ? (
        <Typography variant="body2" color="textSecondary">
          No environments: configure preflight.environments in app-config.yaml
          to define the promotion path.
        </Typography>
      ) : (
        <>
          <div className={classes.toolbar}>
            <ButtonGroup
              size="small"
              color="primary"
              aria-label="Source of the state"
            >
              {SOURCES.map(s => (
                <Button
                  key={s.id}
                  title={s.help}
                  aria-pressed={current === s.id}
                  variant={current === s.id ? 'contained' : 'outlined'}
                  onClick={() => setSource(s.id)}
                >
                  {s.label}
                </Button>
              ))}
            </ButtonGroup>
            <FormControlLabel
              control={
                <Switch
                  checked={showIdentical}
                  onChange={e => setShowIdentical(e.target.checked)}
                  color="primary"
                />
              }
              label="Show identical rows"
            />
          </div>
          <Box>
            {current === 'desired-vs-live' ? (
              <DesiredVsLiveView
                parity={parity}
                showIdentical={showIdentical}
              />
            ) : (
              <ReportView
                report={current === 'live' ? parity.live : parity.desired}
                showIdentical={showIdentical}
                columnsAre="environments"
              />
            )}
          </Box>
        </>
      )}
    </InfoCard>
  );
}

/**
 * The "Environments" entity content: the component compared across the environments of the
 * promotion path (desired, live, or desired against live), drift separated from expected
 * differences, and image promotion at a glance.
 *
 * @public
 */
export function EnvironmentsContent() {
  return <PreflightEntityView view={Environments} />;
}
