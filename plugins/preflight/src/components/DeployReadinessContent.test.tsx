import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import { preflightApiRef, type PreflightApi } from '../api/PreflightApi';
import { DeployReadinessContent } from './DeployReadinessContent';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

function render(api: Partial<PreflightApi>) {
  return renderInTestApp(
    <TestApiProvider apis={[[preflightApiRef, api]]}>
      <EntityProvider entity={entity}>
        <DeployReadinessContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('DeployReadinessContent', () => {
  it('shows each environment of the promotion path and where its state comes from', async () => {
    const getEntityEnvironments = jest.fn().mockResolvedValue({
      entityRef: 'component:default/checkout-api',
      environments: [
        {
          environment: { name: 'dev', title: 'Development' },
          live: {
            status: 'not-configured',
            message: 'no cluster for dev',
            objects: [],
          },
          desired: {
            status: 'ok',
            location: 'examples/deploy/checkout-api/dev',
            objects: [
              {
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                metadata: { name: 'a' },
              },
              { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } },
            ],
          },
        },
        {
          environment: {
            name: 'production',
            title: 'Production',
            cluster: 'prod',
          },
          live: {
            status: 'error',
            error: { reason: 'FORBIDDEN', message: 'deployments is forbidden' },
            objects: [],
          },
          desired: { status: 'not-deployed', objects: [] },
        },
      ],
    });
    await render({ getEntityEnvironments });

    expect(getEntityEnvironments).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
    expect(await screen.findByText('Development')).toBeInTheDocument();
    expect(screen.getByText('2 objects')).toBeInTheDocument();
    expect(
      screen.getByText('examples/deploy/checkout-api/dev'),
    ).toBeInTheDocument();
    expect(screen.getByText('Not configured')).toBeInTheDocument();
    // an environment in error says so, with its typed reason — it is not shown as empty
    expect(screen.getByText('Error: Forbidden')).toBeInTheDocument();
    expect(screen.getByText('deployments is forbidden')).toBeInTheDocument();
    expect(screen.getByText('Not deployed')).toBeInTheDocument();
  });

  it('shows the backend error instead of an empty table', async () => {
    await render({
      getEntityEnvironments: jest
        .fn()
        .mockRejectedValue(new Error('Preflight backend unavailable')),
    });
    const messages = await screen.findAllByText(
      /Preflight backend unavailable/,
    );
    expect(messages[0]).toBeVisible();
    expect(screen.queryByText('Development')).not.toBeInTheDocument();
  });

  it('explains an empty promotion path', async () => {
    await render({
      getEntityEnvironments: jest.fn().mockResolvedValue({
        entityRef: 'component:default/checkout-api',
        environments: [],
      }),
    });
    expect(await screen.findByText('No environments')).toBeInTheDocument();
  });
});
