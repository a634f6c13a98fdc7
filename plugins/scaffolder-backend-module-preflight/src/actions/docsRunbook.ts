// The preflight:docs:runbook action: writes the runbook as TechDocs pages. Schema, Markdown
// renderer and mkdocs.yml builder are in the docsRunbook.*.ts files next to it.
import { filesOutput } from './input';
import path from 'node:path';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { examples } from './docsRunbook.examples';
import { buildMkdocs } from './docsRunbook.mkdocs';
import { buildIndex, buildRunbook } from './docsRunbook.render';
import { inputShape, parseRunbookInput } from './docsRunbook.schema';
import {
  readWorkspaceFile,
  resolveWorkspacePath,
  workspaceRelative,
  writeWorkspaceFiles,
  type PlannedFile,
} from './workspace';

/**
 * `preflight:docs:runbook`: writes the runbook (deploy, rollback, backup and restore, alerts)
 * as TechDocs pages: docs/runbook.md, docs/index.md and mkdocs.yml.
 *
 * @public
 */
export function createDocsRunbookAction() {
  return createTemplateAction({
    id: 'preflight:docs:runbook',
    description:
      'Writes a runbook (deploy, rollback with kubectl and Argo CD, backup and restore, alerts) as TechDocs: docs/runbook.md, docs/index.md and mkdocs.yml',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        files: filesOutput(),
        runbookPath: z =>
          z
            .string()
            .describe(
              'Path of the runbook relative to the workspace, for preflight.dev/runbook',
            ),
        techdocsRef: z =>
          z
            .string()
            .describe('Value for the backstage.io/techdocs-ref annotation'),
      },
    },
    async handler(ctx) {
      const input = parseRunbookInput(ctx.input);
      const root = resolveWorkspacePath(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
      );
      const mkdocsPath = path.join(root, 'mkdocs.yml');
      const indexPath = path.join(root, 'docs', 'index.md');
      const runbookPath = path.join(root, 'docs', 'runbook.md');

      const existingMkdocs = await readWorkspaceFile(
        ctx.workspacePath,
        mkdocsPath,
        'targetPath',
      );
      const existingIndex = await readWorkspaceFile(
        ctx.workspacePath,
        indexPath,
        'targetPath',
      );
      const planned: PlannedFile[] = [
        {
          path: mkdocsPath,
          field: 'targetPath',
          content: buildMkdocs(input, existingMkdocs, 'targetPath'),
        },
        {
          path: indexPath,
          field: 'targetPath',
          // The home page is the team's once it exists.
          content: existingIndex ?? buildIndex(input),
        },
        {
          path: runbookPath,
          field: 'targetPath',
          content: buildRunbook(input),
        },
      ];
      const result = await writeWorkspaceFiles(ctx.workspacePath, planned);
      ctx.logger.info(
        `Runbook for ${input.name}: ${result.changed.length} of ${result.files.length} files changed`,
      );
      const relativeRoot = workspaceRelative(ctx.workspacePath, root) || '.';
      ctx.output('files', result.files);
      ctx.output(
        'runbookPath',
        workspaceRelative(ctx.workspacePath, runbookPath),
      );
      ctx.output('techdocsRef', `dir:${relativeRoot}`);
    },
  });
}
