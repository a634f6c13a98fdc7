export {
  OciRegistryVerifier,
  type OciRegistryVerifierOptions,
} from './OciRegistryVerifier';
export {
  readRegistryConfigs,
  readRegistryTimeoutMs,
  type RegistryConfig,
} from './config';
