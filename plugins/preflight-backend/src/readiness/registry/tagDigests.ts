import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { ImageReference } from '@preflight/plugin-preflight-common';

/** Where the digest each tag resolved to is remembered: the plugin's `CacheService`, or memory. */
export type TagDigestStore = Pick<CacheService, 'get' | 'set'>;

/** How long the digest a tag resolved to is remembered (to report a moved tag). */
export const TAG_DIGEST_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const MAX_MEMORY_ENTRIES = 1000;
const DIGEST_HEADER = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;

/** A bounded in-memory stand-in for the cache service (one backend instance only). */
export function memoryTagDigestStore(): TagDigestStore {
  const values = new Map<string, unknown>();
  return {
    async get<TValue>(key: string) {
      return values.get(key) as TValue | undefined;
    },
    async set(key, value) {
      values.delete(key);
      values.set(key, value);
      while (values.size > MAX_MEMORY_ENTRIES) {
        values.delete(values.keys().next().value as string);
      }
    },
  };
}

/**
 * For a reference by tag, given the `Docker-Content-Digest` the registry answered: the digest it
 * resolves to now and, when it differs from the one remembered, the previous one (the tag moved).
 * The new digest is remembered. A failing store never fails the lookup (it is logged).
 */
export async function trackTagDigest(
  store: TagDigestStore,
  ref: ImageReference,
  header: string | null,
  logger?: LoggerService,
): Promise<{ digest?: string; previousDigest?: string }> {
  const digest = header?.trim();
  if (!digest || !DIGEST_HEADER.test(digest)) return {};
  const image = `${ref.host}/${ref.name}:${ref.reference}`;
  const key = `preflight:registry:tag-digest:${image}`;
  try {
    const previous = await store.get(key);
    if (previous !== digest) {
      await store.set(key, digest, { ttl: TAG_DIGEST_TTL_MS });
    }
    return typeof previous === 'string' && previous !== digest
      ? { digest, previousDigest: previous }
      : { digest };
  } catch (error) {
    logger?.warn(
      `Preflight could not remember the digest of ${image}: ${
        (error as Error).message
      }`,
    );
    return { digest };
  }
}
