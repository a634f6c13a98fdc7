// Which CI provider an entity names (GitHub by `github.com/project-slug`, GitLab by
// `gitlab.com/project-slug`), its repository, and the host of the entity's source location.
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  parseLocationRef,
  type Entity,
} from '@backstage/catalog-model';

/** The annotations naming the entity's repository (Backstage's GitHub and GitLab plugins'). */
export const GITHUB_SLUG_ANNOTATION = 'github.com/project-slug';
export const GITLAB_SLUG_ANNOTATION = 'gitlab.com/project-slug';
/** The GitLab plugin's annotation naming the GitLab host of the project. */
export const GITLAB_INSTANCE_ANNOTATION = 'gitlab.com/instance';

const GITHUB_SLUG =
  /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/;
const GITLAB_SEGMENT = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/;

export type Provider =
  | { kind: 'github'; owner: string; repo: string }
  | { kind: 'gitlab'; slug: string };

/** The provider and repository the annotations name, why they are invalid, or undefined. */
export function providerOf(
  entity: Entity,
): Provider | { invalid: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const github = annotations[GITHUB_SLUG_ANNOTATION]?.trim();
  if (github) {
    const match = github.match(GITHUB_SLUG);
    // `.git` is dropped first, so that `acme/...git` cannot become `acme/..`.
    const repo = match?.[2].replace(/\.git$/, '');
    if (!match || !repo || repo === '.' || repo === '..') {
      return {
        invalid: `${GITHUB_SLUG_ANNOTATION} ${JSON.stringify(
          github,
        )} is not owner/repository`,
      };
    }
    return {
      kind: 'github',
      owner: match[1],
      repo,
    };
  }
  const gitlab = annotations[GITLAB_SLUG_ANNOTATION]?.trim();
  if (gitlab) {
    const segments = gitlab.split('/');
    if (
      gitlab.length > 255 ||
      segments.length < 2 ||
      segments.some(s => !GITLAB_SEGMENT.test(s) || s === '.' || s === '..')
    ) {
      return {
        invalid: `${GITLAB_SLUG_ANNOTATION} ${JSON.stringify(
          gitlab,
        )} is not group/project`,
      };
    }
    return { kind: 'gitlab', slug: gitlab };
  }
  return undefined;
}

/** The host of the entity's source (or catalog file) location, when it is a URL. */
export function locationHost(entity: Entity): string | undefined {
  for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
    const ref = entity.metadata.annotations?.[key];
    if (!ref) continue;
    try {
      const { type, target } = parseLocationRef(ref);
      if (type === 'url') return new URL(target).host;
    } catch {
      // not a URL location
    }
  }
  return undefined;
}
