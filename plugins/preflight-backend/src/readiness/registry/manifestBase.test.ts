import {
  BASE_DIGEST_ANNOTATION,
  BASE_NAME_ANNOTATION,
  readManifestBase,
} from './manifestBase';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const BASE = 'docker.io/library/debian:12.8-slim';

/** An image manifest as Buildah writes it, with the base annotations. */
const manifest = (annotations?: Record<string, string>) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {
      mediaType: 'application/vnd.oci.image.config.v1+json',
      digest: digest('c'),
      size: 1200,
    },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: digest('1'),
        size: 3_000_000,
      },
    ],
    ...(annotations ? { annotations } : {}),
  });

/** An index as BuildKit writes it: two platforms and their attestation manifests. */
const index = (
  entries: Array<{
    digest: string;
    platform: { os: string; architecture: string };
    annotations?: Record<string, string>;
  }>,
) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: entries.map(e => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: 1000,
      ...e,
    })),
  });

describe('readManifestBase', () => {
  it('reads the base name and digest a manifest annotates', () => {
    expect(
      readManifestBase(
        manifest({
          [BASE_NAME_ANNOTATION]: BASE,
          [BASE_DIGEST_ANNOTATION]: digest('b'),
          'org.opencontainers.image.title': 'checkout-api',
        }),
      ),
    ).toEqual({ kind: 'annotated', baseName: BASE, baseDigest: digest('b') });
  });

  it('says a manifest without the annotation names no base', () => {
    expect(readManifestBase(manifest())).toEqual({
      kind: 'none',
      reason: `the image manifest has no ${BASE_NAME_ANNOTATION} annotation`,
    });
  });

  it('ignores a base name that is not an image reference (whitespace, control characters, too long)', () => {
    for (const name of ['', '  ', 'debian 12', 'debian\n12', 'a'.repeat(600)]) {
      expect(
        readManifestBase(manifest({ [BASE_NAME_ANNOTATION]: name })).kind,
      ).toBe('none');
    }
    expect(
      readManifestBase(
        manifest({
          [BASE_NAME_ANNOTATION]: BASE,
          [BASE_DIGEST_ANNOTATION]: 'not-a-digest',
        }),
      ),
    ).toEqual({ kind: 'annotated', baseName: BASE });
  });

  it('reads the annotation of an index descriptor without another request', () => {
    expect(
      readManifestBase(
        index([
          {
            digest: digest('a'),
            platform: { os: 'linux', architecture: 'amd64' },
            annotations: { [BASE_NAME_ANNOTATION]: BASE },
          },
        ]),
      ),
    ).toEqual({ kind: 'annotated', baseName: BASE });
  });

  it('picks the linux/amd64 manifest of an index, never an attestation', () => {
    expect(
      readManifestBase(
        index([
          {
            digest: digest('d'),
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: {
              'vnd.docker.reference.type': 'attestation-manifest',
              'vnd.docker.reference.digest': digest('a'),
            },
          },
          {
            digest: digest('e'),
            platform: { os: 'linux', architecture: 'arm64' },
          },
          {
            digest: digest('a'),
            platform: { os: 'linux', architecture: 'amd64' },
          },
          {
            digest: digest('f'),
            platform: { os: 'windows', architecture: 'amd64' },
          },
        ]),
      ),
    ).toEqual({ kind: 'index', next: digest('a') });
    expect(
      readManifestBase(
        index([
          {
            digest: digest('f'),
            platform: { os: 'windows', architecture: 'amd64' },
          },
          {
            digest: digest('e'),
            platform: { os: 'linux', architecture: 'arm64' },
          },
        ]),
      ),
    ).toEqual({ kind: 'index', next: digest('e') });
  });

  it('does not follow an index entry whose digest is not a digest (it would go into a URL)', () => {
    expect(
      readManifestBase(
        index([
          {
            digest: '../../other/manifests/latest',
            platform: { os: 'linux', architecture: 'amd64' },
          },
        ]),
      ),
    ).toEqual({
      kind: 'none',
      reason: 'the image index lists no Linux image manifest',
    });
  });

  it('says what is wrong with an answer that is not a manifest', () => {
    expect(readManifestBase('<html>')).toEqual({
      kind: 'invalid',
      reason: 'the manifest is not JSON',
    });
    expect(readManifestBase('[1]')).toEqual({
      kind: 'invalid',
      reason: 'the manifest is not a JSON object',
    });
  });
});
