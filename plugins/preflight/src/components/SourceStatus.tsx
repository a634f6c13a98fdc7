import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { SourceState } from '@preflight/plugin-preflight-common';

const REASON_TEXT: Record<string, string> = {
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  TIMEOUT: 'Timed out',
  UNREACHABLE: 'Unreachable',
  RATE_LIMITED: 'Rate limited',
  BAD_RESPONSE: 'Bad response',
};

/**
 * One source's state, said for what it is: an error is an error (with its typed reason), never
 * an empty result; "not configured" and "not deployed" are distinct.
 */
export function SourceStatus({ state }: { state: SourceState }) {
  const detail = state.error?.message ?? state.message ?? state.location ?? '';
  let content;
  switch (state.status) {
    case 'ok':
      content = (
        <StatusOK>
          {state.objects.length} object{state.objects.length === 1 ? '' : 's'}
        </StatusOK>
      );
      break;
    case 'not-deployed':
      content = <StatusWarning>Not deployed</StatusWarning>;
      break;
    case 'not-configured':
      content = <StatusPending>Not configured</StatusPending>;
      break;
    default:
      content = (
        <StatusError>
          Error: {REASON_TEXT[state.error?.reason ?? ''] ?? 'Unknown'}
        </StatusError>
      );
  }
  return (
    <Tooltip title={detail}>
      <div>
        {content}
        {detail && (
          <Typography variant="caption" color="textSecondary" display="block">
            {detail}
          </Typography>
        )}
      </div>
    </Tooltip>
  );
}
