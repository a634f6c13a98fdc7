import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { preflightPermissions } from '@preflight/plugin-preflight-common';
import {
  preflightChecksExtensionPoint,
  preflightDesiredStateExtensionPoint,
  preflightKubernetesAuthExtensionPoint,
  type PreflightCheck,
  type PreflightDesiredStateSource,
} from '@preflight/plugin-preflight-node';
import { paritySettings } from './config/parity';
import { policySettings } from './config/policy';
import { readPreflightConfig } from './config/readPreflightConfig';
import { pluginSettings } from './config/settings';
import { CheckRegistry } from './service/CheckRegistry';
import { EnvironmentStateService } from './service/EnvironmentStateService';
import { jsonTextCache } from './service/jsonTextCache';
import { ConfigMapValues } from './service/configMapValues';
import { LiveStateSource } from './sources/live';
import { DesiredStateSource, DesiredStateSources } from './sources/desired';
import { ArgoCdDesiredStateSource } from './sources/desired/argocd';
import { createBuiltinChecks } from './readiness/checks';
import { createCiTestsCheck } from './readiness/ci';
import { OciRegistryVerifier } from './readiness/registry';
import { createRollbackPlanCheck } from './readiness/runbook';
import { ReadinessEngine } from './readiness/ReadinessEngine';
import { ReadinessService } from './readiness/ReadinessService';
import { ReadinessStore } from './readiness/ReadinessStore';
import { resolveCheckSettings } from './readiness/settings';
import { createRouter } from './router';

/**
 * The Preflight backend plugin: deploy readiness, environments and parity.
 *
 * @public
 */
export const preflightPlugin = createBackendPlugin({
  pluginId: 'preflight',
  register(env) {
    const added: PreflightCheck[] = [];
    env.registerExtensionPoint(preflightChecksExtensionPoint, {
      addCheck(...checks) {
        added.push(...checks);
      },
    });
    const addedSources: PreflightDesiredStateSource[] = [];
    env.registerExtensionPoint(preflightDesiredStateExtensionPoint, {
      addSource(...sources) {
        addedSources.push(...sources);
      },
    });
    // Checked by the live source (a built-in key stops the backend, naming it).
    const addedAuth: Array<[string, AuthenticationStrategy]> = [];
    env.registerExtensionPoint(preflightKubernetesAuthExtensionPoint, {
      addAuthStrategy(key, strategy) {
        addedAuth.push([key, strategy]);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger } = deps;
        // All of preflight.* is validated here by one schema: invalid configuration stops the
        // backend, with every invalid key named in the message.
        const preflight = readPreflightConfig(config);
        const environments = preflight.environments;
        const settings = pluginSettings(preflight);
        const parity = paritySettings(preflight.parity);
        const policy = policySettings(preflight.policy);
        // Resolves paths entities name (manifests, runbooks) against their url: locations.
        const integrations = ScmIntegrations.fromConfig(config);
        const checks = new CheckRegistry();
        checks.add(
          ...createBuiltinChecks({
            registry: OciRegistryVerifier.create(preflight, {
              logger,
              cache: deps.cache,
            }),
            parity: parity.environments,
            policy,
            extra: {
              ciTests: createCiTestsCheck({ config, logger }),
              rollbackPlan: createRollbackPlanCheck({
                urlReader: deps.urlReader,
                config,
                logger,
                integrations,
              }),
            },
          }),
          ...added,
        );
        // Check ids and thresholds depend on the checks registered (modules add some).
        const checkSettings = resolveCheckSettings(
          preflight.checks,
          config,
          checks.list(),
        );

        // Throws, naming the key, when argocd.* or preflight.argocd.* is invalid.
        const argocd = ArgoCdDesiredStateSource.fromConfig(config, { logger });
        const live = new LiveStateSource({
          config,
          logger,
          catalog: { catalog: deps.catalog, auth: deps.auth },
          moduleAuthStrategies: addedAuth,
        });
        // The watch cache's watches (preflight.live.watch) end with the plugin.
        deps.lifecycle.addShutdownHook(() => live.close());
        const states = new EnvironmentStateService({
          environments,
          sources: {
            live,
            desired: new DesiredStateSources({
              // Modules' sources first, then the built-in ones: Argo CD (when
              // argocd.appLocatorMethods names an instance), then preflight.dev/manifests.
              sources: [
                ...addedSources,
                ...(argocd ? [argocd] : []),
                new DesiredStateSource({
                  config,
                  logger,
                  urlReader: deps.urlReader,
                  integrations,
                }),
              ],
              logger,
              timeoutMs: preflight.desired.timeoutMs,
            }),
          },
          cache: jsonTextCache(deps.cache),
          logger,
          ttlMs: preflight.cache.ttlSeconds * 1000,
          configMapValues: new ConfigMapValues(
            preflight.configMaps.visibleKeys,
          ),
        });
        const store = await ReadinessStore.create(deps.database);
        const engine = new ReadinessEngine({
          checks: () => checks.list(),
          settings: checkSettings,
          states,
          waivers: store,
          logger,
        });
        const readiness = new ReadinessService({
          engine,
          store,
          states,
          logger,
          notifications: deps.notifications,
        });
        deps.permissionsRegistry.addPermissions(preflightPermissions);

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            permissions: deps.permissions,
            catalog: deps.catalog,
            environments,
            states,
            checks: () => checks.definitions(checkSettings),
            engine,
            readiness,
            store,
            maxWaiverDays: settings.maxWaiverDays,
            parity,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });

        if (settings.schedule) {
          await readiness.schedule({
            scheduler: deps.scheduler,
            schedule: settings.schedule,
            catalog: deps.catalog,
            auth: deps.auth,
            concurrency: settings.concurrency,
            shards: settings.shards,
            retentionDays: settings.retentionDays,
          });
        }
        logger.info(
          `Preflight promotion path: ${environments
            .map(e => e.name)
            .join(' → ')}; ${checks.list().length} checks`,
        );
      },
    });
  },
});
