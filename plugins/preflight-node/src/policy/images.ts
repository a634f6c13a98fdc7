/*
 * Images: a deployment must say exactly what it runs. A missing or floating tag (`latest`,
 * `alpine`, `3.19`, a branch name) is blocking; an immutable tag without a digest is advisory
 * (tags can be moved, digests cannot). An image pinned by digest passes both rules whatever its
 * tag.
 */
import {
  splitImageReference,
  type ImageReferenceParts,
} from '@preflight/plugin-preflight-common';
import type { PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { ALL_CONTAINERS, POLICY_WORKLOAD_KINDS } from './workloads';

const VALID_DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

function isPinned(ref: ImageReferenceParts): boolean {
  return ref.digest !== undefined && VALID_DIGEST.test(ref.digest);
}

/**
 * The built-in patterns of an immutable image tag (regular-expression sources, each matched
 * against the whole tag). A tag that matches none of them is *floating*: `latest`, `alpine`,
 * `stable`, `lts`, `edge`, `nonroot`, `main`, a branch name, and partial versions such as `3`,
 * `3.19`, `8.0` or `3.19-alpine`, which the publisher moves with every patch release.
 *
 * 1. A release: semver with at least major.minor.patch, optionally `v`-prefixed, optionally with
 *    a suffix (`1.25.3`, `v2.0.1-rc.1`, `1.25.3-alpine`, `22.14.0-alpine3.21`, `10.0.20348.2402`).
 * 2. A date stamp, optionally with a prefix and a suffix (`2024-05-01`, `20240501`,
 *    `20240501.1234`, `20240501-1a2b3c4`, `jammy-20240405`, `RELEASE.2024-05-01T01-11-10Z`).
 * 3. A build number stamp: `build-1234` (a bare number such as `1234` stays floating: it cannot be
 *    told from a major version).
 * 4. A commit SHA of 7 to 40 lowercase hex digits, bare or `sha-` prefixed (docker/metadata-action:
 *    `a1b2c3d`, `sha-a1b2c3d`), or after a branch name with an optional Unix timestamp
 *    (`main-a1b2c3d`, `main-a1b2c3d-1714560000`; there the SHA must hold a digit, so that words
 *    such as `dev-defaced` stay floating).
 *
 * An image pinned by digest (`@sha256:…`) is immutable whatever its tag.
 *
 * @public
 */
export const DEFAULT_IMMUTABLE_TAG_PATTERNS: readonly string[] = Object.freeze([
  String.raw`v?\d+\.\d+\.\d+(?:[-+._][0-9A-Za-z][0-9A-Za-z._+-]*)?`,
  String.raw`(?:[0-9A-Za-z][0-9A-Za-z.]*[-._])?(?:19|20)\d{2}-?(?:0[1-9]|1[0-2])-?(?:0[1-9]|[12]\d|3[01])(?:[-._T][0-9A-Za-z][0-9A-Za-z._-]*)?`,
  String.raw`build[-._]?\d+`,
  String.raw`(?:sha-)?[0-9a-f]{7,40}`,
  String.raw`[0-9A-Za-z][0-9A-Za-z._-]*-(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}(?:-\d{10,14})?`,
]);

/**
 * Compiles immutable tag patterns (regular-expression sources) into expressions that match a
 * whole tag. Throws on an invalid source; the message starts with its index in brackets
 * (`[2]: …`), so that a configuration reader can name the key.
 *
 * @public
 */
export function compileImmutableTagPatterns(
  sources: readonly string[],
): RegExp[] {
  return sources.map((source, index) => {
    if (typeof source !== 'string' || source.trim() === '') {
      throw new Error(`[${index}]: expected a non-empty regular expression`);
    }
    try {
      return new RegExp(`^(?:${source})$`);
    } catch (error) {
      throw new Error(
        `[${index}]: '${source}' is not a valid regular expression (${
          (error as Error).message
        })`,
      );
    }
  });
}

const DEFAULT_PATTERNS = compileImmutableTagPatterns(
  DEFAULT_IMMUTABLE_TAG_PATTERNS,
);

/**
 * How an image reference fares against the immutable tag patterns.
 *
 * @public
 */
export type ImageTagVerdict =
  | { immutable: true; reason: 'digest' | 'tag' }
  | {
      immutable: false;
      reason: 'no-tag' | 'floating-tag';
      /** The floating tag, when there is one. */
      tag?: string;
    };

/**
 * Whether an image reference names an immutable image: pinned by a valid digest, or tagged with
 * a tag matching one of `patterns` (compiled by {@link compileImmutableTagPatterns}; default the
 * {@link DEFAULT_IMMUTABLE_TAG_PATTERNS}).
 *
 * @public
 */
export function classifyImageTag(
  image: string,
  patterns: readonly RegExp[] = DEFAULT_PATTERNS,
): ImageTagVerdict {
  const ref = splitImageReference(image);
  if (isPinned(ref)) return { immutable: true, reason: 'digest' };
  if (ref.tag === undefined) return { immutable: false, reason: 'no-tag' };
  const tag = ref.tag;
  return patterns.some(pattern => pattern.test(tag))
    ? { immutable: true, reason: 'tag' }
    : { immutable: false, reason: 'floating-tag', tag };
}

/**
 * No image without a tag or with a floating tag (`latest`, `alpine`, `3.19`, a branch name),
 * unless pinned by digest.
 */
export const imageTagMutableRule: PolicyRule = defineContainerRule({
  id: 'imageTagMutable',
  title: 'Images have an immutable tag',
  description:
    'Every container image must carry an immutable tag — a release version (major.minor.patch), a date or build stamp, or a commit SHA — or be pinned by digest. A floating tag (`latest`, `alpine`, `stable`, `lts`, `main`, `3`, `3.19`) is moved by whoever pushes it: what runs depends on when the node pulled it, rollbacks do not roll back, and environments cannot be compared. The accepted tag patterns are configurable.',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Tag images with an immutable version (semver major.minor.patch, a date stamp or the commit SHA) and reference that tag, ideally with its digest: `registry/name:1.2.3@sha256:…`. For third-party images, use the full version (`redis:7.2.4-alpine`, not `redis:alpine` or `redis:7.2`).',
  containers: ALL_CONTAINERS,
  checkContainer(c, _pod, context) {
    if (typeof c.container.image !== 'string') return undefined;
    const verdict = classifyImageTag(
      c.container.image,
      context.immutableTags ?? DEFAULT_PATTERNS,
    );
    if (verdict.immutable) return undefined;
    const ref = splitImageReference(c.container.image);
    let problem: string;
    if (verdict.tag === undefined) {
      problem = ref.digest
        ? 'without a tag and with an invalid digest'
        : 'without a tag or digest';
    } else {
      const why = context.immutableTags
        ? 'it matches none of the configured immutable tag patterns'
        : 'not a release version (major.minor.patch), a date or build stamp, or a commit SHA';
      problem = `with the floating tag '${verdict.tag}' (${why}${
        ref.digest ? '; its digest is invalid' : ''
      })`;
    }
    return {
      message: `${c.label} uses image '${c.container.image}' ${problem} (image)`,
      path: `${c.path}.image`,
    };
  },
});

/**
 * Immutably tagged images are also pinned by digest (advisory).
 */
export const imageDigestMissingRule: PolicyRule = defineContainerRule({
  id: 'imageDigestMissing',
  title: 'Images are pinned by digest',
  description:
    'A version tag can be re-pushed; a digest cannot. Images with an immutable tag but no `@sha256:` digest are reported (advisory). Images without a tag or with a floating tag are reported by `imageTagMutable` instead, not twice.',
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Append the digest that CI pushed: `registry/name:1.2.3@sha256:<64 hex>` (e.g. from `docker buildx imagetools inspect` or `crane digest`).',
  containers: ALL_CONTAINERS,
  checkContainer(c, _pod, context) {
    if (typeof c.container.image !== 'string') return undefined;
    const verdict = classifyImageTag(
      c.container.image,
      context.immutableTags ?? DEFAULT_PATTERNS,
    );
    if (verdict.reason !== 'tag') return undefined;
    const ref = splitImageReference(c.container.image);
    return {
      message:
        ref.digest === undefined
          ? `${c.label} uses image '${c.container.image}' without a digest (image)`
          : `${c.label} uses image '${c.container.image}' whose digest is not a valid sha256/sha512 digest (image)`,
      path: `${c.path}.image`,
    };
  },
});

/** @internal */
export const imageRules: readonly PolicyRule[] = [
  imageTagMutableRule,
  imageDigestMissingRule,
];
