import fs from 'fs';
import os from 'os';
import path from 'path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type {
  EnvironmentState,
  KubernetesObject,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import { parseAllDocuments } from 'yaml';
import {
  MAX_STALL_MS,
  withEventLoopLag,
} from '../../__testUtils__/eventLoopLag';
import { DesiredStateSource } from '../../sources/desired';
import {
  createRollbackPlanCheck,
  MAX_RUNBOOK_LINKS,
} from './RollbackPlanCheck';

// The repository root: the bundled examples are read from there, as the example backend does.
const ROOT = path.resolve(__dirname, '../../../../..');
const EXAMPLES = path.join(ROOT, 'examples');
const config = new ConfigReader({
  catalog: { locations: [{ type: 'file', target: 'examples/entities.yaml' }] },
});
const dev: PreflightEnvironment = { name: 'dev', title: 'Development' };
const notConfigured: SourceState = { status: 'not-configured', objects: [] };

/** The example entities as the catalog serves them (managed by the local file). */
function exampleEntity(name: string): Entity {
  const file = path.join(EXAMPLES, 'entities.yaml');
  const entity = parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(d => d.toJS() as Entity)
    .find(e => e.kind === 'Component' && e.metadata.name === name)!;
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'backstage.io/managed-by-location': `file:${file}`,
  };
  return entity;
}

/** The environment's state as the plugin builds it: the example manifests (desired state). */
async function exampleState(
  entity: Entity,
  environment = dev,
): Promise<EnvironmentState> {
  const desired = await new DesiredStateSource({
    config,
    logger: mockServices.logger.mock(),
    urlReader: mockServices.urlReader.mock(),
    workingDirectory: ROOT,
  }).read(entity, environment);
  expect(desired.status).toBe('ok');
  return { environment, live: notConfigured, desired };
}

function stateOf(objects: KubernetesObject[]): EnvironmentState {
  return {
    environment: dev,
    live: notConfigured,
    desired: {
      status: 'ok',
      objects,
      origins: objects.map(() => ({
        source: 'desired' as const,
        location: 'deploy/dev/all.yaml',
      })),
      readAt: '2026-11-25T10:00:00.000Z',
    },
  } as EnvironmentState;
}

const deployment = (
  name: string,
  revisionHistoryLimit?: number,
): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    ...(revisionHistoryLimit === undefined ? {} : { revisionHistoryLimit }),
    template: {
      spec: { containers: [{ name, image: `ghcr.io/acme/${name}:1.0.0` }] },
    },
  },
});

const GOOD_RUNBOOK =
  '# api runbook\n\n## Deploy\n\nMerge.\n\n## Rollback\n\n`kubectl rollout undo deployment/api -n shop`\n';

function urlEntity(extra: Partial<Entity['metadata']> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'api',
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/api/blob/main/catalog-info.yaml',
      },
      ...extra,
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  };
}

function readUrlAnswering(content: string) {
  return jest.fn(async () => ({ buffer: async () => Buffer.from(content) }));
}

function check(
  urlReader = mockServices.urlReader.mock(),
  options: { logger?: any; workingDirectory?: string; cfg?: ConfigReader } = {},
) {
  return createRollbackPlanCheck({
    urlReader,
    config: options.cfg ?? config,
    logger: options.logger ?? mockServices.logger.mock(),
    workingDirectory: options.workingDirectory ?? ROOT,
  });
}

const evaluate = (
  c: ReturnType<typeof check>,
  entity: Entity,
  state: EnvironmentState,
) =>
  c.evaluate({
    entity,
    environment: state.environment,
    state,
    path: [state],
    config: new ConfigReader({}),
  });

describe('rollback-plan', () => {
  it('passes for checkout-api: its local runbook has a Rollback section and the Deployment keeps 5 revisions', async () => {
    // The link points at github.com/acme/…, which does not exist: the annotation is used.
    const urlReader = mockServices.urlReader.mock({
      readUrl: jest.fn(async (url: string) => {
        throw new NotFoundError(`could not read ${url}, 404 Not Found`);
      }),
    });
    const entity = exampleEntity('checkout-api');
    const result = await evaluate(
      check(urlReader),
      entity,
      await exampleState(entity),
    );
    expect(result.status).toBe('pass');
    expect(result.summary).toBe(
      'Runbook has a "Rollback" section (via preflight.dev/runbook); the Deployment keeps old revisions to roll back to',
    );
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'Runbook (preflight.dev/runbook)',
        url: 'examples/docs/checkout-api/runbook.md',
      },
    ]);
    expect(result.details).toContain(
      '- metadata.links[0] "Runbook" → https://github.com/acme/checkout-api/blob/main/docs/runbook.md: not found (404)',
    );
    expect(result.details).toContain(
      '- Deployment checkout-api: revisionHistoryLimit 5',
    );
    expect(result.factsReadAt).toEqual(expect.any(String));
    expect(urlReader.readUrl).toHaveBeenCalledWith(
      'https://github.com/acme/checkout-api/blob/main/docs/runbook.md',
      expect.anything(),
    );
  });

  it('fails for payments-api, naming the sections its runbook has', async () => {
    const entity = exampleEntity('payments-api');
    const result = await evaluate(
      check(),
      entity,
      await exampleState(entity, { name: 'production', title: 'Production' }),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'The runbook has no rollback section (sections: "Deploy", "Backup and restore", "Alerts")',
    );
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'Runbook (preflight.dev/runbook)',
        url: 'examples/docs/payments-api/runbook.md',
      },
    ]);
    expect(result.remediation).toMatch(/Rollback/);
  });

  it('reads an http runbook with the UrlReaderService and links it as evidence', async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const entity = urlEntity({
      links: [
        {
          url: 'https://docs.example.com/api/runbook.md',
          title: 'On-call runbook',
        },
      ],
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(
      /^Runbook has a "Rollback" section \(via metadata.links\[0\] "On-call runbook"\)/,
    );
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'Runbook (metadata.links[0] "On-call runbook")',
        url: 'https://docs.example.com/api/runbook.md',
      },
    ]);
    expect(result.details).toContain('revisionHistoryLimit (default 10)');
  });

  it('reads at most MAX_RUNBOOK_LINKS links of an entity and counts the rest', async () => {
    const readUrl = jest.fn(async (url: string) => {
      throw new NotFoundError(`could not read ${url}, 404 Not Found`);
    });
    const entity = urlEntity({
      links: Array.from({ length: MAX_RUNBOOK_LINKS + 3 }, (_, i) => ({
        url: `https://docs.example.com/api/runbook-${i}.md`,
        title: `Runbook ${i}`,
      })),
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(readUrl).toHaveBeenCalledTimes(MAX_RUNBOOK_LINKS);
    expect(result.status).toBe('fail');
    expect(result.details).toContain(
      `- … and 3 more runbook links, not read (at most ${MAX_RUNBOOK_LINKS} per entity)`,
    );
  });

  it('resolves a relative annotation against a url: location', async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const entity = urlEntity();
    entity.metadata.annotations!['preflight.dev/runbook'] = './docs/runbook.md';
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('pass');
    expect(readUrl).toHaveBeenCalledWith(
      'https://github.com/acme/api/blob/main/docs/runbook.md',
      expect.anything(),
    );
  });

  it('fails with the reason when the runbook does not exist (404)', async () => {
    const readUrl = jest.fn(async () => {
      throw new NotFoundError(
        'could not read https://docs.example.com/gone.md, 404 Not Found',
      );
    });
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/gone.md', type: 'runbook' }],
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'Runbook does not resolve: https://docs.example.com/gone.md (not found (404))',
    );
    expect(result.evidence).toEqual([
      {
        type: 'link',
        title: 'Runbook (metadata.links[0])',
        url: 'https://docs.example.com/gone.md',
      },
    ]);
  });

  it('is unknown when the runbook cannot be reached (network error, timeout)', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
        code: 'ECONNREFUSED',
      }),
    });
    const readUrl = jest.fn(async () => {
      throw refused;
    });
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe(
      'Runbook could not be read: https://docs.example.com/runbook.md (UNREACHABLE: fetch failed)',
    );

    const hanging = jest.fn(
      (_url: string, opts?: { signal?: AbortSignal }) =>
        new Promise<never>((_, reject) =>
          opts?.signal?.addEventListener('abort', () =>
            reject(Object.assign(new Error('aborted'), { name: 'AbortError' })),
          ),
        ),
    );
    const slow = createRollbackPlanCheck({
      urlReader: mockServices.urlReader.mock({ readUrl: hanging as any }),
      config,
      logger: mockServices.logger.mock(),
      workingDirectory: ROOT,
      readTimeoutMs: 100,
    });
    const timedOut = await evaluate(slow, entity, stateOf([deployment('api')]));
    expect(timedOut.status).toBe('unknown');
    expect(timedOut.summary).toBe(
      'Runbook could not be read: https://docs.example.com/runbook.md (TIMEOUT: no answer within 100 ms)',
    );
  });

  it('fails when a Deployment keeps no revisions (revisionHistoryLimit: 0), with the object as evidence', async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api', 0), deployment('worker', 3)]),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'Deployment api keeps no old revisions (revisionHistoryLimit: 0), so it cannot be rolled back',
    );
    expect(result.evidence).toContainEqual(
      expect.objectContaining({
        type: 'object',
        kind: 'Deployment',
        name: 'api',
        source: 'desired',
        location: 'deploy/dev/all.yaml',
      }),
    );
    expect(result.remediation).toMatch(/revisionHistoryLimit/);
  });

  it('accepts Argo Rollouts as the way to roll back', async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const rollout: KubernetesObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
      },
    };
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api', 0), rollout]),
    );
    expect(result.status).toBe('pass');
    expect(result.details).toContain('Rolled out with Argo Rollouts');
  });

  it("names the GitOps tool's history to roll back to, with the Argo CD command", async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const state = stateOf([deployment('api')]);
    state.desired.delivery = {
      tool: 'argocd',
      name: 'Application api-dev',
      sync: 'synced',
      health: 'healthy',
      appliedRevision: 'c0ffee1',
      // newest first, the current deployment included
      history: [
        { id: '8', revision: 'c0ffee1', deployedAt: '2026-12-04T10:00:00Z' },
        { id: '7', revision: '0a1b2c3', deployedAt: '2026-12-01T10:00:00Z' },
        { id: '6', revision: '9f8e7d6' },
      ],
    };
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      state,
    );
    expect(result.status).toBe('pass');
    expect(result.details).toContain(
      'Argo CD Application api-dev recorded 2 earlier deployments; the newest is 0a1b2c3, deployed 2026-12-01T10:00:00Z (`argocd app rollback api-dev 7`).',
    );

    // only the current deployment: nothing to roll back to
    state.desired.delivery.history = state.desired.delivery.history!.slice(
      0,
      1,
    );
    const empty = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      state,
    );
    expect(empty.details).toContain(
      'Argo CD Application api-dev has no earlier deployment recorded to roll back to.',
    );
  });

  it('fails when there is no runbook at all', async () => {
    const result = await evaluate(
      check(),
      urlEntity(),
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('No runbook');
    expect(result.remediation).toMatch(/type: runbook/);
  });

  it('fails when the rollback section is empty', async () => {
    const readUrl = readUrlAnswering(
      '# r\n## Rollback\n\n## Alerts\nPage someone.\n',
    );
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const result = await evaluate(
      check(mockServices.urlReader.mock({ readUrl })),
      entity,
      stateOf([deployment('api')]),
    );
    expect(result.status).toBe('fail');
    expect(result.summary).toBe('The runbook\'s "Rollback" section is empty');
  });

  it('is unknown when the environment has no state, even with a good runbook', async () => {
    const entity = exampleEntity('checkout-api');
    const result = await evaluate(check(), entity, {
      environment: dev,
      live: notConfigured,
      desired: notConfigured,
    } as EnvironmentState);
    expect(result.status).toBe('unknown');
    expect(result.summary).toMatch(
      /^Rollback not verified: no state to evaluate/,
    );
  });

  it('reads a runbook once for the environments of an evaluation', async () => {
    const readUrl = readUrlAnswering(GOOD_RUNBOOK);
    const c = check(mockServices.urlReader.mock({ readUrl }));
    const entity = urlEntity({
      links: [{ url: 'https://docs.example.com/runbook.md', type: 'runbook' }],
    });
    const results = await Promise.all(
      ['dev', 'staging', 'production'].map(() =>
        evaluate(c, entity, stateOf([deployment('api')])),
      ),
    );
    expect(results.map(r => r.status)).toEqual(['pass', 'pass', 'pass']);
    await evaluate(c, entity, stateOf([deployment('api')]));
    expect(readUrl).toHaveBeenCalledTimes(1);
  });

  describe('local files', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-runbook-'));
      fs.mkdirSync(path.join(dir, 'catalog/docs'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'catalog/entities.yaml'), '');
      fs.writeFileSync(path.join(dir, 'outside.md'), GOOD_RUNBOOK);
      fs.symlinkSync(
        path.join(dir, 'outside.md'),
        path.join(dir, 'catalog/docs/link.md'),
      );
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const localEntity = (runbook: string): Entity => ({
      ...urlEntity(),
      metadata: {
        name: 'api',
        annotations: {
          'backstage.io/managed-by-location': `file:${dir}/catalog/entities.yaml`,
          'preflight.dev/runbook': runbook,
        },
      },
    });
    const localCheck = () =>
      check(mockServices.urlReader.mock(), {
        workingDirectory: dir,
        cfg: new ConfigReader({
          catalog: {
            locations: [{ type: 'file', target: 'catalog/entities.yaml' }],
          },
        }),
      });

    it('refuses paths outside the allowed directories, through .. or a symbolic link', async () => {
      const up = await evaluate(
        localCheck(),
        localEntity('../outside.md'),
        stateOf([deployment('api')]),
      );
      expect(up.status).toBe('fail');
      expect(up.summary).toBe(
        'Runbook does not resolve: "../outside.md" (it is outside the directories local files may be read from (preflight.desired.localRoots))',
      );
      const link = await evaluate(
        localCheck(),
        localEntity('./docs/link.md'),
        stateOf([deployment('api')]),
      );
      expect(link.status).toBe('fail');
      expect(link.summary).toMatch(
        /catalog\/docs\/link\.md leads through a symbolic link outside/,
      );
      expect(JSON.stringify([up, link])).not.toContain(dir);
    });

    it('fails for a local runbook that does not exist', async () => {
      const result = await evaluate(
        localCheck(),
        localEntity('./docs/missing.md'),
        stateOf([deployment('api')]),
      );
      expect(result.status).toBe('fail');
      expect(result.summary).toMatch(
        /catalog\/docs\/missing\.md does not exist/,
      );
      expect(JSON.stringify(result)).not.toContain(dir);
    });
  });

  describe('hostile runbooks', () => {
    const SECRET = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      'stringData:',
      '  password: hunter2-s3cret',
      '---',
      '# Rollback',
      'kubectl rollout undo',
    ].join('\n');

    it.each([
      'https://github.com/acme/api/blob/main/deploy/secret.yaml',
      'https://github.com/acme/api/blob/main/runbook',
      'https://docs.example.com/runbook.md.yaml?x=.md',
    ])(
      'does not read %s (not Markdown): nothing of it comes back',
      async url => {
        const readUrl = readUrlAnswering(SECRET);
        const entity = urlEntity({ links: [{ url, type: 'runbook' }] });
        const result = await evaluate(
          check(mockServices.urlReader.mock({ readUrl })),
          entity,
          stateOf([deployment('api')]),
        );
        expect(readUrl).not.toHaveBeenCalled();
        expect(result.status).toBe('fail');
        expect(result.summary).toBe(
          `Runbook does not resolve: ${JSON.stringify(
            url,
          )} (not a runbook: only Markdown files (.md, .markdown, .mdown, .mkd, .mkdn) are read as runbooks)`,
        );
        const text = JSON.stringify(result);
        for (const secret of ['hunter2', 'stringData', 'password', 'Secret']) {
          expect(text).not.toContain(secret);
        }
      },
    );

    it('returns only the headings of a Markdown runbook, never the lines under them', async () => {
      const readUrl = readUrlAnswering(
        `# Ops\n\n## Access\n\npassword: hunter2\n\n## Alerts\n${SECRET.replace(
          '# Rollback',
          '',
        )}\n`,
      );
      const entity = urlEntity({
        links: [{ url: 'https://docs.example.com/ops.md', type: 'runbook' }],
      });
      const result = await evaluate(
        check(mockServices.urlReader.mock({ readUrl })),
        entity,
        stateOf([deployment('api')]),
      );
      expect(result.status).toBe('fail');
      expect(result.summary).toBe(
        'The runbook has no rollback section (sections: "Access", "Alerts")',
      );
      const text = JSON.stringify(result);
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('stringData');
    });

    it('keeps the event loop responsive while a runbook with a 1 MiB heading line is evaluated', async () => {
      const readUrl = readUrlAnswering(
        `# x${' '.repeat(1024 * 1024 - 100)}y\n\n## Rollback\n\nundo\n`,
      );
      const entity = urlEntity({
        links: [{ url: 'https://docs.example.com/long.md', type: 'runbook' }],
      });
      const { outcome: result, maxLagMs } = await withEventLoopLag(() =>
        evaluate(
          check(mockServices.urlReader.mock({ readUrl })),
          entity,
          stateOf([deployment('api')]),
        ),
      );
      if (result instanceof Error) throw result;
      expect(result.status).toBe('pass');
      expect(result.summary).toMatch(/^Runbook has a "Rollback" section/);
      expect(maxLagMs).toBeLessThan(MAX_STALL_MS);
    });
  });
});
