import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { shortRevision } from '@preflight/plugin-preflight-common';

/** How a desired state was produced, as the backend reports it (`SourceState.renderer`). */
export interface RendererInfo {
  name: string;
  version?: string;
  revision?: string;
}

const RENDERERS: Record<string, string> = {
  kustomize: 'kustomize build',
  argocd: 'Argo CD',
};

/** `plain YAML`, `kustomize build (v5.5.0)`, `Argo CD (Helm, 4f1c2a9b8e7d)`, or the renderer's name and version. */
export function rendererText(renderer: RendererInfo): string {
  if (renderer.name === 'yaml') return 'plain YAML';
  const name = RENDERERS[renderer.name] ?? renderer.name;
  const extra = [
    renderer.version,
    renderer.revision && shortRevision(renderer.revision),
  ]
    .filter(Boolean)
    .join(', ');
  return extra ? `${name} (${extra})` : name;
}

/** E.g. `desired: kustomize build (v5.5.0) of examples/deploy/web/overlays/dev`. */
export function desiredSourceText(
  renderer: RendererInfo,
  location?: string,
): string {
  const how = rendererText(renderer);
  if (!location) return `desired: ${how}`;
  return renderer.name === 'yaml'
    ? `desired: ${how} at ${location}`
    : `desired: ${how} of ${location}`;
}

/**
 * A caption saying where an environment's desired state came from and how it was rendered; nothing
 * when the backend did not say.
 */
export function DesiredSourceCaption(props: {
  renderer?: RendererInfo;
  location?: string;
  environment: string;
}) {
  const { renderer, location, environment } = props;
  if (!renderer) return null;
  const text = desiredSourceText(renderer, location);
  return (
    <Tooltip title={text}>
      <Typography
        variant="caption"
        display="block"
        color="textSecondary"
        component="span"
        data-testid={`desired-source-${environment}`}
        style={{ overflowWrap: 'anywhere' }}
      >
        {text}
      </Typography>
    </Tooltip>
  );
}
