/*
 * What an image's manifest says about the image it was built on: the OCI pre-defined annotations
 * `org.opencontainers.image.base.name` and `.base.digest` (set by Buildah and Podman by default,
 * by BuildKit with `--annotation`, by Jib and rules_img). They sit on the image manifest, or on
 * an index and its descriptors; for an index without them, the manifest of one platform is read
 * next (linux/amd64, else linux/arm64, else the first Linux one, never an attestation).
 */

export const BASE_NAME_ANNOTATION = 'org.opencontainers.image.base.name';
export const BASE_DIGEST_ANNOTATION = 'org.opencontainers.image.base.digest';

/** A base name longer than this is not an image reference. */
const MAX_BASE_NAME_LENGTH = 512;
const DIGEST = /^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/;

/** What one manifest (or index) answered. */
export type ManifestBase =
  /** The annotation names the base. */
  | { kind: 'annotated'; baseName: string; baseDigest?: string }
  /** An index without the annotation: read the manifest of this digest next. */
  | { kind: 'index'; next: string }
  /** A manifest (or an index without a usable platform) that names no base. */
  | { kind: 'none'; reason: string }
  | { kind: 'invalid'; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The annotated base, if `annotations` holds a usable one. */
function annotatedBase(
  annotations: unknown,
): Extract<ManifestBase, { kind: 'annotated' }> | undefined {
  if (!isRecord(annotations)) return undefined;
  const name = annotations[BASE_NAME_ANNOTATION];
  if (typeof name !== 'string') return undefined;
  const trimmed = name.trim();
  // An image reference has no whitespace or control characters and is short.
  if (
    trimmed === '' ||
    trimmed.length > MAX_BASE_NAME_LENGTH ||
    [...trimmed].some(
      c => /\s/.test(c) || c.charCodeAt(0) < 0x20 || c === '\u007f',
    )
  ) {
    return undefined;
  }
  const digest = annotations[BASE_DIGEST_ANNOTATION];
  return {
    kind: 'annotated',
    baseName: trimmed,
    ...(typeof digest === 'string' && DIGEST.test(digest)
      ? { baseDigest: digest }
      : {}),
  };
}

/** The platform manifest of an index to read next: Linux, amd64 first, never an attestation. */
function platformManifest(manifests: unknown[]): string | undefined {
  const candidates = manifests.filter(
    (m): m is Record<string, unknown> =>
      isRecord(m) &&
      typeof m.digest === 'string' &&
      DIGEST.test(m.digest) &&
      !(
        isRecord(m.annotations) &&
        m.annotations['vnd.docker.reference.type'] === 'attestation-manifest'
      ) &&
      (!isRecord(m.platform) || m.platform.os === 'linux'),
  );
  const arch = (m: Record<string, unknown>) =>
    isRecord(m.platform) ? m.platform.architecture : undefined;
  const chosen =
    candidates.find(m => arch(m) === 'amd64') ??
    candidates.find(m => arch(m) === 'arm64') ??
    candidates[0];
  return chosen?.digest as string | undefined;
}

/**
 * Reads one manifest or index (its JSON text, already bounded by the caller): the base it
 * annotates, the platform manifest to read next, or why it names none.
 */
export function readManifestBase(text: string): ManifestBase {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'the manifest is not JSON' };
  }
  if (!isRecord(body)) {
    return { kind: 'invalid', reason: 'the manifest is not a JSON object' };
  }
  const own = annotatedBase(body.annotations);
  if (own) return own;
  if (Array.isArray(body.manifests)) {
    // An index: its descriptors may carry the annotations of the manifests they point to.
    for (const m of body.manifests) {
      const described = isRecord(m) ? annotatedBase(m.annotations) : undefined;
      if (described) return described;
    }
    const next = platformManifest(body.manifests);
    return next
      ? { kind: 'index', next }
      : {
          kind: 'none',
          reason: 'the image index lists no Linux image manifest',
        };
  }
  return {
    kind: 'none',
    reason: `the image manifest has no ${BASE_NAME_ANNOTATION} annotation`,
  };
}
