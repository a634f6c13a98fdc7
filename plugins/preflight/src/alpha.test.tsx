import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import plugin, { preflightDeployReadinessContent } from './alpha';
import { preflightApiRef } from './api/PreflightApi';

const annotated = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    annotations: { 'preflight.dev/manifests': './deploy/{env}' },
  },
  spec: {},
};

describe('new frontend system plugin', () => {
  it('provides the Deploy readiness entity content at /deploy-readiness', () => {
    const tester = createExtensionTester(preflightDeployReadinessContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/deploy-readiness');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Deploy readiness',
    );
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(annotated)).toBe(true);
    expect(filter({ ...annotated, metadata: { name: 'plain' } })).toBe(false);
  });

  it('renders the content through the API from the plugin', async () => {
    const getEntityEnvironments = jest.fn().mockResolvedValue({
      entityRef: 'component:default/checkout-api',
      environments: [
        {
          environment: { name: 'staging', title: 'Staging' },
          live: { status: 'not-configured', objects: [] },
          desired: { status: 'not-configured', objects: [] },
        },
      ],
    });
    const tester = createExtensionTester(preflightDeployReadinessContent);
    await renderInTestApp(
      <EntityProvider entity={annotated}>
        {tester.reactElement()}
      </EntityProvider>,
      { apis: [[preflightApiRef, { getEntityEnvironments }]] },
    );
    expect(await screen.findByText('Staging')).toBeInTheDocument();
  });

  it('is the preflight plugin with its API and entity content', () => {
    expect(plugin.id).toBe('preflight');
  });
});
