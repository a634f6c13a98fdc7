/*
 * Minimal base images: the platform's container-security rules ask for minimal images (Alpine,
 * distroless). A full distribution — and the default variants of the official language images,
 * which are Debian or Ubuntu — carries a package manager and a shell: more packages to patch, and
 * tools for whoever gets a foot in the container. Advisory: what an image is built on is decided
 * from its reference, or from what a source knows about it (an SBOM's operating system and
 * packages, the `org.opencontainers.image.base.name` annotation); an image whose base is not known
 * is never reported.
 */
import type { BaseImageVerdict, ImageBaseFacts, PolicyRule } from './types';

export type { BaseImageVerdict } from './types';
import { defineContainerRule } from './rule';
import {
  classifyReference,
  minimal,
  notMinimal,
  type Classified,
} from './baseImageReference';
import { ContainerList, POLICY_WORKLOAD_KINDS } from './workloads';

/**
 * The packages whose presence in an image says it is not minimal: package managers (`apk-tools`,
 * `apt`, `dpkg`, `rpm`, `yum`, `dnf`, …) and shells (`bash`, `dash`, `busybox`, …), by the names
 * SBOMs give them. What a source keeps of an SBOM for {@link ImageBaseFacts}.packages.
 *
 * @public
 */
export const NOTABLE_IMAGE_PACKAGES: ReadonlySet<string> = new Set([
  // package managers
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
  // shells
  'bash',
  'dash',
  'busybox',
  'ash',
  'zsh',
  'ksh',
  'sh',
]);

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

/** The package managers and shells among the notable packages (sorted, unique). */
function toolsIn(packages: readonly string[]): string[] {
  return [...new Set(packages.map(p => p.toLowerCase()))]
    .filter(p => NOTABLE_IMAGE_PACKAGES.has(p))
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
