import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  DesiredStateError,
  type PreflightDesiredStateSource,
} from '@preflight/plugin-preflight-node';
import {
  DesiredStateSources,
  readDesiredTimeoutMs,
} from './DesiredStateSources';
import { ConfigReader } from '@backstage/config';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', annotations: { 'example.com/x': 'y' } },
};
const dev: PreflightEnvironment = { name: 'dev', title: 'Development' };
const production: PreflightEnvironment = {
  name: 'production',
  title: 'Production',
};

function source(
  id: string,
  serves: (environment: PreflightEnvironment) => boolean,
  read: PreflightDesiredStateSource['read'],
): PreflightDesiredStateSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    id,
    reads,
    serves: (_entity, environment) => serves(environment),
    read: async (e, environment, options) => {
      reads.push(environment.name);
      return read(e, environment, options);
    },
  };
}

const ok = (name: string): SourceState => ({
  status: 'ok',
  objects: [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'app',
                image: 'app:1.0.0',
                env: [{ name: 'DB_PASSWORD', value: 'hunter2-literal' }],
              },
            ],
          },
        },
      },
    },
  ],
  location: `somewhere/${name}`,
});

function sources(list: PreflightDesiredStateSource[], timeoutMs = 5_000) {
  return new DesiredStateSources({
    sources: list,
    logger: mockServices.logger.mock(),
    timeoutMs,
  });
}

describe('DesiredStateSources', () => {
  it('reads only the first source that serves the environment', async () => {
    const first = source(
      'first',
      e => e.name === 'production',
      async () => ok('from-first'),
    );
    const second = source(
      'second',
      () => true,
      async () => ok('from-second'),
    );
    const chain = sources([first, second]);

    const [devState, productionState] = await Promise.all([
      chain.read(entity, dev),
      chain.read(entity, production),
    ]);
    expect(devState.location).toBe('somewhere/from-second');
    expect(productionState.location).toBe('somewhere/from-first');
    expect(first.reads).toEqual(['production']);
    expect(second.reads).toEqual(['dev']);
  });

  it('is not-configured, naming the sources, when none serves the entity', async () => {
    const state = await sources([
      source(
        'argocd',
        () => false,
        async () => ok('x'),
      ),
      source(
        'manifests',
        () => false,
        async () => ok('x'),
      ),
    ]).read(entity, dev);
    expect(state.status).toBe('not-configured');
    expect(state.message).toContain('sources: argocd, manifests');
    expect(state.objects).toEqual([]);
  });

  it('sanitizes what any source returns and stamps readAt', async () => {
    const state = await sources([
      source(
        'module',
        () => true,
        async () => ok('app'),
      ),
    ]).read(entity, dev);
    expect(state.status).toBe('ok');
    expect(JSON.stringify(state)).not.toContain('hunter2-literal');
    expect(state.readAt).toEqual(expect.any(String));
  });

  it('turns a DesiredStateError into that environment’s typed error', async () => {
    const state = await sources([
      source(
        'argocd',
        () => true,
        async () => {
          throw new DesiredStateError('FORBIDDEN', 'permission denied');
        },
      ),
    ]).read(entity, dev);
    expect(state).toMatchObject({
      status: 'error',
      error: { reason: 'FORBIDDEN', message: 'permission denied' },
      objects: [],
    });
  });

  it('reports a defect as an internal error without its message', async () => {
    const logger = mockServices.logger.mock();
    const state = await new DesiredStateSources({
      sources: [
        source(
          'buggy',
          () => true,
          async () => {
            throw new TypeError('token=abc cannot read x of undefined');
          },
        ),
      ],
      logger,
      timeoutMs: 5_000,
    }).read(entity, dev);
    expect(state.error?.reason).toBe('BAD_RESPONSE');
    expect(state.error?.message).toContain('internal error');
    expect(state.error?.message).not.toContain('token=abc');
    expect(logger.error).toHaveBeenCalled();
  });

  it('gives up at the deadline even when the source ignores the signal: TIMEOUT', async () => {
    const started = Date.now();
    const state = await sources(
      [
        source(
          'slow',
          () => true,
          () => new Promise<SourceState>(() => {}),
        ),
      ],
      150,
    ).read(entity, dev);
    expect(state.error?.reason).toBe('TIMEOUT');
    expect(state.error?.message).toContain('preflight.desired.timeoutMs');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('passes the deadline to the source as an aborted signal', async () => {
    let seen: AbortSignal | undefined;
    await sources(
      [
        source(
          'slow',
          () => true,
          (_e, _env, { signal }) => {
            seen = signal;
            return new Promise<SourceState>((_resolve, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason)),
            );
          },
        ),
      ],
      100,
    ).read(entity, dev);
    expect(seen?.aborted).toBe(true);
  });

  it('treats a throwing serves() as not serving', async () => {
    const state = await sources([
      {
        id: 'throws',
        serves: () => {
          throw new Error('boom');
        },
        read: async () => ok('never'),
      },
      source(
        'fallback',
        () => true,
        async () => ok('fallback'),
      ),
    ]).read(entity, dev);
    expect(state.location).toBe('somewhere/fallback');
  });

  it('refuses two sources with the same id', () => {
    expect(() =>
      sources([
        source(
          'argocd',
          () => true,
          async () => ok('a'),
        ),
        source(
          'argocd',
          () => true,
          async () => ok('b'),
        ),
      ]),
    ).toThrow("two desired-state sources have the id 'argocd'");
  });

  it('reads preflight.desired.timeoutMs, naming the key when invalid', () => {
    expect(readDesiredTimeoutMs(new ConfigReader({}))).toBe(15_000);
    expect(() =>
      readDesiredTimeoutMs(
        new ConfigReader({ preflight: { desired: { timeoutMs: 5 } } }),
      ),
    ).toThrow("Invalid config at 'preflight.desired.timeoutMs'");
  });
});
