import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { preflightApiRef } from './api/PreflightApi';
import { PreflightClient } from './api/PreflightClient';
import { rootRouteRef } from './routes';

/**
 * The Preflight plugin for the legacy frontend system (`createApp` from
 * `@backstage/app-defaults`). For the new frontend system use `@preflight/plugin-preflight/alpha`.
 *
 * @public
 */
export const preflightPlugin = createPlugin({
  id: 'preflight',
  apis: [
    createApiFactory({
      api: preflightApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PreflightClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The "Deploy readiness" content for an `EntityLayout.Route` of the entity page.
 *
 * @public
 */
export const EntityDeployReadinessContent = preflightPlugin.provide(
  createRoutableExtension({
    name: 'EntityDeployReadinessContent',
    component: () =>
      import('./components/DeployReadinessContent').then(
        m => m.DeployReadinessContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The same content as a plain component, for custom layouts.
 *
 * @public
 */
export const DeployReadinessContentComponent = preflightPlugin.provide(
  createComponentExtension({
    name: 'DeployReadinessContentComponent',
    component: {
      lazy: () =>
        import('./components/DeployReadinessContent').then(
          m => m.DeployReadinessContent,
        ),
    },
  }),
);
