import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { preflightApiRef } from './api/PreflightApi';
import { PreflightClient } from './api/PreflightClient';
import { isPreflightAvailable } from './filters';

/** @alpha */
export const preflightApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: preflightApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PreflightClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const preflightDeployReadinessContent = EntityContentBlueprint.make({
  name: 'deploy-readiness',
  params: {
    path: '/deploy-readiness',
    title: 'Deploy readiness',
    filter: isPreflightAvailable,
    loader: () =>
      import('./components/DeployReadinessContent').then(m => (
        <m.DeployReadinessContent />
      )),
  },
});

/**
 * The Preflight plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'preflight',
  info: { packageJson: () => import('../package.json') },
  extensions: [preflightApi, preflightDeployReadinessContent],
});
