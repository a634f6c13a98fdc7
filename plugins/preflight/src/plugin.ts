import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { preflightApiRef } from './api/PreflightApi';
import { PreflightClient } from './api/PreflightClient';
import {
  deployReadinessRouteRef,
  environmentsRouteRef,
  rootRouteRef,
} from './routes';

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
  routes: {
    root: rootRouteRef,
    deployReadiness: deployReadinessRouteRef,
    environments: environmentsRouteRef,
  },
});

/**
 * The "Deploy readiness" content, for an `EntityLayout.Route` with path `/deploy-readiness`.
 *
 * @public
 */
export const EntityDeployReadinessContent: () => JSX.Element =
  preflightPlugin.provide(
    createRoutableExtension({
      name: 'EntityDeployReadinessContent',
      component: () =>
        import(
          './components/DeployReadinessContent/DeployReadinessContent'
        ).then(m => m.DeployReadinessContent),
      mountPoint: deployReadinessRouteRef,
    }),
  );

/**
 * The "Environments" (parity) content, for an `EntityLayout.Route` with path `/environments`.
 *
 * @public
 */
export const EntityEnvironmentsContent: () => JSX.Element =
  preflightPlugin.provide(
    createRoutableExtension({
      name: 'EntityEnvironmentsContent',
      component: () =>
        import('./components/EnvironmentsContent/EnvironmentsContent').then(
          m => m.EnvironmentsContent,
        ),
      mountPoint: environmentsRouteRef,
    }),
  );

/**
 * The catalog-wide readiness page, for `<Route path="/preflight" element={<PreflightPage />} />`.
 *
 * @public
 */
export const PreflightPage: () => JSX.Element = preflightPlugin.provide(
  createRoutableExtension({
    name: 'PreflightPage',
    component: () =>
      import('./components/ReadinessOverview/PreflightPage').then(
        m => m.PreflightPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The readiness card for the entity overview (verdict, score and failing checks per
 * environment, linking to the Deploy readiness tab).
 *
 * @public
 */
export const EntityDeployReadinessCard: () => JSX.Element =
  preflightPlugin.provide(
    createComponentExtension({
      name: 'EntityDeployReadinessCard',
      component: {
        lazy: () =>
          import('./components/ReadinessCard/ReadinessCard').then(
            m => m.ReadinessCard,
          ),
      },
    }),
  );

/**
 * The Deploy readiness content as a plain component, for custom layouts.
 *
 * @public
 */
export const DeployReadinessContentComponent: () => JSX.Element =
  preflightPlugin.provide(
    createComponentExtension({
      name: 'DeployReadinessContentComponent',
      component: {
        lazy: () =>
          import(
            './components/DeployReadinessContent/DeployReadinessContent'
          ).then(m => m.DeployReadinessContent),
      },
    }),
  );
