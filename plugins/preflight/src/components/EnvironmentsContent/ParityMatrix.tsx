import { Fragment } from 'react';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  PARITY_CATEGORIES,
  type ParityCategory,
  type ParityReport,
  type ParityRow,
} from '@preflight/plugin-preflight-common';
import { environmentStatusText } from '../shared/format';
import { unreadKindsText } from '../shared/UnreadKinds';
import { DesiredSourceCaption } from '../shared/DesiredSource';
import { DeliveryCaption } from '../shared/Delivery';

export const CATEGORY_TITLE: Record<ParityCategory, string> = {
  objects: 'Objects',
  images: 'Images',
  replicas: 'Replicas and autoscaling',
  workload: 'Workload',
  resources: 'Resources',
  probes: 'Probes',
  ports: 'Ports',
  env: 'Environment variables',
  config: 'ConfigMaps and Secrets',
  'service-account': 'Service account',
  security: 'Security context',
  volumes: 'Volumes',
  scheduling: 'Scheduling',
  network: 'Network',
  metadata: 'Labels and annotations',
};

const useStyles = makeStyles(theme => ({
  wrapper: { overflowX: 'auto' },
  table: { tableLayout: 'fixed', width: '100%', minWidth: 640 },
  headerCell: { verticalAlign: 'bottom' },
  unavailableHeader: { color: theme.palette.text.secondary },
  category: {
    backgroundColor: theme.palette.background.default,
    fontWeight: 600,
    textTransform: 'uppercase',
    fontSize: '0.75rem',
    letterSpacing: '0.05em',
  },
  object: {
    fontSize: '0.8rem',
    color: theme.palette.text.secondary,
    paddingLeft: theme.spacing(3),
  },
  attribute: { paddingLeft: theme.spacing(4), overflowWrap: 'anywhere' },
  labelLine: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    flexWrap: 'wrap',
  },
  driftRow: {
    '& > :first-child': {
      boxShadow: `inset 4px 0 0 ${theme.palette.error.main}`,
    },
  },
  expectedRow: {
    '& > td': { color: theme.palette.text.secondary },
  },
  driftLabel: {
    display: 'inline-block',
    padding: '0 6px',
    borderRadius: 4,
    fontSize: '0.75rem',
    fontWeight: 600,
    color: theme.palette.error.contrastText,
    backgroundColor: theme.palette.error.main,
  },
  expectedLabel: {
    display: 'inline-block',
    padding: '0 6px',
    borderRadius: 4,
    fontSize: '0.75rem',
    border: `1px solid ${theme.palette.divider}`,
    color: theme.palette.text.secondary,
  },
  reason: {
    overflowWrap: 'anywhere',
    display: '-webkit-box',
    WebkitLineClamp: 3,
    WebkitBoxOrient: 'vertical',
    overflow: 'hidden',
  },
  value: {
    display: 'block',
    maxWidth: '100%',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
    verticalAlign: 'bottom',
    fontFamily: 'monospace',
    fontSize: '0.8rem',
  },
  differing: {
    fontWeight: 600,
  },
  driftCell: {
    backgroundColor:
      theme.palette.type === 'dark'
        ? 'rgba(244, 67, 54, 0.16)'
        : 'rgba(244, 67, 54, 0.08)',
  },
  unavailableCell: {
    backgroundColor: theme.palette.action.hover,
    color: theme.palette.text.disabled,
  },
}));

function objectKey(row: ParityRow): string {
  let key = `${row.object.kind} ${row.object.name}`;
  if (row.container) {
    key += ` › ${row.initContainer ? 'init container' : 'container'} ${
      row.container
    }`;
  }
  if (row.scope === 'pod-template') key += ' › pod template';
  return key;
}

export interface ParityGroup {
  category: ParityCategory;
  objects: Array<{ key: string; rows: ParityRow[] }>;
}

/** Rows grouped by category (in display order), then by object and container. */
export function groupRows(rows: ParityRow[]): ParityGroup[] {
  const groups: ParityGroup[] = [];
  const categories = [
    ...PARITY_CATEGORIES,
    ...rows.map(r => r.category).filter(c => !PARITY_CATEGORIES.includes(c)),
  ];
  for (const category of new Set(categories)) {
    const inCategory = rows.filter(r => r.category === category);
    if (inCategory.length === 0) continue;
    const objects: ParityGroup['objects'] = [];
    for (const row of inCategory) {
      const key = objectKey(row);
      let group = objects.find(o => o.key === key);
      if (!group) {
        group = { key, rows: [] };
        objects.push(group);
      }
      group.rows.push(row);
    }
    groups.push({ category, objects });
  }
  return groups;
}

/** Whether a row is shown: identical rows only on request. */
export function isRowVisible(row: ParityRow, showIdentical: boolean) {
  return showIdentical || row.classification !== 'same';
}

function ValueCell(props: { row: ParityRow; environment: string }) {
  const { row, environment } = props;
  const classes = useStyles();
  const value = row.values[environment];
  if (!value || 'unavailable' in value) {
    const reason = value && 'reason' in value ? value.reason : undefined;
    const cell = (
      <TableCell
        className={classes.unavailableCell}
        aria-label={reason ? `not available: ${reason}` : 'not available'}
        data-environment={environment}
      />
    );
    return reason ? <Tooltip title={reason}>{cell}</Tooltip> : cell;
  }
  const differing =
    row.classification !== 'same' &&
    row.differingEnvironments.includes(environment);
  const className = [
    differing ? classes.differing : '',
    differing && row.classification === 'drift' ? classes.driftCell : '',
  ].join(' ');
  if (!value.present) {
    return (
      <TableCell className={className} data-environment={environment}>
        <span aria-label="absent">—</span>
      </TableCell>
    );
  }
  return (
    <TableCell className={className} data-environment={environment}>
      <Tooltip title={value.value} placement="top-start">
        <span className={classes.value}>{value.value}</span>
      </Tooltip>
    </TableCell>
  );
}

function AttributeRow(props: {
  row: ParityRow;
  environments: ParityReport['environments'];
}) {
  const { row, environments } = props;
  const classes = useStyles();
  let className: string | undefined;
  if (row.classification === 'drift') className = classes.driftRow;
  else if (row.classification === 'expected') className = classes.expectedRow;
  return (
    <TableRow
      className={className}
      data-classification={row.classification}
      data-row-id={row.id}
    >
      <TableCell className={classes.attribute} component="th" scope="row">
        <span className={classes.labelLine}>
          <span>{row.label}</span>
          {row.classification === 'drift' && (
            <span className={classes.driftLabel}>Drift</span>
          )}
          {row.classification === 'expected' && (
            <span className={classes.expectedLabel}>Expected</span>
          )}
        </span>
        {row.reason && row.classification !== 'same' && (
          <Typography
            variant="caption"
            color="textSecondary"
            className={classes.reason}
            title={row.reason}
          >
            {row.reason}
          </Typography>
        )}
      </TableCell>
      {environments.map(env => (
        <ValueCell key={env.name} row={row} environment={env.name} />
      ))}
    </TableRow>
  );
}

/**
 * The attribute × environment matrix of a parity report: one column per environment in promotion
 * order (unavailable ones muted, with their state), rows grouped by category then object.
 */
export function ParityMatrix(props: {
  report: ParityReport;
  showIdentical: boolean;
}) {
  const { report, showIdentical } = props;
  const classes = useStyles();
  const visible = report.rows.filter(r => isRowVisible(r, showIdentical));
  const groups = groupRows(visible);
  const columns = report.environments.length + 1;
  return (
    <div className={classes.wrapper}>
      <Table size="small" className={classes.table} aria-label="Parity matrix">
        <colgroup>
          <col style={{ width: '34%' }} />
          {report.environments.map(env => (
            <col key={env.name} />
          ))}
        </colgroup>
        <TableHead>
          <TableRow>
            <TableCell className={classes.headerCell}>Attribute</TableCell>
            {report.environments.map(env => (
              <TableCell
                key={env.name}
                className={`${classes.headerCell} ${
                  env.available ? '' : classes.unavailableHeader
                }`}
                data-environment={env.name}
              >
                <Typography variant="subtitle2" component="span">
                  {env.title}
                </Typography>
                {!env.available && env.unavailable && (
                  <Tooltip title={env.unavailable.reason ?? ''}>
                    <Typography
                      variant="caption"
                      display="block"
                      color={
                        env.unavailable.status === 'error'
                          ? 'error'
                          : 'textSecondary'
                      }
                    >
                      {environmentStatusText(
                        env.unavailable.status,
                        env.unavailable.reason,
                      )}
                    </Typography>
                  </Tooltip>
                )}
                {env.available && env.unreadKinds?.length ? (
                  <Tooltip
                    title={env.unreadKinds.map(u => u.message).join(' · ')}
                  >
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      Not read: {unreadKindsText(env.unreadKinds)}
                    </Typography>
                  </Tooltip>
                ) : null}
                <DesiredSourceCaption
                  renderer={env.source?.renderer}
                  location={env.source?.location}
                  environment={env.name}
                />
                <DeliveryCaption
                  delivery={env.source?.delivery}
                  environment={env.name}
                />
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {groups.map(group => (
            <Fragment key={group.category}>
              <TableRow>
                <TableCell
                  colSpan={columns}
                  className={classes.category}
                  component="th"
                  scope="rowgroup"
                >
                  {CATEGORY_TITLE[group.category] ?? group.category}
                </TableCell>
              </TableRow>
              {group.objects.map(object => (
                <Fragment key={object.key}>
                  <TableRow>
                    <TableCell colSpan={columns} className={classes.object}>
                      {object.key}
                    </TableCell>
                  </TableRow>
                  {object.rows.map(row => (
                    <AttributeRow
                      key={row.id}
                      row={row}
                      environments={report.environments}
                    />
                  ))}
                </Fragment>
              ))}
            </Fragment>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
