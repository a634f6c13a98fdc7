import path from 'path';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  parseLocationRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  PREFLIGHT_ANNOTATIONS,
  type EnvironmentErrorReason,
  type PreflightEnvironment,
  type SourceState,
} from '@preflight/plugin-preflight-common';
import type { StateSource } from '../types';
import {
  classifyReaderError,
  DesiredStateError,
  ManifestsNotFoundError,
  safeErrorDetail,
} from './errors';
import {
  LocalManifestReader,
  MAX_MANIFEST_FILE_BYTES,
  MAX_MANIFEST_FILES,
  readLocalRoots,
} from './localFiles';
import {
  compareStrings,
  isManifestPath,
  MANIFEST_FILE_PATTERN,
  parseManifestFiles,
  type ManifestFile,
} from './parseManifests';

/** Options of {@link DesiredStateSource}. */
export interface DesiredStateSourceOptions {
  urlReader: UrlReaderService;
  config: Config;
  logger: LoggerService;
  /**
   * The directory relative `preflight.desired.localRoots` and `catalog.locations` targets are
   * resolved against. Defaults to `process.cwd()` (the backend's working directory).
   */
  workingDirectory?: string;
}

/** The placeholder substituted with the environment name. */
export const ENV_PLACEHOLDER = '{env}';
/** Annotation values longer than this are rejected. */
export const MAX_ANNOTATION_LENGTH = 2048;

const ANNOTATION = PREFLIGHT_ANNOTATIONS.manifests;
const ABSOLUTE_URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
// Control characters (NUL included) and backslashes are never part of a valid location.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
const ENVIRONMENT_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Target =
  | { kind: 'url'; url: string; singleFile: boolean }
  | { kind: 'local'; path: string };

/**
 * The desired state of an entity in an environment: the GitOps manifests located by the
 * `preflight.dev/manifests` annotation (with an `{env}` placeholder).
 *
 * - An absolute `http(s)` URL is read with the `UrlReaderService`: `readUrl` when it ends in
 *   `.yaml`/`.yml`, otherwise `readTree` (every `.yaml`/`.yml` file below it).
 * - A relative path is resolved against the entity's `backstage.io/managed-by-location`: a `url:`
 *   location is resolved as a URL and read as above; a `file:` location is read from the local
 *   filesystem, only inside `preflight.desired.localRoots` (default: the directories of the
 *   `catalog.locations` of type `file`). Absolute paths are accepted for `file:` entities only,
 *   inside those roots.
 *
 * Every failure is reported in the returned state, never thrown: `not-configured` (no annotation,
 * or the location does not exist), `not-deployed` (the location holds no objects), or `error` with
 * a typed reason. Objects are sanitized (`sanitizeObject`) before they are returned.
 */
export class DesiredStateSource implements StateSource {
  private readonly urlReader: UrlReaderService;
  private readonly logger: LoggerService;
  private readonly workingDirectory: string;
  private readonly local: LocalManifestReader;

  constructor(options: DesiredStateSourceOptions) {
    this.urlReader = options.urlReader;
    this.logger = options.logger;
    this.workingDirectory = path.resolve(
      options.workingDirectory ?? process.cwd(),
    );
    // Throws, naming the key, when preflight.desired.localRoots is invalid.
    const roots = readLocalRoots(
      options.config,
      this.workingDirectory,
      this.logger,
    );
    this.local = new LocalManifestReader(roots, this.logger);
    this.logger.info(
      roots.length > 0
        ? `Preflight desired state: local manifests may be read from ${roots
            .map(r => r.path)
            .join(', ')}`
        : 'Preflight desired state: reading local manifests is disabled (no local roots)',
    );
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<SourceState> {
    const { signal } = options;
    const value = entity.metadata.annotations?.[ANNOTATION]?.trim();
    if (!value) {
      return {
        status: 'not-configured',
        message: `The entity has no ${ANNOTATION} annotation`,
        objects: [],
        readAt: new Date().toISOString(),
      };
    }

    let location: string | undefined;
    try {
      const target = this.resolveTarget(entity, environment, value);
      let files: ManifestFile[];
      if (target.kind === 'url') {
        location = target.url;
        files = await this.readFromUrl(target.url, target.singleFile, signal);
      } else {
        location = this.local.displayLocation(target.path);
        const result = await this.local.read(target.path, value, signal);
        files = result.files;
      }

      const { objects, origins } = parseManifestFiles(files);
      const readAt = new Date().toISOString();
      if (objects.length === 0) {
        return {
          status: 'not-deployed',
          message: `No Kubernetes objects in the manifests at ${location}`,
          objects: [],
          location,
          readAt,
        };
      }
      return { status: 'ok', objects, origins, location, readAt };
    } catch (error) {
      const readAt = new Date().toISOString();
      if (error instanceof ManifestsNotFoundError) {
        return {
          status: 'not-configured',
          message: error.message,
          objects: [],
          location,
          readAt,
        };
      }
      if (error instanceof DesiredStateError) {
        return this.errorState(
          entity,
          environment,
          error.reason,
          error.message,
          location,
        );
      }
      // A defect, not a property of the manifests: logged in full, reported generically.
      this.logger.error(
        `Preflight desired state of ${stringifyEntityRef(entity)} in ${
          environment.name
        } failed unexpectedly`,
        error as Error,
      );
      return {
        status: 'error',
        error: {
          reason: 'BAD_RESPONSE',
          message:
            'The desired state could not be read (internal error, see the backend log)',
        },
        objects: [],
        location,
        readAt,
      };
    }
  }

  private errorState(
    entity: Entity,
    environment: PreflightEnvironment,
    reason: EnvironmentErrorReason,
    message: string,
    location: string | undefined,
  ): SourceState {
    const log = reason === 'FORBIDDEN' ? this.logger.warn : this.logger.info;
    log.call(
      this.logger,
      `Preflight desired state of ${stringifyEntityRef(entity)} in ${
        environment.name
      }: ${reason}: ${message}`,
    );
    return {
      status: 'error',
      error: { reason, message },
      objects: [],
      ...(location ? { location } : {}),
      readAt: new Date().toISOString(),
    };
  }

  /** Validates the annotation and turns it into a URL or an absolute local path. */
  private resolveTarget(
    entity: Entity,
    environment: PreflightEnvironment,
    value: string,
  ): Target {
    const quoted = JSON.stringify(value);
    if (value.length > MAX_ANNOTATION_LENGTH) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ANNOTATION} is longer than ${MAX_ANNOTATION_LENGTH} characters`,
      );
    }
    if (FORBIDDEN_CHARACTERS.test(value)) {
      throw new DesiredStateError(
        'FORBIDDEN',
        `${ANNOTATION} ${quoted} contains a backslash or a control character`,
      );
    }
    if (!value.includes(ENV_PLACEHOLDER)) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ANNOTATION} ${quoted} must contain the ${ENV_PLACEHOLDER} placeholder`,
      );
    }
    if (!ENVIRONMENT_NAME.test(environment.name)) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `Invalid environment name ${JSON.stringify(environment.name)}`,
      );
    }
    const resolved = value.split(ENV_PLACEHOLDER).join(environment.name);

    if (ABSOLUTE_URL.test(resolved)) {
      return this.urlTarget(resolved, quoted);
    }

    const locationRef = entity.metadata.annotations?.[ANNOTATION_LOCATION];
    if (!locationRef) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ANNOTATION} ${quoted} is a path, but the entity has no ${ANNOTATION_LOCATION} annotation to resolve it against`,
      );
    }
    let location: { type: string; target: string };
    try {
      location = parseLocationRef(locationRef);
    } catch {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ANNOTATION} ${quoted} cannot be resolved: the entity's ${ANNOTATION_LOCATION} is not a valid location reference`,
      );
    }

    if (location.type === 'url') {
      if (resolved.startsWith('/')) {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `${ANNOTATION} ${quoted}: use a path relative to the catalog file (e.g. ./deploy/{env}) or a URL`,
        );
      }
      let url: string;
      try {
        url = new URL(resolved, location.target).toString();
      } catch {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `${ANNOTATION} ${quoted} cannot be resolved against the entity's location`,
        );
      }
      return this.urlTarget(url, quoted);
    }

    if (location.type === 'file') {
      if (!this.local.hasRoots()) {
        throw new DesiredStateError(
          'FORBIDDEN',
          `${ANNOTATION} ${quoted} refers to local files, but reading local manifests is disabled (preflight.desired.localRoots is empty)`,
        );
      }
      const catalogFile = path.resolve(this.workingDirectory, location.target);
      return {
        kind: 'local',
        path: path.isAbsolute(resolved)
          ? path.resolve(resolved)
          : path.resolve(path.dirname(catalogFile), resolved),
      };
    }

    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${ANNOTATION} ${quoted} cannot be resolved against a location of type '${location.type}'`,
    );
  }

  private urlTarget(candidate: string, quoted: string): Target {
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ANNOTATION} ${quoted} is not a valid URL`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new DesiredStateError(
        'FORBIDDEN',
        `${ANNOTATION} ${quoted}: only http(s) URLs are read (local files are given as paths relative to the catalog file)`,
      );
    }
    if (url.username || url.password) {
      throw new DesiredStateError(
        'FORBIDDEN',
        `${ANNOTATION}: URLs must not contain credentials (configure an integration instead)`,
      );
    }
    return {
      kind: 'url',
      url: url.toString(),
      singleFile: MANIFEST_FILE_PATTERN.test(url.pathname),
    };
  }

  private async readFromUrl(
    url: string,
    singleFile: boolean,
    signal?: AbortSignal,
  ): Promise<ManifestFile[]> {
    const tooLarge = (file: string) =>
      new DesiredStateError(
        'BAD_RESPONSE',
        `${file} is larger than ${MAX_MANIFEST_FILE_BYTES} bytes (the limit per manifest file)`,
      );
    try {
      if (singleFile) {
        const response = await this.urlReader.readUrl(url, { signal });
        const content = await response.buffer();
        const name = fileName(url);
        if (content.length > MAX_MANIFEST_FILE_BYTES) throw tooLarge(name);
        return [{ path: name, content }];
      }

      const oversized: string[] = [];
      const tree = await this.urlReader.readTree(url, {
        signal,
        filter: (filePath, info) => {
          const normalized = normalizeTreePath(filePath);
          if (!isManifestPath(normalized)) return false;
          if (info && info.size > MAX_MANIFEST_FILE_BYTES) {
            oversized.push(normalized);
            return false;
          }
          return true;
        },
      });
      // Readers may ignore the filter: apply it again. Some apply it lazily, in files().
      const entries = (await tree.files())
        .map(file => ({ file, path: normalizeTreePath(file.path) }))
        .filter(entry => isManifestPath(entry.path))
        .sort((a, b) => compareStrings(a.path, b.path));
      if (oversized.length > 0) throw tooLarge(oversized.sort()[0]);
      if (entries.length > MAX_MANIFEST_FILES) {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `More than ${MAX_MANIFEST_FILES} manifest files (the limit per environment)`,
        );
      }
      const files: ManifestFile[] = [];
      for (const entry of entries) {
        const content = await entry.file.content();
        if (content.length > MAX_MANIFEST_FILE_BYTES) {
          throw tooLarge(entry.path);
        }
        files.push({ path: entry.path, content });
      }
      return files;
    } catch (error) {
      if (error instanceof DesiredStateError) throw error;
      const reason = classifyReaderError(error, signal);
      if (reason === 'not-found') throw new ManifestsNotFoundError(url);
      throw new DesiredStateError(
        reason,
        reason === 'TIMEOUT' && signal?.aborted
          ? `Reading the manifests at ${url} timed out`
          : `Could not read the manifests at ${url}: ${safeErrorDetail(error)}`,
      );
    }
  }
}

/** Tree paths are relative to the tree's URL; some readers prefix them with `/` or `./`. */
function normalizeTreePath(filePath: string): string {
  return filePath.replace(/^(\.?\/)+/, '');
}

function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
