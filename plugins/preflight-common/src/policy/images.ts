/*
 * Images (design §3 `image-tagged`): a deployment must say exactly what it runs. A missing tag
 * or `latest` is blocking; a tag without a digest is advisory (tags can be moved, digests
 * cannot). An image pinned by digest passes both rules whatever its tag.
 */
import type { PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { ALL_CONTAINERS, POLICY_WORKLOAD_KINDS } from './workloads';

/**
 * The parts of an image reference `[registry/]repository[:tag][@digest]`.
 */
export interface ImageReference {
  /** Registry and repository, e.g. `ghcr.io/acme/checkout-api`. */
  name: string;
  tag?: string;
  /** e.g. `sha256:b1bf…` */
  digest?: string;
}

/**
 * Splits an image reference. The tag is what follows the last `:` after the last `/` (a
 * registry port such as `localhost:5000/app` is not a tag).
 */
export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return {
    name: rest,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

const VALID_DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

function isPinned(ref: ImageReference): boolean {
  return ref.digest !== undefined && VALID_DIGEST.test(ref.digest);
}

/**
 * No image without a tag or tagged `latest`, unless pinned by digest.
 */
export const imageTagMutableRule: PolicyRule = defineContainerRule({
  id: 'imageTagMutable',
  title: 'Images have an immutable tag',
  description:
    'Every container image must carry an explicit version tag other than `latest`, or be pinned by digest: otherwise what runs depends on when the node pulled it, rollbacks do not roll back, and environments cannot be compared.',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Tag images with an immutable version (semver or the commit SHA) and reference that tag, ideally with its digest: `registry/name:1.2.3@sha256:…`.',
  containers: ALL_CONTAINERS,
  checkContainer(c) {
    if (typeof c.container.image !== 'string') return undefined;
    const ref = parseImageReference(c.container.image);
    if (isPinned(ref) || (ref.tag !== undefined && ref.tag !== 'latest')) {
      return undefined;
    }
    let problem = 'without a tag or digest';
    if (ref.tag) problem = "with the mutable tag 'latest'";
    else if (ref.digest) problem = 'without a tag and with an invalid digest';
    return {
      message: `${c.label} uses image '${c.container.image}' ${problem} (image)`,
      path: `${c.path}.image`,
    };
  },
});

/**
 * Tagged images are also pinned by digest (advisory).
 */
export const imageDigestMissingRule: PolicyRule = defineContainerRule({
  id: 'imageDigestMissing',
  title: 'Images are pinned by digest',
  description:
    'A version tag can be re-pushed; a digest cannot. Images with a version tag but no `@sha256:` digest are reported (advisory). Images without a tag or tagged `latest` are reported by `imageTagMutable` instead, not twice.',
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Append the digest that CI pushed: `registry/name:1.2.3@sha256:<64 hex>` (e.g. from `docker buildx imagetools inspect` or `crane digest`).',
  containers: ALL_CONTAINERS,
  checkContainer(c) {
    if (typeof c.container.image !== 'string') return undefined;
    const ref = parseImageReference(c.container.image);
    if (isPinned(ref) || ref.tag === undefined || ref.tag === 'latest') {
      return undefined;
    }
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
