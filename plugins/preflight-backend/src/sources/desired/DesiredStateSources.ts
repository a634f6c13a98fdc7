import type { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  sanitizeObject,
  type PreflightEnvironment,
  type SourceState,
} from '@preflight/plugin-preflight-common';
import {
  DesiredStateError,
  type PreflightDesiredStateSource,
} from '@preflight/plugin-preflight-node';
import { readPreflightSection } from '../../config/schema';
import { raceAbort } from '../../util/raceAbort';
import type { StateSource } from '../types';

const ABORTED = Symbol('aborted');

/** `preflight.desired.timeoutMs`: the deadline of one environment's desired-state read. */
export const DESIRED_TIMEOUT_KEY = 'preflight.desired.timeoutMs';

/** Reads `preflight.desired.timeoutMs` (default 15 s); throws naming the key when invalid. */
export function readDesiredTimeoutMs(config: Config): number {
  return readPreflightSection(config, 'desired').timeoutMs;
}

/**
 * The desired state of an entity in an environment, from the first source that serves it.
 *
 * Sources are asked in the order given (the plugin passes those added by modules through
 * `preflightDesiredStateExtensionPoint` first, then Argo CD, then the `preflight.dev/manifests`
 * annotation). This is the one place every desired state passes through, whatever its source:
 *
 * - the read has a deadline (`preflight.desired.timeoutMs`): past it the state is `TIMEOUT`;
 * - a {@link DesiredStateError} becomes that environment's typed error; any other error is logged
 *   and reported as an internal error on that environment only;
 * - every object is sanitized (`sanitizeObject`: Secret values, sensitive env literals and
 *   arguments, Helm values), so a module's source cannot leak what a built-in one would mask.
 */
export class DesiredStateSources implements StateSource {
  private readonly sources: PreflightDesiredStateSource[];
  private readonly logger: LoggerService;
  private readonly timeoutMs: number;

  constructor(options: {
    sources: PreflightDesiredStateSource[];
    logger: LoggerService;
    timeoutMs: number;
  }) {
    const ids = new Set<string>();
    for (const source of options.sources) {
      if (ids.has(source.id)) {
        throw new Error(
          `Preflight: two desired-state sources have the id '${source.id}'`,
        );
      }
      ids.add(source.id);
    }
    this.sources = options.sources;
    this.logger = options.logger;
    this.timeoutMs = options.timeoutMs;
  }

  /** The ids of the sources, in the order they are asked. */
  ids(): string[] {
    return this.sources.map(s => s.id);
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<SourceState> {
    const source = this.sources.find(s => this.serves(s, entity, environment));
    if (!source) {
      return {
        status: 'not-configured',
        message: `No desired-state source serves the entity (sources: ${this.ids().join(
          ', ',
        )}); annotate it with preflight.dev/manifests, or argocd/app-name or argocd/app-selector`,
        objects: [],
        readAt: new Date().toISOString(),
      };
    }

    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, deadline])
      : deadline;
    let state: SourceState | typeof ABORTED;
    try {
      state = await raceAbort<SourceState | typeof ABORTED>(
        source.read(entity, environment, { signal }),
        signal,
        ABORTED,
      );
    } catch (error) {
      return this.failure(source, entity, environment, error, deadline);
    }
    if (state === ABORTED) {
      return this.failure(source, entity, environment, signal.reason, deadline);
    }
    return {
      ...state,
      objects: state.status === 'ok' ? state.objects.map(sanitizeObject) : [],
      readAt: state.readAt ?? new Date().toISOString(),
    };
  }

  private serves(
    source: PreflightDesiredStateSource,
    entity: Entity,
    environment: PreflightEnvironment,
  ): boolean {
    try {
      return source.serves(entity, environment);
    } catch (error) {
      this.logger.error(
        `Preflight desired-state source '${
          source.id
        }' failed to say whether it serves ${stringifyEntityRef(entity)}`,
        error as Error,
      );
      return false;
    }
  }

  private failure(
    source: PreflightDesiredStateSource,
    entity: Entity,
    environment: PreflightEnvironment,
    error: unknown,
    deadline: AbortSignal,
  ): SourceState {
    const readAt = new Date().toISOString();
    const what = `Preflight desired state (${
      source.id
    }) of ${stringifyEntityRef(entity)} in ${environment.name}`;
    if (error instanceof DesiredStateError) {
      this.logger.info(`${what}: ${error.reason}: ${error.message}`);
      return {
        status: 'error',
        error: { reason: error.reason, message: error.message },
        objects: [],
        readAt,
      };
    }
    if (deadline.aborted) {
      this.logger.info(`${what}: TIMEOUT`);
      return {
        status: 'error',
        error: {
          reason: 'TIMEOUT',
          message: `The desired state (${source.id}) was not read within ${this.timeoutMs} ms (preflight.desired.timeoutMs)`,
        },
        objects: [],
        readAt,
      };
    }
    this.logger.error(`${what} failed unexpectedly`, error as Error);
    return {
      status: 'error',
      error: {
        reason: 'BAD_RESPONSE',
        message: `The desired state (${source.id}) could not be read (internal error, see the backend log)`,
      },
      objects: [],
      readAt,
    };
  }
}
