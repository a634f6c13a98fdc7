import { readInteger } from '../../../util/readInteger';
import type { Config } from '@backstage/config';

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

function invalid(key: string, why: string): Error {
  return new Error(
    `Invalid config at '${KUSTOMIZE_CONFIG_KEY}.${key}': ${why}`,
  );
}

function integer(
  config: Config | undefined,
  key: string,
  min: number,
  max: number,
  fallback: number,
): number {
  return readInteger(config, key, {
    min,
    max,
    fallback,
    name: `${KUSTOMIZE_CONFIG_KEY}.${key}`,
  });
}

/** Reads `preflight.desired.kustomize`; throws an error naming the key when a value is invalid. */
export function readKustomizeSettings(config: Config): KustomizeSettings {
  const section = config.getOptionalConfig(KUSTOMIZE_CONFIG_KEY);
  let command: string | undefined;
  if (section?.has('command')) {
    const value = section.getOptional('command');
    if (
      typeof value !== 'string' ||
      value.trim() === '' ||
      value.includes('\0') ||
      /\s/.test(value.trim())
    ) {
      throw invalid(
        'command',
        "expected an executable name or absolute path, e.g. 'kustomize' or '/usr/bin/kubectl' (no arguments)",
      );
    }
    command = value.trim();
  }
  let allowRemoteBases = false;
  if (section?.has('allowRemoteBases')) {
    const value = section.getOptional('allowRemoteBases');
    if (typeof value !== 'boolean') {
      throw invalid('allowRemoteBases', 'expected true or false');
    }
    allowRemoteBases = value;
  }
  return {
    command,
    timeoutMs: integer(
      section,
      'timeoutMs',
      100,
      600_000,
      DEFAULT_KUSTOMIZE_TIMEOUT_MS,
    ),
    maxOutputBytes: integer(
      section,
      'maxOutputBytes',
      1024,
      256 * 1024 * 1024,
      DEFAULT_KUSTOMIZE_MAX_OUTPUT_BYTES,
    ),
    allowRemoteBases,
  };
}
