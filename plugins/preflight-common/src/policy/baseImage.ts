/*
 * Minimal base images: the platform's container-security rules ask for minimal images (Alpine,
 * distroless). A full distribution — and the default variants of the official language images,
 * which are Debian or Ubuntu — carries a package manager and a shell: more packages to patch, and
 * tools for whoever gets a foot in the container. Advisory: what an image is built on is decided
 * from its reference, or from what a source knows about it (an SBOM's operating system and
 * packages, the `org.opencontainers.image.base.name` annotation); an image whose base is not known
 * is never reported.
 */
import type { ImageBaseFacts, PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { parseImageReference } from './images';
import { ContainerList, POLICY_WORKLOAD_KINDS } from './workloads';

/**
 * What {@link classifyBaseImage} decides about the base of an image.
 *
 * @public
 */
export interface BaseImageVerdict {
  /**
   * `minimal`: scratch, distroless, Chainguard / Wolfi or Alpine; `not-minimal`: a full
   * distribution or an image built on one; `unknown`: neither the reference nor the facts say.
   */
  verdict: 'minimal' | 'not-minimal' | 'unknown';
  /** One line saying why, naming what was used (the reference, or the source of the facts). */
  reason: string;
  /** The base identified, e.g. `distroless`, `Alpine`, `Debian 12`, `Ubuntu`. */
  base?: string;
}

/** A verdict with the family it was decided on (used to reconcile a reference with facts). */
interface Classified extends BaseImageVerdict {
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
  const ref = parseImageReference(image);
  const parts = ref.name.toLowerCase().split('/');
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

const minimal = (base: string, family: string, reason: string): Classified => ({
  verdict: 'minimal',
  reason,
  base,
  family,
});

const notMinimal = (
  base: string,
  family: string,
  reason: string,
): Classified => ({ verdict: 'not-minimal', reason, base, family });

/** A verdict from the reference alone. */
function classifyReference(image: string): Classified {
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

/** Operating-system families (as SBOMs and Trivy name them) that count as minimal. */
const MINIMAL_OS: Record<string, string> = {
  alpine: 'Alpine',
  wolfi: 'Wolfi',
  chainguard: 'Chainguard',
  distroless: 'distroless',
};

/** Display names of the other operating-system families. */
const OS_NAMES: Record<string, string> = {
  debian: 'Debian',
  ubuntu: 'Ubuntu',
  redhat: 'Red Hat Enterprise Linux',
  rhel: 'Red Hat Enterprise Linux',
  centos: 'CentOS',
  rocky: 'Rocky Linux',
  alma: 'AlmaLinux',
  amazon: 'Amazon Linux',
  oracle: 'Oracle Linux',
  fedora: 'Fedora',
  photon: 'Photon OS',
  'cbl-mariner': 'CBL-Mariner',
  azurelinux: 'Azure Linux',
};

/** Full distributions whose SBOM a distroless-style image of theirs also reports. */
const STRIPPED_VARIANTS: Record<string, readonly string[]> = {
  distroless: ['debian', 'azurelinux', 'cbl-mariner'],
  chiseled: ['ubuntu'],
  'ubi-micro': ['redhat', 'rhel'],
};

/** The families a distroless-style image also reports. */
const STRIPPED_FAMILIES = new Set(Object.values(STRIPPED_VARIANTS).flat());

const PACKAGE_MANAGERS = new Set([
  'apk-tools',
  'apk',
  'apt',
  'dpkg',
  'rpm',
  'yum',
  'dnf',
  'microdnf',
  'tdnf',
  'zypper',
  'pacman',
]);
const SHELLS = new Set(['bash', 'dash', 'busybox', 'ash', 'zsh', 'ksh', 'sh']);

/** The package managers and shells among the notable packages (sorted, unique). */
function toolsIn(packages: readonly string[]): string[] {
  return [...new Set(packages.map(p => p.toLowerCase()))]
    .filter(p => PACKAGE_MANAGERS.has(p) || SHELLS.has(p))
    .sort();
}

function list(items: readonly string[]): string {
  return items.length <= 1
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A verdict from the facts, or `undefined` when they say nothing about the base. */
function classifyFacts(
  facts: ImageBaseFacts,
  fromReference: Classified,
): Classified | undefined {
  const named = facts.baseName?.trim()
    ? classifyReference(facts.baseName.trim())
    : undefined;
  // What the image claims to be built on: its base annotation, else its own reference.
  const claimed = named && named.verdict !== 'unknown' ? named : fromReference;
  const tools = facts.packages ? toolsIn(facts.packages) : undefined;
  const family = (facts.os?.family || facts.os?.name || '')
    .trim()
    .toLowerCase();

  if (family) {
    const minimalName = MINIMAL_OS[family];
    const name = minimalName ?? OS_NAMES[family] ?? (facts.os?.name || family);
    const base = facts.os?.version ? `${name} ${facts.os.version}` : name;
    if (family === 'alpine') {
      return minimal(
        base,
        'alpine',
        `${base} base (Alpine is on the list of minimal images${
          tools?.length ? `; it carries ${list(tools)}` : ''
        })`,
      );
    }
    if (minimalName) {
      if (tools?.length) {
        return notMinimal(
          base,
          family,
          `${base} base carries ${list(
            tools,
          )}: a minimal image has no package manager or shell at run time`,
        );
      }
      return minimal(
        base,
        family,
        tools
          ? `${base} base without a package manager or shell`
          : `${base} base`,
      );
    }
    if (tools?.length) {
      return notMinimal(base, family, `${base} base: carries ${list(tools)}`);
    }
    const stripped =
      claimed.verdict === 'minimal' &&
      claimed.family !== undefined &&
      STRIPPED_VARIANTS[claimed.family]?.includes(family);
    if (tools) {
      // The package list was read and holds no package manager or shell: a distroless-style
      // image of that distribution (distroless reports Debian, chiseled images Ubuntu).
      return minimal(
        base,
        family,
        `${base} base without a package manager or shell (distroless-style)`,
      );
    }
    if (stripped) {
      return minimal(
        base,
        family,
        `${base} base, which ${claimed.base} is built on (no package list to say otherwise)`,
      );
    }
    if (claimed.verdict === 'unknown' && STRIPPED_FAMILIES.has(family)) {
      // Distroless, chiseled and ubi-micro images report this family too: without a package
      // list nothing says whether this image carries a package manager or shell.
      return {
        verdict: 'unknown',
        base,
        family,
        reason: `${base} base, which distroless-style images report too; no package list says whether it carries a package manager or shell`,
      };
    }
    return notMinimal(
      base,
      family,
      `${base} base: a full distribution with a package manager and a shell`,
    );
  }

  if (tools?.length) {
    if (claimed.family === 'alpine') return { ...claimed };
    return notMinimal(
      claimed.base ?? 'unknown base',
      claimed.family ?? 'unknown',
      `the image carries ${list(tools)}`,
    );
  }
  if (named && named.verdict !== 'unknown') {
    return {
      ...named,
      reason: `its base image is ${facts.baseName!.trim()} (org.opencontainers.image.base.name): ${
        named.reason
      }`,
    };
  }
  if (tools && claimed.verdict === 'unknown') {
    return minimal(
      'no package manager or shell',
      'unknown',
      'the image carries no package manager or shell',
    );
  }
  return undefined;
}

/**
 * Whether an image is built on a minimal base — scratch, distroless (`gcr.io/distroless/…`, or
 * `distroless` as a path segment or in the tag), Chainguard / Wolfi (`cgr.dev/*`, `wolfi-base`) or Alpine (`alpine`, and any
 * variant whose tag names Alpine, e.g. `node:22.14.0-alpine3.21`) — or on a full distribution
 * (Ubuntu, Debian including `-slim`, CentOS, Fedora, Rocky, Alma, Amazon Linux, Oracle Linux,
 * Red Hat UBI other than `ubi-micro`) or the default variant of an official language or server
 * image (`node:22`, `python:3.12-slim-bookworm`, `eclipse-temurin:21-jre`, `nginx:1.27.3`), which is
 * Debian or Ubuntu. Docker Hub's official images are recognised as `node`, `library/node`,
 * `docker.io/library/node` and behind mirrors that keep the `library/` path.
 *
 * `facts` (what a source knows about the image beyond its reference) win over the reference when
 * they disagree, and the reason says which was used: the operating system (a family outside
 * Alpine, Wolfi, Chainguard and distroless is not minimal, unless the package list shows no
 * package manager or shell: distroless images report Debian; with only the OS known, an image
 * whose reference says nothing is `unknown` for Debian, Ubuntu and Red Hat), the package managers and shells
 * found (a minimal family other than Alpine that carries one is not minimal; Alpine is accepted
 * with apk and busybox), and the base-image annotation, classified like a reference.
 *
 * An image whose base neither says (an application image such as
 * `ghcr.io/acme/checkout-api:1.4.2` without facts) is `unknown`. Pure.
 *
 * @public
 */
export function classifyBaseImage(
  image: string,
  facts?: ImageBaseFacts,
): BaseImageVerdict {
  const fromReference = classifyReference(image);
  const fromFacts = facts ? classifyFacts(facts, fromReference) : undefined;
  const strip = ({ family: _family, ...verdict }: Classified) => verdict;
  if (!facts) return strip(fromReference);
  if (!fromFacts) {
    return strip({
      ...fromReference,
      reason: `${fromReference.reason} (${facts.source} names no operating system, base image or package)`,
    });
  }
  const disagree =
    fromReference.verdict !== 'unknown' &&
    fromReference.verdict !== fromFacts.verdict;
  return strip({
    ...fromFacts,
    reason: `${fromFacts.reason} (from ${facts.source}${
      disagree
        ? `; the reference alone says ${fromReference.verdict}: ${fromReference.reason}; the facts were used`
        : ''
    })`,
  });
}

/** Regular and init containers: ephemeral containers are debugging tools, shells by design. */
const RUNNING: readonly ContainerList[] = ['containers', 'initContainers'];

/**
 * Images are built on a minimal base (advisory); unknown bases are not reported.
 */
export const minimalBaseImageRule: PolicyRule = defineContainerRule({
  id: 'minimalBaseImage',
  title: 'Images are built on a minimal base',
  description:
    "Container images should be built on a minimal base — distroless, Chainguard / Wolfi, Alpine or scratch. A full distribution (Debian, including `-slim`, Ubuntu, RHEL UBI other than ubi-micro, …) and the default variants of the official language images (`node:22`, `python:3.12-slim-bookworm`, `eclipse-temurin:21-jre`), which are Debian or Ubuntu, carry a package manager and a shell: more packages to patch and more tools for an intruder. Decided from the image reference, or from what a source knows about the image (an SBOM's operating system and packages, the base-image annotation) when it is given; an image whose base is unknown is not reported. Regular and init containers (advisory).",
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Build the runtime stage of the image on a minimal base: `gcr.io/distroless/…` or `cgr.dev/chainguard/…` for a static binary or a JVM / Node.js / Python runtime, or the `-alpine` variant of the official image (`node:22.14.0-alpine3.21`, `python:3.12.8-alpine3.21`, `eclipse-temurin:21.0.5_11-jre-alpine`). Keep compilers and package managers in a build stage (multi-stage build) and copy only what runs. If the workload needs its shell, exempt it with a justification.',
  containers: RUNNING,
  checkContainer(c, _pod, context) {
    const image = c.container.image;
    if (typeof image !== 'string' || image.trim() === '') return undefined;
    const verdict = classifyBaseImage(image, context.imageFacts?.get(image));
    if (verdict.verdict !== 'not-minimal') return undefined;
    return {
      message: `${c.label} uses image '${image}' whose base is not minimal: ${verdict.reason} (image)`,
      path: `${c.path}.image`,
    };
  },
});

/** @internal */
export const baseImageRules: readonly PolicyRule[] = [minimalBaseImageRule];
