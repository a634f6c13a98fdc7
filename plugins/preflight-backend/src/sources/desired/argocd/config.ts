import type { Config } from '@backstage/config';
import { parseConfig, readPreflightSection } from '../../../config/schema';
import {
  argocdInstancesSchema,
  type ArgoCdInstance,
} from '../../../config/schema/argocdInstances';
import { LABEL_KEY } from '@preflight/plugin-preflight-common';

/** Where Argo CD instances are configured (the convention of the community Argo CD plugins). */
export const ARGOCD_LOCATOR_KEY = 'argocd.appLocatorMethods';
/** Preflight's own settings of the Argo CD source. */
export const PREFLIGHT_ARGOCD_KEY = 'preflight.argocd';

export const DEFAULT_ENVIRONMENT_LABEL = 'environment';
export const DEFAULT_ARGOCD_CONCURRENCY = 8;

export type {
  ArgoCdAuth,
  ArgoCdInstance,
} from '../../../config/schema/argocdInstances';

/** The configuration of the Argo CD source. */
export interface ArgoCdSettings {
  /** In the order configured; the first is the default instance. */
  instances: ArgoCdInstance[];
  /** The Application label naming the environment (`preflight.argocd.environmentLabel`). */
  environmentLabel: string;
  /** Requests in flight per instance (`preflight.argocd.concurrency`). */
  concurrency: number;
}

/** Whether a string is a Kubernetes label key (`[prefix/]name`). */
export function isLabelKey(value: string): boolean {
  return LABEL_KEY.test(value);
}

/**
 * Reads `argocd.*` and `preflight.argocd` with the configuration schema; throws an error naming
 * every invalid key. `instances` is empty when no Argo CD instance is configured.
 */
export function readArgoCdSettings(config: Config): ArgoCdSettings {
  const instances = parseConfig(
    argocdInstancesSchema,
    config.getOptional('argocd'),
    'argocd',
  );

  const { environmentLabel, concurrency } = readPreflightSection(
    config,
    'argocd',
  );

  return { instances, environmentLabel, concurrency };
}
