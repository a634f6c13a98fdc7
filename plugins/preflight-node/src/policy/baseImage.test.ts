import { classifyBaseImage } from './baseImage';
import { evaluatePolicies, getPolicyRule } from './engine';
import type { ImageBaseFacts } from './types';
import {
  DIGEST,
  compliantContainer,
  compliantSet,
  podSpecOf,
} from './__testUtils__/fixtures';

type Verdict = 'minimal' | 'not-minimal' | 'unknown';

/**
 * Real-world references and the verdict of the reference alone; `reason` (optional) must be
 * matched by the verdict's reason.
 */
const TABLE: [image: string, verdict: Verdict, reason?: RegExp][] = [
  // scratch
  ['scratch', 'minimal', /empty image/],
  // distroless
  ['gcr.io/distroless/static-debian12:nonroot', 'minimal', /distroless/],
  ['gcr.io/distroless/java21-debian12', 'minimal'],
  [`gcr.io/distroless/base-debian12@${DIGEST}`, 'minimal'],
  ['gcr.io/distroless/nodejs22-debian12:nonroot', 'minimal'],
  ['mirror.example.com/distroless/python3-debian12:latest', 'minimal'],
  [
    'gcr.io/distroless/base-debian12:debug-nonroot',
    'not-minimal',
    /busybox shell/,
  ],
  [
    'mcr.microsoft.com/dotnet/aspnet:8.0.11-azurelinux3.0-distroless',
    'minimal',
  ],
  // Chainguard / Wolfi
  ['cgr.dev/chainguard/node:latest', 'minimal', /Chainguard/],
  ['cgr.dev/chainguard/static', 'minimal'],
  ['cgr.dev/acme.com/python:3.12', 'minimal'],
  ['cgr.dev/chainguard/wolfi-base:latest', 'minimal', /Wolfi/],
  ['cgr.dev/chainguard/python:latest-dev', 'not-minimal', /apk and a shell/],
  // Alpine, and official images whose tag names an Alpine variant
  ['alpine:3.21.2', 'minimal', /Alpine/],
  ['alpine', 'minimal'],
  ['library/alpine:3.21', 'minimal'],
  ['docker.io/library/alpine:3.21.2', 'minimal'],
  ['node:22.14.0-alpine3.21', 'minimal', /':22\.14\.0-alpine3\.21' variant/],
  ['python:3.12.8-alpine3.21', 'minimal'],
  ['eclipse-temurin:21.0.5_11-jre-alpine', 'minimal'],
  ['nginx:1.27.3-alpine', 'minimal'],
  ['docker.io/library/nginx:1.25.3-alpine', 'minimal'],
  ['index.docker.io/library/redis:7.4.2-alpine3.21', 'minimal'],
  ['golang:1.23.4-alpine3.21', 'minimal'],
  ['mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled', 'minimal'],
  // Red Hat UBI: only ubi-micro
  ['redhat/ubi9-micro', 'minimal', /UBI Micro/],
  ['registry.access.redhat.com/ubi9/ubi-micro:9.5', 'minimal'],
  ['registry.access.redhat.com/ubi9/ubi:9.5', 'not-minimal', /dnf/],
  [
    'registry.access.redhat.com/ubi9/ubi-minimal:9.5',
    'not-minimal',
    /microdnf/,
  ],
  ['redhat/ubi8', 'not-minimal'],
  // full distributions
  ['ubuntu:24.04', 'not-minimal', /^Ubuntu: a full distribution/],
  ['ubuntu:noble-20250127', 'not-minimal'],
  [
    'debian:bookworm-slim',
    'not-minimal',
    /slim Debian still carries apt and bash/,
  ],
  ['debian:12.9', 'not-minimal', /Debian/],
  ['docker.io/library/debian:bookworm-20250113', 'not-minimal'],
  ['centos:7', 'not-minimal', /CentOS/],
  ['quay.io/centos/centos:stream9', 'not-minimal'],
  ['fedora:41', 'not-minimal'],
  ['rockylinux:9.3', 'not-minimal', /Rocky Linux/],
  ['almalinux:9.5', 'not-minimal'],
  ['amazonlinux:2023', 'not-minimal', /Amazon Linux/],
  ['public.ecr.aws/amazonlinux/amazonlinux:2023', 'not-minimal'],
  ['oraclelinux:9-slim', 'not-minimal', /Oracle Linux/],
  // official language and server images without an Alpine tag: Debian or Ubuntu
  ['node:22', 'not-minimal', /official node image is built on Debian/],
  ['node:22.14.0', 'not-minimal'],
  ['library/node:22.14.0-bookworm-slim', 'not-minimal', /slim Debian/],
  ['docker.io/library/node:22.14.0', 'not-minimal'],
  [`node@${DIGEST}`, 'not-minimal', /default \(latest\) variant/],
  [
    'python:3.12.8-slim-bookworm',
    'not-minimal',
    /slim Debian still carries apt/,
  ],
  ['eclipse-temurin:21-jre', 'not-minimal', /Ubuntu/],
  ['eclipse-temurin:21.0.5_11-jre-noble', 'not-minimal', /Ubuntu/],
  ['openjdk:21-jdk', 'not-minimal', /Oracle Linux/],
  ['openjdk:17-slim-bullseye', 'not-minimal', /Debian/],
  ['golang:1.23', 'not-minimal', /Debian/],
  ['golang:1.23.4-bookworm', 'not-minimal'],
  ['maven:3.9.9-eclipse-temurin-21', 'not-minimal', /Ubuntu/],
  ['amazoncorretto:21.0.5', 'not-minimal', /Amazon Linux/],
  ['docker.io/library/nginx:1.27.3', 'not-minimal', /Debian/],
  ['postgres:16.2.0', 'not-minimal'],
  ['mirror.gcr.io/library/python:3.12.8', 'not-minimal'],
  ['mcr.microsoft.com/dotnet/aspnet:8.0.11', 'not-minimal', /Debian/],
  // unknown: application images and images the classifier does not know
  [
    'ghcr.io/acme/checkout-api:1.4.2',
    'unknown',
    /^the base of ghcr\.io\/acme\/checkout-api:1\.4\.2 is not known from its reference; no SBOM or image config describes it$/,
  ],
  [`ghcr.io/acme/checkout-api:2.4.1@${DIGEST}`, 'unknown'],
  ['localhost:5000/acme/app:1.0.0', 'unknown'],
  ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.0', 'unknown'],
  ['busybox:1.37.0', 'unknown'],
  // an application named like a language is not the official image
  ['ghcr.io/acme/node:1.2.3', 'unknown'],
  [
    'mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022',
    'unknown',
    /Windows/,
  ],
];

describe('classifyBaseImage', () => {
  it('has a table of at least 30 real-world references', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(30);
  });

  // Every row with three cells: jest passes `done` in place of a missing one.
  const rows = TABLE.map(([image, verdict, reason]) => ({
    image,
    verdict,
    reason: reason ?? /./,
  }));
  it.each(rows)('$image is $verdict', ({ image, verdict, reason }) => {
    const result = classifyBaseImage(image);
    expect(result.verdict).toBe(verdict);
    expect(result.reason).toMatch(reason);
    // a base is named exactly when one was identified
    expect(result.base === undefined).toBe(verdict === 'unknown');
  });

  it('treats node, library/node and docker.io/library/node alike', () => {
    const verdicts = [
      'node:22.14.0',
      'library/node:22.14.0',
      'docker.io/library/node:22.14.0',
      'index.docker.io/library/node:22.14.0',
    ].map(image => classifyBaseImage(image));
    expect(new Set(verdicts.map(v => v.verdict))).toEqual(
      new Set(['not-minimal']),
    );
    expect(new Set(verdicts.map(v => v.base))).toEqual(new Set(['Debian']));
  });

  describe('with facts', () => {
    const SOURCE = 'SbomReport checkout-api-app in prod';
    const facts = (f: Omit<ImageBaseFacts, 'source'>): ImageBaseFacts => ({
      ...f,
      source: SOURCE,
    });

    it('Debian OS with apt and bash on an application image: not minimal, naming them and the source', () => {
      expect(
        classifyBaseImage(
          'ghcr.io/acme/checkout-api:1.4.2',
          facts({
            os: { family: 'debian', name: 'debian', version: '12' },
            packages: ['apt', 'bash', 'dpkg', 'libc6'],
          }),
        ),
      ).toEqual({
        verdict: 'not-minimal',
        base: 'Debian 12',
        reason: `Debian 12 base: carries apt, bash and dpkg (from ${SOURCE})`,
      });
    });

    it('Debian OS without a package list on an application image: unknown, since distroless reports Debian too', () => {
      const result = classifyBaseImage(
        'ghcr.io/acme/checkout-api:1.4.2',
        facts({ os: { family: 'debian', version: '12.8' } }),
      );
      expect(result.verdict).toBe('unknown');
      expect(result.base).toBe('Debian 12.8');
      expect(result.reason).toMatch(
        /^Debian 12\.8 base, which distroless-style images report too; no package list says/,
      );
    });

    it('Debian OS without a package list on an official image the reference says is Debian: a full distribution', () => {
      const result = classifyBaseImage(
        'node:22.14.0',
        facts({ os: { family: 'debian', version: '12.8' } }),
      );
      expect(result.verdict).toBe('not-minimal');
      expect(result.reason).toMatch(/^Debian 12\.8 base: a full distribution/);
    });

    it('a family no distroless-style image reports (CentOS) without a package list: a full distribution', () => {
      const result = classifyBaseImage(
        'ghcr.io/acme/checkout-api:1.4.2',
        facts({ os: { family: 'centos', version: '7.9.2009' } }),
      );
      expect(result.verdict).toBe('not-minimal');
      expect(result.reason).toMatch(
        /^CentOS 7\.9\.2009 base: a full distribution/,
      );
    });

    it('Wolfi OS without a package manager or shell: minimal', () => {
      const result = classifyBaseImage(
        'ghcr.io/acme/checkout-api:1.4.2',
        facts({
          os: { family: 'wolfi' },
          packages: ['glibc', 'ca-certificates'],
        }),
      );
      expect(result).toEqual({
        verdict: 'minimal',
        base: 'Wolfi',
        reason: `Wolfi base without a package manager or shell (from ${SOURCE})`,
      });
    });

    it('Wolfi OS with apk-tools and bash: not minimal, naming them', () => {
      const result = classifyBaseImage(
        'cgr.dev/chainguard/node:latest',
        facts({
          os: { family: 'wolfi', version: '20230201' },
          packages: ['bash', 'apk-tools'],
        }),
      );
      expect(result.verdict).toBe('not-minimal');
      expect(result.reason).toMatch(
        /^Wolfi 20230201 base carries apk-tools and bash: /,
      );
      // the reference alone said minimal: the reason says the facts were used
      expect(result.reason).toMatch(
        /the reference alone says minimal: .*; the facts were used\)$/,
      );
    });

    it('Alpine OS with apk-tools and busybox: minimal (Alpine is on the list)', () => {
      const result = classifyBaseImage(
        'ghcr.io/acme/checkout-api:1.4.2',
        facts({
          os: { family: 'alpine', version: '3.21.2' },
          packages: ['apk-tools', 'busybox'],
        }),
      );
      expect(result.verdict).toBe('minimal');
      expect(result.base).toBe('Alpine 3.21.2');
      expect(result.reason).toContain('apk-tools and busybox');
    });

    it('the base annotation gcr.io/distroless/base-debian12: minimal, saying so', () => {
      const result = classifyBaseImage(
        'ghcr.io/acme/checkout-api:1.4.2',
        facts({ baseName: 'gcr.io/distroless/base-debian12' }),
      );
      expect(result.verdict).toBe('minimal');
      expect(result.base).toBe('distroless');
      expect(result.reason).toMatch(
        /^its base image is gcr\.io\/distroless\/base-debian12 \(org\.opencontainers\.image\.base\.name\)/,
      );
    });

    it('a base annotation naming a full distribution: not minimal', () => {
      expect(
        classifyBaseImage(
          'ghcr.io/acme/checkout-api:1.4.2',
          facts({ baseName: 'docker.io/library/ubuntu:24.04' }),
        ).verdict,
      ).toBe('not-minimal');
    });

    it('facts win over a reference that disagrees, and the reason says so', () => {
      // An "alpine" tag whose SBOM says Debian (e.g. a mislabelled re-tag).
      const debian = classifyBaseImage(
        'ghcr.io/acme/app:1.0.0-alpine',
        facts({ os: { family: 'debian', version: '12' }, packages: ['apt'] }),
      );
      expect(debian.verdict).toBe('not-minimal');
      expect(debian.reason).toContain(
        "; the reference alone says minimal: the ':1.0.0-alpine' variant is built on Alpine Linux (apk and busybox only); the facts were used)",
      );
      // The other way round: node:22 rebuilt on Alpine.
      const alpine = classifyBaseImage(
        'node:22.14.0',
        facts({ os: { family: 'alpine', version: '3.21.2' } }),
      );
      expect(alpine.verdict).toBe('minimal');
      expect(alpine.reason).toMatch(/the reference alone says not-minimal/);
    });

    it('distroless reports Debian: accepted when no package manager or shell is listed', () => {
      const sbom = classifyBaseImage(
        'gcr.io/distroless/static-debian12:nonroot',
        facts({ os: { family: 'debian', version: '12' }, packages: [] }),
      );
      expect(sbom.verdict).toBe('minimal');
      expect(sbom.reason).toMatch(/without a package manager or shell/);
      // Only the OS known (a VulnerabilityReport): consistent with the distroless reference.
      const osOnly = classifyBaseImage(
        'gcr.io/distroless/static-debian12:nonroot',
        facts({ os: { family: 'debian', version: '12' } }),
      );
      expect(osOnly.verdict).toBe('minimal');
      expect(osOnly.reason).toMatch(/which distroless is built on/);
      // ...while an application image whose reference says nothing stays unknown: it may be
      // distroless or full Debian. One that claims to be Alpine is contradicted: not minimal.
      expect(
        classifyBaseImage(
          'ghcr.io/acme/checkout-api:1.4.2',
          facts({ os: { family: 'debian', version: '12' } }),
        ).verdict,
      ).toBe('unknown');
      expect(
        classifyBaseImage(
          'node:22.14.0-alpine3.21',
          facts({ os: { family: 'debian', version: '12' } }),
        ).verdict,
      ).toBe('not-minimal');
    });

    it('facts that say nothing leave the reference verdict, naming the source', () => {
      const result = classifyBaseImage('node:22.14.0', facts({}));
      expect(result.verdict).toBe('not-minimal');
      expect(result.reason).toMatch(
        /\(SbomReport checkout-api-app in prod names no operating system/,
      );
      expect(
        classifyBaseImage('ghcr.io/acme/checkout-api:1.4.2', facts({})).verdict,
      ).toBe('unknown');
    });
  });
});

describe('minimalBaseImage rule', () => {
  const C0 = 'spec.template.spec.containers[0]';
  const withImage = (image: string, init?: string) => {
    const set = compliantSet();
    const pod = podSpecOf(set[0]);
    pod.containers[0].image = image;
    if (init) {
      const c = compliantContainer({ name: 'migrate', image: init });
      delete c.readinessProbe;
      delete c.livenessProbe;
      delete c.ports;
      pod.initContainers = [c];
    }
    return set;
  };
  const ofRule = (set: any[], options = {}) =>
    evaluatePolicies(set, { rules: ['minimalBaseImage'], ...options });

  it('is an advisory rule over every workload kind', () => {
    const rule = getPolicyRule('minimalBaseImage')!;
    expect(rule.severity).toBe('advisory');
    expect(rule.appliesTo).toEqual([
      'Deployment',
      'StatefulSet',
      'DaemonSet',
      'Job',
      'CronJob',
      'Pod',
    ]);
    expect(rule.exemptionAnnotation).toBe(
      'preflight.dev/exempt.minimalBaseImage',
    );
  });

  it('reports a not-minimal base, naming container, image and reason', () => {
    const report = ofRule(withImage(`node:22.14.0@${DIGEST}`));
    expect(report.violations).toHaveLength(1);
    const [v] = report.violations;
    expect(v).toMatchObject({
      ruleId: 'minimalBaseImage',
      severity: 'advisory',
      path: `${C0}.image`,
      object: { kind: 'Deployment', name: 'app', namespace: 'shop' },
    });
    expect(v.message).toBe(
      `container 'app' uses image 'node:22.14.0@${DIGEST}' whose base is not minimal: the ':22.14.0' variant of the official node image is built on Debian, which carries apt and bash (its tag names no Alpine variant) (image)`,
    );
    expect(report.passedRules).toEqual([]);
  });

  it('reports init containers, not ephemeral ones', () => {
    const set = withImage(
      `ghcr.io/acme/app:2.4.1@${DIGEST}`,
      `debian:12.9@${DIGEST}`,
    );
    podSpecOf(set[0]).ephemeralContainers = [
      { name: 'debug', image: 'ubuntu:24.04' },
    ];
    const report = ofRule(set);
    expect(report.violations.map(v => [v.path, v.message])).toEqual([
      [
        'spec.template.spec.initContainers[0].image',
        expect.stringMatching(/^init container 'migrate' uses image 'debian:/),
      ],
    ]);
  });

  it.each([
    `node:22.14.0-alpine3.21@${DIGEST}`,
    `gcr.io/distroless/static-debian12:nonroot@${DIGEST}`,
    `ghcr.io/acme/app:2.4.1@${DIGEST}`, // unknown: never a violation
  ])('passes %s', image => {
    const report = ofRule(withImage(image));
    expect(report.violations).toEqual([]);
    expect(report.passedRules).toEqual(['minimalBaseImage']);
  });

  it('honours the exemption annotation', () => {
    const set = withImage(`ubuntu:24.04@${DIGEST}`);
    set[0].metadata.annotations = {
      'preflight.dev/exempt.minimalBaseImage': 'ops toolbox needs a shell',
    };
    const report = ofRule(set);
    expect(report.violations).toEqual([]);
    expect(report.exempted).toEqual([
      expect.objectContaining({
        ruleId: 'minimalBaseImage',
        justification: 'ops toolbox needs a shell',
      }),
    ]);
  });

  it('uses imageFacts keyed by the image as written', () => {
    const image = `ghcr.io/acme/app:2.4.1@${DIGEST}`;
    const set = withImage(image);
    const debian: ImageBaseFacts = {
      os: { family: 'debian', version: '12' },
      packages: ['apt', 'bash'],
      source: 'SbomReport app in prod',
    };
    const report = ofRule(set, { imageFacts: new Map([[image, debian]]) });
    expect(report.violations.map(v => v.message)).toEqual([
      `container 'app' uses image '${image}' whose base is not minimal: Debian 12 base: carries apt and bash (from SbomReport app in prod) (image)`,
    ]);
    // Keyed exactly: facts for another spelling of the image do not apply.
    expect(
      ofRule(set, {
        imageFacts: new Map([[`docker.io/${image}`, debian]]),
      }).violations,
    ).toEqual([]);
    // Facts can also clear a reference: node:22 rebuilt without a shell.
    const node = `node:22.14.0@${DIGEST}`;
    expect(
      ofRule(withImage(node), {
        imageFacts: new Map([
          [
            node,
            {
              os: { family: 'wolfi' },
              packages: [],
              source: 'image config',
            },
          ],
        ]),
      }).violations,
    ).toEqual([]);
  });
});
