import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  DNS_1123_LABEL,
  KUBERNETES_ANNOTATIONS,
  PREFLIGHT_ANNOTATIONS,
} from '@preflight/plugin-preflight-common';
import { examples } from './catalogAnnotate.examples';
import { parseActionInput, type InputShape } from './input';
import {
  readWorkspaceFile,
  resolveWorkspacePath,
  writeWorkspaceFiles,
} from './workspace';

const inputShape = {
  filePath: z =>
    z
      .string()
      .default('catalog-info.yaml')
      .describe(
        'Path of the catalog file, relative to the workspace. Defaults to catalog-info.yaml',
      ),
  kubernetesId: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .describe(
        'Value of backstage.io/kubernetes-id: the label value that selects the component’s Kubernetes objects',
      ),
  namespace: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .optional()
      .describe('Value of backstage.io/kubernetes-namespace'),
  manifests: z =>
    z
      .string()
      .regex(/\{env\}/, 'must contain the {env} placeholder')
      .default('./deploy/{env}')
      .describe(
        'Value of preflight.dev/manifests: where the per-environment manifests live, with an {env} placeholder',
      ),
  runbook: z =>
    z
      .string()
      .optional()
      .describe(
        'Value of preflight.dev/runbook: a URL or repository path of the runbook',
      ),
  requiredEnv: z =>
    z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/))
      .optional()
      .describe(
        'Names of the environment variables the service requires (preflight.dev/required-env)',
      ),
} satisfies InputShape;

/**
 * `preflight:catalog:annotate`: adds the Preflight and Kubernetes annotations that the readiness
 * checks read to the entity in `catalog-info.yaml`. Re-running it with the same input leaves the
 * file unchanged.
 *
 * @public
 */
export function createCatalogAnnotateAction() {
  return createTemplateAction({
    id: 'preflight:catalog:annotate',
    description:
      'Adds the Preflight and Kubernetes annotations used by the deploy readiness checks to catalog-info.yaml',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        annotations: z =>
          z
            .record(z.string(), z.string())
            .describe('The annotations that were set on the entity'),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(inputShape, ctx.input);
      const target = resolveWorkspacePath(
        ctx.workspacePath,
        input.filePath,
        'filePath',
      );

      const source = await readWorkspaceFile(
        ctx.workspacePath,
        target,
        'filePath',
      );
      if (source === undefined) {
        throw new InputError(
          `filePath: '${input.filePath}' does not exist in the workspace`,
        );
      }
      const document = yaml.parseDocument(source);
      if (document.errors.length > 0) {
        throw new InputError(
          `filePath: '${input.filePath}' is not valid YAML: ${document.errors[0].message}`,
        );
      }

      const annotations: Record<string, string> = {
        [KUBERNETES_ANNOTATIONS.id]: input.kubernetesId,
        [PREFLIGHT_ANNOTATIONS.manifests]: input.manifests,
      };
      if (input.namespace) {
        annotations[KUBERNETES_ANNOTATIONS.namespace] = input.namespace;
      }
      if (input.runbook) {
        annotations[PREFLIGHT_ANNOTATIONS.runbook] = input.runbook;
      }
      if (input.requiredEnv?.length) {
        annotations[PREFLIGHT_ANNOTATIONS.requiredEnv] =
          input.requiredEnv.join(',');
      }

      // Setting through the document model keeps comments and formatting of the rest of the file.
      for (const [key, value] of Object.entries(annotations)) {
        document.setIn(['metadata', 'annotations', key], value);
      }
      const updated = document.toString();

      // The action only touches the workspace, which in a dry run is a throw-away copy whose
      // files the dry-run result shows; so a dry run writes too.
      const { changed } = await writeWorkspaceFiles(ctx.workspacePath, [
        { path: target, field: 'filePath', content: updated },
      ]);
      if (changed.length > 0) {
        ctx.logger.info(
          `Set ${Object.keys(annotations).length} annotations in ${
            input.filePath
          }`,
        );
      } else {
        ctx.logger.info(`${input.filePath} already has these annotations`);
      }
      ctx.output('annotations', annotations);
    },
  });
}
