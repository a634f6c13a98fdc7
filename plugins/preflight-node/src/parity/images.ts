import {
  canonicalRepository,
  splitImageReference,
} from '@preflight/plugin-preflight-common';
import type {
  ImagePromotion,
  ImagePromotionStep,
  ImagePromotionValue,
  ParityImage,
  ParityObjectRef,
} from './types';

/** The image of one container of one workload in one environment. */
export interface ContainerImage {
  object: ParityObjectRef;
  container: string;
  initContainer?: boolean;
  image: ParityImage;
}

/** A column as seen by the image comparison: unavailable, or its images by `Kind/name › container`. */
export interface ImageColumn {
  name: string;
  available: boolean;
  images: Map<string, ContainerImage>;
}

/**
 * Splits an image reference into repository, tag and digest
 * (`[registry/]path[:tag][@digest]`). Without tag and digest the tag is `latest`, as the
 * container runtime resolves it.
 */
export function parseImage(image: string): ParityImage {
  const { repository, tag, digest } = splitImageReference(image);
  return {
    image,
    repository,
    ...(tag || !digest ? { tag: tag ?? 'latest' } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * Whether two images are the same: same repository, and the same digest when both are pinned,
 * else the same tag.
 */
export function sameImage(a: ParityImage, b: ParityImage): boolean {
  if (canonicalRepository(a.repository) !== canonicalRepository(b.repository)) {
    return false;
  }
  if (a.digest && b.digest) return a.digest === b.digest;
  return a.tag === b.tag;
}

interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const SEMVER =
  /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses a `MAJOR.MINOR.PATCH[-pre][+build]` tag (an optional leading `v` is allowed). */
export function parseSemver(tag: string | undefined): SemVer | undefined {
  const m = tag ? SEMVER.exec(tag) : null;
  if (!m) return undefined;
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    patch: Number(m[3]),
    prerelease: m[4] ? m[4].split('.') : [],
  };
}

/** Semantic-version precedence (build metadata ignored): negative, zero or positive. */
export function compareSemver(a: SemVer, b: SemVer): number {
  for (const k of ['major', 'minor', 'patch'] as const) {
    if (a[k] !== b[k]) return a[k] - b[k];
  }
  const pa = a.prerelease;
  const pb = b.prerelease;
  if (!pa.length || !pb.length) return pb.length - pa.length; // release > pre-release
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (i >= pa.length) return -1;
    if (i >= pb.length) return 1;
    const na = /^\d+$/.test(pa[i]);
    const nb = /^\d+$/.test(pb[i]);
    if (na && nb) {
      const d = Number(pa[i]) - Number(pb[i]);
      if (d) return d;
    } else if (na !== nb) {
      return na ? -1 : 1; // numeric identifiers have lower precedence
    } else if (pa[i] !== pb[i]) {
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  return 0;
}

function stepStatus(
  a: ParityImage | undefined,
  b: ParityImage | undefined,
): ImagePromotionStep['status'] {
  if (!a || !b) return a === b ? 'same' : 'differs';
  if (sameImage(a, b)) return 'same';
  if (canonicalRepository(a.repository) !== canonicalRepository(b.repository)) {
    return 'differs';
  }
  const va = parseSemver(a.tag);
  const vb = parseSemver(b.tag);
  if (!va || !vb) return 'differs';
  const order = compareSemver(va, vb);
  if (order > 0) return 'ahead';
  if (order < 0) return 'behind';
  return 'differs';
}

/**
 * Whether the component runs different images in two environments (any workload container whose
 * image differs, or a container present in one environment only).
 */
export function imagesDiffer(
  a: Map<string, ContainerImage>,
  b: Map<string, ContainerImage>,
): boolean {
  for (const [key, image] of a) {
    const other = b.get(key);
    if (!other || !sameImage(image.image, other.image)) return true;
  }
  for (const key of b.keys()) if (!a.has(key)) return true;
  return false;
}

/** Builds the image promotion table over the columns (in promotion order). */
export function buildImagePromotions(
  columns: readonly ImageColumn[],
): ImagePromotion[] {
  const keys: string[] = [];
  const seen = new Map<string, ContainerImage>();
  for (const column of columns) {
    for (const [key, image] of column.images) {
      if (!seen.has(key)) {
        seen.set(key, image);
        keys.push(key);
      }
    }
  }
  const available = columns.filter(c => c.available);
  return keys.map(key => {
    const first = seen.get(key)!;
    const values: Record<string, ImagePromotionValue> = {};
    for (const column of columns) {
      const entry = column.images.get(key);
      if (!column.available) values[column.name] = { unavailable: true };
      else if (!entry) values[column.name] = { present: false };
      else values[column.name] = { present: true, ...entry.image };
    }
    const steps: ImagePromotionStep[] = [];
    let ahead: ImagePromotion['ahead'];
    for (let i = 1; i < available.length; i++) {
      const from = available[i - 1];
      const to = available[i];
      const a = from.images.get(key)?.image;
      const b = to.images.get(key)?.image;
      const status = stepStatus(a, b);
      steps.push({ from: from.name, to: to.name, status });
      if (!ahead && status !== 'same' && a) {
        if (status === 'behind') {
          ahead = { environment: to.name, of: from.name, basis: 'semver' };
        } else {
          ahead = {
            environment: from.name,
            of: to.name,
            basis: status === 'ahead' ? 'semver' : 'promotion-order',
          };
        }
      }
    }
    return {
      object: first.object,
      container: first.container,
      ...(first.initContainer ? { initContainer: true } : {}),
      values,
      steps,
      ...(ahead ? { ahead } : {}),
    };
  });
}
