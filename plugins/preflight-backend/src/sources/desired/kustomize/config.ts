import type { Config } from '@backstage/config';
import { readPreflightSection } from '../../../config/schema';

/** The config section of the Kustomize renderer. */
export const KUSTOMIZE_CONFIG_KEY = 'preflight.desired.kustomize';

/** Settings of the Kustomize renderer (`preflight.desired.kustomize`). */
export interface KustomizeSettings {
  /**
   * The executable: `kustomize` (run as `kustomize build DIR`) or `kubectl` (run as
   * `kubectl kustomize DIR`), a name looked up on `PATH` or an absolute path. Undefined: the
   * first of `kustomize` and `kubectl` found on `PATH`.
   */
  command?: string;
  /** Deadline of one build, in milliseconds. */
  timeoutMs: number;
  /** Largest build output accepted, in bytes; the build is killed beyond it. */
  maxOutputBytes: number;
  /** Whether kustomizations may refer to remote (git/URL) bases and components. */
  allowRemoteBases: boolean;
}

export const DEFAULT_KUSTOMIZE_TIMEOUT_MS = 10_000;
export const DEFAULT_KUSTOMIZE_MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

/**
 * Reads `preflight.desired.kustomize` with the configuration schema; throws an error naming every
 * invalid key.
 */
export function readKustomizeSettings(config: Config): KustomizeSettings {
  return readPreflightSection(config, 'desired').kustomize;
}
