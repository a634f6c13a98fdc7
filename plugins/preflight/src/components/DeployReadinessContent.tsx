import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EnvironmentState } from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../api/PreflightApi';
import { SourceStatus } from './SourceStatus';

const columns: TableColumn<EnvironmentState>[] = [
  {
    title: 'Environment',
    field: 'environment.title',
    render: row => row.environment.title,
  },
  {
    title: 'Live state (cluster)',
    render: row => <SourceStatus state={row.live} />,
  },
  {
    title: 'Desired state (manifests)',
    render: row => <SourceStatus state={row.desired} />,
  },
];

/**
 * The "Deploy readiness" entity content: the environments of the promotion path and the state of
 * each one's sources.
 *
 * @public
 */
export function DeployReadinessContent() {
  const { entity } = useEntity();
  const api = useApi(preflightApiRef);
  const { value, loading, error } = useAsyncRetry(
    () => api.getEntityEnvironments(getCompoundEntityRef(entity)),
    [api, entity],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!value || value.environments.length === 0) {
    return (
      <EmptyState
        missing="content"
        title="No environments"
        description="Configure preflight.environments to define the promotion path."
      />
    );
  }
  return (
    <InfoCard title="Deploy readiness" subheader="Promotion path">
      <Table<EnvironmentState>
        options={{ paging: false, search: false, toolbar: false }}
        columns={columns}
        data={value.environments}
      />
    </InfoCard>
  );
}
