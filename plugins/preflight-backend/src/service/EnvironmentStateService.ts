import { createHash } from 'node:crypto';
import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  EnvironmentState,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { StateSource } from '../sources/types';

type SourceName = 'live' | 'desired';

/**
 * Reads both sources of every environment of an entity: all environments and both sources in
 * parallel, each answer cached for a short TTL through Backstage's `CacheService`. A source that
 * fails unexpectedly makes that environment's source an `error`, never the whole answer.
 */
export class EnvironmentStateService {
  constructor(
    private readonly options: {
      environments: PreflightEnvironment[];
      sources: Record<SourceName, StateSource>;
      cache: CacheService;
      logger: LoggerService;
      /** Cache TTL in milliseconds. */
      ttlMs: number;
    },
  ) {}

  async getStates(
    entity: Entity,
    opts: { refresh?: boolean } = {},
  ): Promise<EnvironmentState[]> {
    return Promise.all(
      this.options.environments.map(async environment => {
        const [live, desired] = await Promise.all([
          this.read('live', entity, environment, opts),
          this.read('desired', entity, environment, opts),
        ]);
        return { environment, live, desired };
      }),
    );
  }

  private async read(
    source: SourceName,
    entity: Entity,
    environment: PreflightEnvironment,
    opts: { refresh?: boolean },
  ): Promise<SourceState> {
    const key = cacheKey(source, entity, environment);
    if (!opts.refresh) {
      const cached = await this.options.cache.get(key);
      if (cached) {
        return cached as unknown as SourceState;
      }
    }
    let state: SourceState;
    try {
      // Sources may add their own fields (the live source counts `requests`): keep the contract's.
      const { status, error, message, objects, origins, readAt, location } =
        await this.options.sources[source].read(entity, environment);
      state = {
        status,
        objects,
        ...(error ? { error } : {}),
        ...(message ? { message } : {}),
        ...(origins ? { origins } : {}),
        ...(readAt ? { readAt } : {}),
        ...(location ? { location } : {}),
      };
    } catch (error) {
      if (error instanceof InputError) {
        throw error; // the caller's to fix: 400
      }
      // A defect in a source must not take the page down, nor pass for a good state.
      this.options.logger.error(
        `Preflight ${source} source failed for ${stringifyEntityRef(
          entity,
        )} in ${environment.name}`,
        error as Error,
      );
      state = {
        status: 'error',
        error: {
          reason: 'BAD_RESPONSE',
          message: `The ${source} state could not be read (internal error, see the backend log)`,
        },
        objects: [],
      };
    }
    await this.options.cache.set(key, state as unknown as JsonObject, {
      ttl: this.options.ttlMs,
    });
    return state;
  }
}

/**
 * The cache key covers what decides the answer: the entity (including the annotations that select
 * its objects and manifests) and the environment.
 */
function cacheKey(
  source: SourceName,
  entity: Entity,
  environment: PreflightEnvironment,
): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        stringifyEntityRef(entity),
        entity.metadata.annotations ?? {},
        environment,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
  return `state:v1:${source}:${hash}`;
}
