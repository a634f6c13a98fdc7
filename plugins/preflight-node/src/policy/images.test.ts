import { evaluatePolicies } from './engine';
import {
  DEFAULT_IMMUTABLE_TAG_PATTERNS,
  classifyImageTag,
  compileImmutableTagPatterns,
} from './images';
import { compliantSet, podSpecOf } from './__testUtils__/fixtures';

const D = `sha256:${'b1bf11bf9ca46ebe'.repeat(4)}`;

type Expected = 'immutable' | 'floating' | 'no tag';

/**
 * Real-world image references and whether `imageTagMutable` accepts them with the built-in
 * patterns. `floating` lists the tag the message must name.
 */
const TABLE: [image: string, expected: Expected][] = [
  // official images on Docker Hub: the convenience tags move
  ['redis:alpine', 'floating'],
  ['nginx:stable', 'floating'],
  ['node:lts', 'floating'],
  ['node:20', 'floating'],
  ['node:20-alpine', 'floating'],
  ['python:3.12', 'floating'],
  ['python:3.12-slim-bookworm', 'floating'],
  ['alpine:3.19', 'floating'],
  ['alpine:3.19-alpine', 'floating'],
  ['postgres:16.2', 'floating'],
  ['redis:7', 'floating'],
  ['ubuntu:jammy', 'floating'],
  ['busybox:latest', 'floating'],
  ['busybox', 'no tag'],
  ['docker.io/library/nginx:1.25.3-alpine', 'immutable'],
  ['nginx:1.25.3', 'immutable'],
  ['postgres:16.2.0', 'immutable'],
  ['golang:1.23.4-bookworm', 'immutable'],
  ['node:22.14.0-alpine3.21', 'immutable'],
  ['python:3.12.8-slim-bookworm', 'immutable'],
  ['bitnami/postgresql:16.2.0-debian-12-r5', 'immutable'],
  ['eclipse-temurin:21.0.2_13-jre-alpine', 'immutable'],
  ['ubuntu:jammy-20240405', 'immutable'],
  // other public registries
  ['ghcr.io/acme/app:v1.2.3', 'immutable'],
  ['ghcr.io/acme/app:v2.0.1-rc.1', 'immutable'],
  ['ghcr.io/acme/app:main', 'floating'],
  ['ghcr.io/acme/app:dev', 'floating'],
  ['ghcr.io/acme/app:sha-a1b2c3d', 'immutable'],
  ['ghcr.io/acme/app:main-a1b2c3d', 'immutable'],
  ['ghcr.io/acme/app:main-a1b2c3d-1714560000', 'immutable'],
  ['ghcr.io/acme/app:dev-defaced', 'floating'],
  ['quay.io/prometheus/prometheus:v2.51.0', 'immutable'],
  ['quay.io/minio/minio:RELEASE.2024-05-01T01-11-10Z', 'immutable'],
  ['gcr.io/distroless/static:nonroot', 'floating'],
  ['gcr.io/distroless/static-debian12:nonroot', 'floating'],
  ['mcr.microsoft.com/dotnet/aspnet:8.0', 'floating'],
  ['mcr.microsoft.com/dotnet/aspnet:8.0.4-bookworm-slim', 'immutable'],
  ['mcr.microsoft.com/windows/servercore:ltsc2022', 'floating'],
  ['mcr.microsoft.com/windows/servercore:10.0.20348.2402', 'immutable'],
  ['registry.k8s.io/pause:3.9', 'floating'],
  ['registry.gitlab.com/acme/payments/api:1.12.0', 'immutable'],
  // private registries: ECR with an account id, registry ports
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.0', 'immutable'],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:edge', 'floating'],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app', 'no tag'],
  ['localhost:5000/app:main', 'floating'],
  ['localhost:5000/app:1.0.0', 'immutable'],
  ['registry:5000/team/app', 'no tag'],
  ['registry.internal:5000/team/app:feature-x', 'floating'],
  ['registry.internal:5000/team/app:feature-login-flow', 'floating'],
  // digests
  [`app@${D}`, 'immutable'],
  [`app:main@${D}`, 'immutable'],
  [`ghcr.io/acme/checkout-api:latest@${D}`, 'immutable'],
  ['ghcr.io/acme/app:main@sha256:abc', 'floating'],
  ['ghcr.io/acme/app@sha256:abc', 'no tag'],
  // dates and build stamps
  ['acme/app:2024-05-01', 'immutable'],
  ['acme/app:20240501', 'immutable'],
  ['acme/app:20240501.1234', 'immutable'],
  ['acme/app:20240501-1a2b3c4', 'immutable'],
  ['acme/app:nightly-2024-05-01', 'immutable'],
  ['acme/app:build-1234', 'immutable'],
  ['acme/app:1234', 'floating'],
  // commit SHAs
  ['acme/app:a1b2c3d', 'immutable'],
  ['acme/app:3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39', 'immutable'],
  ['docker.io/envoyproxy/envoy:deadbeefcafe', 'immutable'],
  ['acme/app:a1b2c3', 'floating'],
  ['acme/app:A1B2C3D', 'floating'],
  // branch-like and partial versions
  ['acme/app:edge', 'floating'],
  ['acme/app:3', 'floating'],
  ['acme/app:v1', 'floating'],
  ['acme/app:v1.2', 'floating'],
  ['acme/app:release-2024', 'floating'],
];

/** A compliant Deployment (plus its companions) whose only container runs `image`. */
function withImage(image: string) {
  const set = compliantSet();
  podSpecOf(set[0]).containers[0].image = image;
  return set;
}

const imageViolations = (image: string, immutableTags?: string[]) =>
  evaluatePolicies(withImage(image), {
    rules: ['imageTagMutable', 'imageDigestMissing'],
    ...(immutableTags ? { immutableTags } : {}),
  }).violations;

describe('imageTagMutable over real-world references', () => {
  it('has a table of at least 30 references', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  const of = (expected: Expected) =>
    TABLE.filter(([, e]) => e === expected).map(([image]) => image);

  it.each(of('immutable'))('%s is immutable', image => {
    const violations = imageViolations(image);
    expect(violations.filter(v => v.ruleId === 'imageTagMutable')).toEqual([]);
    // An immutable tag without a (valid) digest is still advised to pin one.
    expect(
      violations.filter(v => v.ruleId === 'imageDigestMissing'),
    ).toHaveLength(image.includes('@sha256:') ? 0 : 1);
  });

  it.each(of('floating'))('%s has a floating tag', image => {
    const tag = image.replace(/@.*$/, '').split(':').pop();
    // Reported once, as blocking, naming the tag; not again as a missing digest.
    expect(imageViolations(image)).toEqual([
      expect.objectContaining({
        ruleId: 'imageTagMutable',
        severity: 'blocking',
        path: 'spec.template.spec.containers[0].image',
        message: expect.stringContaining(
          `uses image '${image}' with the floating tag '${tag}' (not a release version (major.minor.patch), a date or build stamp, or a commit SHA`,
        ),
      }),
    ]);
  });

  it.each(of('no tag'))('%s has no tag', image => {
    expect(imageViolations(image)).toEqual([
      expect.objectContaining({
        ruleId: 'imageTagMutable',
        severity: 'blocking',
        message: expect.stringMatching(
          /without a tag (or digest|and with an invalid digest)/,
        ),
      }),
    ]);
  });

  it('says when a floating tag also has an invalid digest', () => {
    expect(
      imageViolations('ghcr.io/acme/app:main@sha256:abc')[0].message,
    ).toMatch(/floating tag 'main' \(.*; its digest is invalid\)/);
  });
});

describe('configurable immutable tags', () => {
  it('replaces the built-in patterns, matched against the whole tag', () => {
    // Only commit SHAs: semver releases become floating.
    const shaOnly = ['[0-9a-f]{40}'];
    expect(imageViolations('acme/app:1.2.3', shaOnly)[0]).toMatchObject({
      ruleId: 'imageTagMutable',
      message: expect.stringContaining(
        "floating tag '1.2.3' (it matches none of the configured immutable tag patterns)",
      ),
    });
    const sha = 'a'.repeat(40);
    expect(
      imageViolations(`acme/app:${sha}`, shaOnly).map(v => v.ruleId),
    ).toEqual(['imageDigestMissing']);
    // Anchored: a pattern does not match part of a tag.
    expect(
      imageViolations(`acme/app:${sha}-dirty`, shaOnly).map(v => v.ruleId),
    ).toEqual(['imageTagMutable']);
  });

  it('can accept a house convention such as stable-<n>', () => {
    const tags = [...DEFAULT_IMMUTABLE_TAG_PATTERNS, 'stable-\\d+'];
    expect(
      imageViolations('acme/app:stable-42', tags).map(v => v.ruleId),
    ).toEqual(['imageDigestMissing']);
    expect(imageViolations('acme/app:stable', tags).map(v => v.ruleId)).toEqual(
      ['imageTagMutable'],
    );
  });

  it('accepts only digests with an empty list', () => {
    expect(imageViolations('acme/app:1.2.3', []).map(v => v.ruleId)).toEqual([
      'imageTagMutable',
    ]);
    expect(imageViolations(`acme/app:1.2.3@${D}`, [])).toEqual([]);
  });

  it('throws on an invalid pattern, naming its index', () => {
    expect(() =>
      imageViolations('acme/app:1.2.3', ['v\\d+', '(unclosed']),
    ).toThrow(
      /^Invalid immutableTags\[1\]: '\(unclosed' is not a valid regular expression/,
    );
    expect(() => compileImmutableTagPatterns(['a', ''])).toThrow(
      /^\[1\]: expected a non-empty regular expression/,
    );
  });

  it('gives the same verdicts through classifyImageTag as through the rule', () => {
    for (const [image, expected] of TABLE) {
      const verdict = classifyImageTag(image);
      expect({ image, immutable: verdict.immutable }).toEqual({
        image,
        immutable: expected === 'immutable',
      });
    }
  });
});
