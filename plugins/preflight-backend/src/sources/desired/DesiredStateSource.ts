import path from 'path';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  ScmIntegrations,
  type ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  PREFLIGHT_ANNOTATIONS,
  type EnvironmentErrorReason,
  type ObjectOrigin,
  type PreflightEnvironment,
  type SourceState,
} from '@preflight/plugin-preflight-common';
import type { PreflightDesiredStateSource } from '@preflight/plugin-preflight-node';
import type { StateSource } from '../types';
import { readDesiredTimeoutMs } from './DesiredStateSources';
import { DesiredStateError, ManifestsNotFoundError } from './errors';
import { LocalManifestReader, readLocalRoots } from './localFiles';
import { parseManifestFiles } from './parseManifests';
import { readManifestsFromUrl } from './urlFiles';
import { readKustomizeSettings } from './kustomize/config';
import {
  KustomizeRenderer,
  type RendererInfo,
} from './kustomize/KustomizeRenderer';
import { KUSTOMIZATION_FILES } from './kustomize/references';
import {
  helmChartError,
  layoutOf,
  localLayout,
  renderLocalOverlay,
  renderTreeOverlay,
} from './kustomize/renderDesired';
import { withDeadline } from '../../util/deadline';
import { resolveManifestsTarget } from './manifestsTarget';

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
  /**
   * The SCM integrations, which resolve relative paths against `url:` locations; defaults to
   * those of `config` (`integrations.*`).
   */
  integrations?: ScmIntegrationRegistry;
  /** Builds Kustomize overlays; defaults to one configured by `preflight.desired.kustomize`. */
  kustomize?: KustomizeRenderer;
}

export { ENV_PLACEHOLDER, MAX_ANNOTATION_LENGTH } from './manifestsTarget';

const ANNOTATION = PREFLIGHT_ANNOTATIONS.manifests;

/**
 * The desired state of an entity in an environment: the GitOps manifests located by the
 * `preflight.dev/manifests` annotation (with an `{env}` placeholder).
 *
 * - An absolute `http(s)` URL is read with the `UrlReaderService`: `readUrl` when it ends in
 *   `.yaml`/`.yml`, otherwise `readTree` (every `.yaml`/`.yml` file below it).
 * - A relative path is resolved against the entity's `backstage.io/managed-by-location`: a `url:`
 *   location is resolved by the SCM integrations (`resolveUrl`) and read as above; a `file:`
 *   location is read from the local filesystem, only inside `preflight.desired.localRoots`
 *   (default: the directories of the `catalog.locations` of type `file`). Absolute paths are
 *   accepted for `file:` entities only, inside those roots.
 *
 * Every failure is reported in the returned state, never thrown: `not-configured` (no annotation,
 * or the location does not exist), `not-deployed` (the location holds no objects), or `error` with
 * a typed reason. Objects are sanitized (`sanitizeObject`) before they are returned.
 */
export class DesiredStateSource
  implements StateSource, PreflightDesiredStateSource
{
  readonly id = 'manifests';
  private readonly urlReader: UrlReaderService;
  private readonly logger: LoggerService;
  private readonly workingDirectory: string;
  private readonly integrations: ScmIntegrationRegistry;
  private readonly local: LocalManifestReader;
  private readonly kustomize: KustomizeRenderer;
  private readonly timeoutMs: number;

  constructor(options: DesiredStateSourceOptions) {
    this.urlReader = options.urlReader;
    this.logger = options.logger;
    this.workingDirectory = path.resolve(
      options.workingDirectory ?? process.cwd(),
    );
    this.integrations =
      options.integrations ?? ScmIntegrations.fromConfig(options.config);
    // Throws, naming the key, when preflight.desired.localRoots is invalid.
    const roots = readLocalRoots(
      options.config,
      this.workingDirectory,
      this.logger,
    );
    this.local = new LocalManifestReader(roots, this.logger);
    this.timeoutMs = readDesiredTimeoutMs(options.config);
    // Throws, naming the key, when preflight.desired.kustomize is invalid.
    this.kustomize =
      options.kustomize ??
      new KustomizeRenderer(readKustomizeSettings(options.config));
    void this.kustomize
      .resolveExecutable()
      .then(found =>
        this.logger.info(
          found
            ? `Preflight desired state: Kustomize overlays are built with ${found.path}`
            : 'Preflight desired state: no kustomize or kubectl on PATH; Kustomize overlays will be reported as RENDERER_MISSING (see preflight.desired.kustomize.command)',
        ),
      );
    this.logger.info(
      roots.length > 0
        ? `Preflight desired state: local manifests may be read from ${roots
            .map(r => r.path)
            .join(', ')}`
        : 'Preflight desired state: reading local manifests is disabled (no local roots)',
    );
  }

  /** Serves every entity with a `preflight.dev/manifests` annotation. */
  serves(entity: Entity): boolean {
    return Boolean(entity.metadata.annotations?.[ANNOTATION]?.trim());
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: { signal?: AbortSignal } = {},
  ): Promise<SourceState> {
    const value = entity.metadata.annotations?.[ANNOTATION]?.trim();
    if (!value) {
      return {
        status: 'not-configured',
        message: `The entity has no ${ANNOTATION} annotation`,
        objects: [],
        readAt: new Date().toISOString(),
      };
    }
    // Every read has a deadline (preflight.desired.timeoutMs), whatever the caller passes; made
    // only for a read (a catalog-wide run asks about every entity, most without manifests).
    const signal = withDeadline(options.signal, this.timeoutMs);

    let location: string | undefined;
    let renderer: RendererInfo | undefined;
    const setRenderer = (info: RendererInfo) => {
      renderer = info;
    };
    try {
      const target = resolveManifestsTarget(entity, environment, value, {
        integrations: this.integrations,
        workingDirectory: this.workingDirectory,
        hasLocalRoots: this.local.hasRoots(),
      });
      let parsed: { objects: SourceState['objects']; origins: ObjectOrigin[] };
      if (target.kind === 'url') {
        location = target.url;
        const files = await readManifestsFromUrl(
          this.urlReader,
          target.url,
          target.singleFile,
          signal,
        );
        const layout = target.singleFile
          ? 'plain'
          : layoutOf(files.map(f => f.path));
        if (layout === 'helm-chart') throw helmChartError(location);
        if (layout === 'kustomize') {
          const base =
            target.base && target.url.startsWith(target.base)
              ? target.base
              : target.url;
          parsed = await renderTreeOverlay(
            this.urlReader,
            this.kustomize,
            base,
            decodeURIComponent(target.url.slice(base.length)) || '.',
            location,
            signal,
            setRenderer,
          );
        } else {
          renderer = { name: 'yaml' };
          parsed = await parseManifestFiles(
            files.filter(f => !KUSTOMIZATION_FILES.includes(f.path)),
          );
        }
      } else {
        location = this.local.displayLocation(target.path);
        parsed = await this.readLocal(
          target.path,
          value,
          location,
          signal,
          setRenderer,
        );
      }

      const { objects, origins } = parsed;
      const readAt = new Date().toISOString();
      const shown = renderer ? { renderer } : {};
      if (objects.length === 0) {
        return {
          status: 'not-deployed',
          message: `No Kubernetes objects in the manifests at ${location}`,
          objects: [],
          location,
          readAt,
          ...shown,
        };
      }
      return { status: 'ok', objects, origins, location, readAt, ...shown };
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
        return {
          ...this.errorState(
            entity,
            environment,
            error.reason,
            error.message,
            location,
          ),
          ...(renderer ? { renderer } : {}),
        };
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

  /** A local directory or file: a Kustomize overlay is built, plain YAML files are parsed. */
  private async readLocal(
    target: string,
    annotation: string,
    location: string | undefined,
    signal: AbortSignal | undefined,
    setRenderer: (info: RendererInfo) => void,
  ) {
    const layout = await localLayout(target);
    if (layout === 'plain') {
      const result = await this.local.read(target, annotation, signal);
      setRenderer({ name: 'yaml' });
      return await parseManifestFiles(result.files);
    }
    // Validates the path against the roots (links included) before anything is built.
    const root = await this.local.realRootOf(target, annotation);
    if (layout === 'helm-chart') throw helmChartError(location);
    return renderLocalOverlay(
      this.kustomize,
      root,
      target,
      location ?? 'the overlay',
      signal,
      setRenderer,
    );
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
}
