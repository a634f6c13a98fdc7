import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { SourceState } from '@preflight/plugin-preflight-common';
import type { StateSource } from '../sources/types';
import { EnvironmentStateService } from './EnvironmentStateService';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    annotations: { 'preflight.dev/manifests': './deploy/{env}' },
  },
  spec: {},
};

const ok = (name: string): SourceState => ({
  status: 'ok',
  objects: [{ apiVersion: 'v1', kind: 'Service', metadata: { name } }],
});

function setup(live: StateSource['read'], desired: StateSource['read']) {
  const cache = CacheManager.fromConfig(
    mockServices.rootConfig({
      data: { backend: { cache: { store: 'memory' } } },
    }),
  ).forPlugin('preflight');
  const logger = mockServices.logger.mock();
  const service = new EnvironmentStateService({
    environments: [
      { name: 'dev', title: 'dev' },
      { name: 'production', title: 'production', cluster: 'prod' },
    ],
    sources: { live: { read: live }, desired: { read: desired } },
    cache,
    logger,
    ttlMs: 60_000,
  });
  return { service, logger, cache };
}

describe('EnvironmentStateService', () => {
  it('reads both sources of every environment, in promotion order', async () => {
    const live = jest.fn(async (_e: Entity, env: { name: string }) =>
      ok(`live-${env.name}`),
    );
    const desired = jest.fn(async (_e: Entity, env: { name: string }) =>
      ok(`desired-${env.name}`),
    );
    const { service } = setup(live, desired);

    const states = await service.getStates(entity);

    expect(
      states.map(s => [
        s.environment.name,
        s.live.objects[0].metadata.name,
        s.desired.objects[0].metadata.name,
      ]),
    ).toEqual([
      ['dev', 'live-dev', 'desired-dev'],
      ['production', 'live-production', 'desired-production'],
    ]);
  });

  it('reads all environments and sources in parallel', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise(r => setTimeout(r, 20));
      inFlight--;
      return ok('x');
    };
    const { service } = setup(slow, slow);
    await service.getStates(entity);
    expect(maxInFlight).toBe(4);
  });

  it('serves repeated reads from the cache until a refresh is asked for', async () => {
    const live = jest.fn(async () => ok('a'));
    const desired = jest.fn(async () => ok('b'));
    const { service } = setup(live, desired);

    await service.getStates(entity);
    await service.getStates(entity);
    expect(live).toHaveBeenCalledTimes(2); // once per environment
    expect(desired).toHaveBeenCalledTimes(2);

    await service.getStates(entity, { refresh: true });
    expect(live).toHaveBeenCalledTimes(4);
  });

  it('does not cache the answers of a catalog-wide run (with snapshots)', async () => {
    const live = jest.fn(async () => ok('a'));
    const desired = jest.fn(async () => ok('b'));
    const { service } = setup(live, desired);

    // No snapshot could be taken: both sources are read, as in a refresh.
    await service.getStates(entity, { refresh: true, snapshots: new Map() });
    expect(desired).toHaveBeenCalledTimes(2);
    // Nothing was cached: a page's read goes to the sources, and is cached then.
    await service.getStates(entity);
    expect(desired).toHaveBeenCalledTimes(4);
    expect(live).toHaveBeenCalledTimes(4);
    await service.getStates(entity);
    expect(desired).toHaveBeenCalledTimes(4);
  });

  it('shares one read among concurrent misses and refreshes of the same state', async () => {
    const slow = jest.fn(async () => {
      await new Promise(r => setTimeout(r, 20));
      return ok('x');
    });
    const { service } = setup(slow, slow);
    const answers = await Promise.all([
      service.getStates(entity),
      service.getStates(entity),
      service.getStates(entity, { refresh: true }),
    ]);
    // 2 environments × 2 sources, read once whatever the number of callers
    expect(slow).toHaveBeenCalledTimes(4);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    // once settled, a refresh reads again
    await service.getStates(entity, { refresh: true });
    expect(slow).toHaveBeenCalledTimes(8);
  });

  it('answers before the cache is written, and reads nothing twice meanwhile', async () => {
    const live = jest.fn(async () => ok('a'));
    const desired = jest.fn(async () => ok('b'));
    const { service, cache } = setup(live, desired);
    const set = jest.spyOn(cache, 'set');

    const first = await service.getStates(entity);
    // The caller has its states; their serialization into the cache comes after.
    expect(set).not.toHaveBeenCalled();
    // A read in between is answered with the states just read.
    expect(await service.getStates(entity)).toEqual(first);
    expect(live).toHaveBeenCalledTimes(2);

    await new Promise(resolve => setImmediate(resolve));
    await new Promise(resolve => setImmediate(resolve));
    expect(set).toHaveBeenCalledTimes(4);
    expect(await cache.get(set.mock.calls[0][0])).toEqual(set.mock.calls[0][1]);
    // From the cache now; a refresh reads again.
    await service.getStates(entity);
    expect(live).toHaveBeenCalledTimes(2);
    await service.getStates(entity, { refresh: true });
    expect(live).toHaveBeenCalledTimes(4);
  });

  it('keeps answering when the cache cannot be written, and says so', async () => {
    const live = jest.fn(async () => ok('a'));
    const { service, cache, logger } = setup(live, async () => ok('b'));
    jest.spyOn(cache, 'set').mockRejectedValue(new Error('store is down'));

    expect(await service.getStates(entity)).toHaveLength(2);
    await new Promise(resolve => setImmediate(resolve));
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('store is down'),
    );
    // Not cached: read again.
    await service.getStates(entity);
    expect(live).toHaveBeenCalledTimes(4);
  });

  it('does not serve another annotation set from the cache', async () => {
    const desired = jest.fn(async () => ok('b'));
    const { service } = setup(async () => ok('a'), desired);
    await service.getStates(entity);
    await service.getStates({
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: { 'preflight.dev/manifests': './other/{env}' },
      },
    });
    expect(desired).toHaveBeenCalledTimes(4);
  });

  it('turns a defect of one source into that environment’s error, not a failed answer', async () => {
    const { service, logger } = setup(
      async (_e, env) => {
        if (env.name === 'production') throw new TypeError('boom');
        return ok('a');
      },
      async () => ok('b'),
    );
    const states = await service.getStates(entity);
    expect(states[0].live.status).toBe('ok');
    expect(states[1].live).toEqual({
      status: 'error',
      error: {
        reason: 'BAD_RESPONSE',
        message:
          'The live state could not be read (internal error, see the backend log)',
      },
      objects: [],
    });
    expect(states[1].desired.status).toBe('ok');
    expect(logger.error).toHaveBeenCalled();
  });

  it('passes bad input on as an InputError (400), not as an environment error', async () => {
    const { service } = setup(
      async () => {
        throw new InputError(
          "Invalid annotation 'backstage.io/kubernetes-label-selector'",
        );
      },
      async () => ok('b'),
    );
    await expect(service.getStates(entity)).rejects.toThrow(InputError);
  });
});
