import type { ImageRegistryVerifier } from './imageTagged';

/** Answers `unverified` for every image: used until registries are configured. */
export class UnconfiguredRegistryVerifier implements ImageRegistryVerifier {
  async verify() {
    return {
      status: 'unverified' as const,
      reason: 'no registry is configured (preflight.registries)',
    };
  }
}
