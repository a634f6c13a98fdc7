import type {
  EnvironmentState,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  createImageTaggedCheck,
  type ImageRegistryVerifier,
} from './imageTagged';
import { MAX_IMAGES_LOOKED_UP } from './images';

const DIGEST =
  'sha256:b1bf11bf9ca46ebed0baeb9216b3887d5bb44311503c967b942d7612ad849828';
const OTHER =
  'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34';

function state(...images: string[]): EnvironmentState {
  const deployment: KubernetesObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'app' } },
      template: {
        metadata: { labels: { app: 'app' } },
        spec: {
          containers: images.map((image, i) => ({ name: `c${i}`, image })),
        },
      },
    },
  };
  return {
    environment: { name: 'dev', title: 'Development' },
    live: { status: 'not-configured', objects: [] },
    desired: {
      status: 'ok',
      objects: [deployment],
      origins: [
        { source: 'desired', location: 'deploy/dev/app.yaml', line: 1 },
      ],
      readAt: '2026-01-01T00:00:00.000Z',
    },
  } as EnvironmentState;
}

const present: ImageRegistryVerifier = {
  verify: async image => ({
    status: 'present',
    url: `https://r.test/${image}`,
  }),
};

const run = (
  registry: ImageRegistryVerifier,
  images: string[],
  immutableTags?: string[],
) =>
  createImageTaggedCheck(
    registry,
    immutableTags ? { immutableTags } : {},
  ).evaluate({ state: state(...images) } as any);

describe('image-tagged', () => {
  it.each([
    ['redis:alpine', 'alpine'],
    ['nginx:stable', 'stable'],
    ['node:lts', 'lts'],
    ['ghcr.io/acme/app:main', 'main'],
    ['ghcr.io/acme/app:dev', 'dev'],
    ['alpine:3.19', '3.19'],
  ])('fails on the floating tag of %s, saying which', async (image, tag) => {
    const verify = jest.fn(present.verify);
    const result = await run({ verify }, [image]);
    expect(result.status).toBe('fail');
    expect(result.summary).toContain(`floating tag '${tag}'`);
    expect(result.evaluated).toEqual({ subject: 'containers', count: 1 });
    // A floating tag fails without asking the registry.
    expect(verify).not.toHaveBeenCalled();
  });

  it('passes release, dated and SHA tags pinned by digest', async () => {
    const result = await run(present, [
      `ghcr.io/acme/app:v1.2.3@${DIGEST}`,
      `acme/job:20240501-1a2b3c4@${DIGEST}`,
      `acme/worker:sha-a1b2c3d@${DIGEST}`,
    ]);
    expect(result.status).toBe('pass');
    expect(result.summary).toMatch(/present in the registry/);
  });

  it('follows preflight.policy.immutableTags', async () => {
    // A house convention accepted…
    const accepted = await run(
      present,
      [`acme/app:stable-42@${DIGEST}`],
      ['stable-\\d+'],
    );
    expect(accepted.status).toBe('pass');
    // …and semver no longer accepted when the list leaves it out.
    const refused = await run(present, ['acme/app:1.2.3'], ['[0-9a-f]{40}']);
    expect(refused.status).toBe('fail');
    expect(refused.summary).toContain(
      "floating tag '1.2.3' (it matches none of the configured immutable tag patterns)",
    );
  });

  it('warns when a tag moved since the last evaluation', async () => {
    const registry: ImageRegistryVerifier = {
      verify: async image =>
        image === 'ghcr.io/acme/app:1.2.3'
          ? {
              status: 'present',
              url: 'https://ghcr.io/v2/acme/app/manifests/1.2.3',
              digest: OTHER,
              previousDigest: DIGEST,
            }
          : {
              status: 'present',
              url: `https://r.test/${image}`,
              digest: DIGEST,
            },
    };
    const result = await run(registry, [
      'ghcr.io/acme/app:1.2.3',
      'ghcr.io/acme/sidecar:2.0.0',
    ]);
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(
      `tag moved: ghcr.io/acme/app:1.2.3 was ${DIGEST} at the last evaluation, now ${OTHER}`,
    );
    expect(result.details).toContain(
      `- \`ghcr.io/acme/app:1.2.3\`: present (tag moved from ${DIGEST} to ${OTHER})`,
    );
    expect(result.remediation).toMatch(/Pin the image by digest/);
    expect(result.remediation).toMatch(/imageDigestMissing/);
  });

  it('does not report a move without a previous digest', async () => {
    const result = await run(
      {
        verify: async () => ({
          status: 'present',
          url: 'https://r.test/x',
          digest: DIGEST,
        }),
      },
      ['ghcr.io/acme/app:1.2.3'],
    );
    expect(result.status).toBe('warn');
    expect(result.summary).not.toMatch(/tag moved/);
    expect(result.summary).toMatch(/^1 image tag problem: .*without a digest/);
  });

  it('looks up at most MAX_IMAGES_LOOKED_UP distinct images per environment and counts the rest', async () => {
    const verify = jest.fn(present.verify);
    const images = Array.from(
      { length: MAX_IMAGES_LOOKED_UP + 12 },
      (_, i) => `ghcr.io/acme/app-${i}:1.0.0@${DIGEST}`,
    );
    const result = await run({ verify }, images);
    expect(verify).toHaveBeenCalledTimes(MAX_IMAGES_LOOKED_UP);
    expect(result.status).toBe('pass');
    expect(result.summary).toContain(
      '(12 more images were not looked up (at most 50 per environment))',
    );
    expect(result.details).toContain('- … 12 more images were not looked up');
  });
});
