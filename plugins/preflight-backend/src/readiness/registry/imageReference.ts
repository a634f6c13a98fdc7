/**
 * Parsing of container image references the way Docker and containerd read them
 * (`[registry/]name[:tag][@digest]`), following the grammar of the distribution project's
 * `reference` package. Anything that does not match the grammar is rejected, so a reference can
 * never smuggle path segments, queries or credentials into a registry URL.
 */

/** The registry Docker Hub images are addressed by. */
export const DOCKER_HUB = 'docker.io';
/** Where Docker Hub's registry API is served. */
export const DOCKER_HUB_API_URL = 'https://registry-1.docker.io';

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
]);

// One path component of a repository name: lowercase alphanumerics separated by '.', '_', '__'
// or runs of '-'.
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
// A domain component, a dotted domain with an optional port, or a bracketed IPv6 address.
const DOMAIN =
  /^(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST =
  /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME_LENGTH = 255;

/** A parsed image reference. */
export interface ImageReference {
  /**
   * The registry host (with port), lowercase; Docker Hub's aliases are all `docker.io`.
   */
  host: string;
  /** The repository name inside the registry, e.g. `acme/api` or `library/nginx`. */
  name: string;
  tag?: string;
  digest?: string;
  /** What to ask the registry for: the digest when present, else the tag (`latest` when absent). */
  reference: string;
}

/** The canonical form of a registry host: lowercase, Docker Hub's aliases folded to `docker.io`. */
export function canonicalRegistryHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

/** Whether a string is a registry host as used in image references and configuration. */
export function isRegistryHost(value: string): boolean {
  return DOMAIN.test(value);
}

/**
 * Parses an image reference. Returns `undefined` when it is not a valid reference.
 *
 * - The first path component is the registry when it contains `.` or `:` or is `localhost`;
 *   otherwise the image is on Docker Hub (`nginx` → `docker.io`, `library/nginx`).
 * - `reference` is the digest when present (`name:tag@sha256:…` pins the digest), else the tag.
 */
export function parseImageReference(image: string): ImageReference | undefined {
  if (typeof image !== 'string' || image.length === 0 || image.length > 512) {
    return undefined;
  }
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }

  let host = DOCKER_HUB;
  let name = rest;
  const firstSlash = rest.indexOf('/');
  if (firstSlash !== -1) {
    const first = rest.slice(0, firstSlash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      if (!DOMAIN.test(first)) return undefined;
      host = canonicalRegistryHost(first);
      name = rest.slice(firstSlash + 1);
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
