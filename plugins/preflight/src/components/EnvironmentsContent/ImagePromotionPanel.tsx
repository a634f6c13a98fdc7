import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import ArrowForward from '@material-ui/icons/ArrowForward';
import Lock from '@material-ui/icons/Lock';
import type {
  ImagePromotion,
  ImagePromotionStep,
  ParityReport,
} from '@preflight/plugin-preflight-common';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  chain: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    marginTop: theme.spacing(0.5),
  },
  env: { display: 'inline-flex', alignItems: 'center', gap: 4 },
  tag: { fontFamily: 'monospace' },
  muted: { color: theme.palette.text.disabled },
  arrowSame: { color: theme.palette.text.disabled },
  arrowDiff: { color: theme.palette.warning.main },
}));

const STEP_TEXT: Record<ImagePromotionStep['status'], string> = {
  same: 'same image',
  ahead: 'ahead (higher version)',
  behind: 'behind (lower version)',
  differs: 'different image',
};

function PromotionChain(props: {
  image: ImagePromotion;
  environments: ParityReport['environments'];
}) {
  const { image, environments } = props;
  const classes = useStyles();
  const titleOf = (name: string) =>
    environments.find(e => e.name === name)?.title ?? name;
  return (
    <div className={classes.chain}>
      {environments.map((env, index) => {
        const value = image.values[env.name];
        const step = image.steps.find(s => s.to === env.name);
        let content;
        if (!value || 'unavailable' in value) {
          content = (
            <Chip
              size="small"
              variant="outlined"
              className={classes.muted}
              label={`${env.title}: n/a`}
            />
          );
        } else if (!value.present) {
          content = (
            <Chip size="small" variant="outlined" label={`${env.title}: —`} />
          );
        } else {
          const tag = value.tag ?? (value.digest ? 'digest' : 'latest');
          content = (
            <Tooltip title={value.image}>
              <Chip
                size="small"
                variant="outlined"
                icon={value.digest ? <Lock aria-label="pinned" /> : undefined}
                label={
                  <span>
                    {env.title}: <span className={classes.tag}>{tag}</span>
                  </span>
                }
              />
            </Tooltip>
          );
        }
        const ahead = image.ahead?.environment === env.name;
        return (
          <span
            key={env.name}
            className={classes.env}
            data-environment={env.name}
          >
            {index > 0 && (
              <Tooltip title={step ? STEP_TEXT[step.status] : ''}>
                <ArrowForward
                  fontSize="small"
                  className={
                    step && step.status !== 'same'
                      ? classes.arrowDiff
                      : classes.arrowSame
                  }
                  aria-label={step ? STEP_TEXT[step.status] : 'next'}
                />
              </Tooltip>
            )}
            {content}
            {ahead && image.ahead && (
              <Tooltip
                title={
                  image.ahead.basis === 'semver'
                    ? `${env.title} runs a higher version than ${titleOf(
                        image.ahead.of,
                      )}`
                    : `${env.title} runs a different image than ${titleOf(
                        image.ahead.of,
                      )} and is earlier on the path`
                }
              >
                <Chip size="small" color="primary" label="ahead" />
              </Tooltip>
            )}
          </span>
        );
      })}
    </div>
  );
}

/** Per workload and container: the image of every environment, and which one is ahead. */
export function ImagePromotionPanel({ report }: { report: ParityReport }) {
  const classes = useStyles();
  if (report.images.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No container images in the environments that could be read.
      </Typography>
    );
  }
  return (
    <ul className={classes.list} aria-label="Image promotion">
      {report.images.map(image => (
        <li
          key={`${image.object.kind}/${image.object.name}/${image.container}`}
          className={classes.item}
          data-testid={`image-${image.object.name}-${image.container}`}
        >
          <Typography variant="body2">
            {image.object.kind} {image.object.name} ›{' '}
            {image.initContainer ? 'init container' : 'container'}{' '}
            {image.container}
          </Typography>
          <PromotionChain image={image} environments={report.environments} />
        </li>
      ))}
    </ul>
  );
}
