import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import type {
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  MASKED_VALUE,
  type PreflightEnvironment,
  type SourceState,
} from '@preflight/plugin-preflight-common';
import { DesiredStateSource } from './DesiredStateSource';
import { MAX_MANIFEST_FILE_BYTES, MAX_MANIFEST_FILES } from './localFiles';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');
const EXAMPLES = path.join(REPO_ROOT, 'examples');
const ENTITIES_FILE = path.join(EXAMPLES, 'entities.yaml');
const BACKEND_DIR = path.join(REPO_ROOT, 'packages', 'backend');

const DEV: PreflightEnvironment = { name: 'dev', title: 'Development' };
const STAGING: PreflightEnvironment = { name: 'staging', title: 'Staging' };
const PRODUCTION: PreflightEnvironment = {
  name: 'production',
  title: 'Production',
};

/** The example app's catalog locations, relative to packages/backend (as in app-config.yaml). */
const exampleConfig = new ConfigReader({
  catalog: {
    locations: [
      { type: 'file', target: '../../examples/entities.yaml' },
      { type: 'file', target: '../../examples/org.yaml' },
    ],
  },
});

/** A component from examples/entities.yaml, as the catalog holds it after reading that file. */
function exampleEntity(name: string): Entity {
  const text = fs.readFileSync(ENTITIES_FILE, 'utf8');
  const entity = parseAllDocuments(text)
    .map(d => d.toJS() as Entity)
    .find(e => e?.kind === 'Component' && e.metadata.name === name);
  if (!entity) throw new Error(`no component ${name} in ${ENTITIES_FILE}`);
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${ENTITIES_FILE}`,
    'backstage.io/managed-by-origin-location': `file:${ENTITIES_FILE}`,
  };
  return entity;
}

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'test-service', namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

function exampleSource() {
  return new DesiredStateSource({
    urlReader: mockServices.urlReader.mock(),
    config: exampleConfig,
    logger: mockServices.logger.mock(),
    workingDirectory: BACKEND_DIR,
  });
}

const CHECKOUT_FILES = [
  ['configmap.yaml', 'ConfigMap', 'checkout-api-config'],
  ['deployment.yaml', 'Deployment', 'checkout-api'],
  ['hpa.yaml', 'HorizontalPodAutoscaler', 'checkout-api'],
  ['job-migrate.yaml', 'Job', 'checkout-api-migrate'],
  ['networkpolicy.yaml', 'NetworkPolicy', 'checkout-api'],
  ['pdb.yaml', 'PodDisruptionBudget', 'checkout-api'],
  ['service.yaml', 'Service', 'checkout-api'],
  ['serviceaccount.yaml', 'ServiceAccount', 'checkout-api'],
];

describe('DesiredStateSource', () => {
  describe('the bundled examples (local files, default roots from catalog.locations)', () => {
    it.each([
      [DEV, 1],
      [STAGING, 2],
      [PRODUCTION, 3],
    ])('reads checkout-api in %s', async (environment, replicas) => {
      const state = await exampleSource().read(
        exampleEntity('checkout-api'),
        environment,
      );
      expect(state.status).toBe('ok');
      expect(state.error).toBeUndefined();
      expect(state.location).toBe(
        `examples/deploy/checkout-api/${environment.name}`,
      );
      expect(new Date(state.readAt!).toISOString()).toBe(state.readAt);
      expect(state.objects.map(o => [o.kind, o.metadata.name])).toEqual(
        CHECKOUT_FILES.map(([, kind, name]) => [kind, name]),
      );
      expect(state.origins).toEqual(
        CHECKOUT_FILES.map(([file]) => ({
          source: 'desired',
          location: file,
          line: 2, // after the header comment
        })),
      );
      const deployment = state.objects.find(o => o.kind === 'Deployment')!;
      expect(deployment.apiVersion).toBe('apps/v1');
      expect(deployment.metadata.namespace).toBe('shop');
      expect(deployment.spec.replicas).toBe(replicas);
      expect(deployment.spec.template.spec.containers[0].image).toBe(
        'ghcr.io/acme/checkout-api:2.4.1@sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828',
      );
    });

    it('never returns the Stripe key seeded in payments-api staging', async () => {
      const state = await exampleSource().read(
        exampleEntity('payments-api'),
        STAGING,
      );
      expect(state.status).toBe('ok');
      expect(JSON.stringify(state)).not.toContain(
        'sk_live_FAKE_DO_NOT_USE_0000',
      );
      const deployment = state.objects.find(o => o.kind === 'Deployment')!;
      const env = deployment.spec.template.spec.containers[0].env;
      expect(env.find((e: any) => e.name === 'STRIPE_API_KEY')).toEqual({
        name: 'STRIPE_API_KEY',
        value: MASKED_VALUE,
      });
      // Non-sensitive literals are kept.
      expect(env.find((e: any) => e.name === 'LOG_LEVEL')).toEqual({
        name: 'LOG_LEVEL',
        value: 'info',
      });
    });

    it('reports a missing environment directory as not-configured', async () => {
      const state = await exampleSource().read(exampleEntity('checkout-api'), {
        name: 'qa',
        title: 'QA',
      });
      expect(state).toEqual({
        status: 'not-configured',
        message: 'No manifests at examples/deploy/checkout-api/qa',
        objects: [],
        location: 'examples/deploy/checkout-api/qa',
        readAt: expect.any(String),
      });
    });

    it('reports an entity without the annotation as not-configured', async () => {
      const entity = exampleEntity('checkout-api');
      delete entity.metadata.annotations!['preflight.dev/manifests'];
      const state = await exampleSource().read(entity, DEV);
      expect(state).toEqual({
        status: 'not-configured',
        message: 'The entity has no preflight.dev/manifests annotation',
        objects: [],
        readAt: expect.any(String),
      });
    });

    it.each([
      ['../../../etc/{env}'],
      ['/etc/{env}'],
      ['a/../../b/{env}'],
      ['./deploy/../../{env}'],
      ['./deploy/checkout-api/{env}/../../../../..'],
    ])('rejects %s, which leaves the allowed directories', async manifests => {
      const entity = exampleEntity('checkout-api');
      entity.metadata.annotations!['preflight.dev/manifests'] = manifests;
      const state = await exampleSource().read(entity, DEV);
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('FORBIDDEN');
      expect(state.error?.message).toBe(
        `preflight.dev/manifests ${JSON.stringify(
          manifests,
        )} is outside the directories local manifests may be read from`,
      );
      expect(state.objects).toEqual([]);
      expect(state.location).toBeUndefined();
    });

    it.each([
      ['backslashes', '..\\..\\etc\\{env}'],
      ['a NUL byte', './deploy/checkout-api/{env}\u0000.yaml'],
      ['a newline', './deploy/{env}\n/x'],
    ])('rejects an annotation with %s', async (_what, manifests) => {
      const entity = exampleEntity('checkout-api');
      entity.metadata.annotations!['preflight.dev/manifests'] = manifests;
      const state = await exampleSource().read(entity, DEV);
      expect(state.status).toBe('error');
      expect(state.error).toEqual({
        reason: 'FORBIDDEN',
        message: `preflight.dev/manifests ${JSON.stringify(
          manifests,
        )} contains a backslash or a control character`,
      });
    });

    it('requires the {env} placeholder', async () => {
      const entity = exampleEntity('checkout-api');
      entity.metadata.annotations!['preflight.dev/manifests'] =
        './deploy/checkout-api/dev';
      const state = await exampleSource().read(entity, DEV);
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message:
          'preflight.dev/manifests "./deploy/checkout-api/dev" must contain the {env} placeholder',
      });
    });

    it('rejects file: URLs', async () => {
      const entity = exampleEntity('checkout-api');
      entity.metadata.annotations!['preflight.dev/manifests'] =
        'file:///etc/{env}';
      const state = await exampleSource().read(entity, DEV);
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('FORBIDDEN');
    });
  });

  describe('local files in a mock directory', () => {
    const mockDir = createMockDirectory();
    let realRoot: string;
    let root: string;
    let source: DesiredStateSource;
    const logger = mockServices.logger.mock();

    const APP = (name: string, kind = 'ConfigMap') =>
      `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;
    const OUTSIDE_SECRET = 'OUTSIDE_THE_ROOT_DO_NOT_READ';

    beforeEach(() => {
      mockDir.setContent({
        root: {
          'entities.yaml': '# the catalog file\n',
          deploy: {
            dev: {
              'app.yaml': APP('app'),
              'nested/more.yml': APP('nested'),
              '.hidden/ignored.yaml': 'not: [valid',
              'README.md': '# not a manifest',
            },
            shared: { 'common.yaml': APP('shared') },
            'bad-yaml/dev/app.yaml':
              '# header\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n',
            'no-name/dev': {
              'ok.yaml': APP('first'),
              'app.yaml':
                'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# second\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
            },
            'empty/dev': { 'README.md': 'nothing here' },
            'only-comments/dev': { 'app.yaml': '# nothing\n---\n' },
            'walk-file-out/dev': { 'app.yaml': APP('app') },
            'walk-dir-out/dev': { 'app.yaml': APP('app') },
            'walk-dangling/dev': { 'app.yaml': APP('app') },
            'walk-chain/dev': { 'app.yaml': APP('app') },
            'big/dev': {
              'big.yaml': `${APP('big')}data:\n  x: "${'a'.repeat(
                MAX_MANIFEST_FILE_BYTES,
              )}"\n`,
            },
            'many/dev': Object.fromEntries(
              Array.from({ length: MAX_MANIFEST_FILES + 1 }, (_, i) => [
                `cm-${i}.yaml`,
                APP(`cm-${i}`),
              ]),
            ),
          },
        },
        outside: {
          dev: {
            'secret.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stolen\ndata:\n  x: ${OUTSIDE_SECRET}\n`,
          },
        },
        b: { dev: { 'secret.yaml': `# ${OUTSIDE_SECRET}\n` } },
      });
      root = mockDir.resolve('root');
      realRoot = fs.realpathSync(root);
      const link = (target: string, at: string) =>
        fs.symlinkSync(target, mockDir.resolve(at));
      // a symlink inside the root pointing outside
      link(mockDir.resolve('outside'), 'root/deploy/escape');
      link(
        mockDir.resolve('outside/dev/secret.yaml'),
        'root/deploy/walk-file-out/dev/secret.yaml',
      );
      link('../../../../outside', 'root/deploy/walk-dir-out/dev/sub');
      // a chain that stays inside: chain-a -> chain-b -> shared-env
      fs.mkdirSync(mockDir.resolve('root/deploy/shared-env/dev'), {
        recursive: true,
      });
      fs.writeFileSync(
        mockDir.resolve('root/deploy/shared-env/dev/app.yaml'),
        APP('chained'),
      );
      link('chain-b', 'root/deploy/chain-a');
      link('shared-env', 'root/deploy/chain-b');
      link(
        '../../shared/common.yaml',
        'root/deploy/walk-chain/dev/common.yaml',
      );
      // dangling links
      link('nowhere', 'root/deploy/dangling');
      link('missing.yaml', 'root/deploy/walk-dangling/dev/broken.yaml');

      source = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          preflight: { desired: { localRoots: [root] } },
        }),
        logger,
        workingDirectory: mockDir.path,
      });
    });

    const read = (manifests: string, environment = DEV) =>
      source.read(
        entityWith({
          'backstage.io/managed-by-location': `file:${path.join(
            root,
            'entities.yaml',
          )}`,
          'preflight.dev/manifests': manifests,
        }),
        environment,
      );

    /** Reads while recording every file opened; returns the state and the opened paths. */
    async function readSpying(manifests: string) {
      const open = jest.spyOn(fs.promises, 'open');
      const readFile = jest.spyOn(fs.promises, 'readFile');
      try {
        const state = await read(manifests);
        const opened = [...open.mock.calls, ...readFile.mock.calls].map(c =>
          String(c[0]),
        );
        return { state, opened };
      } finally {
        open.mockRestore();
        readFile.mockRestore();
      }
    }

    function expectNothingOutsideRead(state: SourceState, opened: string[]) {
      expect(JSON.stringify(state)).not.toContain(OUTSIDE_SECRET);
      for (const file of opened) {
        expect(file.startsWith(`${realRoot}${path.sep}`)).toBe(true);
      }
    }

    it('reads every .yaml/.yml file below the directory, skipping hidden entries', async () => {
      const { state, opened } = await readSpying('./deploy/{env}');
      expect(state).toEqual({
        status: 'ok',
        objects: [
          expect.objectContaining({ metadata: { name: 'app' } }),
          expect.objectContaining({ metadata: { name: 'nested' } }),
        ],
        origins: [
          { source: 'desired', location: 'app.yaml', line: 1 },
          { source: 'desired', location: 'nested/more.yml', line: 1 },
        ],
        location: 'root/deploy/dev',
        readAt: expect.any(String),
        renderer: { name: 'yaml' },
      });
      expect(opened).toEqual([
        path.join(realRoot, 'deploy/dev/app.yaml'),
        path.join(realRoot, 'deploy/dev/nested/more.yml'),
      ]);
    });

    it('reads a single .yaml file', async () => {
      const state = await read('./deploy/{env}/app.yaml');
      expect(state.status).toBe('ok');
      expect(state.origins).toEqual([
        { source: 'desired', location: 'app.yaml', line: 1 },
      ]);
      expect(state.location).toBe('root/deploy/dev/app.yaml');
    });

    it('accepts an absolute path inside a root', async () => {
      const state = await read(path.join(root, 'deploy', '{env}'));
      expect(state.status).toBe('ok');
      expect(state.location).toBe('root/deploy/dev');
    });

    it('reports a YAML syntax error naming the file and line', async () => {
      const state = await read('./deploy/bad-yaml/{env}');
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('BAD_RESPONSE');
      expect(state.error?.message).toBe(
        'app.yaml:6: invalid YAML: Map keys must be unique',
      );
      expect(state.objects).toEqual([]);
      expect(state.location).toBe('root/deploy/bad-yaml/dev');
    });

    it('reports a document that is not a Kubernetes object, naming the file and line', async () => {
      const state = await read('./deploy/no-name/{env}');
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message: 'app.yaml:7: not a Kubernetes object (missing metadata.name)',
      });
      expect(state.objects).toEqual([]);
    });

    it('reports a missing directory as not-configured', async () => {
      const state = await read('./deploy/missing/{env}');
      expect(state).toEqual({
        status: 'not-configured',
        message: 'No manifests at root/deploy/missing/dev',
        objects: [],
        location: 'root/deploy/missing/dev',
        readAt: expect.any(String),
      });
    });

    it.each([['./deploy/empty/{env}'], ['./deploy/only-comments/{env}']])(
      'reports %s, which has no objects, as not-deployed',
      async manifests => {
        const state = await read(manifests);
        expect(state.status).toBe('not-deployed');
        expect(state.message).toMatch(
          /^No Kubernetes objects in the manifests at root\/deploy\//,
        );
        expect(state.objects).toEqual([]);
      },
    );

    it.each([
      ['../outside/{env}', 'is outside the directories'],
      ['a/../../b/{env}', 'is outside the directories'],
      ['../../../etc/{env}', 'is outside the directories'],
      ['/etc/{env}', 'is outside the directories'],
      ['./deploy/escape/{env}', 'leads through a symbolic link outside'],
      [
        './deploy/escape/{env}/secret.yaml',
        'leads through a symbolic link outside',
      ],
      [
        './deploy/escape/no-such-env/{env}',
        'leads through a symbolic link outside',
      ],
      ['./deploy/walk-file-out/{env}', 'contains a symbolic link to outside'],
      ['./deploy/walk-dir-out/{env}', 'contains a symbolic link to outside'],
      ['./deploy/dangling/{env}', 'leads through a dangling symbolic link'],
      ['./deploy/walk-dangling/{env}', 'contains a dangling symbolic link'],
    ])(
      'rejects %s as FORBIDDEN without reading outside the root',
      async (manifests, why) => {
        const { state, opened } = await readSpying(manifests);
        expect(state.status).toBe('error');
        expect(state.error?.reason).toBe('FORBIDDEN');
        expect(state.error?.message).toContain(
          `preflight.dev/manifests ${JSON.stringify(manifests)} ${why}`,
        );
        // The message quotes the annotation only: no resolved or absolute paths.
        expect(state.error?.message).not.toContain(mockDir.path);
        expect(state.error?.message).not.toContain(realRoot);
        expect(state.objects).toEqual([]);
        expectNothingOutsideRead(state, opened);
      },
    );

    it('follows a symlink chain that stays inside the root', async () => {
      const { state, opened } = await readSpying('./deploy/chain-a/{env}');
      expect(state.status).toBe('ok');
      expect(state.objects.map(o => o.metadata.name)).toEqual(['chained']);
      expect(state.location).toBe('root/deploy/chain-a/dev');
      expectNothingOutsideRead(state, opened);
    });

    it('follows a file symlink that stays inside the root while walking', async () => {
      const state = await read('./deploy/walk-chain/{env}');
      expect(state.status).toBe('ok');
      expect(state.objects.map(o => o.metadata.name)).toEqual([
        'app',
        'shared',
      ]);
      expect(state.origins?.map(o => o.location)).toEqual([
        'app.yaml',
        'common.yaml',
      ]);
    });

    it('rejects a file over 1 MiB', async () => {
      const state = await read('./deploy/big/{env}');
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message: `big.yaml is larger than ${MAX_MANIFEST_FILE_BYTES} bytes (the limit per manifest file)`,
      });
    });

    it('rejects more than 200 files', async () => {
      const state = await read('./deploy/many/{env}');
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message: `More than ${MAX_MANIFEST_FILES} manifest files (the limit per environment)`,
      });
    });

    it('reports an aborted read as TIMEOUT', async () => {
      const controller = new AbortController();
      controller.abort();
      const state = await source.read(
        entityWith({
          'backstage.io/managed-by-location': `file:${path.join(
            root,
            'entities.yaml',
          )}`,
          'preflight.dev/manifests': './deploy/{env}',
        }),
        DEV,
        { signal: controller.signal },
      );
      expect(state.error?.reason).toBe('TIMEOUT');
    });

    it('reads nothing locally when the roots are explicitly empty', async () => {
      const disabled = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          preflight: { desired: { localRoots: [] } },
        }),
        logger: mockServices.logger.mock(),
        workingDirectory: mockDir.path,
      });
      const state = await disabled.read(
        entityWith({
          'backstage.io/managed-by-location': `file:${path.join(
            root,
            'entities.yaml',
          )}`,
          'preflight.dev/manifests': './deploy/{env}',
        }),
        DEV,
      );
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('FORBIDDEN');
      expect(state.error?.message).toContain(
        'reading local manifests is disabled',
      );
    });

    it('resolves relative roots against the working directory', async () => {
      const relative = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          preflight: { desired: { localRoots: ['root'] } },
        }),
        logger: mockServices.logger.mock(),
        workingDirectory: mockDir.path,
      });
      const state = await relative.read(
        entityWith({
          'backstage.io/managed-by-location': `file:${path.join(
            root,
            'entities.yaml',
          )}`,
          'preflight.dev/manifests': './deploy/{env}',
        }),
        DEV,
      );
      expect(state.status).toBe('ok');
    });
  });

  describe('configuration', () => {
    const mockDir = createMockDirectory({ content: { present: {} } });
    const create = (data: object) =>
      new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader(data as any),
        logger: mockServices.logger.mock(),
        workingDirectory: mockDir.path,
      });

    it.each([
      ['a string', 'present'],
      ['a list with a number', ['present', 3]],
      ['a list with an empty string', ['']],
      ['an object', { a: 'present' }],
    ])('rejects preflight.desired.localRoots as %s', (_what, localRoots) => {
      expect(() => create({ preflight: { desired: { localRoots } } })).toThrow(
        "Invalid config at 'preflight.desired.localRoots': expected a list of directory paths (absolute or relative to the backend's working directory)",
      );
    });

    it('rejects a root that does not exist, naming the entry', () => {
      expect(() =>
        create({
          preflight: { desired: { localRoots: ['present', 'absent'] } },
        }),
      ).toThrow(
        /^Invalid config at 'preflight\.desired\.localRoots\[1\]': directory 'absent' does not exist/,
      );
    });

    it('rejects a root that is a file', () => {
      mockDir.addContent({ 'file.txt': 'x' });
      expect(() =>
        create({ preflight: { desired: { localRoots: ['file.txt'] } } }),
      ).toThrow(/preflight\.desired\.localRoots\[0\]/);
    });

    it('defaults to the existing directories of file catalog locations', () => {
      const logger = mockServices.logger.mock();
      // eslint-disable-next-line no-new
      new DesiredStateSource({
        urlReader: mockServices.urlReader.mock(),
        config: new ConfigReader({
          catalog: {
            locations: [
              { type: 'file', target: 'present/entities.yaml' },
              { type: 'file', target: 'present/**/*.yaml' },
              { type: 'file', target: 'gone/entities.yaml' },
              {
                type: 'url',
                target: 'https://github.com/a/b/blob/main/c.yaml',
              },
            ],
          },
        }),
        logger,
        workingDirectory: mockDir.path,
      });
      expect(logger.info).toHaveBeenCalledWith(
        `Preflight desired state: local manifests may be read from ${mockDir.resolve(
          'present',
        )}`,
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(mockDir.resolve('gone')),
      );
    });
  });

  describe('URLs through the UrlReaderService', () => {
    const MANIFEST = (name: string, kind = 'ConfigMap') =>
      `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n`;

    function treeResponse(
      files: Record<string, string>,
      options?: UrlReaderServiceReadTreeOptions,
    ): UrlReaderServiceReadTreeResponse {
      return {
        async files() {
          return Object.entries(files)
            .filter(([p, c]) =>
              options?.filter
                ? options.filter(p, { size: Buffer.byteLength(c) })
                : true,
            )
            .map(([p, c]) => ({
              path: p,
              content: async () => Buffer.from(c),
            }));
        },
        async archive() {
          throw new Error('not used');
        },
        async dir() {
          throw new Error('not used');
        },
        etag: 'etag',
      };
    }

    function urlSource(
      impl: Parameters<typeof mockServices.urlReader.mock>[0],
    ) {
      const urlReader = mockServices.urlReader.mock(impl);
      const source = new DesiredStateSource({
        urlReader,
        config: new ConfigReader({}),
        logger: mockServices.logger.mock(),
      });
      return { urlReader, source };
    }

    const fromGitHub = (manifests: string) =>
      entityWith({
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/checkout-api/blob/main/catalog-info.yaml',
        'preflight.dev/manifests': manifests,
      });

    it('reads a tree relative to the entity location', async () => {
      const { urlReader, source } = urlSource({
        readTree: jest.fn(async (_url, options) =>
          treeResponse(
            {
              'deployment.yaml': `# header\n${MANIFEST(
                'web',
                'Deployment',
              )}---\n${MANIFEST('web-config')}`,
              'README.md': '# docs',
              'sub/svc.yml': MANIFEST('web', 'Service'),
              '.github/ci.yaml': 'not: [a manifest',
            },
            options,
          ),
        ),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), STAGING);
      expect(urlReader.readTree).toHaveBeenCalledWith(
        'https://github.com/acme/checkout-api/blob/main/deploy/staging',
        expect.objectContaining({ filter: expect.any(Function) }),
      );
      expect(state).toEqual({
        status: 'ok',
        objects: [
          expect.objectContaining({ kind: 'Deployment' }),
          expect.objectContaining({ kind: 'ConfigMap' }),
          expect.objectContaining({ kind: 'Service' }),
        ],
        origins: [
          { source: 'desired', location: 'deployment.yaml', line: 2 },
          { source: 'desired', location: 'deployment.yaml', line: 7 },
          { source: 'desired', location: 'sub/svc.yml', line: 1 },
        ],
        location:
          'https://github.com/acme/checkout-api/blob/main/deploy/staging',
        readAt: expect.any(String),
        renderer: { name: 'yaml' },
      });
    });

    it('reads an absolute tree URL and sanitizes Secrets', async () => {
      const { urlReader, source } = urlSource({
        readTree: jest.fn(async (_url, options) =>
          treeResponse(
            {
              'secret.yaml':
                'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  url: postgres://u:hunter2@db/x\n',
            },
            options,
          ),
        ),
      });
      const state = await source.read(
        entityWith({
          'preflight.dev/manifests':
            'https://github.com/acme/gitops/tree/main/apps/checkout/{env}',
        }),
        PRODUCTION,
      );
      expect(urlReader.readTree).toHaveBeenCalledWith(
        'https://github.com/acme/gitops/tree/main/apps/checkout/production',
        expect.anything(),
      );
      expect(state.status).toBe('ok');
      expect(state.objects[0].data).toEqual({ url: MASKED_VALUE });
      expect(JSON.stringify(state)).not.toContain('hunter2');
    });

    it('gives up on a read that exceeds preflight.desired.timeoutMs: TIMEOUT on that environment', async () => {
      const source = new DesiredStateSource({
        urlReader: mockServices.urlReader.mock({
          // never answers unless aborted, as a hanging SCM host does
          readUrl: jest.fn(
            (_url: string, options?: { signal?: AbortSignal }) =>
              new Promise<never>((_, reject) =>
                options?.signal?.addEventListener('abort', () =>
                  reject(options.signal!.reason),
                ),
              ),
          ),
        }),
        config: new ConfigReader({
          preflight: { desired: { timeoutMs: 200 } },
        }),
        logger: mockServices.logger.mock(),
      });
      const started = Date.now();
      const state = await source.read(
        entityWith({
          'preflight.dev/manifests':
            'https://raw.example.com/acme/gitops/{env}/all.yaml',
        }),
        DEV,
      );
      expect(Date.now() - started).toBeLessThan(5000);
      expect(state).toMatchObject({
        status: 'error',
        error: { reason: 'TIMEOUT' },
      });
    });

    it('fails at start-up on an invalid preflight.desired.timeoutMs, naming the key', () => {
      expect(
        () =>
          new DesiredStateSource({
            urlReader: mockServices.urlReader.mock(),
            config: new ConfigReader({
              preflight: { desired: { timeoutMs: 5 } },
            }),
            logger: mockServices.logger.mock(),
          }),
      ).toThrow("Invalid config at 'preflight.desired.timeoutMs'");
    });

    it('reads a single file with readUrl', async () => {
      const { urlReader, source } = urlSource({
        readUrl: jest.fn(async () => ({
          buffer: async () => Buffer.from(MANIFEST('one')),
        })),
      });
      const state = await source.read(
        entityWith({
          'preflight.dev/manifests':
            'https://raw.example.com/acme/gitops/{env}/all.yaml',
        }),
        DEV,
      );
      expect(urlReader.readUrl).toHaveBeenCalledWith(
        'https://raw.example.com/acme/gitops/dev/all.yaml',
        expect.anything(),
      );
      expect(urlReader.readTree).not.toHaveBeenCalled();
      expect(state.status).toBe('ok');
      expect(state.origins).toEqual([
        { source: 'desired', location: 'all.yaml', line: 1 },
      ]);
    });

    it('reports invalid YAML from a tree naming the file and line', async () => {
      const { source } = urlSource({
        readTree: jest.fn(async (_url, options) =>
          treeResponse(
            {
              'a.yaml': MANIFEST('a'),
              'b/broken.yaml': `${MANIFEST(
                'b',
              )}---\nkey: value\n  bad: indent\n`,
            },
            options,
          ),
        ),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), DEV);
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('BAD_RESPONSE');
      expect(state.error?.message).toBe(
        'b/broken.yaml:6: invalid YAML: Nested mappings are not allowed in compact mappings',
      );
    });

    it('reports an empty tree as not-deployed', async () => {
      const { source } = urlSource({
        readTree: jest.fn(async (_url, options) =>
          treeResponse({ 'README.md': '#' }, options),
        ),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), DEV);
      expect(state.status).toBe('not-deployed');
    });

    it('rejects an oversized file reported by the tree', async () => {
      const { source } = urlSource({
        readTree: jest.fn(async (_url, options) =>
          treeResponse(
            { 'big.yaml': 'x'.repeat(MAX_MANIFEST_FILE_BYTES + 1) },
            options,
          ),
        ),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), DEV);
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message: `big.yaml is larger than ${MAX_MANIFEST_FILE_BYTES} bytes (the limit per manifest file)`,
      });
    });

    it('rejects absolute paths for entities registered from URLs', async () => {
      const { source } = urlSource({});
      const state = await source.read(fromGitHub('/deploy/{env}'), DEV);
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('BAD_RESPONSE');
    });

    it('rejects URLs with credentials', async () => {
      const { urlReader, source } = urlSource({});
      const state = await source.read(
        entityWith({
          'preflight.dev/manifests': 'https://user:pw@example.com/{env}',
        }),
        DEV,
      );
      expect(state.error).toEqual({
        reason: 'FORBIDDEN',
        message:
          'preflight.dev/manifests: URLs must not contain credentials (configure an integration instead)',
      });
      expect(urlReader.readTree).not.toHaveBeenCalled();
    });

    it.each([
      [
        'NotFoundError',
        new NotFoundError('could not read https://x, 404 Not Found'),
        'not-configured',
        undefined,
        'No manifests at https://github.com/acme/checkout-api/blob/main/deploy/dev',
      ],
      [
        'NotAllowedError',
        new NotAllowedError("Reading from 'https://x' is not allowed"),
        'error',
        'FORBIDDEN',
        undefined,
      ],
      [
        'AuthenticationError',
        new AuthenticationError('bad token'),
        'error',
        'UNAUTHORIZED',
        undefined,
      ],
      [
        '401',
        new Error(
          'Request failed for https://api.github.com/repos/a/b, 401 Unauthorized',
        ),
        'error',
        'UNAUTHORIZED',
        undefined,
      ],
      [
        '403',
        new Error(
          'Request failed for https://api.github.com/repos/a/b, 403 Forbidden',
        ),
        'error',
        'FORBIDDEN',
        undefined,
      ],
      [
        'a rate limit',
        new Error(
          'Request failed for https://api.github.com/x, 403 Forbidden (rate limit exceeded)',
        ),
        'error',
        'RATE_LIMITED',
        undefined,
      ],
      [
        '503',
        new Error('could not read https://x, 503 Service Unavailable'),
        'error',
        'UNREACHABLE',
        undefined,
      ],
      [
        'a refused connection',
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
          code: 'ECONNREFUSED',
        }),
        'error',
        'UNREACHABLE',
        undefined,
      ],
      [
        'fetch failed',
        Object.assign(new TypeError('fetch failed'), {
          cause: { code: 'ENOTFOUND' },
        }),
        'error',
        'UNREACHABLE',
        undefined,
      ],
      [
        'a timeout',
        Object.assign(new Error('The operation was aborted due to timeout'), {
          name: 'TimeoutError',
        }),
        'error',
        'TIMEOUT',
        undefined,
      ],
    ])(
      'maps a reader failure with %s',
      async (_what, failure, status, reason, message) => {
        const { source } = urlSource({
          readTree: jest.fn(async () => {
            throw failure;
          }),
        });
        const state = await source.read(fromGitHub('./deploy/{env}'), DEV);
        expect(state.status).toBe(status);
        expect(state.error?.reason).toBe(reason);
        expect(state.objects).toEqual([]);
        expect(state.location).toBe(
          'https://github.com/acme/checkout-api/blob/main/deploy/dev',
        );
        expect(state.message).toBe(message);
      },
    );

    it('passes the abort signal to the reader and reports TIMEOUT when it fires', async () => {
      const controller = new AbortController();
      let passed: AbortSignal | undefined;
      const { source } = urlSource({
        readTree: jest.fn(async (_url, options) => {
          passed = options?.signal;
          // the reader's signal follows the caller's (combined with the read's deadline)
          expect(passed?.aborted).toBe(false);
          controller.abort();
          expect(passed?.aborted).toBe(true);
          const error = new Error('This operation was aborted');
          error.name = 'AbortError';
          throw error;
        }),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), DEV, {
        signal: controller.signal,
      });
      expect(passed).toBeDefined();
      expect(state.error).toEqual({
        reason: 'TIMEOUT',
        message:
          'Reading the manifests at https://github.com/acme/checkout-api/blob/main/deploy/dev timed out',
      });
    });

    it('redacts credentials in reader error messages', async () => {
      const { source } = urlSource({
        readTree: jest.fn(async () => {
          throw new Error(
            'Unable to read https://u:s3cr3t@git.example.com/x?token=abc123 something odd',
          );
        }),
      });
      const state = await source.read(fromGitHub('./deploy/{env}'), DEV);
      expect(state.error?.reason).toBe('BAD_RESPONSE');
      expect(state.error?.message).not.toContain('s3cr3t');
      expect(state.error?.message).not.toContain('abc123');
    });

    it('reports a relative path without an entity location', async () => {
      const { source } = urlSource({});
      const state = await source.read(
        entityWith({ 'preflight.dev/manifests': './deploy/{env}' }),
        DEV,
      );
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message:
          'preflight.dev/manifests "./deploy/{env}" is a path, but the entity has no backstage.io/managed-by-location annotation to resolve it against',
      });
    });
  });
});
