import type {
  CheckEvidence,
  CheckResult,
} from '@preflight/plugin-preflight-common';
import type {
  ImageBaseFacts,
  PreflightCheck,
} from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, policyResult } from './util';
import { imagesOf, lookUpImages, MAX_IMAGES_LOOKED_UP } from './images';
import { WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

/** Answers whether an image reference exists in its registry. */
export interface ImageRegistryVerifier {
  /**
   * `present` / `missing` when the registry answered; `unverified` when the registry is not one
   * Preflight is configured to query (with the reason); `error` when it could not be reached.
   * For an image referenced by tag, `present` carries the digest the tag resolves to and, when
   * the tag resolved to another digest at the previous lookup, that digest (`previousDigest`:
   * the tag was moved).
   */
  verify(
    image: string,
    options?: { signal?: AbortSignal },
  ): Promise<
    | {
        status: 'present';
        url: string;
        digest?: string;
        previousDigest?: string;
      }
    | { status: 'missing'; url: string }
    | { status: 'unverified' | 'error'; reason: string }
  >;

  /**
   * What the registry says about the image an image was built on (its manifest's
   * `org.opencontainers.image.base.name` annotation): `found` with the facts for the policy
   * engine; `none` when the registry answered without one (with why); `unverified` / `error` as
   * for `verify`. Optional: a verifier without it gives no facts.
   */
  baseImage?(
    image: string,
    options?: { signal?: AbortSignal },
  ): Promise<BaseImageLookup>;
}

/** The answer of {@link ImageRegistryVerifier.baseImage}. */
export type BaseImageLookup =
  | { status: 'found'; facts: ImageBaseFacts }
  | { status: 'none' | 'unverified' | 'error'; reason: string };

/** Options of {@link createImageTaggedCheck}. */
export interface ImageTaggedOptions {
  /** `preflight.policy.immutableTags`: the tags that count as immutable (default: built-in). */
  immutableTags?: readonly string[];
}

/**
 * `image-tagged`: every container image is immutably tagged (a release version, date or build
 * stamp, or commit SHA — never a missing or floating tag such as `latest`, `alpine` or `3.19`; a
 * digest earns full marks) — the policy rules `imageTagMutable` and `imageDigestMissing` — and
 * the reference exists in its registry (OCI distribution API) when the registry is configured.
 * A tag that resolves to another digest than at the previous lookup is a warning ("tag moved"):
 * the same reference now runs different code.
 */
export function createImageTaggedCheck(
  registry: ImageRegistryVerifier,
  options: ImageTaggedOptions = {},
): PreflightCheck {
  return {
    id: 'image-tagged',
    title: 'Image built and immutably tagged',
    description:
      'Every container image is immutably tagged (no latest, digest pinning earns full marks) and exists in its registry.',
    defaultSeverity: 'blocking',
    // The images it evaluates come from these (controlled Pods are evaluated through them).
    requiredKinds: WORKLOAD_CONTROLLER_KINDS,
    async evaluate({ state, signal, detail }) {
      const facts = selectFacts(state);
      if (!facts.available) return noFacts(facts.reason);
      const tags = policyResult(
        facts,
        ['imageTagMutable', 'imageDigestMissing'],
        {
          pass: 'Every image is pinned by digest',
          subject: 'image tag',
        },
        options.immutableTags
          ? { immutableTags: options.immutableTags, detail }
          : { detail },
      );
      if (tags.status === 'fail' || tags.status === 'unknown') return tags;

      const { results, skipped } = await lookUpImages(
        imagesOf(facts.objects).map(i => i.image),
        image => registry.verify(image, { signal }),
      );
      const missing = results.filter(r => r.result.status === 'missing');
      const errors = results.filter(r => r.result.status === 'error');
      const unverified = results.filter(r => r.result.status === 'unverified');
      const moved = results.flatMap(r =>
        r.result.status === 'present' &&
        r.result.previousDigest &&
        r.result.digest
          ? [
              `tag moved: ${r.image} was ${r.result.previousDigest} at the last evaluation, now ${r.result.digest}`,
            ]
          : [],
      );
      const skippedNote = skipped
        ? `${skipped} more image${
            skipped === 1 ? ' was' : 's were'
          } not looked up (at most ${MAX_IMAGES_LOOKED_UP} per environment)`
        : undefined;
      // The lines of every image looked up, and their links, only for a caller that shows them.
      const base: Partial<CheckResult> =
        detail === 'status'
          ? { factsReadAt: facts.readAt, evaluated: tags.evaluated }
          : {
              ...registryDetails(results, tags.details, skippedNote),
              factsReadAt: facts.readAt,
              evaluated: tags.evaluated,
            };

      if (missing.length > 0) {
        return {
          ...base,
          status: 'fail',
          summary: `${missing[0].image} does not exist in its registry${
            missing.length > 1 ? ` (and ${missing.length - 1} more)` : ''
          }`,
          remediation:
            'Build and push the image before deploying, or fix the reference: the tag or digest is not in the registry.',
        };
      }
      if (errors.length > 0) {
        return {
          ...base,
          status: 'unknown',
          summary: `Registry not reachable for ${errors[0].image}: ${
            (errors[0].result as { reason: string }).reason
          }`,
        };
      }
      if (moved.length > 0) {
        return {
          ...base,
          status: 'warn',
          summary: `${moved[0]}${
            moved.length > 1 ? ` (and ${moved.length - 1} more)` : ''
          }`,
          remediation: [
            'The tag was re-pushed since the last evaluation: what runs depends on when each node pulled it. Pin the image by digest (`registry/name:1.2.3@sha256:…`) and find out why a released tag was overwritten.',
            ...(tags.remediation ? [tags.remediation] : []),
          ].join('\n\n'),
        };
      }
      return {
        ...base,
        status: tags.status,
        summary: `${tags.summary}; ${
          unverified.length === results.length
            ? 'registry not verified'
            : 'present in the registry'
        }${skippedNote ? ` (${skippedNote})` : ''}`,
        ...(tags.remediation ? { remediation: tags.remediation } : {}),
      };
    },
  };
}

/** The registry's answer for every image looked up, after the tags' own details, with links. */
function registryDetails(
  results: ReadonlyArray<{
    image: string;
    result: Awaited<ReturnType<ImageRegistryVerifier['verify']>>;
  }>,
  tagDetails: string | undefined,
  skippedNote: string | undefined,
): Pick<CheckResult, 'details' | 'evidence'> {
  const evidence: CheckEvidence[] = results.flatMap(r =>
    'url' in r.result
      ? [{ type: 'link' as const, title: r.image, url: r.result.url }]
      : [],
  );
  const lines = results.map(
    r =>
      `- \`${r.image}\`: ${r.result.status}${
        'reason' in r.result ? ` (${r.result.reason})` : ''
      }${
        r.result.status === 'present' && r.result.previousDigest
          ? ` (tag moved from ${r.result.previousDigest} to ${r.result.digest})`
          : ''
      }`,
  );
  const details = [
    tagDetails,
    '**Registry**',
    ...lines,
    ...(skippedNote ? [`- … ${skippedNote}`] : []),
  ]
    .filter(Boolean)
    .join('\n');
  return { details, evidence };
}
