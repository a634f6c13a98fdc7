import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type { CheckStatus } from '@preflight/plugin-preflight-common';
import { CHECK_STATUS_LABEL } from './format';

const ICONS: Record<CheckStatus, () => JSX.Element> = {
  pass: () => <StatusOK />,
  warn: () => <StatusWarning />,
  fail: () => <StatusError />,
  unknown: () => <StatusPending />,
  'not-applicable': () => <StatusAborted />,
};

/** The status of a check as an icon, named for assistive technology. */
export function CheckStatusIcon({ status }: { status: CheckStatus }) {
  const Icon = ICONS[status] ?? ICONS.unknown;
  const label = `Check ${(CHECK_STATUS_LABEL[status] ?? status).toLowerCase()}`;
  return (
    <Tooltip title={CHECK_STATUS_LABEL[status] ?? status}>
      <span role="img" aria-label={label} data-status={status}>
        <Icon />
      </span>
    </Tooltip>
  );
}
