export {
  LiveStateSource,
  type LiveSourceState,
  type LiveStateSourceOptions,
} from './LiveStateSource';
export {
  ClusterDirectory,
  type ClusterLocatorType,
  type KubernetesCluster,
} from './clusters';
export {
  DEFAULT_LIVE_SETTINGS,
  LIVE_CONFIG_KEYS,
  readLiveSettings,
  type LiveSettings,
} from './settings';
export {
  parseLabelSelector,
  resolveLiveTarget,
  type LiveTarget,
} from './selectors';
