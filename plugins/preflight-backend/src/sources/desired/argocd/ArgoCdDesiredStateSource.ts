import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type {
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type {
  DesiredStateReadOptions,
  PreflightDesiredStateSource,
} from '@preflight/plugin-preflight-node';
import { DesiredStateError } from '../errors';
import {
  ARGOCD_ANNOTATIONS,
  hasArgoCdAnnotations,
  quote,
  readArgoCdTarget,
  type ArgoCdTarget,
} from './annotations';
import { ArgoCdClient } from './ArgoCdClient';
import {
  ARGOCD_LOCATOR_KEY,
  readArgoCdSettings,
  type ArgoCdSettings,
} from './config';
import { deliveryStatusOf, parseArgoManifests, sourceTypeOf } from './delivery';
import { describeRule, mapApplicationToEnvironment } from './mapping';

/** Options of {@link ArgoCdDesiredStateSource}. */
export interface ArgoCdDesiredStateSourceOptions {
  /** The instances and settings, as {@link readArgoCdSettings} reads them; at least one instance. */
  settings: ArgoCdSettings;
  logger: LoggerService;
}

const MAX_NAMES_LISTED = 10;

/**
 * The desired state of an entity in an environment as Argo CD has it: the manifests it rendered
 * for the Application that maps to the environment (`GET /api/v1/applications/{name}/manifests`),
 * with what Argo CD says of it (sync, health, revisions, history) as `delivery`.
 *
 * The entity names its Applications with `argocd/app-name` (one Application) or
 * `argocd/app-selector` (a label selector, one list per instance and selector shared by every
 * environment), on the instance of `argocd/instance-name` (default: the first configured under
 * `argocd.appLocatorMethods`). Which Application is an environment's follows
 * `ARGOCD_ENVIRONMENT_MAPPING` (`mapping.ts`); none is `not-configured`, two are a `BAD_RESPONSE`.
 */
export class ArgoCdDesiredStateSource implements PreflightDesiredStateSource {
  readonly id = 'argocd';
  private readonly settings: ArgoCdSettings;
  private readonly clients: ArgoCdClient[];

  /**
   * The source for `argocd.appLocatorMethods` and `preflight.argocd`, or undefined when no Argo CD
   * instance is configured. Throws, naming the key, when the configuration is invalid.
   */
  static fromConfig(
    config: Config,
    options: { logger: LoggerService },
  ): ArgoCdDesiredStateSource | undefined {
    const settings = readArgoCdSettings(config);
    if (settings.instances.length === 0) return undefined;
    return new ArgoCdDesiredStateSource({ settings, logger: options.logger });
  }

  constructor(options: ArgoCdDesiredStateSourceOptions) {
    if (options.settings.instances.length === 0) {
      throw new Error(
        `Preflight: the Argo CD source needs at least one instance under ${ARGOCD_LOCATOR_KEY}`,
      );
    }
    this.settings = options.settings;
    this.clients = options.settings.instances.map(
      instance =>
        new ArgoCdClient(instance, {
          concurrency: options.settings.concurrency,
          logger: options.logger,
        }),
    );
    options.logger.info(
      `Preflight desired state: Argo CD instances ${this.clients
        .map(c => `'${c.instance.name}' (${c.instance.url})`)
        .join(', ')}; Applications map to environments by label ${
        this.settings.environmentLabel
      }, destination namespace, or name suffix`,
    );
  }

  /** Serves every entity with `argocd/app-name` or `argocd/app-selector`. */
  serves(entity: Entity, _environment?: PreflightEnvironment): boolean {
    try {
      return hasArgoCdAnnotations(entity);
    } catch {
      return false;
    }
  }

  async read(
    entity: Entity,
    environment: PreflightEnvironment,
    options: DesiredStateReadOptions,
  ): Promise<SourceState> {
    const { signal } = options;
    const target = readArgoCdTarget(entity);
    const client = this.clientFor(target);
    const instance = client.instance;
    const subject =
      target.kind === 'name'
        ? `${ARGOCD_ANNOTATIONS.appName} ${quote(target.name)}`
        : `${ARGOCD_ANNOTATIONS.appSelector} ${quote(target.selector)}`;

    const applications =
      target.kind === 'name'
        ? [await client.getApplication(target.name, signal)]
        : await client.listApplications(target.selector, signal);
    const label = this.settings.environmentLabel;
    const mapping = mapApplicationToEnvironment(
      applications,
      environment,
      label,
    );

    if (mapping.kind === 'none') {
      const names = applications.map(a => a.metadata?.name ?? '').sort();
      const found =
        names.length === 0
          ? 'it matches no Application'
          : `found ${names.slice(0, MAX_NAMES_LISTED).join(', ')}${
              names.length > MAX_NAMES_LISTED
                ? ` and ${names.length - MAX_NAMES_LISTED} more`
                : ''
            }`;
      return {
        status: 'not-configured',
        message: `No Argo CD Application of ${subject} maps to ${environment.name} (by ${mapping.tried}; ${found} on instance '${instance.name}')`,
        objects: [],
        location: `Argo CD ${instance.name}`,
      };
    }
    if (mapping.kind === 'ambiguous') {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `Several Argo CD Applications of ${subject} map to ${
          environment.name
        } by ${describeRule(mapping.rule, environment, label)}: ${mapping.names
          .slice(0, MAX_NAMES_LISTED)
          .join(', ')}; make only one match (e.g. label ${label}=${
          environment.name
        } on one of them)`,
      );
    }

    const application = mapping.application;
    const name = application.metadata?.name ?? '';
    const location = `Argo CD ${instance.name}: application ${name}`;
    const response = await client.getManifests(name, signal);
    const objects = parseArgoManifests(response, `Argo CD application ${name}`);
    const delivery = deliveryStatusOf(application, instance.url);
    const version = sourceTypeOf(application, response);
    const revision =
      typeof response.revision === 'string' && response.revision
        ? response.revision
        : delivery.targetRevision;

    return {
      status: objects.length > 0 ? 'ok' : 'not-deployed',
      ...(objects.length === 0
        ? { message: `Argo CD application ${name} renders no objects` }
        : {}),
      objects,
      origins: objects.map(() => ({ source: 'desired' as const, location })),
      location,
      renderer: {
        name: 'argocd',
        ...(version ? { version } : {}),
        ...(revision ? { revision } : {}),
      },
      delivery,
    };
  }

  private clientFor(target: ArgoCdTarget): ArgoCdClient {
    if (target.instanceName === undefined) return this.clients[0];
    const found = this.clients.find(
      c => c.instance.name === target.instanceName,
    );
    if (!found) {
      throw new DesiredStateError(
        'NOT_FOUND',
        `Argo CD instance ${quote(target.instanceName)} (${
          ARGOCD_ANNOTATIONS.instanceName
        }) is not configured under ${ARGOCD_LOCATOR_KEY} (configured: ${this.clients
          .map(c => c.instance.name)
          .join(', ')})`,
      );
    }
    return found;
  }
}
