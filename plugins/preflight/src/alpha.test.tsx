import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import plugin, {
  preflightDeployReadinessContent,
  preflightEnvironmentsContent,
  preflightPage,
  preflightReadinessCard,
} from './alpha';
import { preflightApiRef } from './api/PreflightApi';
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

const annotated = demoEntity();
const plain = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'plain' },
  spec: {},
};
const kubernetesOnly = {
  ...plain,
  metadata: {
    name: 'k8s',
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=k8s' },
  },
};

const api = mockPreflightApi({
  getEntityEnvironments: jest.fn(async () => paymentsApiEnvironments),
  getEntityReadiness: jest.fn(async () => paymentsApiReadiness),
  getEntityParity: jest.fn(async () => catalogWebParity),
  getEnvironments: jest.fn(async () => demoEnvironments),
  getChecks: jest.fn(async () => demoChecks),
  getOverview: jest.fn(async () => demoOverview),
});

const entityRoutes = {
  '/catalog/:namespace/:kind/:name': convertLegacyRouteRef(entityRouteRef),
};

describe('new frontend system plugin', () => {
  it('is the preflight plugin with all its extensions, under the documented ids', () => {
    expect(plugin.id).toBe('preflight');
    expect(plugin.getExtension('api:preflight')).toBeDefined();
    expect(
      plugin.getExtension('entity-content:preflight/deploy-readiness'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-content:preflight/environments'),
    ).toBeDefined();
    expect(
      plugin.getExtension('entity-card:preflight/readiness'),
    ).toBeDefined();
    expect(plugin.getExtension('page:preflight')).toBeDefined();
    expect(plugin.routes.root).toBeDefined();
  });

  it('provides the Deploy readiness entity content at /deploy-readiness, for entities Preflight can read', () => {
    const tester = createExtensionTester(preflightDeployReadinessContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/deploy-readiness');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deploy readiness',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(kubernetesOnly)).toBe(true);
    expect(filter(plain)).toBe(false);
  });

  it('provides the Environments entity content at /environments', () => {
    const tester = createExtensionTester(preflightEnvironmentsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/environments');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Environments',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(plain)).toBe(false);
  });

  it('provides the readiness card for entities Preflight can read', () => {
    const tester = createExtensionTester(preflightReadinessCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter(plain)).toBe(false);
  });

  it('provides the /preflight page titled Preflight, with a route for its nav item', () => {
    const tester = createExtensionTester(preflightPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/preflight');
    expect(tester.get(coreExtensionData.title)).toBe('Preflight');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBe(plugin.routes.root);
  });

  it('renders the Deploy readiness content through the API', async () => {
    const tester = createExtensionTester(preflightDeployReadinessContent);
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[preflightApiRef, api]] },
    );
    expect(
      await screen.findByRole(
        'tab',
        { name: /Production/ },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Re-evaluate' })).toBeEnabled();
  });

  it('renders the Environments content through the API', async () => {
    const tester = createExtensionTester(preflightEnvironmentsContent);
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[preflightApiRef, api]] },
    );
    expect(
      await screen.findByRole(
        'table',
        { name: 'Parity matrix' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  });

  it('renders the card with links to the Deploy readiness tab', async () => {
    const tester = createExtensionTester(preflightReadinessCard);
    renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[preflightApiRef, api]], mountedRoutes: entityRoutes },
    );
    expect(
      await screen.findByRole(
        'link',
        { name: 'Production' },
        { timeout: 10_000 },
      ),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deploy-readiness?environment=production',
    );
  });

  it('renders the page with the overview', async () => {
    const tester = createExtensionTester(preflightPage);
    renderInTestApp(tester.reactElement(), {
      apis: [[preflightApiRef, api]],
      mountedRoutes: entityRoutes,
    });
    expect(
      await screen.findByRole(
        'table',
        { name: 'Readiness of the catalog' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    // the title of the page header drawn by the app's page layout
    expect(
      screen.getByRole('heading', { name: 'Preflight' }),
    ).toBeInTheDocument();
  });
});
