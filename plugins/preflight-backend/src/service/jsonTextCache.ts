import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/**
 * A cache that hands its store each value as one JSON text (`JSON.stringify`) and parses it back
 * on `get`. The states cached by `EnvironmentStateService` hold every object of an environment (a
 * component's thousands of Pods: megabytes); Backstage's cache client passes values through Keyv's
 * own serializer, a recursive JavaScript one, and parses them back with a reviver called for every
 * value — most of a cached view's time for such a component. A string goes through both as one
 * value; the JSON work is then the engine's own. Values stored as objects (before this wrapper)
 * are returned as they are.
 */
export function jsonTextCache(cache: CacheService): CacheService {
  return {
    async get<TValue extends JsonValue>(key: string) {
      const value = await cache.get<JsonValue>(key);
      return (typeof value === 'string' ? JSON.parse(value) : value) as
        | TValue
        | undefined;
    },
    set: (key, value, options) =>
      cache.set(key, JSON.stringify(value), options),
    delete: key => cache.delete(key),
    withOptions: options => jsonTextCache(cache.withOptions(options)),
  };
}
