import { canonicalRepository } from '@preflight/plugin-preflight-common';
import {
  buildImagePromotions,
  compareSemver,
  imagesDiffer,
  parseImage,
  parseSemver,
  sameImage,
  ContainerImage,
} from './images';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

describe('parseImage', () => {
  it.each([
    ['nginx', { repository: 'nginx', tag: 'latest' }],
    ['nginx:1.27', { repository: 'nginx', tag: '1.27' }],
    [
      'localhost:5000/team/app:2.0.0',
      { repository: 'localhost:5000/team/app', tag: '2.0.0' },
    ],
    [
      'localhost:5000/team/app',
      { repository: 'localhost:5000/team/app', tag: 'latest' },
    ],
    [
      `ghcr.io/acme/app@${DIGEST_A}`,
      { repository: 'ghcr.io/acme/app', digest: DIGEST_A },
    ],
    [
      `ghcr.io/acme/app:1.2.3@${DIGEST_A}`,
      { repository: 'ghcr.io/acme/app', tag: '1.2.3', digest: DIGEST_A },
    ],
  ])('%s', (image, parts) => {
    expect(parseImage(image)).toEqual({ image, ...parts });
  });

  it('resolves Docker Hub short names', () => {
    expect(canonicalRepository('nginx')).toBe('docker.io/library/nginx');
    expect(canonicalRepository('bitnami/redis')).toBe(
      'docker.io/bitnami/redis',
    );
    expect(canonicalRepository('index.docker.io/library/nginx')).toBe(
      'docker.io/library/nginx',
    );
    expect(canonicalRepository('ghcr.io/acme/app')).toBe('ghcr.io/acme/app');
    expect(
      sameImage(
        parseImage('nginx:1.27'),
        parseImage('docker.io/library/nginx:1.27'),
      ),
    ).toBe(true);
  });
});

describe('sameImage', () => {
  it('compares digests when both are pinned, else tags', () => {
    const pinned = (tag: string, digest: string) =>
      parseImage(`ghcr.io/acme/app:${tag}@${digest}`);
    expect(
      sameImage(pinned('1.0.0', DIGEST_A), pinned('1.0.0', DIGEST_B)),
    ).toBe(false);
    expect(
      sameImage(pinned('1.0.0', DIGEST_A), pinned('1.0.1', DIGEST_A)),
    ).toBe(true);
    expect(
      sameImage(
        pinned('1.0.0', DIGEST_A),
        parseImage('ghcr.io/acme/app:1.0.0'),
      ),
    ).toBe(true);
    expect(
      sameImage(
        parseImage('ghcr.io/acme/app:1.0.0'),
        parseImage('ghcr.io/acme/other:1.0.0'),
      ),
    ).toBe(false);
  });
});

describe('semver', () => {
  it('orders versions, pre-releases and numeric identifiers', () => {
    const order = [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      'v1.0.1',
      '1.2.0+build.5',
      '1.10.0',
      '2.0.0',
    ];
    const shuffled = [...order].reverse();
    shuffled.sort((a, b) => compareSemver(parseSemver(a)!, parseSemver(b)!));
    expect(shuffled).toEqual(order);
  });

  it('rejects what is not a semantic version', () => {
    for (const tag of [
      'latest',
      '1.2',
      '01.2.3',
      'sha-abc123',
      '',
      undefined,
    ]) {
      expect(parseSemver(tag)).toBeUndefined();
    }
  });
});

describe('buildImagePromotions', () => {
  const entry = (image: string): Map<string, ContainerImage> =>
    new Map([
      [
        'Deployment/app › container app › image',
        {
          object: { kind: 'Deployment', name: 'app' },
          container: 'app',
          image: parseImage(image),
        },
      ],
    ]);

  it('finds production ahead of staging when it runs a higher version', () => {
    const [promotion] = buildImagePromotions([
      { name: 'dev', available: true, images: entry('ghcr.io/acme/app:1.3.0') },
      {
        name: 'staging',
        available: true,
        images: entry('ghcr.io/acme/app:1.2.0'),
      },
      {
        name: 'production',
        available: true,
        images: entry('ghcr.io/acme/app:1.2.1'),
      },
    ]);
    expect(promotion.steps).toEqual([
      { from: 'dev', to: 'staging', status: 'ahead' },
      { from: 'staging', to: 'production', status: 'behind' },
    ]);
    expect(promotion.ahead).toEqual({
      environment: 'dev',
      of: 'staging',
      basis: 'semver',
    });
  });

  it('says "differs" for a rebuilt tag or non-semver tags, with the earlier environment ahead', () => {
    const [rebuilt] = buildImagePromotions([
      {
        name: 'staging',
        available: true,
        images: entry(`ghcr.io/acme/app:1.0.0@${DIGEST_A}`),
      },
      {
        name: 'production',
        available: true,
        images: entry(`ghcr.io/acme/app:1.0.0@${DIGEST_B}`),
      },
    ]);
    expect(rebuilt.steps[0].status).toBe('differs');
    expect(rebuilt.ahead).toEqual({
      environment: 'staging',
      of: 'production',
      basis: 'promotion-order',
    });

    const [shas] = buildImagePromotions([
      {
        name: 'staging',
        available: true,
        images: entry('ghcr.io/acme/app:sha-1234'),
      },
      {
        name: 'production',
        available: true,
        images: entry('ghcr.io/acme/app:sha-abcd'),
      },
    ]);
    expect(shas.steps[0].status).toBe('differs');
  });

  it('marks a container missing on one side and skips unavailable environments', () => {
    const [promotion] = buildImagePromotions([
      { name: 'dev', available: true, images: entry('ghcr.io/acme/app:1.0.0') },
      { name: 'staging', available: false, images: new Map() },
      { name: 'production', available: true, images: new Map() },
    ]);
    expect(promotion.values).toEqual({
      dev: {
        present: true,
        image: 'ghcr.io/acme/app:1.0.0',
        repository: 'ghcr.io/acme/app',
        tag: '1.0.0',
      },
      staging: { unavailable: true },
      production: { present: false },
    });
    expect(promotion.steps).toEqual([
      { from: 'dev', to: 'production', status: 'differs' },
    ]);
    expect(promotion.ahead).toEqual({
      environment: 'dev',
      of: 'production',
      basis: 'promotion-order',
    });
  });

  it('imagesDiffer compares the whole set of containers', () => {
    expect(imagesDiffer(entry('a:1.0.0'), entry('a:1.0.0'))).toBe(false);
    expect(imagesDiffer(entry('a:1.0.0'), entry('a:1.0.1'))).toBe(true);
    expect(imagesDiffer(entry('a:1.0.0'), new Map())).toBe(true);
    expect(imagesDiffer(new Map(), entry('a:1.0.0'))).toBe(true);
  });
});
