// A path or URL an entity names (hostile catalog content), resolved against the entity's
// `backstage.io/managed-by-location`: to an http(s) URL, to an absolute local path (which the caller
// still checks against its allowed roots), or to the reason it cannot be resolved. Callers map the
// reasons to their own errors and messages.
import path from 'path';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  type Entity,
} from '@backstage/catalog-model';
import {
  replaceGithubUrlType,
  type ScmIntegrationRegistry,
} from '@backstage/integration';

/** Values longer than this are refused. */
export const MAX_ENTITY_DOCUMENT_LENGTH = 2048;

const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// Control characters (NUL included) and backslashes are never part of a valid location.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const GITHUB_TYPE = /^\/[^/]+\/[^/]+\/(blob|tree)\//;

/** Why a value cannot be resolved. */
export type EntityDocumentRefusal =
  /** Longer than {@link MAX_ENTITY_DOCUMENT_LENGTH}. */
  | 'too-long'
  /** Contains a backslash or a control character. */
  | 'forbidden-characters'
  /** A path, but the entity has no `backstage.io/managed-by-location`. */
  | 'no-location'
  /** The entity's `backstage.io/managed-by-location` is not a location reference. */
  | 'invalid-location'
  /** An absolute path, for an entity whose location is a URL. */
  | 'absolute-path'
  /** A path that does not resolve against the entity's URL location. */
  | 'unresolvable'
  /** The location's type (`locationType`) cannot resolve paths (neither `url` nor `file`). */
  | 'unsupported-location'
  /** Not a valid URL. */
  | 'invalid-url'
  /** A URL of another scheme than http(s). */
  | 'not-http'
  /** A URL with a user name or password. */
  | 'credentials';

/** Where a value an entity names leads. */
export type EntityDocumentTarget =
  | {
      kind: 'url';
      url: string;
      /**
       * For a path resolved against a `url:` location: the directory of the catalog file, as a
       * URL resolved the same way (a prefix of `url` when the path stays below it).
       */
      base?: string;
    }
  /** An absolute path, not yet checked against any allowed root. */
  | { kind: 'local'; path: string }
  | {
      kind: 'invalid';
      refusal: EntityDocumentRefusal;
      /** The location's type, for `unsupported-location`. */
      locationType?: string;
    };

/** What {@link resolveEntityDocument} resolves with. */
export interface EntityDocumentOptions {
  /** The SCM integrations (`integrations.*`), which resolve paths against `url:` locations. */
  integrations: ScmIntegrationRegistry;
  /** The directory relative `file:` locations are resolved against (the backend's). */
  workingDirectory: string;
}

const invalid = (
  refusal: EntityDocumentRefusal,
  locationType?: string,
): EntityDocumentTarget =>
  locationType
    ? { kind: 'invalid', refusal, locationType }
    : { kind: 'invalid', refusal };

/** Refuses values that are too long or contain a backslash or a control character. */
export function screenEntityValue(
  value: string,
): EntityDocumentTarget | undefined {
  if (value.length > MAX_ENTITY_DOCUMENT_LENGTH) return invalid('too-long');
  if (FORBIDDEN_CHARACTERS.test(value)) return invalid('forbidden-characters');
  return undefined;
}

/**
 * Resolves `value`, named by `entity`: an absolute URL as is (http(s), without credentials); a path
 * against the entity's `backstage.io/managed-by-location` — for a `url:` location with the SCM
 * integrations' `resolveUrl` (relative paths only), for a `file:` location against the catalog
 * file's directory (into an absolute path; absolute paths are kept).
 */
export function resolveEntityDocument(
  entity: Entity,
  value: string,
  options: EntityDocumentOptions,
): EntityDocumentTarget {
  const screened = screenEntityValue(value);
  if (screened) return screened;
  if (ABSOLUTE_URL.test(value)) return httpUrl(value);

  const locationRef = entity.metadata.annotations?.[ANNOTATION_LOCATION];
  if (!locationRef) return invalid('no-location');
  let location: { type: string; target: string };
  try {
    location = parseLocationRef(locationRef);
  } catch {
    return invalid('invalid-location');
  }

  if (location.type === 'url') {
    if (value.startsWith('/')) return invalid('absolute-path');
    let url: string;
    let base: string;
    try {
      url = resolveAgainst(options.integrations, value, location.target);
      base = resolveAgainst(options.integrations, './', location.target);
    } catch {
      return invalid('unresolvable');
    }
    const target = httpUrl(url);
    return target.kind === 'url' ? { ...target, base } : target;
  }

  if (location.type === 'file') {
    const catalogFile = path.resolve(options.workingDirectory, location.target);
    return {
      kind: 'local',
      path: path.isAbsolute(value)
        ? path.resolve(value)
        : path.resolve(path.dirname(catalogFile), value),
    };
  }
  return invalid('unsupported-location', location.type);
}

/**
 * `resolveUrl` of the integration of `base`'s host. GitHub's turns every `blob` URL into a `tree`
 * one; the location's own kind is kept, as a plain URL resolution would.
 */
function resolveAgainst(
  integrations: ScmIntegrationRegistry,
  value: string,
  base: string,
): string {
  const resolved = integrations.resolveUrl({ url: value, base });
  if (!integrations.github.byUrl(base)) return resolved;
  const kind = GITHUB_TYPE.exec(new URL(base).pathname)?.[1];
  return kind === 'blob' ? replaceGithubUrlType(resolved, 'blob') : resolved;
}

function httpUrl(candidate: string): EntityDocumentTarget {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return invalid('invalid-url');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalid('not-http');
  }
  if (url.username || url.password) return invalid('credentials');
  return { kind: 'url', url: url.toString() };
}
