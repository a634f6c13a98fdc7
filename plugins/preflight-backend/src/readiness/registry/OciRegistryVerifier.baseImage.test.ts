import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MAX_MANIFEST_BYTES, OciRegistryVerifier } from './OciRegistryVerifier';
import { BASE_NAME_ANNOTATION } from './manifestBase';

const TOKEN = 'registry-bearer-token-abc';
const digest = (c: string) => `sha256:${c.repeat(64)}`;
const AMD64 = digest('2');
const BASE = 'gcr.io/distroless/nodejs22-debian12:nonroot';

const verifier = () =>
  OciRegistryVerifier.fromConfig(
    new ConfigReader({ preflight: { registries: [{ host: 'ghcr.io' }] } }),
    { logger: mockServices.logger.mock() },
  );

/** An OCI image manifest; `annotations` as the build tool wrote them. */
const imageManifest = (annotations?: Record<string, string>) => ({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: digest('c'),
    size: 1469,
  },
  layers: [
    {
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      digest: digest('d'),
      size: 2_900_000,
    },
  ],
  ...(annotations ? { annotations } : {}),
});

describe('OciRegistryVerifier.baseImage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /**
   * ghcr.io's shapes: GET of a manifest without a token is 401 with a Bearer challenge; with the
   * token, the manifest by tag or digest, with its media type.
   */
  function registry(manifests: Record<string, object | string>) {
    const gets: Request[] = [];
    server.use(
      http.get('https://ghcr.io/token', () =>
        HttpResponse.json({ token: TOKEN, expires_in: 300 }),
      ),
      http.get('https://ghcr.io/v2/*', ({ request }) => {
        gets.push(request.clone());
        const match = new URL(request.url).pathname.match(
          /^\/v2\/(.+)\/manifests\/([^/]+)$/,
        );
        if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
          return HttpResponse.json(
            {
              errors: [
                { code: 'UNAUTHORIZED', message: 'authentication required' },
              ],
            },
            {
              status: 401,
              headers: {
                'WWW-Authenticate': `Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:${match?.[1]}:pull"`,
              },
            },
          );
        }
        const body = match
          ? manifests[decodeURIComponent(match[2])]
          : undefined;
        if (body === undefined) {
          return HttpResponse.json(
            {
              errors: [
                { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' },
              ],
            },
            { status: 404 },
          );
        }
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        return new HttpResponse(text, {
          status: 200,
          headers: {
            'Content-Type':
              typeof body === 'object' && 'manifests' in body
                ? 'application/vnd.oci.image.index.v1+json'
                : 'application/vnd.oci.image.manifest.v1+json',
          },
        });
      }),
    );
    return gets;
  }

  it('reads the base annotation of the manifest, with the token flow of the registry', async () => {
    const gets = registry({
      '1.4.2': imageManifest({ [BASE_NAME_ANNOTATION]: BASE }),
    });
    expect(
      await verifier().baseImage('ghcr.io/acme/checkout-api:1.4.2'),
    ).toEqual({
      status: 'found',
      facts: { baseName: BASE, source: 'the image manifest in ghcr.io' },
    });
    expect(gets.map(r => r.headers.get('authorization'))).toEqual([
      null,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('follows an index to its linux/amd64 manifest (one more GET, by digest)', async () => {
    const gets = registry({
      '1.4.2': {
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: digest('3'),
            size: 566,
            platform: { architecture: 'unknown', os: 'unknown' },
            annotations: {
              'vnd.docker.reference.digest': AMD64,
              'vnd.docker.reference.type': 'attestation-manifest',
            },
          },
          {
            mediaType: 'application/vnd.oci.image.manifest.v1+json',
            digest: AMD64,
            size: 1023,
            platform: { architecture: 'amd64', os: 'linux' },
          },
        ],
      },
      [AMD64]: imageManifest({ [BASE_NAME_ANNOTATION]: 'debian:12.8' }),
    });
    expect(
      await verifier().baseImage('ghcr.io/acme/checkout-api:1.4.2'),
    ).toEqual({
      status: 'found',
      facts: {
        baseName: 'debian:12.8',
        source: 'the image manifest in ghcr.io',
      },
    });
    expect(gets.map(r => new URL(r.url).pathname).slice(-2)).toEqual([
      '/v2/acme/checkout-api/manifests/1.4.2',
      `/v2/acme/checkout-api/manifests/${AMD64}`,
    ]);
  });

  it('says none for a manifest without the annotation and for an image the registry does not have, and reuses the answer', async () => {
    const gets = registry({ '1.4.2': imageManifest() });
    const v = verifier();
    expect(await v.baseImage('ghcr.io/acme/checkout-api:1.4.2')).toEqual({
      status: 'none',
      reason: `the image manifest has no ${BASE_NAME_ANNOTATION} annotation`,
    });
    const before = gets.length;
    expect((await v.baseImage('ghcr.io/acme/checkout-api:1.4.2')).status).toBe(
      'none',
    );
    expect(gets).toHaveLength(before);
    expect(await v.baseImage('ghcr.io/acme/checkout-api:9.9.9')).toEqual({
      status: 'none',
      reason: 'the registry has no such manifest',
    });
  });

  it('does not read a manifest larger than its bound, nor one that is not JSON', async () => {
    registry({
      big: imageManifest({
        [BASE_NAME_ANNOTATION]: BASE,
        padding: 'x'.repeat(MAX_MANIFEST_BYTES),
      }),
      html: '<html>rate limited</html>',
    });
    expect(await verifier().baseImage('ghcr.io/acme/checkout-api:big')).toEqual(
      {
        status: 'error',
        reason: `the manifest is larger than ${MAX_MANIFEST_BYTES} bytes`,
      },
    );
    expect(
      await verifier().baseImage('ghcr.io/acme/checkout-api:html'),
    ).toEqual({
      status: 'error',
      reason: 'the manifest is not JSON',
    });
  });

  it('does not query a registry that is not configured', async () => {
    expect(await verifier().baseImage('quay.io/acme/app:1.0.0')).toEqual({
      status: 'unverified',
      reason: 'registry quay.io is not configured (preflight.registries)',
    });
  });
});
