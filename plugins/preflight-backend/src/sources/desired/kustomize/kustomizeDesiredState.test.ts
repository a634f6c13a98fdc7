import fs from 'fs';
import os from 'os';
import path from 'path';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import type { UrlReaderServiceReadTreeResponse } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import { DesiredStateSource } from '../DesiredStateSource';
import { KustomizeRenderer } from './KustomizeRenderer';

const FIXTURE = path.join(__dirname, '__fixtures__', 'web');
const ENVIRONMENTS: PreflightEnvironment[] = [
  'dev',
  'staging',
  'production',
].map(name => ({ name, title: name }));
const [DEV, STAGING, PRODUCTION] = ENVIRONMENTS;

const hasKustomize = ['kustomize', 'kubectl'].some(name =>
  (process.env.PATH ?? '').split(path.delimiter).some(dir => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  }),
);
const withKustomize = hasKustomize ? describe : describe.skip;

/** The fixture's files, keyed by their path below it. */
function fixtureFiles(dir = FIXTURE, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      Object.assign(files, fixtureFiles(path.join(dir, entry.name), relative));
    } else {
      files[relative] = fs.readFileSync(path.join(dir, entry.name), 'utf8');
    }
  }
  return files;
}

function entity(manifests: string, location: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'web',
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': location,
        'preflight.dev/manifests': manifests,
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

withKustomize(
  hasKustomize
    ? 'DesiredStateSource over Kustomize overlays (real kustomize)'
    : 'skipped: neither kustomize nor kubectl is on PATH (install kubectl to run these)',
  () => {
    const mock = createMockDirectory();
    let source: DesiredStateSource;
    let catalogFile: string;

    beforeEach(() => {
      mock.setContent({
        'repo/catalog-info.yaml': '',
        ...Object.fromEntries(
          Object.entries(fixtureFiles()).map(([p, c]) => [`repo/${p}`, c]),
        ),
      });
      catalogFile = path.join(mock.path, 'repo/catalog-info.yaml');
      source = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          preflight: {
            desired: { localRoots: [path.join(mock.path, 'repo')] },
          },
        }),
        logger: mockServices.logger.mock(),
      });
    });

    const read = (
      environment: PreflightEnvironment,
      manifests = './overlays/{env}',
    ) => source.read(entity(manifests, `file:${catalogFile}`), environment);

    it.each([
      [DEV, 'ghcr.io/acme/web:1.3.0', 1, 'web-dev'],
      [STAGING, 'ghcr.io/acme/web:1.3.0', 2, 'web-staging'],
      [PRODUCTION, 'ghcr.io/acme/web:1.2.0', 3, 'web'],
    ])(
      'builds the overlay of %p: built objects, sanitized, with the renderer and the overlay as origin',
      async (environment, image, replicas, namespace) => {
        const state = await read(environment);
        expect(state).toMatchObject({
          status: 'ok',
          location: `repo/overlays/${environment.name}`,
          renderer: { name: 'kustomize', version: expect.any(String) },
        });
        expect(
          state.objects.map(o => [o.kind, o.metadata.namespace]).sort(),
        ).toEqual(
          [
            ['ConfigMap', namespace],
            ['Deployment', namespace],
            ['Secret', namespace],
            ['Service', namespace],
          ].sort(),
        );
        const deployment = state.objects.find(o => o.kind === 'Deployment')!;
        expect((deployment as any).spec.replicas).toBe(replicas);
        expect((deployment as any).spec.template.spec.containers[0].image).toBe(
          image,
        );
        // the generator's hashed name, and the reference rewritten to it
        const configMap = state.objects.find(o => o.kind === 'ConfigMap')!;
        expect(configMap.metadata.name).toMatch(/^web-config-[a-z0-9]{10}$/);
        expect(JSON.stringify(deployment)).toContain(configMap.metadata.name);
        // generated Secret values never leave the source
        const text = JSON.stringify(state);
        expect(text).not.toContain('fixture-password');
        expect(text).not.toContain(
          Buffer.from('postgres://web:fixture-password@db/web').toString(
            'base64',
          ),
        );
        expect(state.origins).toEqual(
          state.objects.map(() => ({
            source: 'desired',
            location: `repo/overlays/${environment.name} (kustomize build)`,
          })),
        );
      },
    );

    it('a broken overlay is an error on its environment only', async () => {
      mock.addContent({
        'repo/overlays/staging/kustomization.yaml':
          'resources:\n  - ../../base\npatches:\n  - path: nowhere.yaml\n',
      });
      const [dev, staging, production] = await Promise.all(
        ENVIRONMENTS.map(e => read(e)),
      );
      expect(dev.status).toBe('ok');
      expect(production.status).toBe('ok');
      expect(staging).toMatchObject({
        status: 'error',
        error: {
          reason: 'RENDER_FAILED',
          message: expect.stringContaining('nowhere.yaml'),
        },
        objects: [],
        renderer: { name: 'kustomize' },
      });
      expect(staging.error!.message).not.toContain(mock.path);
    });

    it('refuses an overlay with a remote base', async () => {
      mock.addContent({
        'repo/overlays/production/kustomization.yaml':
          'resources:\n  - github.com/acme/shared-bases//web?ref=v2\n',
      });
      const state = await read(PRODUCTION);
      expect(state.error).toEqual({
        reason: 'FORBIDDEN',
        message: expect.stringContaining(
          'is a remote base; remote bases are not fetched (set preflight.desired.kustomize.allowRemoteBases: true',
        ),
      });
    });

    it('a Helm chart is an unsupported layout, not a parse of its templates', async () => {
      mock.addContent({
        'repo/chart/dev/Chart.yaml':
          'apiVersion: v2\nname: web\nversion: 1.0.0\n',
        'repo/chart/dev/templates/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      });
      const state = await read(DEV, './chart/{env}');
      expect(state.error).toEqual({
        reason: 'UNSUPPORTED_LAYOUT',
        message: expect.stringContaining(
          'is a Helm chart (Chart.yaml); its templates are not rendered here — render it with Argo CD, Flux or a Preflight module',
        ),
      });
    });

    it('plain YAML directories keep being parsed file by file, with the yaml renderer', async () => {
      mock.addContent({
        'repo/plain/dev/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n',
      });
      const state = await read(DEV, './plain/{env}');
      expect(state).toMatchObject({
        status: 'ok',
        renderer: { name: 'yaml' },
        origins: [{ source: 'desired', location: 'cm.yaml', line: 1 }],
      });
    });

    it('without a kustomize binary: a typed error naming the key, never the patches read as objects', async () => {
      const missing = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          preflight: {
            desired: { localRoots: [path.join(mock.path, 'repo')] },
          },
        }),
        logger: mockServices.logger.mock(),
        kustomize: new KustomizeRenderer({
          command: '/nonexistent/kustomize',
          timeoutMs: 1000,
          maxOutputBytes: 1024 * 1024,
          allowRemoteBases: false,
        }),
      });
      const state = await missing.read(
        entity('./overlays/{env}', `file:${catalogFile}`),
        DEV,
      );
      expect(state).toMatchObject({
        status: 'error',
        objects: [],
        error: {
          reason: 'RENDERER_MISSING',
          message: expect.stringContaining(
            'preflight.desired.kustomize.command',
          ),
        },
      });
    });

    it('builds an overlay read from a repository with readTree, in a temporary directory that is removed', async () => {
      const files = fixtureFiles();
      const tree = (prefix: string): UrlReaderServiceReadTreeResponse => ({
        files: async () =>
          Object.entries(files)
            .filter(([p]) => p.startsWith(prefix))
            .map(([p, c]) => ({
              path: p.slice(prefix.length),
              content: async () => Buffer.from(c),
            })),
        archive: async () => {
          throw new Error('not used');
        },
        dir: async () => {
          throw new Error('not used');
        },
        etag: 'etag',
      });
      const base = 'https://github.com/acme/web/blob/main/';
      const readTree = jest.fn(async (url: string) =>
        tree(url === base ? '' : url.slice(base.length).replace(/\/?$/, '/')),
      );
      const fromGit = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock({ readTree }),
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      });
      const temporary = () =>
        fs
          .readdirSync(os.tmpdir())
          .filter(name => name.startsWith('preflight-kustomize-'));
      const before = temporary();

      const state = await fromGit.read(
        entity('./overlays/{env}', `url:${base}catalog-info.yaml`),
        PRODUCTION,
      );
      expect(state).toMatchObject({
        status: 'ok',
        location: `${base}overlays/production`,
        renderer: { name: 'kustomize' },
      });
      expect(readTree.mock.calls.map(c => c[0])).toEqual([
        `${base}overlays/production`,
        base,
      ]);
      const deployment = state.objects.find(o => o.kind === 'Deployment')!;
      expect((deployment as any).spec.template.spec.containers[0].image).toBe(
        'ghcr.io/acme/web:1.2.0',
      );
      expect(temporary()).toEqual(before);
    });
  },
);
