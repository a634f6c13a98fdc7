import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import { Content } from '@backstage/core-components';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import FlightTakeoff from '@material-ui/icons/FlightTakeoff';
import { preflightApiRef } from './api/PreflightApi';
import { PreflightClient } from './api/PreflightClient';
import { isPreflightAvailable } from './filters';
import { rootRouteRef } from './routes';

const pageRouteRef = convertLegacyRouteRef(rootRouteRef);

/**
 * The Preflight API (`api:preflight`).
 *
 * @alpha
 */
export const preflightApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: preflightApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PreflightClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Deploy readiness" entity content (`entity-content:preflight/deploy-readiness`).
 *
 * @alpha
 */
export const preflightDeployReadinessContent = EntityContentBlueprint.make({
  name: 'deploy-readiness',
  params: {
    path: '/deploy-readiness',
    title: 'Deploy readiness',
    filter: isPreflightAvailable,
    loader: () =>
      import('./components/DeployReadinessContent/DeployReadinessContent').then(
        m => <m.DeployReadinessContent />,
      ),
  },
});

/**
 * The "Environments" (parity) entity content (`entity-content:preflight/environments`).
 *
 * @alpha
 */
export const preflightEnvironmentsContent = EntityContentBlueprint.make({
  name: 'environments',
  params: {
    path: '/environments',
    title: 'Environments',
    filter: isPreflightAvailable,
    loader: () =>
      import('./components/EnvironmentsContent/EnvironmentsContent').then(m => (
        <m.EnvironmentsContent />
      )),
  },
});

/**
 * The readiness card of the entity overview (`entity-card:preflight/readiness`).
 *
 * @alpha
 */
export const preflightReadinessCard = EntityCardBlueprint.make({
  name: 'readiness',
  params: {
    filter: isPreflightAvailable,
    loader: () =>
      import('./components/ReadinessCard/ReadinessCard').then(m => (
        <m.ReadinessCard />
      )),
  },
});

/**
 * The `/preflight` page (`page:preflight`), with its nav item.
 *
 * @alpha
 */
export const preflightPage = PageBlueprint.make({
  params: {
    path: '/preflight',
    title: 'Preflight',
    icon: <FlightTakeoff fontSize="inherit" />,
    routeRef: pageRouteRef,
    loader: () =>
      import('./components/ReadinessOverview/ReadinessOverview').then(m => (
        <Content>
          <m.ReadinessOverview />
        </Content>
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
  title: 'Preflight',
  icon: <FlightTakeoff fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: pageRouteRef },
  extensions: [
    preflightApi,
    preflightDeployReadinessContent,
    preflightEnvironmentsContent,
    preflightReadinessCard,
    preflightPage,
  ],
});
