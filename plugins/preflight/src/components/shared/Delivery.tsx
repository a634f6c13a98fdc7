import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import {
  shortRevision,
  type DeliveryStatus,
} from '@preflight/plugin-preflight-common';

const TOOLS: Record<string, string> = { argocd: 'Argo CD', flux: 'Flux' };

/** Whether the delivery tool reports a problem (out of sync, degraded, missing). */
export function deliveryHasProblem(delivery: DeliveryStatus): boolean {
  return (
    delivery.sync === 'out-of-sync' ||
    delivery.health === 'degraded' ||
    delivery.health === 'missing'
  );
}

/** E.g. `Argo CD Application web-dev: synced, healthy at 4f1c2a9b8e7d`. */
export function deliveryText(delivery: DeliveryStatus): string {
  const tool = TOOLS[delivery.tool] ?? delivery.tool;
  const status = [delivery.sync, delivery.health].filter(Boolean).join(', ');
  const revision = delivery.targetRevision
    ? ` at ${shortRevision(delivery.targetRevision)}`
    : '';
  return `${tool} ${delivery.name}: ${status}${revision}`;
}

/** The tooltip: the line above, the applied revision when it differs, and the tool's message. */
function deliveryDetails(delivery: DeliveryStatus): string {
  return [
    deliveryText(delivery),
    delivery.appliedRevision &&
    delivery.appliedRevision !== delivery.targetRevision
      ? `applied: ${shortRevision(delivery.appliedRevision)}`
      : undefined,
    delivery.history?.length
      ? `${delivery.history.length} deployment${
          delivery.history.length === 1 ? '' : 's'
        } recorded`
      : undefined,
    delivery.message,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * A caption with the sync and health the GitOps tool reports for an environment (Argo CD, Flux);
 * nothing when no tool reports. Problems are shown in the error colour.
 */
export function DeliveryCaption(props: {
  delivery?: DeliveryStatus;
  environment: string;
}) {
  const { delivery, environment } = props;
  if (!delivery) return null;
  return (
    <Tooltip title={deliveryDetails(delivery)}>
      <Typography
        variant="caption"
        display="block"
        color={deliveryHasProblem(delivery) ? 'error' : 'textSecondary'}
        component="span"
        data-testid={`delivery-${environment}`}
        style={{ overflowWrap: 'anywhere' }}
      >
        {deliveryText(delivery)}
      </Typography>
    </Tooltip>
  );
}
