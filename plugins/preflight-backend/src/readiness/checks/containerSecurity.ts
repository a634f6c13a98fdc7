import type {
  CheckResult,
  EnvironmentState,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  POLICY_RULES,
  type ImageBaseFacts,
  selectFacts,
} from '@preflight/plugin-preflight-node';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import {
  describeContainer,
  exposedSecretFindings,
  imageFactsFromReports,
  type ExposedSecretFinding,
} from '../../trivy';
import { capped, noFacts, policyResult } from './util';
import { imagesOf, lookUpImages, MAX_IMAGES_LOOKED_UP } from './images';
import type { ImageRegistryVerifier } from './imageTagged';
import {
  nameUnread,
  unreadAmong,
  WORKLOAD_CONTROLLER_KINDS,
} from '../unreadKinds';

/** Rules that other checks own: probes (health-checks) and images (image-tagged). */
const OTHER_CHECKS = new Set([
  'readinessProbeMissing',
  'livenessProbeMissing',
  'probesIdentical',
  'imageTagMutable',
  'imageDigestMissing',
]);

/**
 * Rules that read objects besides the workload, by the kinds they read: where the cluster did not
 * let Preflight read one of them, the rule is not evaluated (its finding would be a guess), and
 * the result says so.
 */
const RULE_KINDS: Record<string, readonly string[]> = {
  podDisruptionBudgetMissing: [
    'PodDisruptionBudget',
    'HorizontalPodAutoscaler',
  ],
  networkPolicyMissing: ['NetworkPolicy'],
  serviceAccountTokenAutomount: ['ServiceAccount'],
};

const SECRET_REMEDIATION =
  'Remove the secret from the image: delete the file from the build context (and add it to `.dockerignore`), rebuild and redeploy; the secret is in the layers of every image built with it, so rotate it as leaked. Mount secrets at run time (a Secret volume or an env `secretKeyRef`) instead.';

/**
 * The secrets the Trivy Operator found in the layers of the images that run (ExposedSecretReport):
 * each fails the check, named by rule, file and container — never by its value, which the live
 * source dropped on receipt. Notes the reports that could not be read.
 */
function withExposedSecrets(
  result: CheckResult,
  state: EnvironmentState,
): CheckResult {
  const unread = (
    state.live.status === 'ok' ? state.live.unreadKinds ?? [] : []
  ).filter(u => u.kind === 'ExposedSecretReport' && u.reason !== 'NOT_SERVED');
  const found: ExposedSecretFinding[] = exposedSecretFindings(state);
  const notes = unread.map(
    u =>
      `Secrets in image layers not checked: ExposedSecretReport (${u.reason}): ${u.message}`,
  );
  if (found.length === 0) {
    return notes.length === 0
      ? result
      : {
          ...result,
          details: [result.details, ...notes].filter(Boolean).join('\n\n'),
        };
  }
  const line = (f: ExposedSecretFinding) =>
    `- **secret in image layer** (blocking) — ${describeContainer({
      workload: f.workload,
      container: f.container,
      init: false,
      image: '',
      runningDigests: [],
    })}: ${f.title || f.ruleId} (rule \`${f.ruleId}\`, ${f.severity}) in \`${
      f.target
    }\`, per ExposedSecretReport ${f.report.name}`;
  const first = found[0];
  return {
    ...result,
    status: 'fail',
    summary: `${found.length} secret${
      found.length === 1 ? '' : 's'
    } in image layers: ${first.ruleId} in ${first.target}${
      found.length > 1 ? ', …' : ''
    }${result.status === 'fail' ? `; ${result.summary}` : ''}`,
    details: [
      capped(found, line).join('\n'),
      result.status === 'pass' ? undefined : result.details,
      ...notes,
    ]
      .filter(Boolean)
      .join('\n\n'),
    evidence: [
      ...new Map(
        found.map(f => [
          `${f.report.namespace ?? ''}/${f.report.name}`,
          {
            type: 'object' as const,
            title: `ExposedSecretReport ${f.report.name}`,
            kind: 'ExposedSecretReport',
            name: f.report.name,
            ...(f.report.namespace ? { namespace: f.report.namespace } : {}),
            source: 'live' as const,
            ...(state.live.location ? { location: state.live.location } : {}),
          },
        ]),
      ).values(),
      ...(result.evidence ?? []),
    ],
    remediation: [
      `**secret in image layer**: ${SECRET_REMEDIATION}`,
      result.status === 'pass' ? undefined : result.remediation,
    ]
      .filter(Boolean)
      .join('\n\n'),
  };
}

/**
 * What is known of the bases of the images: the Trivy Operator's SbomReports (live state only:
 * reports are read from the cluster), else the base-image annotation of the image's manifest in
 * its registry (for images the SBOMs do not cover, at most {@link MAX_IMAGES_LOOKED_UP}). Without
 * either, `minimalBaseImage` decides from the references alone.
 */
async function baseImageFacts(
  objects: KubernetesObject[],
  fromLive: boolean,
  state: EnvironmentState,
  registry: ImageRegistryVerifier | undefined,
  signal: AbortSignal | undefined,
): Promise<Map<string, ImageBaseFacts>> {
  const facts: Map<string, ImageBaseFacts> = fromLive
    ? imageFactsFromReports(
        objects,
        state.live.location ?? state.environment.name,
      )
    : new Map();
  const lookUp = registry?.baseImage?.bind(registry);
  if (!lookUp) return facts;
  const { results } = await lookUpImages(
    imagesOf(objects)
      .map(i => i.image)
      .filter(image => !facts.has(image)),
    image => lookUp(image, { signal }),
  );
  for (const { image, result } of results) {
    if (result.status === 'found') facts.set(image, result.facts);
  }
  return facts;
}

/**
 * `container-security`: the workloads meet the Pod Security Standards *restricted* profile, have
 * requests and limits, and hold no secret in a literal environment value — the same policy rules
 * the scaffolder applies to what it generates — and the images that run hold no secret in their
 * layers (the Trivy Operator's ExposedSecretReports, when the cluster has them). Images built on
 * a full distribution are reported (advisory), from their references, the operator's SbomReports
 * and, given a registry verifier, the base-image annotation of their manifests.
 */
export function createContainerSecurityCheck(
  registry?: ImageRegistryVerifier,
): PreflightCheck {
  return {
    id: 'container-security',
    title: 'Container security',
    description:
      'Workloads meet the Pod Security Standards restricted profile and hold no secrets in literal env values or image layers.',
    defaultSeverity: 'blocking',
    // The containers it evaluates come from these (controlled Pods are evaluated through them).
    requiredKinds: WORKLOAD_CONTROLLER_KINDS,
    async evaluate({ state, signal, detail }) {
      const facts = selectFacts(state);
      if (!facts.available) return noFacts(facts.reason);
      const skipped: string[] = [];
      const rules = POLICY_RULES.map(r => r.id).filter(id => {
        if (OTHER_CHECKS.has(id)) return false;
        const unread = unreadAmong(facts, RULE_KINDS[id] ?? []);
        if (unread.length > 0) {
          skipped.push(`\`${id}\` (${nameUnread(unread)})`);
        }
        return unread.length === 0;
      });
      const imageFacts = await baseImageFacts(
        facts.objects,
        facts.source === 'live',
        state,
        registry,
        signal,
      );
      const result = policyResult(
        facts,
        rules,
        {
          pass: 'Restricted security context and no secret literals',
          subject: 'security',
        },
        imageFacts.size ? { imageFacts, detail } : { detail },
      );
      if (skipped.length === 0) return withExposedSecrets(result, state);
      return withExposedSecrets(
        {
          ...result,
          details: [
            result.details,
            `Not evaluated, the cluster did not let Preflight read what they need: ${skipped.join(
              ', ',
            )}.`,
          ]
            .filter(Boolean)
            .join('\n\n'),
        },
        state,
      );
    },
  };
}

/** `container-security` without a registry: base images from references and SbomReports only. */
export const containerSecurityCheck: PreflightCheck =
  createContainerSecurityCheck();
