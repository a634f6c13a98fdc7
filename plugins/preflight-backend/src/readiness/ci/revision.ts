import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { Facts } from '@preflight/plugin-preflight-node';
import { parseImageReference } from '@preflight/plugin-preflight-common';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';

/** The label/annotation naming the commit a workload was built from. */
export const REVISION_ANNOTATION = 'preflight.dev/revision';
/** The Kubernetes recommended label for the application version. */
export const VERSION_LABEL = 'app.kubernetes.io/version';

/** The kinds whose objects are "the workload being deployed". */
const WORKLOAD_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Rollout'];
const HEX_SHA = /^[0-9a-f]{7,40}$/i;

/** The revision being deployed in an environment, and where it was read. */
export type DeployedRevision =
  | {
      sha: string;
      /** For users, e.g. `image tag of Deployment checkout-api (container api)`. */
      source: string;
      /** Other revisions found at the same level (workloads that disagree). */
      others: string[];
    }
  | {
      sha?: undefined;
      /** Why no revision was found (the default branch head is used instead). */
      reason: string;
    };

/**
 * Whether a value looks like a git commit SHA: 7–40 hexadecimal digits with at least one letter
 * (all-digit values are build numbers or dates far more often than abbreviated SHAs).
 */
export function looksLikeSha(value: string | undefined): value is string {
  return (
    typeof value === 'string' && HEX_SHA.test(value) && /[a-f]/i.test(value)
  );
}

/** The SHA in an image tag: the tag itself, or `sha-<sha>` (docker/metadata-action's default). */
export function shaOfTag(tag: string | undefined): string | undefined {
  if (!tag) return undefined;
  const candidate = tag.replace(/^sha-/i, '');
  return looksLikeSha(candidate) ? candidate.toLowerCase() : undefined;
}

/** The pod template of a Deployment, StatefulSet, DaemonSet or Rollout. */
function templateOf(
  o: KubernetesObject,
): Partial<IPodTemplateSpec> | undefined {
  const template = o.spec?.template;
  return template && typeof template === 'object' ? template : undefined;
}

function metadataValue(o: KubernetesObject, key: string): string | undefined {
  const template = templateOf(o)?.metadata as
    | { labels?: Record<string, string>; annotations?: Record<string, string> }
    | undefined;
  const value =
    o.metadata.annotations?.[key] ??
    o.metadata.labels?.[key] ??
    template?.annotations?.[key] ??
    template?.labels?.[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The revision being deployed, from the environment's workloads (Deployments, StatefulSets,
 * DaemonSets, Argo Rollouts), in this order:
 *
 * 1. the `preflight.dev/revision` annotation or label (on the workload, then its pod template),
 *    when it looks like a commit SHA — an explicit declaration wins;
 * 2. the tag of a container image when it looks like a commit SHA (`:3f2a9c1…` or
 *    `:sha-3f2a9c1`) — only images named like the repository when there are any, so that
 *    sidecars built elsewhere do not decide;
 * 3. the `app.kubernetes.io/version` label or annotation, when it looks like a commit SHA.
 *
 * A SHA has 7–40 hex digits and at least one letter. Otherwise there is no revision and the
 * caller uses the head of the default branch.
 */
export function deployedRevision(
  facts: Facts,
  repositoryName?: string,
): DeployedRevision {
  if (!facts.available) {
    return { reason: `no workloads to read it from (${facts.reason})` };
  }
  const workloads = facts.objects.filter(o => WORKLOAD_KINDS.includes(o.kind));
  if (workloads.length === 0) {
    return { reason: `no workload in the ${facts.source} state` };
  }
  const pick = (
    found: { sha: string; source: string }[],
  ): DeployedRevision | undefined => {
    if (found.length === 0) return undefined;
    const shas = [...new Set(found.map(f => f.sha))];
    return {
      sha: found[0].sha,
      source: found[0].source,
      others: shas.slice(1),
    };
  };

  const declared = pick(
    workloads.flatMap(o => {
      const value = metadataValue(o, REVISION_ANNOTATION)?.trim();
      return looksLikeSha(value)
        ? [
            {
              sha: value.toLowerCase(),
              source: `${REVISION_ANNOTATION} of ${o.kind} ${o.metadata.name}`,
            },
          ]
        : [];
    }),
  );
  if (declared) return declared;

  const fromImages = workloads.flatMap(o => {
    const list = templateOf(o)?.spec?.containers;
    const containers = Array.isArray(list) ? list : [];
    return containers.flatMap(c => {
      const ref =
        typeof c?.image === 'string' ? parseImageReference(c.image) : undefined;
      if (!ref) return [];
      const named =
        repositoryName !== undefined &&
        ref.name.split('/').pop() === repositoryName.toLowerCase();
      return [
        {
          sha: shaOfTag(ref.tag),
          named,
          source: `image tag of ${o.kind} ${o.metadata.name} (container ${c.name})`,
        },
      ];
    });
  });
  // Images named like the repository are the component's own: when there are any, the others
  // (sidecars such as envoy or a log shipper) do not decide.
  const own = fromImages.some(f => f.named)
    ? fromImages.filter(f => f.named)
    : fromImages;
  const images = pick(
    own.flatMap(f => (f.sha ? [{ sha: f.sha, source: f.source }] : [])),
  );
  if (images) return images;

  const version = pick(
    workloads.flatMap(o => {
      const value = metadataValue(o, VERSION_LABEL)?.trim();
      return looksLikeSha(value)
        ? [
            {
              sha: value.toLowerCase(),
              source: `${VERSION_LABEL} of ${o.kind} ${o.metadata.name}`,
            },
          ]
        : [];
    }),
  );
  if (version) return version;

  return {
    reason: `no commit SHA in the workloads (${REVISION_ANNOTATION}, image tags, ${VERSION_LABEL})`,
  };
}
