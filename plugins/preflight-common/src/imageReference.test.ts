import {
  canonicalRegistryHost,
  canonicalRepository,
  IMAGE_REPOSITORY,
  parseImageReference,
  registryOf,
  splitImageReference,
} from './imageReference';

describe('parseImageReference', () => {
  it.each([
    [
      'nginx',
      { host: 'docker.io', name: 'library/nginx', reference: 'latest' },
    ],
    [
      'nginx:1.27',
      {
        host: 'docker.io',
        name: 'library/nginx',
        tag: '1.27',
        reference: '1.27',
      },
    ],
    [
      'bitnami/redis:7.2',
      {
        host: 'docker.io',
        name: 'bitnami/redis',
        tag: '7.2',
        reference: '7.2',
      },
    ],
    [
      'docker.io/nginx:1',
      { host: 'docker.io', name: 'library/nginx', tag: '1', reference: '1' },
    ],
    [
      'index.docker.io/library/nginx:1',
      { host: 'docker.io', name: 'library/nginx', tag: '1', reference: '1' },
    ],
    [
      'ghcr.io/acme/checkout-api:2.4.1@sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828',
      {
        host: 'ghcr.io',
        name: 'acme/checkout-api',
        tag: '2.4.1',
        digest:
          'sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828',
        reference:
          'sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828',
      },
    ],
    [
      'localhost/app:dev',
      { host: 'localhost', name: 'app', tag: 'dev', reference: 'dev' },
    ],
    [
      '127.0.0.1:55000/preflight/app:1.0',
      {
        host: '127.0.0.1:55000',
        name: 'preflight/app',
        tag: '1.0',
        reference: '1.0',
      },
    ],
    [
      'Registry.Example.com:5000/team/app',
      {
        host: 'registry.example.com:5000',
        name: 'team/app',
        reference: 'latest',
      },
    ],
  ])('%s', (image, expected) => {
    expect(parseImageReference(image)).toEqual(expected);
  });

  it.each([
    '',
    'UPPER/case',
    'ghcr.io/acme/../etc:1',
    'ghcr.io/acme/app:1?x=y',
    'ghcr.io/acme/app:1#frag',
    'ghcr.io/acme/app@sha256:short',
    'ghcr.io/acme/app:-bad',
    'user:pass@ghcr.io/acme/app:1',
    'ghcr.io//app:1',
    'ghcr.io/acme/app%2f..:1',
  ])('rejects %p', image => {
    expect(parseImageReference(image)).toBeUndefined();
  });

  it('folds Docker Hub aliases', () => {
    expect(canonicalRegistryHost('registry-1.docker.io')).toBe('docker.io');
    expect(canonicalRegistryHost('GHCR.io')).toBe('ghcr.io');
  });
});

describe('splitImageReference', () => {
  it.each([
    ['nginx', { repository: 'nginx' }],
    [' nginx:1.27 ', { repository: 'nginx', tag: '1.27' }],
    ['localhost:5000/app', { repository: 'localhost:5000/app' }],
    [
      'localhost:5000/app:v1@sha256:abc',
      { repository: 'localhost:5000/app', tag: 'v1', digest: 'sha256:abc' },
    ],
    ['app:', { repository: 'app' }],
    ['app@', { repository: 'app' }],
    // Not a valid reference, still split: a policy finding names what is written.
    ['UPPER/Case:Latest', { repository: 'UPPER/Case', tag: 'Latest' }],
  ])('%p', (image, expected) => {
    expect(splitImageReference(image)).toEqual(expected);
  });
});

describe('registryOf, canonicalRepository and IMAGE_REPOSITORY', () => {
  it('names the registry of a repository as written, docker.io when none', () => {
    expect(registryOf('ghcr.io/acme/app')).toBe('ghcr.io');
    expect(registryOf('localhost:5000/app')).toBe('localhost:5000');
    expect(registryOf('acme/app')).toBe('docker.io');
    expect(registryOf('nginx')).toBe('docker.io');
  });

  it('resolves a repository as the runtime does', () => {
    expect(canonicalRepository('nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('index.docker.io/library/nginx')).toBe(
      'docker.io/library/nginx',
    );
    expect(canonicalRepository('ghcr.io/acme/app')).toBe('ghcr.io/acme/app');
  });

  it('accepts a repository without tag or digest, at most 255 characters', () => {
    for (const ok of [
      'nginx',
      'ghcr.io/acme/checkout-api',
      'localhost:5000/a/b',
    ]) {
      expect(IMAGE_REPOSITORY.test(ok)).toBe(true);
    }
    for (const bad of [
      'nginx:1',
      'ghcr.io/acme/app@sha256:abc',
      'acme/App',
      'ghcr.io/acme/app\n',
      `ghcr.io/${'a'.repeat(250)}`,
    ]) {
      expect(IMAGE_REPOSITORY.test(bad)).toBe(false);
    }
  });
});
