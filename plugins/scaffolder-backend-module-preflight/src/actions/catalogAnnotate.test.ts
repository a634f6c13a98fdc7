import fs from 'node:fs/promises';
import path from 'node:path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import {
  contextFor,
  createSandbox,
  expectInputError,
  hostilePaths,
  rejection,
} from '../__testUtils__';
import { createCatalogAnnotateAction } from './catalogAnnotate';
import { examples } from './catalogAnnotate.examples';

const catalogInfo = `# The service's catalog entry
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-api # keep this comment
spec:
  type: service
  owner: checkout-team
  lifecycle: production
`;

describe('preflight:catalog:annotate', () => {
  const workspace = createMockDirectory();
  const action = createCatalogAnnotateAction();

  beforeEach(() => {
    workspace.setContent({ 'catalog-info.yaml': catalogInfo });
  });

  function context(input: Record<string, unknown>, extra = {}) {
    return createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      ...extra,
    });
  }

  async function readEntity() {
    return yaml.parse(
      await fs.readFile(path.join(workspace.path, 'catalog-info.yaml'), 'utf8'),
    );
  }

  it('adds the annotations the checks read, keeping the rest of the file', async () => {
    const ctx = context({
      kubernetesId: 'checkout-api',
      namespace: 'shop',
      runbook: './docs/runbook.md',
      requiredEnv: ['DATABASE_URL', 'LOG_LEVEL'],
    });
    await action.handler(ctx);

    const entity = await readEntity();
    expect(entity.metadata.annotations).toEqual({
      'backstage.io/kubernetes-id': 'checkout-api',
      'backstage.io/kubernetes-namespace': 'shop',
      'preflight.dev/manifests': './deploy/{env}',
      'preflight.dev/runbook': './docs/runbook.md',
      'preflight.dev/required-env': 'DATABASE_URL,LOG_LEVEL',
    });
    expect(entity.spec.owner).toBe('checkout-team');
    const text = await fs.readFile(
      path.join(workspace.path, 'catalog-info.yaml'),
      'utf8',
    );
    expect(text).toContain('# keep this comment');
    expect(ctx.output).toHaveBeenCalledWith(
      'annotations',
      entity.metadata.annotations,
    );
  });

  it('is idempotent', async () => {
    await action.handler(context({ kubernetesId: 'checkout-api' }));
    const first = await fs.readFile(
      path.join(workspace.path, 'catalog-info.yaml'),
      'utf8',
    );
    await action.handler(context({ kubernetesId: 'checkout-api' }));
    const second = await fs.readFile(
      path.join(workspace.path, 'catalog-info.yaml'),
      'utf8',
    );
    expect(second).toBe(first);
  });

  it('writes into the throw-away workspace of a dry run, so the preview shows the result', async () => {
    const ctx = context({ kubernetesId: 'checkout-api' }, { isDryRun: true });
    await action.handler(ctx);
    const entity = await readEntity();
    expect(entity.metadata.annotations['backstage.io/kubernetes-id']).toBe(
      'checkout-api',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'annotations',
      expect.objectContaining({ 'backstage.io/kubernetes-id': 'checkout-api' }),
    );
  });

  it.each(['../catalog-info.yaml', '/etc/passwd', 'a/../../b.yaml'])(
    'refuses the path %s outside the workspace',
    async filePath => {
      await expect(
        action.handler(context({ kubernetesId: 'x', filePath })),
      ).rejects.toThrow(/outside/i);
    },
  );

  it('rejects a kubernetesId that is not a DNS-1123 label, naming the field', async () => {
    await expect(
      action.handler(context({ kubernetesId: 'Bad Name' })),
    ).rejects.toThrow('kubernetesId: must be a DNS-1123 label');
  });

  it('rejects manifests without an {env} placeholder, naming the field', async () => {
    await expect(
      action.handler(
        context({ kubernetesId: 'x', manifests: './deploy/prod' }),
      ),
    ).rejects.toThrow('manifests: must contain the {env} placeholder');
  });

  it('publishes a JSON schema with a description for every input field', () => {
    const schema = action.schema?.input as any;
    for (const [field, property] of Object.entries<any>(schema.properties)) {
      expect([field, typeof property.description]).toEqual([field, 'string']);
    }
    expect(schema.required).toEqual(['kubernetesId']);
  });

  it('runs its documented examples', async () => {
    for (const example of examples) {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe(action.id);
      const ctx = context(step.input);
      await action.handler(ctx);
      const entity = await readEntity();
      expect(entity.metadata.annotations['backstage.io/kubernetes-id']).toBe(
        step.input.kubernetesId,
      );
    }
  });

  describe('path safety', () => {
    const sandbox = createSandbox();
    beforeEach(() => sandbox.reset({ 'catalog-info.yaml': catalogInfo }));

    it.each(hostilePaths('/outside-placeholder'))(
      'refuses filePath %j and writes nothing outside the workspace',
      async filePath => {
        const resolved =
          filePath === '/outside-placeholder'
            ? path.join(sandbox.outsidePath, 'keep.txt')
            : filePath;
        const before = sandbox.outsideSnapshot();
        expectInputError(
          await rejection(
            action,
            contextFor(sandbox.workspacePath, {
              kubernetesId: 'x',
              filePath: resolved,
            }),
          ),
          /^filePath: /,
        );
        expect(sandbox.outsideSnapshot()).toEqual(before);
      },
    );

    it.each(['link-out/keep.txt', 'chain-1/keep.txt', 'dangling'])(
      'refuses the symlinked file %s',
      async filePath => {
        const before = sandbox.outsideSnapshot();
        expectInputError(
          await rejection(
            action,
            contextFor(sandbox.workspacePath, { kubernetesId: 'x', filePath }),
          ),
          /^filePath: /,
        );
        expect(sandbox.outsideSnapshot()).toEqual(before);
      },
    );

    it('refuses a catalog file that is a symlink to a file outside', async () => {
      await fs.rm(path.join(sandbox.workspacePath, 'catalog-info.yaml'));
      await fs.writeFile(
        path.join(sandbox.outsidePath, 'catalog-info.yaml'),
        catalogInfo,
      );
      await fs.symlink(
        path.join(sandbox.outsidePath, 'catalog-info.yaml'),
        path.join(sandbox.workspacePath, 'catalog-info.yaml'),
      );
      const before = sandbox.outsideSnapshot();
      expectInputError(
        await rejection(
          action,
          contextFor(sandbox.workspacePath, { kubernetesId: 'x' }),
        ),
        /^filePath: /,
      );
      expect(sandbox.outsideSnapshot()).toEqual(before);
    });

    it('reports a missing catalog file', async () => {
      expect.hasAssertions();
      expectInputError(
        await rejection(
          action,
          contextFor(sandbox.workspacePath, {
            kubernetesId: 'x',
            filePath: 'missing.yaml',
          }),
        ),
        "filePath: 'missing.yaml' does not exist",
      );
    });
  });
});
