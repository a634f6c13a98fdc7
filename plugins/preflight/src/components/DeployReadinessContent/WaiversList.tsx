import Button from '@material-ui/core/Button';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { Waiver } from '@preflight/plugin-preflight-common';
import { formatDate, formatDateTime, shortRef } from '../shared/format';

/** The entity's active waivers, across environments. */
export function WaiversList(props: {
  waivers: Waiver[];
  checkTitle: (checkId: string) => string;
  environmentTitle: (environment: string) => string;
  onRemove?: (waiver: Waiver) => void;
  busy?: boolean;
}) {
  const { waivers, checkTitle, environmentTitle, onRemove, busy } = props;
  if (waivers.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No active waivers.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Active waivers">
      <TableHead>
        <TableRow>
          <TableCell>Check</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell>Justification</TableCell>
          <TableCell>Expires</TableCell>
          <TableCell>By</TableCell>
          {onRemove && <TableCell />}
        </TableRow>
      </TableHead>
      <TableBody>
        {waivers.map(waiver => (
          <TableRow key={waiver.id} data-testid={`waiver-${waiver.id}`}>
            <TableCell>{checkTitle(waiver.checkId)}</TableCell>
            <TableCell>{environmentTitle(waiver.environment)}</TableCell>
            <TableCell>{waiver.justification}</TableCell>
            <TableCell title={formatDateTime(waiver.expiresAt)}>
              {formatDate(waiver.expiresAt)}
            </TableCell>
            <TableCell>{shortRef(waiver.createdBy)}</TableCell>
            {onRemove && (
              <TableCell align="right">
                <Button
                  size="small"
                  onClick={() => onRemove(waiver)}
                  disabled={busy}
                  aria-label={`Remove waiver of ${checkTitle(
                    waiver.checkId,
                  )} in ${environmentTitle(waiver.environment)}`}
                >
                  Remove
                </Button>
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
