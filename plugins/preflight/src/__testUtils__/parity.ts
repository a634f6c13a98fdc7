import type {
  EntityParityResponse,
  ImagePromotion,
  ImagePromotionValue,
  ParityReport,
} from '@preflight/plugin-preflight-common';

/*
 * Small parity answers for tests that need a few fields; the full report of a demo component is
 * the captured catalogWebParity (__fixtures__). Plain data, no React: the backend's contract test
 * checks what these build against openapi.yaml.
 */

/** The demo's promotion path. */
export const DEMO_PATH = [
  { name: 'dev', title: 'Development' },
  { name: 'staging', title: 'Staging' },
  { name: 'production', title: 'Production' },
];

/** A report over the demo's environments, all read: no rows or images unless given. */
export function parityReport(parts: Partial<ParityReport> = {}): ParityReport {
  return {
    environments: DEMO_PATH.map(e => ({ ...e, available: true })),
    rows: [],
    images: [],
    summary: {
      rows: 0,
      same: 0,
      expected: 0,
      drift: 0,
      unknown: 0,
      pairs: [],
    },
    ...parts,
  };
}

/** An image reference as written, split as the parity report splits it. */
export function imageValue(reference: string): ImagePromotionValue {
  const [name, digest] = reference.split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  const tagged = colon > slash;
  return {
    present: true,
    image: reference,
    repository: tagged ? name.slice(0, colon) : name,
    tag: tagged ? name.slice(colon + 1) : 'latest',
    ...(digest ? { digest } : {}),
  };
}

/** The image of one Deployment's container per environment. */
export function imagePromotion(
  deployment: string,
  values: Record<string, ImagePromotionValue>,
  rest: Pick<ImagePromotion, 'steps' | 'ahead'>,
): ImagePromotion {
  return {
    object: { kind: 'Deployment', name: deployment },
    container: deployment,
    values,
    ...rest,
  };
}

/**
 * The parity answer of a demo component whose clusters are not configured: `desired` as given,
 * live and desired-vs-live unavailable in every environment.
 */
export function parityResponse(
  name: string,
  desired: ParityReport,
): EntityParityResponse {
  return {
    entityRef: `component:default/${name}`,
    desired,
    live: parityReport({
      environments: DEMO_PATH.map(e => ({
        ...e,
        available: false,
        unavailable: {
          status: 'not-configured',
          reason: `Environment '${e.name}' has no cluster (preflight.environments[].cluster)`,
        },
      })),
    }),
    desiredVsLive: DEMO_PATH.map(e => ({
      environment: e.name,
      unavailable: 'desired state ok, live state not-configured',
    })),
  };
}
