/*
 * Container image references (`[registry/]repository[:tag][@digest]`), in one place for the
 * backend (registry lookups, Trivy reports, CI revisions), the scaffolder's input validation and
 * the policy and parity engines. Two readings:
 *
 * - `parseImageReference`: strict, the grammar of the distribution project's `reference` package
 *   as Docker and containerd read it. Anything else is rejected, so a reference can never smuggle
 *   path segments, queries or credentials into a registry URL.
 * - `splitImageReference`: lenient, for evaluating whatever a manifest says (a policy finding about
 *   a malformed image still names its tag).
 */

/**
 * The registry Docker Hub images are addressed by.
 *
 * @public
 */
export const DOCKER_HUB = 'docker.io';

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

// One path component of a repository name: lowercase alphanumerics separated by '.', '_', '__'
// or runs of '-'.
const PATH_COMPONENT_SOURCE = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
// A dotted domain with an optional port, or a bracketed IPv6 address (with an optional port).
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_SOURCE = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]{1,5})?`;

const PATH_COMPONENT = new RegExp(`^${PATH_COMPONENT_SOURCE}$`);
const DOMAIN = new RegExp(`^${DOMAIN_SOURCE}$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST =
  /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME_LENGTH = 255;
const MAX_REFERENCE_LENGTH = 512;

/**
 * An image repository without tag or digest, with or without its registry, at most 255
 * characters: e.g. `ghcr.io/acme/checkout-api`, `nginx`.
 *
 * @public
 */
export const IMAGE_REPOSITORY = new RegExp(
  `^(?=.{1,255}$)(?:${DOMAIN_SOURCE}/)?${PATH_COMPONENT_SOURCE}(?:/${PATH_COMPONENT_SOURCE})*$`,
);

/**
 * An image reference as a registry is asked for it (see {@link parseImageReference}).
 *
 * @public
 */
export interface ImageReference {
  /** The registry host (with port), lowercase; Docker Hub's aliases are all `docker.io`. */
  host: string;
  /** The repository name inside the registry, e.g. `acme/api` or `library/nginx`. */
  name: string;
  /** The tag, when the reference has one. */
  tag?: string;
  /** The digest (e.g. `sha256:…`), when the reference pins one. */
  digest?: string;
  /** What to ask the registry for: the digest when present, else the tag (`latest` when absent). */
  reference: string;
}

/**
 * The parts of an image reference as written (see {@link splitImageReference}).
 *
 * @public
 */
export interface ImageReferenceParts {
  /** Everything before the tag and digest, as written, e.g. `ghcr.io/acme/checkout-api`. */
  repository: string;
  /** The tag as written (after the last `:` following the last `/`), when there is one. */
  tag?: string;
  /** The digest as written (after the `@`), when there is one. */
  digest?: string;
}

/**
 * The canonical form of a registry host: lowercase, Docker Hub's aliases folded to `docker.io`.
 *
 * @public
 */
export function canonicalRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/**
 * Whether a string is a registry host as used in image references and configuration.
 *
 * @public
 */
export function isRegistryHost(value: string): boolean {
  return DOMAIN.test(value);
}

/** Whether the first path component of a repository names a registry (`.`, `:` or `localhost`). */
function isRegistryComponent(first: string): boolean {
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

/**
 * Parses an image reference strictly. Returns `undefined` when it is not a valid reference.
 *
 * - The first path component is the registry when it contains `.` or `:` or is `localhost`;
 *   otherwise the image is on Docker Hub (`nginx` → `docker.io`, `library/nginx`).
 * - `reference` is the digest when present (`name:tag@sha256:…` pins the digest), else the tag.
 *
 * @public
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (
    typeof image !== 'string' ||
    image.length === 0 ||
    image.length > MAX_REFERENCE_LENGTH
  ) {
    return undefined;
  }
  const { repository, tag, digest, emptyTag, emptyDigest } = split(image);
  if (emptyTag || emptyDigest) return undefined;
  if (digest !== undefined && !DIGEST.test(digest)) return undefined;
  if (tag !== undefined && !TAG.test(tag)) return undefined;

  let host = DOCKER_HUB;
  let name = repository;
  const firstSlash = repository.indexOf('/');
  if (firstSlash !== -1) {
    const first = repository.slice(0, firstSlash);
    if (isRegistryComponent(first)) {
      if (!DOMAIN.test(first)) return undefined;
      host = canonicalRegistryHost(first);
      name = repository.slice(firstSlash + 1);
    }
  }
  if (host === DOCKER_HUB && !name.includes('/')) {
    name = `library/${name}`;
  }
  if (
    name.length === 0 ||
    name.length > MAX_NAME_LENGTH ||
    !name.split('/').every(c => PATH_COMPONENT.test(c))
  ) {
    return undefined;
  }
  return {
    host,
    name,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    reference: digest ?? tag ?? 'latest',
  };
}

/** Splits at the first `@` (digest) and at the last `:` after the last `/` (tag). */
function split(image: string) {
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
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
    repository: rest,
    tag: tag || undefined,
    digest: digest || undefined,
    emptyTag: tag === '',
    emptyDigest: digest === '',
  };
}

/**
 * Splits an image reference as written, without validating it: the tag is what follows the last
 * `:` after the last `/` (a registry port such as `localhost:5000/app` is not a tag), the digest
 * what follows `@`. Surrounding white space is ignored; an empty tag or digest is absent.
 *
 * @public
 */
export function splitImageReference(image: string): ImageReferenceParts {
  const { repository, tag, digest } = split(image.trim());
  return {
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * The registry host of a repository as written (`docker.io` when it names none).
 *
 * @public
 */
export function registryOf(repository: string): string {
  const first = repository.split('/')[0];
  return repository.includes('/') && isRegistryComponent(first)
    ? first
    : DOCKER_HUB;
}

/**
 * The repository as the runtime resolves it: `nginx`, `library/nginx`, `index.docker.io/nginx`
 * and `docker.io/library/nginx` are the same.
 *
 * @public
 */
export function canonicalRepository(repository: string): string {
  const parts = repository.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && isRegistryComponent(first);
  if (!hasRegistry) {
    return `${DOCKER_HUB}/${parts.length === 1 ? 'library/' : ''}${repository}`;
  }
  if (first === 'index.docker.io' || first === 'registry-1.docker.io') {
    return [DOCKER_HUB, ...parts.slice(1)].join('/');
  }
  return repository;
}
