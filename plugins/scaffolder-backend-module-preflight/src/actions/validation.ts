/**
 * Validators shared by the actions. Every name that ends up in a manifest or a pipeline is
 * checked against the grammar Kubernetes (or the CI system) uses for it, which also rules out
 * YAML injection (newlines, `: `, `{`, `---`, `&anchors`, `*aliases`, `#comments`): none of those
 * characters is allowed in a name. Free-text values are never checked that way: they are written
 * through the YAML serializer, which quotes whatever needs quoting.
 */

// The Kubernetes name grammar is shared with the backend (`@preflight/plugin-preflight-common`).
export {
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  DNS_1123_SUBDOMAIN,
  LABEL_KEY,
  LABEL_VALUE,
} from '@preflight/plugin-preflight-common';
// So is the image reference grammar.
export {
  IMAGE_REPOSITORY,
  registryOf,
} from '@preflight/plugin-preflight-common';
import { parseImageReference as parseSharedReference } from '@preflight/plugin-preflight-common';

/** A POSIX-style environment variable name (what the checks and `envFrom` accept). */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A ConfigMap / Secret key. */
export const CONFIG_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

/** A CI secret / variable name (GitHub: letters, digits, `_`, not starting with a digit). */
export const CI_SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** An HTTP path for a probe. */
export const HTTP_PATH = /^\/[A-Za-z0-9._~\-/]*$/;

/** A Kubernetes resource quantity as used for cpu and memory (no sign: it must be positive). */
export { UNSIGNED_QUANTITY as QUANTITY } from '@preflight/plugin-preflight-common';

/** A commit-SHA-shaped tag: immutable by convention (CI tags every image with its commit). */
export const COMMIT_SHA_TAG = /^[0-9a-f]{7,40}$/;

/** The numeric value of a quantity, to compare requests and limits. */
export { parseQuantity } from '@preflight/plugin-preflight-common';

/** The only digests the actions write: sha256, as registries compute them. */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** The parts of an image reference. */
export interface ImageReference {
  tag?: string;
  digest?: string;
}

/**
 * Parses `repo[:tag][@sha256:…]` with the shared grammar (`parseImageReference` of
 * `@preflight/plugin-preflight-common`); undefined when it is not a valid reference or pins a
 * digest other than sha256.
 */
export function parseImageReference(
  reference: string,
): ImageReference | undefined {
  const parsed = parseSharedReference(reference);
  if (!parsed || (parsed.digest && !SHA256_DIGEST.test(parsed.digest))) {
    return undefined;
  }
  return {
    ...(parsed.tag ? { tag: parsed.tag } : {}),
    ...(parsed.digest ? { digest: parsed.digest } : {}),
  };
}

/**
 * A message for a literal that must not be written because it looks like a credential, without
 * the value itself (nor anything derived from it).
 */
export function sensitiveLiteralMessage(field: string, hint: string): string {
  return `${field}: looks like a secret (by its name or its value); secrets must never be written as literal values — ${hint}`;
}

/** Whether a text contains a control character (a newline among them). */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
