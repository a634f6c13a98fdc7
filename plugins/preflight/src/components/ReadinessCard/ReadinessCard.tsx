import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { preflightApiRef } from '../../api/PreflightApi';
import { isPreflightAvailable } from '../../filters';
import { openProblems } from '../DeployReadinessContent/PromotionPath';
import { VerdictChip } from '../shared/VerdictChip';
import { formatDateTime, relativeTime } from '../shared/format';
import { useDeployReadinessLink } from '../shared/links';
import {
  readOptions,
  useKubernetesUserTokens,
} from '../../hooks/useKubernetesUserTokens';

function ReadinessCardBody() {
  const { entity } = useEntity();
  const api = useApi(preflightApiRef);
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const link = useDeployReadinessLink();
  // The tokens of the providers the user signed in to from the tabs (none are asked for here).
  const { tokens } = useKubernetesUserTokens();
  const { value, loading, error } = useAsync(async () => {
    const [environments, readiness] = await Promise.all([
      api.getEnvironments(),
      api.getEntityReadiness(entityRef, ...readOptions(await tokens())),
    ]);
    return { environments, readiness };
  }, [api, entityRef, tokens]);

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value || value.readiness.environments.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No environments are configured (preflight.environments).
      </Typography>
    );
  }
  const { environments, readiness } = value;
  const title = (name: string) =>
    environments.find(e => e.name === name)?.title ?? name;
  const order = (name: string) => {
    const index = environments.findIndex(e => e.name === name);
    return index < 0 ? environments.length : index;
  };
  const rows = [...readiness.environments].sort(
    (a, b) => order(a.environment) - order(b.environment),
  );
  return (
    <>
      <Table size="small" aria-label="Readiness per environment">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Verdict</TableCell>
            <TableCell align="right">Score</TableCell>
            <TableCell>Failing checks</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(env => {
            const problems = openProblems(env);
            return (
              <TableRow
                key={env.environment}
                data-environment={env.environment}
              >
                <TableCell>
                  <Link to={link(entity, env.environment)}>
                    {title(env.environment)}
                  </Link>
                </TableCell>
                <TableCell>
                  <VerdictChip verdict={env.verdict} />
                </TableCell>
                <TableCell align="right">{env.score}</TableCell>
                <TableCell>
                  {problems.failing === 1
                    ? '1 failing check'
                    : `${problems.failing} failing checks`}
                  {problems.unknown ? `, ${problems.unknown} unknown` : ''}
                  {problems.waived ? `, ${problems.waived} waived` : ''}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <Tooltip title={formatDateTime(readiness.evaluatedAt)}>
        <Typography
          variant="caption"
          color="textSecondary"
          component="p"
          style={{ marginTop: 8 }}
        >
          evaluated {relativeTime(readiness.evaluatedAt)}
        </Typography>
      </Tooltip>
    </>
  );
}

/**
 * A card for the entity overview: the verdict of every environment with its score and the
 * number of failing checks, linking to the Deploy readiness tab.
 *
 * @public
 */
export function ReadinessCard() {
  const { entity } = useEntity();
  const link = useDeployReadinessLink();
  if (!isPreflightAvailable(entity)) {
    return (
      <InfoCard title="Readiness by environment">
        <Typography variant="body2" color="textSecondary">
          Preflight is not set up for this entity: add
          backstage.io/kubernetes-id or preflight.dev/manifests.
        </Typography>
      </InfoCard>
    );
  }
  return (
    <InfoCard
      title="Readiness by environment"
      deepLink={{ title: 'Open the checklist', link: link(entity) }}
    >
      <ReadinessCardBody />
    </InfoCard>
  );
}
