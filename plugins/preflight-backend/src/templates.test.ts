import fs from 'node:fs';
import path from 'node:path';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createCatalogAnnotateAction,
  createCiPipelineAction,
  createDockerfileAction,
  createDocsRunbookAction,
  createKubernetesManifestsAction,
  createPolicyValidateAction,
} from '@preflight/plugin-scaffolder-backend-module-preflight';
import request from 'supertest';
import yaml from 'yaml';
import { preflightPlugin } from './plugin';

/*
 * the readiness engine evaluates the generated desired state of every
 * golden-path template as ready for every check that does not need live facts.
 *
 * Each template of templates/ is generated without the scaffolder runtime: its skeleton is copied
 * and rendered (the few `${{ values.x }}` expressions it uses), then the template's preflight:*
 * steps run in order with the inputs of template.yaml. The generated service is then evaluated
 * by the real backend, as the catalog would see it after `catalog:register`, with no cluster and
 * no CI credentials.
 */
const root = path.resolve(__dirname, '../../..');
const TEMPLATES_DIR = path.join(root, 'templates');
const ENVIRONMENTS = ['dev', 'staging', 'production'];

const parameters: Record<string, unknown> = {
  name: 'checkout-api',
  description: 'Checkout API of the shop',
  owner: 'group:default/checkout-team',
  namespace: 'shop',
  imageRepository: 'ghcr.io/acme/checkout-api',
  port: 8080,
  repoUrl: 'github.com?owner=acme&repo=checkout-api',
};
const destination = { host: 'github.com', owner: 'acme', repo: 'checkout-api' };

const actions = Object.fromEntries(
  [
    createKubernetesManifestsAction(),
    createDockerfileAction(),
    createCiPipelineAction(),
    createDocsRunbookAction(),
    createCatalogAnnotateAction(),
    createPolicyValidateAction(),
  ].map(a => [a.id, a]),
);

/** Renders the skeleton expressions the templates use (see templates/<t>/skeleton). */
function renderSkeleton(content: string, values: Record<string, any>) {
  const lookup = (expr: string) =>
    expr
      .split('.')
      .reduce<any>((v, key) => v?.[key], { values } as Record<string, any>);
  return content.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (match, expr: string) => {
    const dump = /^(.*?)\s*\|\s*dump$/.exec(expr);
    const body = dump ? dump[1] : expr;
    const concat = /^\((\S+) \+ "(.*)" \+ (\S+)\)$/.exec(body);
    const value = concat
      ? `${lookup(concat[1])}${concat[2]}${lookup(concat[3])}`
      : lookup(body);
    if (value === undefined) {
      throw new Error(`Unrendered skeleton expression ${match}`);
    }
    return dump ? JSON.stringify(value) : String(value);
  });
}

/** Substitutes `${{ parameters.x }}` and `${{ steps.s.output.x }}` in a step input. */
function renderInput(
  input: unknown,
  outputs: Record<string, Record<string, unknown>>,
): unknown {
  const lookup = (expr: string) => {
    const [scope, ...keys] = expr.split('.');
    const base: Record<string, unknown> | undefined = {
      parameters,
      steps: outputs,
    }[scope];
    const value = keys.reduce<any>((v, key) => v?.[key], base);
    if (value === undefined) throw new Error(`Cannot render ${expr}`);
    return value;
  };
  if (typeof input === 'string') {
    const whole = /^\$\{\{\s*([\w.]+)\s*\}\}$/.exec(input);
    if (whole) return lookup(whole[1]);
    return input.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, expr) =>
      String(lookup(expr)),
    );
  }
  if (Array.isArray(input)) return input.map(i => renderInput(i, outputs));
  if (input && typeof input === 'object') {
    return Object.fromEntries(
      Object.entries(input).map(([k, v]) => [k, renderInput(v, outputs)]),
    );
  }
  return input;
}

function readTree(dir: string, base = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) Object.assign(files, readTree(full, base));
    else
      files[path.relative(base, full).split(path.sep).join('/')] =
        fs.readFileSync(full, 'utf8');
  }
  return files;
}

/** Runs the template's steps on a workspace and returns the generated catalog entity. */
async function generate(template: string, workspacePath: string) {
  const templateDir = path.join(TEMPLATES_DIR, template);
  const values = {
    name: parameters.name,
    description: parameters.description,
    owner: parameters.owner,
    destination,
  };
  for (const [file, content] of Object.entries(
    readTree(path.join(templateDir, 'skeleton')),
  )) {
    const target = path.join(workspacePath, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, renderSkeleton(content, values));
  }

  const spec = yaml.parse(
    fs.readFileSync(path.join(templateDir, 'template.yaml'), 'utf8'),
  ).spec;
  const outputs: Record<string, Record<string, unknown>> = {};
  const ran: string[] = [];
  for (const step of spec.steps) {
    if (!step.action.startsWith('preflight:')) continue;
    const action = actions[step.action];
    expect(action).toBeDefined();
    const stepOutput: Record<string, unknown> = {};
    const ctx = createMockActionContext({
      input: renderInput(step.input ?? {}, outputs) as any,
      workspacePath,
    });
    ctx.output = ((key: string, value: unknown) => {
      stepOutput[key] = value;
    }) as typeof ctx.output;
    await action.handler(ctx);
    outputs[step.id] = { output: stepOutput };
    ran.push(step.action);
  }
  expect(ran).toEqual([
    'preflight:kubernetes:manifests',
    'preflight:dockerfile',
    'preflight:ci:pipeline',
    'preflight:docs:runbook',
    'preflight:catalog:annotate',
    'preflight:policy:validate',
  ]);

  const location = path.join(workspacePath, 'catalog-info.yaml');
  const entity: Entity = yaml.parse(fs.readFileSync(location, 'utf8'));
  entity.metadata.namespace = 'default';
  entity.metadata.name = `${template}-${entity.metadata.name}`;
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${location}`,
    'backstage.io/managed-by-origin-location': `file:${location}`,
  };
  return entity;
}

const TEMPLATES = ['node-service', 'python-service', 'go-service'];

jest.setTimeout(60_000);

describe('the generated desired state of every golden-path template', () => {
  const workspaces = createMockDirectory();
  let server: any;

  beforeAll(async () => {
    workspaces.clear();
    const entities: Entity[] = [];
    for (const template of TEMPLATES) {
      const dir = path.join(workspaces.path, template);
      fs.mkdirSync(dir, { recursive: true });
      entities.push(await generate(template, dir));
    }
    ({ server } = await startTestBackend({
      features: [
        preflightPlugin,
        mockServices.rootConfig.factory({
          data: {
            preflight: {
              desired: { localRoots: [workspaces.path] },
              environments: ENVIRONMENTS.map(name => ({ name })),
              schedule: false,
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
      ],
    }));
  });

  describe.each(TEMPLATES)('%s', template => {
    let environments: Record<string, Record<string, any>>;

    beforeAll(async () => {
      const res = await request(server)
        .get(
          `/api/preflight/entities/component/default/${template}-checkout-api/readiness`,
        )
        .set('authorization', mockCredentials.user.header());
      if (res.status !== 200) {
        throw new Error(`readiness: ${res.status} ${JSON.stringify(res.body)}`);
      }
      environments = Object.fromEntries(
        res.body.environments.map((e: any) => [
          e.environment,
          Object.fromEntries(e.checks.map((c: any) => [c.id, c])),
        ]),
      );
    });

    it.each(ENVIRONMENTS)(
      'passes in %s every check that the desired state decides',
      env => {
        const checks = environments[env];
        const statuses = Object.fromEntries(
          Object.entries(checks).map(([id, c]) => [id, c.status]),
        );
        expect(statuses).toEqual({
          // Decided by the generated manifests, runbook and catalog entity.
          'container-security': 'pass',
          'env-configured': 'pass',
          // The first environment of the path has nothing to compare with; later ones pass.
          'environment-parity': env === 'dev' ? 'not-applicable' : 'pass',
          'health-checks': 'pass',
          // The golden path writes a PrometheusRule per environment.
          monitoring: 'pass',
          'rollback-plan': 'pass',
          // Nothing to check: no database migrations, no Ingress, no data store to back up.
          'migrations-ready': 'not-applicable',
          'tls-certificates': 'not-applicable',
          // No Argo CD or Flux in this installation.
          'gitops-sync': 'not-applicable',
          // No cluster, so no Trivy Operator to ask.
          'image-vulnerabilities': 'not-applicable',
          'backup-verified': 'not-applicable',
          // Needs CI: there is no token in this installation, and it says so.
          'ci-tests': 'unknown',
          // The real "not built yet" fact: the commit-SHA-shaped placeholder tag of the template
          // is not pinned by digest until the first pipeline run (advisory imageDigestMissing).
          'image-tagged': 'warn',
        });
        expect(checks.monitoring.evidence).toContainEqual(
          expect.objectContaining({
            kind: 'PrometheusRule',
            name: 'checkout-api',
            location: 'prometheusrule.yaml',
          }),
        );
        expect(checks['ci-tests'].summary).toContain('no token');
        expect(checks['image-tagged']).toMatchObject({
          summary: expect.stringContaining(
            "'ghcr.io/acme/checkout-api:0000000' without a digest",
          ),
          details: expect.stringContaining('imageDigestMissing** (advisory)'),
        });
        expect(checks['image-tagged'].details).not.toMatch(/\(blocking\)/);
      },
    );
  });
});
