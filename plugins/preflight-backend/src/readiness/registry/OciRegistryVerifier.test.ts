import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  MANIFEST_ACCEPT,
  OciRegistryVerifier,
  parseChallenge,
} from './OciRegistryVerifier';
import { readRegistryConfigs, readRegistryTimeoutMs } from './config';

const DIGEST =
  'sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828';
const PASSWORD = 'ghp_SECRETregistryPASSWORD0000';
const TOKEN = 'registry-bearer-token-abc';

function verifier(
  registries: JsonValue[],
  extra: Record<string, JsonValue> = {},
) {
  return OciRegistryVerifier.fromConfig(
    new ConfigReader({ preflight: { registries, ...extra } }),
    { logger: mockServices.logger.mock() },
  );
}

/**
 * A registry's error answer to HEAD: the headers of the distribution spec's JSON error body
 * (`{"errors":[{"code":…}]}`), without the body, as a HEAD answer has none.
 */
function registryError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
) {
  const body = JSON.stringify({ errors: [{ code, message, detail: null }] });
  return new HttpResponse(null, {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
      'Docker-Distribution-Api-Version': 'registry/2.0',
      ...headers,
    },
  });
}

describe('OciRegistryVerifier', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /**
   * A registry behind a token service, like ghcr.io and Docker Hub: HEAD without a token → 401
   * with a Bearer challenge; the realm issues a token (only with Basic credentials when
   * `requireBasic`); HEAD with the token → the manifest when it exists.
   */
  function tokenRegistry(options: {
    api: string;
    realm: string;
    service: string;
    manifests: Record<string, string[]>;
    requireBasic?: { username: string; password: string };
  }) {
    const seen = { heads: [] as Request[], tokens: [] as Request[] };
    server.use(
      http.head(`${options.api}/v2/*`, ({ request }) => {
        seen.heads.push(request.clone());
        const path = new URL(request.url).pathname;
        const match = path.match(/^\/v2\/(.+)\/manifests\/([^/]+)$/);
        if (request.headers.get('authorization') !== `Bearer ${TOKEN}`) {
          const scope = match ? `repository:${match[1]}:pull` : '';
          return registryError(401, 'UNAUTHORIZED', 'authentication required', {
            'WWW-Authenticate': `Bearer realm="${options.realm}",service="${options.service}",scope="${scope}"`,
          });
        }
        if (
          match &&
          options.manifests[match[1]]?.includes(decodeURIComponent(match[2]))
        ) {
          return new HttpResponse(null, {
            status: 200,
            headers: {
              'Content-Type': 'application/vnd.oci.image.index.v1+json',
              'Docker-Content-Digest': DIGEST,
              'Content-Length': '1234',
            },
          });
        }
        return registryError(404, 'MANIFEST_UNKNOWN', 'manifest unknown');
      }),
      http.get(options.realm, ({ request }) => {
        seen.tokens.push(request.clone());
        if (options.requireBasic) {
          const expected = `Basic ${Buffer.from(
            `${options.requireBasic.username}:${options.requireBasic.password}`,
          ).toString('base64')}`;
          if (request.headers.get('authorization') !== expected) {
            return HttpResponse.json(
              { errors: [{ code: 'DENIED', message: 'denied' }] },
              { status: 401 },
            );
          }
        }
        return HttpResponse.json({
          token: TOKEN,
          access_token: TOKEN,
          expires_in: 300,
          issued_at: new Date().toISOString(),
        });
      }),
    );
    return seen;
  }

  it('follows the anonymous bearer token flow (ghcr.io) and asks by digest when one is pinned', async () => {
    const seen = tokenRegistry({
      api: 'https://ghcr.io',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      manifests: { 'acme/checkout-api': [DIGEST] },
    });
    const result = await verifier([{ host: 'ghcr.io' }]).verify(
      `ghcr.io/acme/checkout-api:2.4.1@${DIGEST}`,
    );
    expect(result).toEqual({
      status: 'present',
      url: `https://ghcr.io/v2/acme/checkout-api/manifests/${DIGEST}`,
    });
    expect(seen.heads).toHaveLength(2);
    expect(seen.heads[0].headers.get('authorization')).toBeNull();
    expect(seen.heads[1].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    for (const type of [
      'application/vnd.oci.image.index.v1+json',
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.docker.distribution.manifest.list.v2+json',
      'application/vnd.docker.distribution.manifest.v2+json',
    ]) {
      expect(seen.heads[1].headers.get('accept')).toContain(type);
    }
    expect(seen.heads[1].headers.get('accept')).toBe(MANIFEST_ACCEPT);
    const tokenUrl = new URL(seen.tokens[0].url);
    expect(tokenUrl.searchParams.get('service')).toBe('ghcr.io');
    expect(tokenUrl.searchParams.get('scope')).toBe(
      'repository:acme/checkout-api:pull',
    );
    expect(seen.tokens[0].headers.get('authorization')).toBeNull();
  });

  it('reports a missing tag as missing, with the manifest URL', async () => {
    tokenRegistry({
      api: 'https://ghcr.io',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      manifests: { 'acme/checkout-api': ['2.4.1'] },
    });
    const v = verifier([{ host: 'ghcr.io' }]);
    await expect(v.verify('ghcr.io/acme/checkout-api:9.9.9')).resolves.toEqual({
      status: 'missing',
      url: 'https://ghcr.io/v2/acme/checkout-api/manifests/9.9.9',
    });
    await expect(v.verify('ghcr.io/acme/checkout-api:2.4.1')).resolves.toEqual({
      status: 'present',
      url: 'https://ghcr.io/v2/acme/checkout-api/manifests/2.4.1',
      digest: DIGEST,
    });
  });

  it('maps Docker Hub names (nginx → registry-1.docker.io, library/nginx) and uses auth.docker.io', async () => {
    const seen = tokenRegistry({
      api: 'https://registry-1.docker.io',
      realm: 'https://auth.docker.io/token',
      service: 'registry.docker.io',
      manifests: { 'library/nginx': ['1.27'] },
    });
    const result = await verifier([{ host: 'docker.io' }]).verify('nginx:1.27');
    expect(result).toEqual({
      status: 'present',
      url: 'https://registry-1.docker.io/v2/library/nginx/manifests/1.27',
      digest: DIGEST,
    });
    expect(new URL(seen.tokens[0].url).searchParams.get('scope')).toBe(
      'repository:library/nginx:pull',
    );
  });

  it('sends the username and password as Basic credentials to the token service only, never in results', async () => {
    const seen = tokenRegistry({
      api: 'https://registry.example.com',
      realm: 'https://auth.example.com/token',
      service: 'registry.example.com',
      manifests: { 'team/app': ['1.0.0'] },
      requireBasic: { username: 'robot', password: PASSWORD },
    });
    const v = verifier([
      { host: 'registry.example.com', username: 'robot', password: PASSWORD },
    ]);
    const result = await v.verify('registry.example.com/team/app:1.0.0');
    expect(result.status).toBe('present');
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(seen.tokens[0].headers.get('authorization')).toMatch(/^Basic /);
    for (const head of seen.heads) {
      expect(head.headers.get('authorization') ?? '').not.toMatch(/^Basic/);
    }

    const wrong = verifier([
      { host: 'registry.example.com', username: 'robot', password: 'wrong' },
    ]);
    const refused = await wrong.verify('registry.example.com/team/app:1.0.0');
    expect(refused).toEqual({
      status: 'error',
      reason:
        'the token service at https://auth.example.com refused the configured credentials (401)',
    });
  });

  it('reuses the bearer token and the answer for the same image', async () => {
    const seen = tokenRegistry({
      api: 'https://ghcr.io',
      realm: 'https://ghcr.io/token',
      service: 'ghcr.io',
      manifests: { 'acme/a': ['1'], 'acme/b': ['1'] },
    });
    const v = verifier([{ host: 'ghcr.io' }]);
    await Promise.all([
      v.verify('ghcr.io/acme/a:1'),
      v.verify('ghcr.io/acme/a:1'),
    ]);
    await v.verify('ghcr.io/acme/a:1');
    expect(seen.tokens).toHaveLength(1);
    expect(seen.heads).toHaveLength(2); // the challenge and the authenticated HEAD, once
    await v.verify('ghcr.io/acme/b:1'); // another repository: another scope, another token
    expect(seen.tokens).toHaveLength(2);
  });

  it('sends a static token as a bearer token', async () => {
    let auth: string | null = null;
    server.use(
      http.head(
        'https://registry.internal/v2/team/app/manifests/2.0.0',
        ({ request }) => {
          auth = request.headers.get('authorization');
          return new HttpResponse(null, { status: 200 });
        },
      ),
    );
    const v = verifier([
      { host: 'registry.internal', token: 'static-token-xyz' },
    ]);
    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url: 'https://registry.internal/v2/team/app/manifests/2.0.0',
    });
    expect(auth).toBe('Bearer static-token-xyz');
  });

  it('keeps at most 8 lookups in flight across all callers', async () => {
    let inFlight = 0;
    let most = 0;
    server.use(
      http.head('https://registry.internal/v2/*', async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        await delay(20);
        inFlight--;
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const v = verifier([{ host: 'registry.internal', token: 'static-token' }]);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        v.verify(`registry.internal/team/app-${i}:1.0.${i}`),
      ),
    );
    expect(results.every(r => r.status === 'present')).toBe(true);
    expect(most).toBe(8);
  });

  it('answers a Basic challenge with the configured username and password', async () => {
    server.use(
      http.head(
        'http://registry.lan:5000/v2/team/app/manifests/1.0',
        ({ request }) =>
          request.headers.get('authorization') ===
          `Basic ${Buffer.from(`robot:${PASSWORD}`).toString('base64')}`
            ? new HttpResponse(null, { status: 200 })
            : registryError(401, 'UNAUTHORIZED', 'authentication required', {
                'WWW-Authenticate': 'Basic realm="Registry Realm"',
              }),
      ),
    );
    const v = verifier([
      {
        host: 'registry.lan:5000',
        insecure: true,
        username: 'robot',
        password: PASSWORD,
      },
    ]);
    expect(await v.verify('registry.lan:5000/team/app:1.0')).toEqual({
      status: 'present',
      url: 'http://registry.lan:5000/v2/team/app/manifests/1.0',
    });
  });

  it('does not query registries that are not configured', async () => {
    const v = verifier([{ host: 'ghcr.io' }]);
    expect(await v.verify('quay.io/acme/app:1')).toEqual({
      status: 'unverified',
      reason: 'registry quay.io is not configured (preflight.registries)',
    });
    expect(await v.verify('nginx:1.27')).toEqual({
      status: 'unverified',
      reason: 'registry docker.io is not configured (preflight.registries)',
    });
  });

  it.each([
    [
      401,
      'the registry requires authentication (401): configure credentials for registry.internal in preflight.registries, or the repository does not exist',
    ],
    [403, 'access to the repository was denied (403)'],
    [429, 'the registry is rate limiting requests (429)'],
    [500, 'the registry answered 500'],
  ])('reports %s as an error with the reason', async (status, reason) => {
    server.use(
      http.head('https://registry.internal/v2/*', () =>
        registryError(status, 'X', 'x'),
      ),
    );
    expect(
      await verifier([{ host: 'registry.internal' }]).verify(
        'registry.internal/a/b:1',
      ),
    ).toEqual({
      status: 'error',
      reason,
    });
  });

  it('gives up at the deadline', async () => {
    server.use(
      http.head('https://slow.example.com/v2/*', async () => {
        await delay('infinite');
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const v = verifier([{ host: 'slow.example.com' }], {
      registryTimeoutMs: 200,
    });
    expect(await v.verify('slow.example.com/a/b:1')).toEqual({
      status: 'error',
      reason: 'no answer within 200 ms',
    });
  });

  it('reports an unreachable registry', async () => {
    server.use(
      http.head('https://down.example.com/v2/*', () => HttpResponse.error()),
    );
    const result = await verifier([{ host: 'down.example.com' }]).verify(
      'down.example.com/a/b:1',
    );
    expect(result.status).toBe('error');
    expect((result as { reason: string }).reason).toMatch(
      /^registry unreachable/,
    );
  });

  it('stops waiting when the caller aborts', async () => {
    server.use(
      http.head('https://slow.example.com/v2/*', async () => {
        await delay('infinite');
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const controller = new AbortController();
    const pending = verifier([{ host: 'slow.example.com' }], {
      registryTimeoutMs: 1000,
    }).verify('slow.example.com/a/b:1', { signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({
      status: 'error',
      reason: 'the lookup was cancelled',
    });
  });

  it('rejects an invalid image reference without a request', async () => {
    expect(
      await verifier([{ host: 'ghcr.io' }]).verify('ghcr.io/acme/../x:1'),
    ).toEqual({
      status: 'error',
      reason: 'not a valid image reference',
    });
  });

  it('refuses a token service that is not https', async () => {
    server.use(
      http.head('https://ghcr.io/v2/*', () =>
        registryError(401, 'UNAUTHORIZED', 'x', {
          'WWW-Authenticate':
            'Bearer realm="http://evil.example.com/token",service="ghcr.io"',
        }),
      ),
    );
    expect(
      await verifier([{ host: 'ghcr.io' }]).verify('ghcr.io/a/b:1'),
    ).toEqual({
      status: 'error',
      reason:
        'the registry named a token service at http://evil.example.com, which is not https',
    });
  });
});

describe('OciRegistryVerifier tag digests (tag moved)', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  const OTHER =
    'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34';

  /** A registry whose tag 2.0.0 resolves to `current.digest`. */
  function movingRegistry(current: { digest: string | null }) {
    let heads = 0;
    server.use(
      http.head('https://registry.internal/v2/team/app/manifests/:ref', () => {
        heads++;
        return new HttpResponse(null, {
          status: 200,
          headers: current.digest
            ? { 'Docker-Content-Digest': current.digest }
            : {},
        });
      }),
    );
    return { heads: () => heads };
  }

  const registries = [{ host: 'registry.internal', token: 'static-token' }];

  it('reports the previous digest once when a tag resolves to another one', async () => {
    const current = { digest: DIGEST as string | null };
    movingRegistry(current);
    const cache = mockServices.cache.mock();
    const stored = new Map<string, unknown>();
    cache.get.mockImplementation(async key => stored.get(key) as any);
    cache.set.mockImplementation(async (key, value) => {
      stored.set(key, value);
    });
    const v = new OciRegistryVerifier({
      registries: readRegistryConfigs(
        new ConfigReader({ preflight: { registries } }),
      ),
      cacheTtlMs: 0,
      tagDigests: cache,
    });
    const url = 'https://registry.internal/v2/team/app/manifests/2.0.0';

    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url,
      digest: DIGEST,
    });
    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url,
      digest: DIGEST,
    });
    current.digest = OTHER;
    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url,
      digest: OTHER,
      previousDigest: DIGEST,
    });
    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url,
      digest: OTHER,
    });
    // Remembered in the cache service, per registry, repository and tag, for long.
    expect(cache.set).toHaveBeenLastCalledWith(
      'preflight:registry:tag-digest:registry.internal/team/app:2.0.0',
      OTHER,
      { ttl: 90 * 24 * 60 * 60 * 1000 },
    );
  });

  it('does not track references by digest, nor answers without a digest header', async () => {
    const current = { digest: null as string | null };
    movingRegistry(current);
    const cache = mockServices.cache.mock();
    const v = new OciRegistryVerifier({
      registries: readRegistryConfigs(
        new ConfigReader({ preflight: { registries } }),
      ),
      cacheTtlMs: 0,
      tagDigests: cache,
    });
    expect(await v.verify('registry.internal/team/app:2.0.0')).toEqual({
      status: 'present',
      url: 'https://registry.internal/v2/team/app/manifests/2.0.0',
    });
    current.digest = DIGEST;
    expect(
      await v.verify(`registry.internal/team/app:2.0.0@${DIGEST}`),
    ).toEqual({
      status: 'present',
      url: `https://registry.internal/v2/team/app/manifests/${DIGEST}`,
    });
    expect(cache.get).not.toHaveBeenCalled();
    expect(cache.set).not.toHaveBeenCalled();
  });

  it('still answers when the cache fails', async () => {
    movingRegistry({ digest: DIGEST });
    const cache = mockServices.cache.mock();
    cache.get.mockRejectedValue(new Error('redis down'));
    const logger = mockServices.logger.mock();
    const v = new OciRegistryVerifier({
      registries: readRegistryConfigs(
        new ConfigReader({ preflight: { registries } }),
      ),
      tagDigests: cache,
      logger,
    });
    expect(await v.verify('registry.internal/team/app:2.0.0')).toMatchObject({
      status: 'present',
      digest: DIGEST,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('could not remember the digest'),
    );
  });
});

describe('parseChallenge', () => {
  it('reads quoted parameters, commas inside quotes included', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.docker.io/token',
        service: 'registry.docker.io',
        scope: 'repository:library/nginx:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({
      scheme: 'basic',
      params: { realm: 'Registry Realm' },
    });
    expect(parseChallenge(null)).toBeUndefined();
  });
});

describe('registry configuration', () => {
  const read = (registries: JsonValue | undefined) =>
    readRegistryConfigs(new ConfigReader({ preflight: { registries } }));

  it('defaults the URL to https://<host> (Docker Hub: registry-1.docker.io) and http when insecure', () => {
    expect(
      read([
        { host: 'ghcr.io' },
        { host: 'docker.io' },
        { host: 'localhost:5000', insecure: true },
        { host: 'registry.example.com', url: 'https://registry.example.com/' },
      ]).map(r => r.url),
    ).toEqual([
      'https://ghcr.io',
      'https://registry-1.docker.io',
      'http://localhost:5000',
      'https://registry.example.com',
    ]);
    expect(read(undefined)).toEqual([]);
  });

  it.each([
    [
      { preflight: { registries: { host: 'ghcr.io' } } },
      "Invalid config at 'preflight.registries': expected a list",
    ],
    [
      { preflight: { registries: [{ url: 'https://ghcr.io' }] } },
      "Invalid config at 'preflight.registries[0].host': missing",
    ],
    [
      { preflight: { registries: [{ host: 'https://ghcr.io' }] } },
      "Invalid config at 'preflight.registries[0].host': expected a registry host",
    ],
    [
      { preflight: { registries: [{ host: 'ghcr.io' }, { host: 'GHCR.io' }] } },
      "Invalid config at 'preflight.registries[1].host': ghcr.io is listed more than once",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', url: 'http://r.lan' }] } },
      "Invalid config at 'preflight.registries[0].url': plain http requires insecure: true",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', url: 'ftp://r.lan' }] } },
      "Invalid config at 'preflight.registries[0].url': expected an http(s) URL",
    ],
    [
      {
        preflight: {
          registries: [{ host: 'r.lan', url: 'https://u:p@r.lan' }],
        },
      },
      "Invalid config at 'preflight.registries[0].url': must not contain credentials",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', username: 'u' }] } },
      "Invalid config at 'preflight.registries[0].password': required with username",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', password: 'p' }] } },
      "Invalid config at 'preflight.registries[0].username': required with password",
    ],
    [
      {
        preflight: {
          registries: [
            { host: 'r.lan', username: 'u', password: 'p', token: 't' },
          ],
        },
      },
      "Invalid config at 'preflight.registries[0].token': use either token or username/password",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', insecure: 'yes' }] } },
      "Invalid config at 'preflight.registries[0].insecure': expected true or false",
    ],
    [
      { preflight: { registries: [{ host: 'r.lan', tls: false }] } },
      "Invalid config at 'preflight.registries[0].tls': unknown setting",
    ],
  ])('rejects %j', (data, message) => {
    expect(() =>
      OciRegistryVerifier.fromConfig(new ConfigReader(data)),
    ).toThrow(message);
  });

  it('validates preflight.registryTimeoutMs', () => {
    expect(readRegistryTimeoutMs(new ConfigReader({}))).toBe(5000);
    expect(
      readRegistryTimeoutMs(
        new ConfigReader({ preflight: { registryTimeoutMs: 2000 } }),
      ),
    ).toBe(2000);
    expect(() =>
      readRegistryTimeoutMs(
        new ConfigReader({ preflight: { registryTimeoutMs: 0 } }),
      ),
    ).toThrow("Invalid config at 'preflight.registryTimeoutMs'");
  });
});
