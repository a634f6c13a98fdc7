import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import * as index from './index';
import {
  EntityDeployReadinessCard,
  EntityDeployReadinessContent,
  EntityEnvironmentsContent,
  PreflightPage,
  preflightPlugin,
} from './index';
import { preflightApiRef } from './api/PreflightApi';
import {
  deployReadinessRouteRef,
  environmentsRouteRef,
  rootRouteRef,
} from './routes';
import {
  catalogWebParity,
  demoChecks,
  demoEnvironments,
  demoOverview,
  paymentsApiEnvironments,
  paymentsApiReadiness,
} from './__fixtures__';
import { demoEntity, mockPreflightApi } from './__testUtils__';

jest.setTimeout(30_000);

const api = mockPreflightApi({
  getEntityEnvironments: jest.fn(async () => paymentsApiEnvironments),
  getEntityReadiness: jest.fn(async () => paymentsApiReadiness),
  getEntityParity: jest.fn(async () => catalogWebParity),
  getEnvironments: jest.fn(async () => demoEnvironments),
  getChecks: jest.fn(async () => demoChecks),
  getOverview: jest.fn(async () => demoOverview),
});

/**
 * Renders a routable extension the way an app does: as the element of a route, whose path the
 * app binds to the extension's mount point.
 */
async function render(element: JSX.Element, path: string) {
  await renderInTestApp(
    <TestApiProvider apis={[[preflightApiRef, api]]}>
      <EntityProvider entity={demoEntity()}>
        <Routes>
          <Route path={path} element={element} />
        </Routes>
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      routeEntries: [path],
    },
  );
}

describe('legacy frontend system plugin', () => {
  it('exports the plugin, its extensions and the entity filter', () => {
    expect(preflightPlugin.getId()).toBe('preflight');
    expect(preflightPlugin.routes).toEqual({
      root: rootRouteRef,
      deployReadiness: deployReadinessRouteRef,
      environments: environmentsRouteRef,
    });
    expect(Array.from(preflightPlugin.getApis()).map(a => a.api.id)).toEqual([
      preflightApiRef.id,
    ]);
    expect(Object.keys(index).sort()).toEqual(
      [
        'DeployReadinessContentComponent',
        'EntityDeployReadinessCard',
        'EntityDeployReadinessContent',
        'EntityEnvironmentsContent',
        'PreflightClient',
        'PreflightPage',
        'deployReadinessRouteRef',
        'environmentsRouteRef',
        'isPreflightAvailable',
        'preflightApiRef',
        'preflightPlugin',
        'rootRouteRef',
      ].sort(),
    );
  });

  it('renders EntityDeployReadinessContent inside an EntityProvider', async () => {
    await render(<EntityDeployReadinessContent />, '/deploy-readiness');
    expect(
      await screen.findByRole(
        'tab',
        { name: /Production/ },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('renders EntityEnvironmentsContent inside an EntityProvider', async () => {
    await render(<EntityEnvironmentsContent />, '/environments');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Parity matrix' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('renders EntityDeployReadinessCard inside an EntityProvider', async () => {
    await render(<EntityDeployReadinessCard />, '/');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Readiness per environment' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('renders PreflightPage with its header', async () => {
    await render(<PreflightPage />, '/preflight');
    expect(
      await screen.findByRole(
        'table',
        { name: 'Readiness of the catalog' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Preflight' }),
    ).toBeInTheDocument();
  });
});
