import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  EnvironmentErrorReason,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';

/**
 * A failure of a desired-state source with a typed reason, thrown from
 * {@link PreflightDesiredStateSource.read}; the backend reports it as that environment's error.
 * Its message is shown to users: never put file contents, secret values, tokens or absolute
 * server paths in it.
 *
 * @public
 */
export class DesiredStateError extends Error {
  /** The error's name, always `DesiredStateError`. */
  readonly name = 'DesiredStateError';

  /** The typed reason the environment's state reports, e.g. `NOT_FOUND`. */
  readonly reason: EnvironmentErrorReason;

  constructor(reason: EnvironmentErrorReason, message: string) {
    super(message);
    this.reason = reason;
  }
}

/**
 * What a desired-state source is given for one read.
 *
 * @public
 */
export interface DesiredStateReadOptions {
  /**
   * Aborted at the read's deadline (`preflight.desired.timeoutMs`) or when the caller gives up.
   * Pass it to every request; the backend reports `TIMEOUT` when it fires.
   */
  signal: AbortSignal;
}

/**
 * One source of desired state: where the objects an environment should run come from (plain YAML
 * files, a Kustomize overlay, an Argo CD Application, or anything a module adds, e.g. Helmfile or
 * Jsonnet).
 *
 * For each (entity, environment) the backend asks the sources in order — sources added by modules
 * first, in the order they were added, then the built-in ones (Argo CD, then the
 * `preflight.dev/manifests` annotation) — and reads the first that `serves` it. Only that
 * source is read.
 *
 * A source returns the state (`ok` with objects, `not-deployed`, `not-configured`) or throws a
 * {@link DesiredStateError} with a typed reason. Any other error is logged by the backend and
 * reported as an internal error on that environment only. The backend sanitizes the objects it
 * returns (Secret values, sensitive env literals and arguments), sets `readAt` when missing, and
 * caches the answer (`preflight.cacheTtl`): a source need not do any of that.
 *
 * @public
 */
export interface PreflightDesiredStateSource {
  /** Unique id, e.g. `helmfile`; shown in logs. */
  id: string;
  /**
   * Whether this source answers for the entity in this environment, from the entity alone
   * (typically its annotations). Must be cheap and must not throw.
   */
  serves(entity: Entity, environment: PreflightEnvironment): boolean;
  /**
   * Reads the desired state. Set `location` (where the objects came from, no credentials) and
   * `renderer` (what produced them, with the revision when known); set `delivery` when the source
   * knows sync and health.
   */
  read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: DesiredStateReadOptions,
  ): Promise<SourceState>;
}

/**
 * Extension point through which backend modules add sources of desired state.
 *
 * @public
 */
export interface PreflightDesiredStateExtensionPoint {
  /** Adds sources of desired state, asked for the entities and environments they serve. */
  addSource(...sources: PreflightDesiredStateSource[]): void;
}

/**
 * The extension point (`preflight.desired-state`) a backend module registers sources of desired
 * state through, with {@link PreflightDesiredStateExtensionPoint.addSource}.
 *
 * @public
 */
export const preflightDesiredStateExtensionPoint =
  createExtensionPoint<PreflightDesiredStateExtensionPoint>({
    id: 'preflight.desired-state',
  });
