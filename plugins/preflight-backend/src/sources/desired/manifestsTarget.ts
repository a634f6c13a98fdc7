// The `preflight.dev/manifests` annotation of an entity, for one environment: validated, its
// `{env}` placeholder substituted, and resolved against the entity's location (entityDocument).
import { ANNOTATION_LOCATION, type Entity } from '@backstage/catalog-model';
import {
  isDns1123Label,
  PREFLIGHT_ANNOTATIONS,
  type EnvironmentErrorReason,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import {
  MAX_ENTITY_DOCUMENT_LENGTH,
  resolveEntityDocument,
  screenEntityValue,
  type EntityDocumentOptions,
  type EntityDocumentRefusal,
  type EntityDocumentTarget,
} from '../../util/entityDocument';
import { DesiredStateError } from './errors';
import { MANIFEST_FILE_PATTERN } from './parseManifests';

/** The placeholder substituted with the environment name. */
export const ENV_PLACEHOLDER = '{env}';
/** Annotation values longer than this are rejected. */
export const MAX_ANNOTATION_LENGTH = MAX_ENTITY_DOCUMENT_LENGTH;

const ANNOTATION = PREFLIGHT_ANNOTATIONS.manifests;

/** Where the manifests of an environment are. */
export type ManifestsTarget =
  | { kind: 'url'; url: string; singleFile: boolean; base?: string }
  | { kind: 'local'; path: string };

/**
 * Validates a `preflight.dev/manifests` value and turns it, for `environment`, into a URL or an
 * absolute local path (checked against the local roots when read); throws a `DesiredStateError`.
 */
export function resolveManifestsTarget(
  entity: Entity,
  environment: PreflightEnvironment,
  value: string,
  options: EntityDocumentOptions & { hasLocalRoots: boolean },
): ManifestsTarget {
  const quoted = JSON.stringify(value);
  const screened = screenEntityValue(value);
  if (screened?.kind === 'invalid') throw unresolvable(screened, quoted);
  if (!value.includes(ENV_PLACEHOLDER)) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${ANNOTATION} ${quoted} must contain the ${ENV_PLACEHOLDER} placeholder`,
    );
  }
  if (!isDns1123Label(environment.name)) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `Invalid environment name ${JSON.stringify(environment.name)}`,
    );
  }
  const resolved = value.split(ENV_PLACEHOLDER).join(environment.name);
  const target = resolveEntityDocument(entity, resolved, options);
  if (target.kind === 'invalid') throw unresolvable(target, quoted);
  if (target.kind === 'url') {
    const singleFile = MANIFEST_FILE_PATTERN.test(new URL(target.url).pathname);
    return { ...target, singleFile };
  }
  if (!options.hasLocalRoots) {
    throw new DesiredStateError(
      'FORBIDDEN',
      `${ANNOTATION} ${quoted} refers to local files, but reading local manifests is disabled (preflight.desired.localRoots is empty)`,
    );
  }
  return target;
}

/** The error of an annotation that cannot be resolved. */
function unresolvable(
  target: Extract<EntityDocumentTarget, { kind: 'invalid' }>,
  quoted: string,
): DesiredStateError {
  // Each message follows the annotation's name.
  const messages: Record<
    EntityDocumentRefusal,
    [EnvironmentErrorReason, string]
  > = {
    'too-long': [
      'BAD_RESPONSE',
      ` is longer than ${MAX_ANNOTATION_LENGTH} characters`,
    ],
    'forbidden-characters': [
      'FORBIDDEN',
      ` ${quoted} contains a backslash or a control character`,
    ],
    'no-location': [
      'BAD_RESPONSE',
      ` ${quoted} is a path, but the entity has no ${ANNOTATION_LOCATION} annotation to resolve it against`,
    ],
    'invalid-location': [
      'BAD_RESPONSE',
      ` ${quoted} cannot be resolved: the entity's ${ANNOTATION_LOCATION} is not a valid location reference`,
    ],
    'absolute-path': [
      'BAD_RESPONSE',
      ` ${quoted}: use a path relative to the catalog file (e.g. ./deploy/{env}) or a URL`,
    ],
    unresolvable: [
      'BAD_RESPONSE',
      ` ${quoted} cannot be resolved against the entity's location`,
    ],
    'unsupported-location': [
      'BAD_RESPONSE',
      ` ${quoted} cannot be resolved against a location of type '${target.locationType}'`,
    ],
    'invalid-url': ['BAD_RESPONSE', ` ${quoted} is not a valid URL`],
    'not-http': [
      'FORBIDDEN',
      ` ${quoted}: only http(s) URLs are read (local files are given as paths relative to the catalog file)`,
    ],
    credentials: [
      'FORBIDDEN',
      ': URLs must not contain credentials (configure an integration instead)',
    ],
  };
  const [reason, message] = messages[target.refusal];
  return new DesiredStateError(reason, `${ANNOTATION}${message}`);
}
