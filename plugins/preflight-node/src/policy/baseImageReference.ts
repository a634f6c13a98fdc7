/*
 * The base of an image decided from its reference alone: scratch, distroless, Chainguard / Wolfi
 * and Alpine references are minimal; full distributions and the default variants of the official
 * language and server images (Debian or Ubuntu) are not; anything else is unknown.
 */
import type { BaseImageVerdict } from './types';
import { splitImageReference } from '@preflight/plugin-preflight-common';

/** A verdict with the family it was decided on (used to reconcile a reference with facts). */
export interface Classified extends BaseImageVerdict {
  family?: string;
}

const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

interface Repository {
  /** Lower-case registry host, `docker.io` for Docker Hub. */
  registry: string;
  /** Lower-case path inside the registry (`library/node`, `distroless/static-debian12`). */
  path: string;
  /** The name of the official image (`node`) when this is one, or a mirror of one. */
  official?: string;
  /** Last path segment. */
  last: string;
  tag: string;
}

/** The registry and path of a reference; Docker Hub's official images are `library/<name>`. */
function repositoryOf(image: string): Repository {
  const ref = splitImageReference(image);
  const parts = ref.repository.toLowerCase().split('/');
  const first = parts[0];
  let registry = 'docker.io';
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first === 'localhost')
  ) {
    registry = DOCKER_HUB.has(first) ? 'docker.io' : first;
    parts.shift();
  }
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  const last = parts[parts.length - 1];
  // Mirrors and pull-through caches keep the `library/<name>` path (mirror.gcr.io/library/node).
  const official = parts[parts.length - 2] === 'library' ? last : undefined;
  return {
    registry,
    path: parts.join('/'),
    last,
    tag: (ref.tag ?? '').toLowerCase(),
    ...(official ? { official } : {}),
  };
}

const DEBIAN_CODENAMES = /(^|[-_.])(trixie|bookworm|bullseye|buster|stretch)/;
const UBUNTU_CODENAMES = /(^|[-_.])(noble|jammy|focal|bionic|xenial)/;

/** Full distributions, by official image (or last path segment) name. */
const DISTRIBUTIONS: Record<string, string> = {
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  centos: 'CentOS',
  fedora: 'Fedora',
  rockylinux: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  amazonlinux: 'Amazon Linux',
  oraclelinux: 'Oracle Linux',
  archlinux: 'Arch Linux',
  photon: 'Photon OS',
  opensuse: 'openSUSE',
};

/** What the package manager and shell of a distribution are, for reasons. */
const DISTRIBUTION_TOOLS: Record<string, string> = {
  Debian: 'apt and bash',
  Ubuntu: 'apt and bash',
  'Oracle Linux': 'dnf (or microdnf) and bash',
  'Amazon Linux': 'yum (or dnf) and bash',
};

/**
 * The base of the default (non-Alpine) variants of official language and server images. Debian
 * unless listed otherwise.
 */
const OFFICIAL_DEFAULT_BASE: Record<string, string> = {
  // Debian
  node: 'Debian',
  python: 'Debian',
  ruby: 'Debian',
  php: 'Debian',
  perl: 'Debian',
  golang: 'Debian',
  rust: 'Debian',
  gcc: 'Debian',
  pypy: 'Debian',
  elixir: 'Debian',
  erlang: 'Debian',
  haskell: 'Debian',
  julia: 'Debian',
  clojure: 'Debian',
  'buildpack-deps': 'Debian',
  nginx: 'Debian',
  httpd: 'Debian',
  redis: 'Debian',
  postgres: 'Debian',
  memcached: 'Debian',
  haproxy: 'Debian',
  // Ubuntu (the Eclipse Temurin JDKs and what builds on them)
  'eclipse-temurin': 'Ubuntu',
  maven: 'Ubuntu',
  gradle: 'Ubuntu',
  tomcat: 'Ubuntu',
  'ibm-semeru-runtimes': 'Ubuntu',
  sapmachine: 'Ubuntu',
  swift: 'Ubuntu',
  mariadb: 'Ubuntu',
  mongo: 'Ubuntu',
  rabbitmq: 'Ubuntu',
  // others
  openjdk: 'Oracle Linux',
  mysql: 'Oracle Linux',
  amazoncorretto: 'Amazon Linux',
};

/** .NET images on mcr.microsoft.com: Debian by default; `-alpine`, `-chiseled`, `-distroless` variants. */
const DOTNET = /^dotnet\/(runtime|aspnet|runtime-deps|sdk)$/;

export const minimal = (
  base: string,
  family: string,
  reason: string,
): Classified => ({
  verdict: 'minimal',
  reason,
  base,
  family,
});

export const notMinimal = (
  base: string,
  family: string,
  reason: string,
): Classified => ({ verdict: 'not-minimal', reason, base, family });

/** A verdict from the reference alone. */
export function classifyReference(image: string): Classified {
  const repo = repositoryOf(image);
  const { path, registry, tag, official, last } = repo;
  const segments = path.split('/');

  if (official === 'scratch') {
    return minimal(
      'scratch',
      'scratch',
      'scratch is the empty image: no operating system, package manager or shell',
    );
  }

  // distroless (gcr.io/distroless/*, */distroless/*)
  if (segments.slice(0, -1).includes('distroless') || /distroless/.test(tag)) {
    if (/(^|[-_.])debug/.test(tag)) {
      return notMinimal(
        'distroless (debug)',
        'distroless',
        `the ':${tag}' variant of distroless adds a busybox shell; use the non-debug tag at run time`,
      );
    }
    return minimal(
      'distroless',
      'distroless',
      'distroless: no package manager or shell',
    );
  }

  // Chainguard / Wolfi
  if (registry === 'cgr.dev' || segments.some(s => s.includes('wolfi-base'))) {
    const wolfiBase = last.includes('wolfi-base');
    if (!wolfiBase && /(^|[-_.])dev$/.test(tag)) {
      return notMinimal(
        'Chainguard (-dev)',
        'wolfi',
        `the ':${tag}' variant of a Chainguard image adds apk and a shell; use the non-dev tag at run time`,
      );
    }
    return minimal(
      wolfiBase ? 'Wolfi' : 'Chainguard',
      'wolfi',
      wolfiBase
        ? 'Wolfi base (apk and busybox, like Alpine)'
        : 'a Chainguard image on Wolfi: no package manager or shell',
    );
  }

  // Alpine: the alpine image, and any variant whose tag names Alpine
  if (official === 'alpine' || /alpine/.test(tag)) {
    return minimal(
      'Alpine',
      'alpine',
      official === 'alpine'
        ? 'Alpine Linux (apk and busybox only)'
        : `the ':${tag}' variant is built on Alpine Linux (apk and busybox only)`,
    );
  }

  // Ubuntu chiseled (.NET and Canonical's chiselled images): no package manager or shell
  if (/chisel/.test(tag)) {
    return minimal(
      'Ubuntu chiseled',
      'chiseled',
      `the ':${tag}' variant is a chiseled Ubuntu image: no package manager or shell`,
    );
  }

  // Red Hat Universal Base Images: only ubi-micro has no package manager
  const redHat =
    registry === 'registry.access.redhat.com' ||
    registry === 'registry.redhat.io' ||
    (registry === 'docker.io' && segments[0] === 'redhat');
  if (redHat && segments.some(s => /^ubi\d*($|-)/.test(s))) {
    if (/^ubi\d*-micro$/.test(last)) {
      return minimal(
        'Red Hat UBI Micro',
        'ubi-micro',
        'Red Hat UBI Micro: no package manager',
      );
    }
    const tools = /minimal/.test(last)
      ? 'microdnf and bash'
      : 'dnf (yum) and bash';
    return notMinimal(
      'Red Hat UBI',
      'redhat',
      `a Red Hat Universal Base Image other than ubi-micro carries ${tools}`,
    );
  }

  // Full distributions
  const distribution = DISTRIBUTIONS[official ?? last];
  if (distribution) {
    const slim =
      distribution === 'Debian' && /slim/.test(tag)
        ? ': slim Debian still carries apt and bash'
        : `: a full distribution with a package manager and a shell${
            DISTRIBUTION_TOOLS[distribution]
              ? ` (${DISTRIBUTION_TOOLS[distribution]})`
              : ''
          }`;
    return notMinimal(
      distribution,
      distribution.toLowerCase(),
      `${distribution}${slim}`,
    );
  }

  // Official language and server images (and .NET) without an Alpine, distroless or chiseled tag
  const isDotnet = registry === 'mcr.microsoft.com' && DOTNET.test(path);
  let byDefault: string | undefined = isDotnet ? 'Debian' : undefined;
  if (official) byDefault = OFFICIAL_DEFAULT_BASE[official];
  if (byDefault) {
    let base = byDefault;
    if (DEBIAN_CODENAMES.test(tag)) base = 'Debian';
    else if (UBUNTU_CODENAMES.test(tag)) base = 'Ubuntu';
    else if (/oraclelinux/.test(tag)) base = 'Oracle Linux';
    else if (/azurelinux|cbl-mariner/.test(tag)) base = 'Azure Linux';
    else if (/(^|[-_.])ubi\d*/.test(tag)) base = 'Red Hat UBI';
    else if (/windowsservercore|nanoserver/.test(tag)) {
      return {
        verdict: 'unknown',
        reason: `'${image}' is a Windows image; minimal Linux bases do not apply`,
      };
    }
    const name = isDotnet ? path : `official ${official} image`;
    const variant = tag ? `':${tag}'` : 'default (latest)';
    const slim = /slim/.test(tag)
      ? `; slim ${base} still carries ${
          DISTRIBUTION_TOOLS[base] ?? 'a package manager and a shell'
        }`
      : `, which carries ${
          DISTRIBUTION_TOOLS[base] ?? 'a package manager and a shell'
        }`;
    return notMinimal(
      base,
      base.toLowerCase(),
      `the ${variant} variant of the ${name} is built on ${base}${slim} (its tag names no Alpine variant)`,
    );
  }

  return {
    verdict: 'unknown',
    reason: `the base of ${image} is not known from its reference; no SBOM or image config describes it`,
  };
}
