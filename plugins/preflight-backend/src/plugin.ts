import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { preflightPermissions } from '@preflight/plugin-preflight-common';
import { preflightChecksExtensionPoint } from '@preflight/plugin-preflight-node';
import { CheckRegistry } from './service/CheckRegistry';
import { readEnvironments } from './config/environments';
import { EnvironmentService } from './service/EnvironmentService';
import { createRouter } from './router';

/**
 * The Preflight backend plugin: deploy readiness, environments and parity.
 *
 * @public
 */
export const preflightPlugin = createBackendPlugin({
  pluginId: 'preflight',
  register(env) {
    const checks = new CheckRegistry();
    env.registerExtensionPoint(preflightChecksExtensionPoint, {
      addCheck(...added) {
        checks.add(...added);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        // Invalid configuration stops the backend here, with the key in the message.
        const environments = new EnvironmentService(
          readEnvironments(deps.config),
        );
        deps.permissionsRegistry.addPermissions(preflightPermissions);

        deps.httpRouter.use(
          await createRouter({
            auth: deps.auth,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            environments,
            checks,
          }),
        );
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        deps.logger.info(
          `Preflight promotion path: ${environments
            .list()
            .map(e => e.name)
            .join(' → ')}`,
        );
      },
    });
  },
});
