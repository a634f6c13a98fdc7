import type { ComponentType } from 'react';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { EmptyState } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { isPreflightAvailable } from '../../filters';

/** Shown instead of a view on an entity that has none of the annotations Preflight reads. */
export function NotSetUp() {
  return (
    <EmptyState
      missing="info"
      title="Preflight is not set up for this entity"
      description={
        <Typography component="span" variant="body1">
          Preflight finds a component's objects through the Kubernetes plugin's{' '}
          <code>backstage.io/kubernetes-id</code> or{' '}
          <code>backstage.io/kubernetes-label-selector</code> annotation, and
          its GitOps manifests through <code>preflight.dev/manifests</code>{' '}
          (e.g. <code>./deploy/{'{env}'}</code>). Add one of them to the
          entity's catalog-info.yaml.
        </Typography>
      }
    />
  );
}

/**
 * An entity view of Preflight, or `NotSetUp` on an entity Preflight does not read. The view is
 * keyed by the entity's ref, so that navigating to another entity starts it afresh.
 */
export function PreflightEntityView(props: {
  view: ComponentType<{ entity: Entity }>;
}) {
  const { entity } = useEntity();
  if (!isPreflightAvailable(entity)) {
    return <NotSetUp />;
  }
  const View = props.view;
  return <View key={stringifyEntityRef(entity)} entity={entity} />;
}
