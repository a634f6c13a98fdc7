import { errorCode } from '../../util/errorChain';
import { raceAbort } from '../../util/raceAbort';
import pLimit from 'p-limit';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  BaseImageLookup,
  ImageRegistryVerifier,
} from '../checks/imageTagged';
import { readBody, TOO_LARGE } from '../../util/readBody';
import { readManifestBase } from './manifestBase';
import {
  readRegistryConfigs,
  readRegistryTimeoutMs,
  DEFAULT_REGISTRY_TIMEOUT_MS,
  REGISTRIES_CONFIG_KEY,
  type RegistryConfig,
} from './config';
import {
  parseImageReference,
  type ImageReference,
} from '@preflight/plugin-preflight-common';
import {
  memoryTagDigestStore,
  trackTagDigest,
  type TagDigestStore,
} from './tagDigests';
import { TtlMemo } from '../../util/TtlMemo';
import type { PreflightConfig } from '../../config/schema';
import {
  basicAuthorization,
  describeStatus,
  discard,
  fetchToken,
  LookupError,
  parseChallenge,
  USER_AGENT,
} from './registryAuth';

export { parseChallenge } from './registryAuth';

/** The manifest media types asked for: OCI index and manifest, Docker v2 manifest list and manifest. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** How long a `present` / `missing` answer is reused by default. */
const DEFAULT_CACHE_TTL_MS = 60_000;
/**
 * How long what an image was built on is reused (unless reuse is off): an image's base changes
 * only when its tag is pushed again, and the rule that reads it is advisory.
 */
const BASE_CACHE_TTL_MS = 60 * 60_000;
const MAX_CACHE_ENTRIES = 1000;
/** Largest manifest or index read for its annotations (real ones are a few KiB). */
export const MAX_MANIFEST_BYTES = 512 * 1024;

type VerifyResult = Awaited<ReturnType<ImageRegistryVerifier['verify']>>;

/** Options of {@link OciRegistryVerifier}. */
export interface OciRegistryVerifierOptions {
  /** The registries that may be queried (`preflight.registries`). */
  registries: RegistryConfig[];
  /** Deadline of one lookup, token exchange included (default 5000 ms). */
  timeoutMs?: number;
  /** How long a `present` / `missing` answer is reused (default 60 s; 0 disables). */
  cacheTtlMs?: number;
  logger?: LoggerService;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Where the digest each tag resolved to is remembered, to report a tag that moved (the
   * plugin's `CacheService`; shared by backend instances when the cache is). Default: memory.
   */
  tagDigests?: TagDigestStore;
  /**
   * Lookups in flight at most, across every check and entity of this backend (default 8): the
   * registries' rate limits are shared by everything that queries them.
   */
  concurrency?: number;
}

/** What a verifier made from configuration is given besides it. */
export interface OciRegistryVerifierCreateOptions {
  logger?: LoggerService;
  fetch?: typeof fetch;
  /** Remembers the digest of each tag (to report moved tags); default: memory. */
  cache?: TagDigestStore;
}

/**
 * Answers whether an image exists in its registry with the OCI distribution API:
 * `HEAD /v2/<name>/manifests/<reference>` (the digest when the image pins one, else the tag).
 *
 * - Only registries listed in `preflight.registries` are queried; any other image is
 *   `unverified`, saying so.
 * - Authentication: a configured static `token` is sent as a bearer token; otherwise a `401` with
 *   a `Bearer realm=…,service=…,scope=…` challenge is answered by fetching a token from the realm
 *   (anonymously, or with the configured username/password as Basic credentials) and retrying;
 *   a `Basic` challenge is answered with the username/password. Tokens are reused until they
 *   expire.
 * - `200` is `present` and `404` `missing`, with the manifest URL (never credentials) as the
 *   evidence; anything else — 401/403/429/5xx, no answer within the deadline, a refused
 *   connection — is `error` with the reason.
 * - Answers are reused for a minute (lookups of the same image in several environments run once);
 *   errors are not reused.
 * - For a reference by tag, the digest the registry resolved it to (`Docker-Content-Digest`) is
 *   remembered; when a later lookup resolves the tag to another digest, the answer carries the
 *   previous one (`previousDigest`: the tag was moved). It is reported at the first lookup that
 *   sees the new digest, then the new digest is the one remembered.
 */
export class OciRegistryVerifier implements ImageRegistryVerifier {
  /**
   * Reads `preflight.registries` and `preflight.registryTimeoutMs`; throws an error naming the
   * key when they are invalid.
   */
  static fromConfig(
    config: Config,
    options: OciRegistryVerifierCreateOptions = {},
  ): OciRegistryVerifier {
    return OciRegistryVerifier.create(
      {
        registries: readRegistryConfigs(config),
        registryTimeoutMs: readRegistryTimeoutMs(config),
      },
      options,
    );
  }

  /** A verifier of the validated `preflight.registries` and `preflight.registryTimeoutMs`. */
  static create(
    settings: Pick<PreflightConfig, 'registries' | 'registryTimeoutMs'>,
    options: OciRegistryVerifierCreateOptions = {},
  ): OciRegistryVerifier {
    const { registries } = settings;
    const { cache, ...rest } = options;
    const verifier = new OciRegistryVerifier({
      registries,
      timeoutMs: settings.registryTimeoutMs,
      ...rest,
      ...(cache ? { tagDigests: cache } : {}),
    });
    options.logger?.info(
      registries.length > 0
        ? `Preflight image registries: ${registries
            .map(r => r.host)
            .join(', ')}`
        : `Preflight image registries: none configured (${REGISTRIES_CONFIG_KEY}); images are not looked up`,
    );
    return verifier;
  }

  private readonly registries: Map<string, RegistryConfig>;
  private readonly timeoutMs: number;
  private readonly cacheTtlMs: number;
  private readonly logger?: LoggerService;
  private readonly fetchImpl: typeof fetch;
  private readonly tagDigests: TagDigestStore;
  private readonly limit: ReturnType<typeof pLimit>;
  /** Lookups by image: only `present` and `missing` are remembered, not errors. */
  private readonly results: TtlMemo<VerifyResult>;
  /** Base-image lookups by image: `found` and `none` are remembered, not errors. */
  private readonly bases: TtlMemo<BaseImageLookup>;
  private readonly tokens = new Map<
    string,
    { token: string; expiresAt: number }
  >();

  constructor(options: OciRegistryVerifierOptions) {
    this.registries = new Map(options.registries.map(r => [r.host, r]));
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REGISTRY_TIMEOUT_MS;
    this.cacheTtlMs = options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS;
    this.results = new TtlMemo({
      ttlMs: this.cacheTtlMs,
      maxEntries: MAX_CACHE_ENTRIES,
      keep: result =>
        result.status === 'present' || result.status === 'missing',
    });
    this.bases = new TtlMemo({
      ttlMs:
        this.cacheTtlMs === 0
          ? 0
          : Math.max(this.cacheTtlMs, BASE_CACHE_TTL_MS),
      maxEntries: MAX_CACHE_ENTRIES,
      keep: result => result.status === 'found' || result.status === 'none',
    });
    this.logger = options.logger;
    this.fetchImpl =
      options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.tagDigests = options.tagDigests ?? memoryTagDigestStore();
    this.limit = pLimit(options.concurrency ?? 8);
  }

  verify(
    image: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<VerifyResult> {
    return this.ask(image, options.signal, this.results, (registry, ref) =>
      this.lookup(registry, ref),
    );
  }

  /**
   * The image the given image was built on, from its manifest's `org.opencontainers.image.base.name`
   * annotation (`GET` of the manifest, and of one platform manifest when it is an index; each read
   * at most {@link MAX_MANIFEST_BYTES}). The same registries, credentials, deadline, concurrency
   * and reuse as {@link OciRegistryVerifier.verify}.
   */
  baseImage(
    image: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<BaseImageLookup> {
    return this.ask(image, options.signal, this.bases, (registry, ref) =>
      this.baseLookup(registry, ref),
    );
  }

  /**
   * What verify() and baseImage() share: the reference parsed, only configured registries asked,
   * one lookup per image in flight and reused (`memo`), at most `concurrency` lookups at once,
   * and the caller's cancellation honoured.
   */
  private async ask<T>(
    image: string,
    signal: AbortSignal | undefined,
    memo: TtlMemo<T | { status: 'error'; reason: string }>,
    run: (registry: RegistryConfig, ref: ImageReference) => Promise<T>,
  ): Promise<T | { status: 'unverified' | 'error'; reason: string }> {
    const ref = parseImageReference(image);
    if (!ref) return { status: 'error', reason: 'not a valid image reference' };
    const registry = this.registries.get(ref.host);
    if (!registry) {
      return {
        status: 'unverified',
        reason: `registry ${ref.host} is not configured (${REGISTRIES_CONFIG_KEY})`,
      };
    }
    const cancelled = {
      status: 'error' as const,
      reason: 'the lookup was cancelled',
    };
    if (signal?.aborted) return cancelled;
    const key = `${ref.host}/${ref.name}@${ref.reference}`;
    const lookup = memo.get(key, () => this.limit(() => run(registry, ref)));
    return raceAbort(lookup, signal, cancelled);
  }

  /** One base-image lookup (at most two manifests), bounded by the deadline. Never throws. */
  private async baseLookup(
    registry: RegistryConfig,
    ref: ImageReference,
  ): Promise<BaseImageLookup> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      let reference = ref.reference;
      // The manifest named by the reference, then (for an index) one platform manifest.
      for (let depth = 0; depth < 2; depth++) {
        const url = `${registry.url}/v2/${ref.name}/manifests/${reference}`;
        const response = await this.requestManifest(
          'GET',
          registry,
          ref,
          url,
          deadline,
        );
        if (response.status === 404) {
          discard(response);
          return {
            status: 'none',
            reason: 'the registry has no such manifest',
          };
        }
        if (response.status !== 200) {
          discard(response);
          throw new LookupError(describeStatus(response.status, registry));
        }
        const text = await readBody(response, MAX_MANIFEST_BYTES, false);
        if (text === TOO_LARGE) {
          throw new LookupError(
            `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`,
          );
        }
        const read = readManifestBase(text);
        if (read.kind === 'annotated') {
          return {
            status: 'found',
            facts: {
              baseName: read.baseName,
              source: `the image manifest in ${registry.host}`,
            },
          };
        }
        if (read.kind === 'invalid') throw new LookupError(read.reason);
        if (read.kind === 'none')
          return { status: 'none', reason: read.reason };
        reference = read.next;
      }
      return {
        status: 'none',
        reason: 'the platform manifest of the index is an index itself',
      };
    } catch (error) {
      return { status: 'error', reason: this.failure(error, deadline, ref) };
    }
  }

  /** One lookup, bounded by the deadline. Never throws. */
  private async lookup(
    registry: RegistryConfig,
    ref: ImageReference,
  ): Promise<VerifyResult> {
    const url = `${registry.url}/v2/${ref.name}/manifests/${ref.reference}`;
    const deadline = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.requestManifest(
        'HEAD',
        registry,
        ref,
        url,
        deadline,
      );
      const status = response.status;
      if (status === 200) {
        const digest = response.headers.get('docker-content-digest');
        const tracked = ref.digest
          ? {}
          : await trackTagDigest(this.tagDigests, ref, digest, this.logger);
        return { status: 'present', url, ...tracked };
      }
      if (status === 404) return { status: 'missing', url };
      throw new LookupError(describeStatus(status, registry));
    } catch (error) {
      return { status: 'error', reason: this.failure(error, deadline, ref) };
    }
  }

  /** The reason of a failed lookup (safe to show), logged at debug level. */
  private failure(
    error: unknown,
    deadline: AbortSignal,
    ref: ImageReference,
  ): string {
    let reason = `registry unreachable (${
      errorCode(error) ??
      (error as Error)?.message?.split('\n')[0] ??
      'unknown error'
    })`;
    if (error instanceof LookupError) reason = error.message;
    else if (deadline.aborted) reason = `no answer within ${this.timeoutMs} ms`;
    this.logger?.debug(
      `Preflight registry lookup of ${ref.host}/${ref.name}@${ref.reference} failed: ${reason}`,
    );
    return reason;
  }

  /** HEAD or GET of a manifest, answering an authentication challenge once. */
  private async requestManifest(
    method: 'HEAD' | 'GET',
    registry: RegistryConfig,
    ref: ImageReference,
    url: string,
    signal: AbortSignal,
  ): Promise<Response> {
    const scope = `repository:${ref.name}:pull`;
    const tokenKey = `${registry.host} ${scope}`;
    const cached = this.tokens.get(tokenKey);
    let authorization: string | undefined;
    if (registry.token) {
      authorization = `Bearer ${registry.token}`;
    } else if (cached && cached.expiresAt > Date.now()) {
      authorization = `Bearer ${cached.token}`;
    }

    let response = await this.send(method, url, authorization, signal);
    if (response.status !== 401 || registry.token) return response;
    discard(response);

    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    if (challenge?.scheme === 'bearer' && challenge.params.realm) {
      const token = await fetchToken(
        this.fetchImpl,
        registry,
        challenge.params,
        scope,
        signal,
      );
      this.tokens.set(tokenKey, token);
      while (this.tokens.size > MAX_CACHE_ENTRIES) {
        this.tokens.delete(this.tokens.keys().next().value as string);
      }
      response = await this.send(method, url, `Bearer ${token.token}`, signal);
    } else if (challenge?.scheme === 'basic' && registry.username) {
      response = await this.send(
        method,
        url,
        basicAuthorization(registry),
        signal,
      );
    }
    return response;
  }

  /** One request; the body of a HEAD answer is released (a GET's is the caller's). */
  private async send(
    method: 'HEAD' | 'GET',
    url: string,
    authorization: string | undefined,
    signal: AbortSignal,
  ): Promise<Response> {
    const response = await this.fetchImpl(url, {
      method,
      headers: {
        Accept: MANIFEST_ACCEPT,
        'User-Agent': USER_AGENT,
        ...(authorization ? { Authorization: authorization } : {}),
      },
      signal,
    });
    if (method === 'HEAD') discard(response);
    return response;
  }
}
