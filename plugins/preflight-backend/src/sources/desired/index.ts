export {
  DesiredStateSource,
  ENV_PLACEHOLDER,
  MAX_ANNOTATION_LENGTH,
  type DesiredStateSourceOptions,
} from './DesiredStateSource';
export {
  LOCAL_ROOTS_CONFIG_KEY,
  MAX_DIRECTORY_DEPTH,
  MAX_DIRECTORY_ENTRIES,
  MAX_MANIFEST_FILE_BYTES,
  MAX_MANIFEST_FILES,
} from './localFiles';
export {
  parseManifestFiles,
  type ManifestFile,
  type ParsedManifests,
} from './parseManifests';
export {
  DesiredStateSources,
  DESIRED_TIMEOUT_KEY,
  readDesiredTimeoutMs,
} from './DesiredStateSources';
