export {
  ArgoCdDesiredStateSource,
  type ArgoCdDesiredStateSourceOptions,
} from './ArgoCdDesiredStateSource';
export {
  ARGOCD_ANNOTATIONS,
  MAX_ARGOCD_ANNOTATION_LENGTH,
} from './annotations';
export {
  ARGOCD_LOCATOR_KEY,
  PREFLIGHT_ARGOCD_KEY,
  DEFAULT_ENVIRONMENT_LABEL,
  DEFAULT_ARGOCD_CONCURRENCY,
  readArgoCdSettings,
  type ArgoCdAuth,
  type ArgoCdInstance,
  type ArgoCdSettings,
} from './config';
export {
  ARGOCD_ENVIRONMENT_MAPPING,
  mapApplicationToEnvironment,
  type EnvironmentMapping,
  type MappingRule,
} from './mapping';
export {
  APPLICATION_CACHE_TTL_MS,
  MAX_APPLICATIONS,
  MAX_RESPONSE_BYTES,
} from './ArgoCdClient';
export {
  MAX_DELIVERY_HISTORY,
  MAX_DELIVERY_MESSAGE,
  MAX_MANIFESTS,
} from './delivery';
