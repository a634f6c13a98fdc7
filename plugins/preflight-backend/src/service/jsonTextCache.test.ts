import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { jsonTextCache } from './jsonTextCache';

function memoryCache() {
  return CacheManager.fromConfig(
    mockServices.rootConfig({
      data: { backend: { cache: { store: 'memory' } } },
    }),
  ).forPlugin('preflight');
}

describe('jsonTextCache', () => {
  const state = {
    status: 'ok',
    objects: [
      { kind: 'Pod', metadata: { name: ':starts-with-a-colon' }, n: 1.5 },
      { kind: 'ConfigMap', data: { 'a"b': 'line\nbreak', empty: '' } },
    ],
    nested: { list: [null, true, false, 0] },
  };

  it('stores one JSON text per value and gives back an equal value', async () => {
    const store = memoryCache();
    const cache = jsonTextCache(store);
    await cache.set('k', state);
    expect(await store.get('k')).toBe(JSON.stringify(state));
    expect(await cache.get('k')).toEqual(state);
    await cache.delete('k');
    expect(await cache.get('k')).toBeUndefined();
  });

  it('reads values stored as objects before it, and keeps TTLs of withOptions', async () => {
    const store = memoryCache();
    await store.set('old', state);
    expect(await jsonTextCache(store).get('old')).toEqual(state);

    const short = jsonTextCache(store).withOptions({ defaultTtl: 1 });
    await short.set('brief', state);
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(await short.get('brief')).toBeUndefined();
  });
});
