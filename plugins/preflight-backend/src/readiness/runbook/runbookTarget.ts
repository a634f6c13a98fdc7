// Where a runbook is linked from (an entity's runbook links and annotation) and how each link
// resolves: to a URL, to a local file inside the allowed roots, or to a reason it is invalid.
import { ANNOTATION_LOCATION, type Entity } from '@backstage/catalog-model';
import { PREFLIGHT_ANNOTATIONS } from '@preflight/plugin-preflight-common';
import {
  MAX_ENTITY_DOCUMENT_LENGTH,
  resolveEntityDocument,
  type EntityDocumentOptions,
  type EntityDocumentRefusal,
  type EntityDocumentTarget,
} from '../../util/entityDocument';
import type { LocalRunbookReader } from './localRunbook';

export const ANNOTATION = PREFLIGHT_ANNOTATIONS.runbook;

/** A place a runbook may be found, in order of preference. */
export interface Candidate {
  /** How the link was given, for users: `metadata.links[0] "Runbook"` or the annotation. */
  label: string;
  value: string;
}

export type Target =
  | { kind: 'url'; url: string }
  | { kind: 'local'; path: string }
  | { kind: 'invalid'; reason: string; decidable: boolean };

/** The places a runbook is linked from: runbook links first (in order), then the annotation. */
export function runbookCandidates(entity: Entity): Candidate[] {
  const out: Candidate[] = [];
  (entity.metadata.links ?? []).forEach((link, index) => {
    if (typeof link?.url !== 'string' || link.url.trim() === '') return;
    const isRunbook =
      link.type?.toLocaleLowerCase('en-US') === 'runbook' ||
      /runbook/i.test(link.title ?? '');
    if (isRunbook) {
      out.push({
        label: `metadata.links[${index}]${
          link.title ? ` "${link.title}"` : ''
        }`,
        value: link.url.trim(),
      });
    }
  });
  const annotation = entity.metadata.annotations?.[ANNOTATION]?.trim();
  if (annotation) out.push({ label: ANNOTATION, value: annotation });
  return out;
}

/**
 * Resolves one runbook link of `entity`: an absolute URL as is, a path against the entity's
 * `backstage.io/managed-by-location` (`workingDirectory` for relative `file:` locations).
 */
export function resolveTarget(
  entity: Entity,
  value: string,
  options: EntityDocumentOptions & {
    local: Pick<LocalRunbookReader, 'hasRoots'>;
  },
): Target {
  const quoted = JSON.stringify(value);
  const target = resolveEntityDocument(entity, value, options);
  if (target.kind === 'url') return { kind: 'url', url: target.url };
  if (target.kind === 'local') {
    if (!options.local.hasRoots()) {
      return {
        kind: 'invalid',
        decidable: false,
        reason: `${quoted} refers to a local file, but reading local files is disabled (preflight.desired.localRoots is empty)`,
      };
    }
    return target;
  }
  return { kind: 'invalid', decidable: true, reason: refusal(target, quoted) };
}

function refusal(
  target: Extract<EntityDocumentTarget, { kind: 'invalid' }>,
  quoted: string,
): string {
  const reasons: Record<EntityDocumentRefusal, string> = {
    'too-long': `longer than ${MAX_ENTITY_DOCUMENT_LENGTH} characters`,
    'forbidden-characters': `${quoted} contains a backslash or a control character`,
    'no-location': `${quoted} is a path, but the entity has no ${ANNOTATION_LOCATION} annotation to resolve it against`,
    'invalid-location': `${quoted} cannot be resolved: ${ANNOTATION_LOCATION} is not a valid location reference`,
    'absolute-path': `${quoted}: use a path relative to the catalog file (e.g. ./docs/runbook.md) or a URL`,
    unresolvable: `${quoted} cannot be resolved against the entity's location`,
    'unsupported-location': `${quoted} cannot be resolved against a location of type '${target.locationType}'`,
    'invalid-url': `${quoted} is not a valid URL`,
    'not-http': `${quoted}: only http(s) URLs are read (local files are given as paths relative to the catalog file)`,
    credentials:
      'runbook URLs must not contain credentials (configure an integration instead)',
  };
  return reasons[target.refusal];
}
