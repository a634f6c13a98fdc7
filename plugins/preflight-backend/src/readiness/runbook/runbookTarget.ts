// Where a runbook is linked from (an entity's runbook links and annotation) and how each link
// resolves: to a URL, to a local file inside the allowed roots, or to a reason it is invalid.
import path from 'path';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  type Entity,
} from '@backstage/catalog-model';
import { PREFLIGHT_ANNOTATIONS } from '@preflight/plugin-preflight-common';
import type { LocalRunbookReader } from './localRunbook';

export const ANNOTATION = PREFLIGHT_ANNOTATIONS.runbook;
const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const MAX_LINK_LENGTH = 2048;

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
  workingDirectory: string,
  local: Pick<LocalRunbookReader, 'hasRoots'>,
): Target {
  const quoted = JSON.stringify(value);
  if (value.length > MAX_LINK_LENGTH) {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `longer than ${MAX_LINK_LENGTH} characters`,
    };
  }
  if (FORBIDDEN_CHARACTERS.test(value)) {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted} contains a backslash or a control character`,
    };
  }
  if (ABSOLUTE_URL.test(value)) return urlTarget(value, quoted);

  const locationRef = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!locationRef) {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted} is a path, but the entity has no ${ANNOTATION_LOCATION} annotation to resolve it against`,
    };
  }
  let location: { type: string; target: string };
  try {
    location = parseLocationRef(locationRef);
  } catch {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted} cannot be resolved: ${ANNOTATION_LOCATION} is not a valid location reference`,
    };
  }
  if (location.type === 'url') {
    if (value.startsWith('/')) {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted}: use a path relative to the catalog file (e.g. ./docs/runbook.md) or a URL`,
      };
    }
    try {
      return urlTarget(new URL(value, location.target).toString(), quoted);
    } catch {
      return {
        kind: 'invalid',
        decidable: true,
        reason: `${quoted} cannot be resolved against the entity's location`,
      };
    }
  }
  if (location.type === 'file') {
    if (!local.hasRoots()) {
      return {
        kind: 'invalid',
        decidable: false,
        reason: `${quoted} refers to a local file, but reading local files is disabled (preflight.desired.localRoots is empty)`,
      };
    }
    const catalogFile = path.resolve(workingDirectory, location.target);
    return {
      kind: 'local',
      path: path.isAbsolute(value)
        ? path.resolve(value)
        : path.resolve(path.dirname(catalogFile), value),
    };
  }
  return {
    kind: 'invalid',
    decidable: true,
    reason: `${quoted} cannot be resolved against a location of type '${location.type}'`,
  };
}

function urlTarget(candidate: string, quoted: string): Target {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted} is not a valid URL`,
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      kind: 'invalid',
      decidable: true,
      reason: `${quoted}: only http(s) URLs are read (local files are given as paths relative to the catalog file)`,
    };
  }
  if (url.username || url.password) {
    return {
      kind: 'invalid',
      decidable: true,
      reason:
        'runbook URLs must not contain credentials (configure an integration instead)',
    };
  }
  return { kind: 'url', url: url.toString() };
}
