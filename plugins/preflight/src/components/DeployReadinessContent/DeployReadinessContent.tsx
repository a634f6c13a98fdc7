import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { Entity } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { CheckOutcome, Waiver } from '@preflight/plugin-preflight-common';
import { useEntityReadiness, type LoadedReadiness } from '../../hooks';
import { errorMessage } from '../../api/errorMessage';
import { PreflightEntityView } from '../shared/NotSetUp';
import { RefreshButton } from '../shared/RefreshButton';
import { sourceStateText } from '../shared/format';
import { UnreadKindsAlert, type UnreadKindsOf } from '../shared/UnreadKinds';
import { UserTokenAlerts } from '../shared/UserTokenAlerts';
import { Checklist } from './Checklist';
import { HistoryTrend } from './HistoryTrend';
import {
  EnvironmentView,
  hasSourceError,
  PromotionPath,
} from './PromotionPath';
import { WaiverDialog } from './WaiverDialog';
import { WaiversList } from './WaiversList';

/** The environments in promotion order, with their state and readiness. */
function environmentViews(data: LoadedReadiness): EnvironmentView[] {
  const views: EnvironmentView[] = data.states.map(state => ({
    environment: state.environment,
    state,
    readiness: data.readiness.environments.find(
      r => r.environment === state.environment.name,
    ),
  }));
  for (const readiness of data.readiness.environments) {
    if (!views.some(v => v.environment.name === readiness.environment)) {
      views.push({
        environment: {
          name: readiness.environment,
          title: readiness.environment,
        },
        readiness,
      });
    }
  }
  return views;
}

function sourceErrors(view: EnvironmentView): string[] {
  const errors: string[] = [];
  if (view.state?.live.status === 'error') {
    errors.push(`Live: ${sourceStateText(view.state.live)}`);
  }
  if (view.state?.desired.status === 'error') {
    errors.push(`Desired: ${sourceStateText(view.state.desired)}`);
  }
  return errors;
}

/** The kinds the live state of each environment could not read (the rest was read). */
function liveUnreadKinds(views: EnvironmentView[]): UnreadKindsOf[] {
  return views.map(v => ({
    name: v.environment.name,
    title: v.environment.title,
    unreadKinds:
      v.state?.live.status === 'ok' ? v.state.live.unreadKinds : undefined,
  }));
}

const UNREAD_CONSEQUENCE =
  'Everything else was read; the checks that need these kinds say so.';

function EnvironmentErrorAlert({ view }: { view: EnvironmentView }) {
  const { state } = view;
  if (!state || !hasSourceError(view)) return null;
  return (
    <Alert severity="error" style={{ marginBottom: 16 }}>
      <AlertTitle>
        {view.environment.title} could not be read completely
      </AlertTitle>
      {[
        { label: 'Live', source: state.live },
        { label: 'Desired', source: state.desired },
      ]
        .filter(s => s.source.status === 'error')
        .map(s => (
          <Typography variant="body2" key={s.label}>
            <strong>
              {s.label}: {sourceStateText(s.source)}
            </strong>
            {s.source.error?.message ? ` — ${s.source.error.message}` : ''}
          </Typography>
        ))}
      <Typography variant="body2">
        Checks that need these facts are unknown, never passed.
      </Typography>
    </Alert>
  );
}

function DeployReadiness({ entity }: { entity: Entity }) {
  const {
    entityRef,
    value: current,
    loading,
    error,
    reevaluate,
    refreshing,
    refreshError,
    historyKey,
    waivers,
    busy,
    actionError,
    clearActionError,
    removeWaiver,
    createWaiver,
    reloadAfterWaiver,
    auth,
    needingToken,
    reloadWithTokens,
  } = useEntityReadiness(entity);

  // `?environment=production` (links from the card and the overview) selects an environment.
  const [searchParams] = useSearchParams();
  const [selected, setSelected] = useState<string | undefined>(
    () => searchParams.get('environment') ?? undefined,
  );
  const [waiving, setWaiving] = useState<CheckOutcome>();

  if (loading && !current) {
    return <Progress />;
  }
  if (error && !current) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!current) {
    return null;
  }
  const views = environmentViews(current);
  if (views.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No environments"
        description="Configure preflight.environments in app-config.yaml to define the promotion path."
      />
    );
  }

  const selectedView =
    views.find(v => v.environment.name === selected) ?? views[0];
  const selectedName = selectedView.environment.name;
  const inError = views.filter(hasSourceError);
  const checkTitle = (checkId: string) =>
    current.readiness.environments
      .flatMap(e => e.checks)
      .find(c => c.id === checkId)?.title ?? checkId;
  const environmentTitle = (name: string) =>
    views.find(v => v.environment.name === name)?.environment.title ?? name;

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <InfoCard
          title="Promotion path"
          subheader="Verdict per environment, in promotion order"
          action={
            <RefreshButton
              label="Re-evaluate"
              refreshing={refreshing}
              onClick={reevaluate}
            />
          }
        >
          {refreshing && (
            <LinearProgress
              aria-label="Re-evaluating: reading every source again"
              style={{ marginBottom: 16 }}
            />
          )}
          {refreshError !== undefined && (
            <Alert severity="error" style={{ marginBottom: 16 }}>
              Re-evaluation failed: {errorMessage(refreshError)}
            </Alert>
          )}
          {inError.length > 0 && (
            <Alert severity="warning" style={{ marginBottom: 16 }}>
              {inError.length === views.length
                ? 'No environment could be read completely: '
                : 'Some environments could not be read completely: '}
              {inError
                .map(
                  v => `${v.environment.title} (${sourceErrors(v).join(', ')})`,
                )
                .join('; ')}
              .
              {inError.length < views.length &&
                ' The other environments are evaluated normally.'}
            </Alert>
          )}
          <UserTokenAlerts
            environments={needingToken}
            auth={auth}
            onSignedIn={reloadWithTokens}
          />
          <UnreadKindsAlert
            environments={liveUnreadKinds(views)}
            consequence={UNREAD_CONSEQUENCE}
          />
          <PromotionPath
            views={views}
            evaluatedAt={current.readiness.evaluatedAt}
            selected={selectedName}
            onSelect={setSelected}
          />
        </InfoCard>
      </Grid>
      <Grid
        item
        xs={12}
        md={8}
        role="tabpanel"
        id={`preflight-env-panel-${selectedName}`}
        aria-labelledby={`preflight-env-tab-${selectedName}`}
      >
        <InfoCard
          title={`Checklist: ${selectedView.environment.title}`}
          subheader={
            selectedView.readiness
              ? `${selectedView.readiness.checks.length} checks · problems first`
              : undefined
          }
        >
          <EnvironmentErrorAlert view={selectedView} />
          <UnreadKindsAlert
            environments={liveUnreadKinds([selectedView])}
            consequence={UNREAD_CONSEQUENCE}
            details
            testIdPrefix="unread-kinds-details"
          />
          {actionError && (
            <Alert
              severity="error"
              style={{ marginBottom: 16 }}
              onClose={clearActionError}
            >
              {actionError}
            </Alert>
          )}
          {selectedView.readiness ? (
            <Checklist
              checks={selectedView.readiness.checks}
              onWaive={setWaiving}
              onRemoveWaiver={check =>
                check.waiver && removeWaiver(check.waiver.id)
              }
              busy={busy || refreshing}
            />
          ) : (
            <Typography variant="body2" color="textSecondary">
              {selectedView.environment.title} has not been evaluated.
            </Typography>
          )}
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <Grid container spacing={3} direction="column">
          <Grid item>
            <InfoCard title={`History: ${selectedView.environment.title}`}>
              <HistoryTrend
                entityRef={entityRef}
                environment={selectedName}
                reloadKey={historyKey}
              />
            </InfoCard>
          </Grid>
          <Grid item>
            <InfoCard title="Waivers">
              {waivers.error ? (
                <Alert severity="warning">
                  The waivers could not be loaded: {errorMessage(waivers.error)}
                </Alert>
              ) : (
                <WaiversList
                  waivers={waivers.value ?? ([] as Waiver[])}
                  checkTitle={checkTitle}
                  environmentTitle={environmentTitle}
                  onRemove={w => removeWaiver(w.id)}
                  busy={busy || refreshing}
                />
              )}
            </InfoCard>
          </Grid>
        </Grid>
      </Grid>
      {waiving && (
        <WaiverDialog
          check={waiving}
          environment={selectedView.environment}
          onClose={() => setWaiving(undefined)}
          onSubmit={async request => {
            await createWaiver({
              ...request,
              environment: selectedName,
              checkId: waiving.id,
            });
            setWaiving(undefined);
            await reloadAfterWaiver();
          }}
        />
      )}
    </Grid>
  );
}

/**
 * The "Deploy readiness" entity content: the verdict of every environment of the promotion path,
 * the checklist of the selected one (with waivers), re-evaluation and the history trend.
 *
 * @public
 */
export function DeployReadinessContent() {
  return <PreflightEntityView view={DeployReadiness} />;
}
