/**
 * An environment on the promotion path, as configured under `preflight.environments`.
 *
 * @public
 */
export interface PreflightEnvironment {
  /** Unique name, a DNS-1123 label (e.g. `dev`, `staging`, `production`). */
  name: string;
  /** Human-readable title; defaults to the name. */
  title: string;
  /** Name of a cluster from `kubernetes.clusterLocatorMethods`, if live state is read. */
  cluster?: string;
  /** Default namespace for the environment; entity annotations may override it. */
  namespace?: string;
}

/**
 * The state an environment answers with (design §2).
 *
 * @public
 */
export type EnvironmentStatus =
  | 'ok'
  | 'not-configured'
  | 'not-deployed'
  | 'error';

/**
 * Typed reasons for an environment in `error`.
 *
 * @public
 */
export type EnvironmentErrorReason =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'TIMEOUT'
  | 'UNREACHABLE'
  | 'RATE_LIMITED'
  | 'BAD_RESPONSE';

/**
 * Where an environment's state came from.
 *
 * @public
 */
export type EnvironmentSource = 'live' | 'desired';

/**
 * One environment's summary for an entity.
 *
 * @public
 */
export interface EntityEnvironmentSummary {
  environment: PreflightEnvironment;
  /** Per source: whether a cluster / manifests are configured for this entity. */
  sources: {
    live: { configured: boolean; cluster?: string; namespace?: string };
    desired: { configured: boolean; location?: string };
  };
}

/**
 * Response of `GET /entities/{kind}/{namespace}/{name}/environments`.
 *
 * @public
 */
export interface EntityEnvironmentsResponse {
  entityRef: string;
  environments: EntityEnvironmentSummary[];
}
