/*
 * The golden-path templates end to end, through the real scaffolder: a test backend with the
 * scaffolder plugin, the GitHub module (for publish:github, which is skipped in a dry run) and
 * this module, and each template dry-run over `POST /api/scaffolder/v2/dry-run` exactly as the
 * template editor does it. What the templates generate must pass the schema validation and every
 * blocking policy rule.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleGithub from '@backstage/plugin-scaffolder-backend-module-github';
import {
  evaluatePolicies,
  validateManifestSchema,
} from '@preflight/plugin-preflight-node';
import { scaffolderModulePreflight } from './module';

const TEMPLATES_DIR = path.resolve(__dirname, '../../../templates');

/** Every file of a template directory, as the dry-run endpoint takes them. */
function directoryContents(dir: string) {
  const files: { path: string; base64Content: string }[] = [];
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        files.push({
          path: path.relative(dir, full).split(path.sep).join('/'),
          base64Content: fs.readFileSync(full).toString('base64'),
        });
      }
    }
  };
  walk(dir);
  return files;
}

const values = {
  name: 'checkout-api',
  description: 'Checkout API of the shop',
  owner: 'group:default/checkout-team',
  namespace: 'shop',
  imageRepository: 'ghcr.io/acme/checkout-api',
  port: 8080,
  repoUrl: 'github.com?owner=acme&repo=checkout-api',
};

describe('golden-path templates through the scaffolder dry run', () => {
  let server: any;

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModuleGithub,
        scaffolderModulePreflight,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: { integrations: { github: [{ host: 'github.com' }] } },
        }),
      ],
    });
    server = backend.server;
  }, 60_000);

  async function dryRun(
    templateDir: string,
    overrides: Record<string, unknown> = {},
  ) {
    const template = yaml.parse(
      fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
    );
    const started = Date.now();
    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: { ...values, ...overrides },
        directoryContents: directoryContents(templateDir),
      });
    const files: Record<string, string> = Object.fromEntries(
      (response.body.directoryContents ?? []).map((f: any) => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    return { response, files, ms: Date.now() - started };
  }

  it('lists the three templates in templates/all.yaml', () => {
    const location = yaml.parse(
      fs.readFileSync(path.join(TEMPLATES_DIR, 'all.yaml'), 'utf8'),
    );
    expect(location.spec.targets).toEqual([
      './node-service/template.yaml',
      './python-service/template.yaml',
      './go-service/template.yaml',
    ]);
  });

  describe.each([
    [
      'node-service',
      'node',
      [
        'package.json',
        'package-lock.json',
        'src/server.ts',
        'src/server.test.ts',
      ],
    ],
    [
      'python-service',
      'python',
      ['app/server.py', 'tests/test_server.py', 'requirements.txt'],
    ],
    ['go-service', 'go', ['go.mod', 'main.go', 'main_test.go']],
  ])('%s', (dir, runtime, skeletonFiles) => {
    let result: Awaited<ReturnType<typeof dryRun>>;

    beforeAll(async () => {
      result = await dryRun(path.join(TEMPLATES_DIR, dir));
    }, 60_000);

    it('runs every step successfully', () => {
      const { response } = result;
      expect([response.status, response.body.error?.message]).toEqual([
        200,
        undefined,
      ]);
      const steps = response.body.steps.map((s: any) => [s.id, s.action]);
      expect(steps).toEqual([
        ['fetch', 'fetch:template'],
        ['manifests', 'preflight:kubernetes:manifests'],
        ['dockerfile', 'preflight:dockerfile'],
        ['pipeline', 'preflight:ci:pipeline'],
        ['runbook', 'preflight:docs:runbook'],
        ['annotate', 'preflight:catalog:annotate'],
        ['policy', 'preflight:policy:validate'],
        ['publish', 'publish:github'],
        ['register', 'catalog:register'],
      ]);
      const messages = response.body.log.map((l: any) => l.body);
      expect(messages.filter((m: any) => m.status === 'failed')).toEqual([]);
      expect(messages.map((m: any) => m.message)).toContain(
        'Skipping because publish:github does not support dry-run',
      );
    });

    it('renders the runnable skeleton', () => {
      const { files } = result;
      for (const file of ['README.md', '.env.example', ...skeletonFiles]) {
        expect(Object.keys(files)).toContain(file);
      }
      // No unrendered template expression anywhere (the workflow's own ${{ }} are GitHub's).
      const unrendered = Object.entries(files)
        .filter(
          ([file, content]) =>
            content.includes('${{ values.') ||
            (file !== '.github/workflows/deploy.yaml' &&
              content.includes('${{')),
        )
        .map(([file]) => file);
      expect(unrendered).toEqual([]);
      expect(files['README.md']).toMatch(/^# checkout-api\n/);
    });

    it('generates manifests that pass the schema and every blocking policy rule', () => {
      const { files } = result;
      for (const env of ['dev', 'staging', 'production']) {
        const manifests = Object.keys(files).filter(f =>
          f.startsWith(`deploy/${env}/`),
        );
        expect(manifests.sort()).toEqual(
          [
            'deployment',
            'hpa',
            'networkpolicy',
            'pdb',
            'prometheusrule',
            'service',
            'serviceaccount',
          ]
            .map(kind => `deploy/${env}/${kind}.yaml`)
            .sort(),
        );
        const objects = manifests.map(f => yaml.parse(files[f]));
        for (const object of objects) {
          // PrometheusRule is a custom resource: noted as unchecked, never failed.
          expect(validateManifestSchema(object)).toMatchObject({
            status: object.kind === 'PrometheusRule' ? 'no-schema' : 'valid',
          });
        }
        const report = evaluatePolicies(objects);
        expect(
          report.violations.filter(v => v.severity === 'blocking'),
        ).toEqual([]);
        const container = objects.find(o => o.kind === 'Deployment').spec
          .template.spec.containers[0];
        expect(container.image).toBe('ghcr.io/acme/checkout-api:0000000');
        expect(container.env).toContainEqual({
          name: 'LOG_LEVEL',
          value: env === 'dev' ? 'debug' : 'info',
        });
      }
    });

    it('writes the Dockerfile, the pipeline and the runbook for the runtime', () => {
      const { files } = result;
      expect(files.Dockerfile).toContain('USER 10001:10001');
      expect(files['.dockerignore']).toContain('.env');
      const workflow = yaml.parse(files['.github/workflows/deploy.yaml']);
      expect(Object.keys(workflow.jobs)).toEqual([
        'test',
        'build',
        'deploy-dev',
        'deploy-staging',
        'deploy-production',
      ]);
      expect(JSON.stringify(workflow.jobs.test)).toContain(
        { node: 'setup-node', python: 'setup-python', go: 'setup-go' }[runtime],
      );
      expect(files['docs/runbook.md']).toContain(
        'kubectl rollout undo deployment/checkout-api -n shop',
      );
      expect(yaml.parse(files['mkdocs.yml']).nav).toContainEqual({
        Runbook: 'runbook.md',
      });
    });

    it('produces a catalog entity carrying what the readiness checks look for', () => {
      const entity = yaml.parse(result.files['catalog-info.yaml']);
      expect(entity).toMatchObject({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout-api',
          description: 'Checkout API of the shop',
          annotations: {
            'github.com/project-slug': 'acme/checkout-api',
            'backstage.io/techdocs-ref': 'dir:.',
            'backstage.io/kubernetes-id': 'checkout-api',
            'backstage.io/kubernetes-namespace': 'shop',
            'preflight.dev/manifests': './deploy/{env}',
            'preflight.dev/runbook': './docs/runbook.md',
            'preflight.dev/required-env': 'PORT,LOG_LEVEL',
          },
        },
        spec: { type: 'service', owner: 'group:default/checkout-team' },
      });
    });

    it('dry-runs quickly', () => {
      // Design target: under 2 s; measured loosely here, as the benchmark is the real measure.
      expect(result.ms).toBeLessThan(20_000);
    });
  });

  it('fails the task when generated manifests break a blocking rule', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-tpl-'));
    try {
      fs.mkdirSync(path.join(dir, 'skeleton/deploy/dev'), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'skeleton/deploy/dev/deployment.yaml'),
        yaml.stringify({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'legacy' },
          spec: {
            selector: { matchLabels: { app: 'legacy' } },
            template: {
              metadata: { labels: { app: 'legacy' } },
              spec: { containers: [{ name: 'app', image: 'legacy:latest' }] },
            },
          },
        }),
      );
      fs.writeFileSync(
        path.join(dir, 'template.yaml'),
        yaml.stringify({
          apiVersion: 'scaffolder.backstage.io/v1beta3',
          kind: 'Template',
          metadata: { name: 'bad' },
          spec: {
            type: 'service',
            steps: [
              {
                id: 'fetch',
                action: 'fetch:template',
                input: { url: './skeleton' },
              },
              { id: 'policy', action: 'preflight:policy:validate', input: {} },
            ],
          },
        }),
      );
      const { response } = await dryRun(dir);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(JSON.stringify(response.body)).toContain('imageTagMutable');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
