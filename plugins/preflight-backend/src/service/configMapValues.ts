import { createHmac, randomBytes } from 'node:crypto';
import type { Config } from '@backstage/config';
import {
  MASKED_VALUE,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { readPreflightSection } from '../config/schema';

/**
 * ConfigMap values leave the backend as digests: `sha256:` and 16 hex characters of an HMAC
 * keyed with a random per-process secret, so that equal values show as equal within one answer
 * (and one backend instance) while no value can be looked up in a dictionary. Only keys an admin
 * declares non-sensitive (`preflight.configMaps.visibleKeys`, e.g. `LOG_LEVEL` or `FEATURE_*`)
 * keep their value; values the sanitizer masked stay masked.
 */
export class ConfigMapValues {
  private readonly secret = randomBytes(32);

  constructor(private readonly visibleKeys: readonly string[] = []) {}

  /** Reads and validates `preflight.configMaps.visibleKeys` (key names, a trailing `*` allowed). */
  static fromConfig(config: Config): ConfigMapValues {
    return new ConfigMapValues(
      readPreflightSection(config, 'configMaps').visibleKeys,
    );
  }

  private visible(name: string): boolean {
    return this.visibleKeys.some(k =>
      k.endsWith('*') ? name.startsWith(k.slice(0, -1)) : name === k,
    );
  }

  private digest(value: string): string {
    return `sha256:${createHmac('sha256', this.secret)
      .update(value)
      .digest('hex')
      .slice(0, 16)}`;
  }

  /** The objects with every ConfigMap's `data` values as digests (other objects unchanged). */
  apply(objects: KubernetesObject[]): KubernetesObject[] {
    return objects.map(object => {
      if (
        object.kind !== 'ConfigMap' ||
        typeof object.data !== 'object' ||
        object.data === null
      ) {
        return object;
      }
      const data: Record<string, string> = {};
      for (const [name, value] of Object.entries(
        object.data as Record<string, unknown>,
      )) {
        data[name] =
          value === MASKED_VALUE || this.visible(name)
            ? String(value)
            : this.digest(String(value));
      }
      return { ...object, data };
    });
  }
}
