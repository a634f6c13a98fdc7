import type {
  CheckEvidence,
  CheckResult,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, policyResult } from './util';
import { imagesOf } from './images';
import { WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

/** Answers whether an image reference exists in its registry. */
export interface ImageRegistryVerifier {
  /**
   * `present` / `missing` when the registry answered; `unverified` when the registry is not one
   * Preflight is configured to query (with the reason); `error` when it could not be reached.
   */
  verify(
    image: string,
    options?: { signal?: AbortSignal },
  ): Promise<
    | { status: 'present' | 'missing'; url: string }
    | { status: 'unverified' | 'error'; reason: string }
  >;
}

/**
 * `image-tagged`: every container image is immutably tagged (no `latest`, no missing tag; a digest
 * earns full marks) — the policy rules `imageTagMutable` and `imageDigestMissing` — and the
 * reference exists in its registry (OCI distribution API) when the registry is configured.
 */
export function createImageTaggedCheck(
  registry: ImageRegistryVerifier,
): PreflightCheck {
  return {
    id: 'image-tagged',
    title: 'Image built and immutably tagged',
    description:
      'Every container image is immutably tagged (no latest, digest pinning earns full marks) and exists in its registry.',
    defaultSeverity: 'blocking',
    // The images it evaluates come from these (controlled Pods are evaluated through them).
    requiredKinds: WORKLOAD_CONTROLLER_KINDS,
    async evaluate({ state, signal }) {
      const facts = selectFacts(state);
      if (!facts.available) return noFacts(facts.reason);
      const tags = policyResult(
        facts,
        ['imageTagMutable', 'imageDigestMissing'],
        {
          pass: 'Every image is pinned by digest',
          subject: 'image tag',
        },
      );
      if (tags.status === 'fail' || tags.status === 'unknown') return tags;

      const images = [...new Set(imagesOf(facts.objects).map(i => i.image))];
      const results = await Promise.all(
        images.map(async image => ({
          image,
          result: await registry.verify(image, { signal }),
        })),
      );
      const missing = results.filter(r => r.result.status === 'missing');
      const errors = results.filter(r => r.result.status === 'error');
      const unverified = results.filter(r => r.result.status === 'unverified');
      const evidence: CheckEvidence[] = results.flatMap(r =>
        'url' in r.result
          ? [{ type: 'link' as const, title: r.image, url: r.result.url }]
          : [],
      );
      const lines = results.map(
        r =>
          `- \`${r.image}\`: ${r.result.status}${
            'reason' in r.result ? ` (${r.result.reason})` : ''
          }`,
      );
      const details = [tags.details, '**Registry**', ...lines]
        .filter(Boolean)
        .join('\n');
      const base: Partial<CheckResult> = {
        details,
        evidence,
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
      return {
        ...base,
        status: tags.status,
        summary:
          unverified.length === results.length
            ? `${tags.summary}; registry not verified`
            : `${tags.summary}; present in the registry`,
        ...(tags.remediation ? { remediation: tags.remediation } : {}),
      };
    },
  };
}
