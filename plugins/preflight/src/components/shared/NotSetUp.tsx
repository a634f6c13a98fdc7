import { EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

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
