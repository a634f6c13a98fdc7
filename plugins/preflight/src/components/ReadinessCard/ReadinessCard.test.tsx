import { screen, within } from '@testing-library/react';
import { demoEnvironments, paymentsApiReadiness } from '../../__fixtures__';
import {
  demoEntity,
  mockPreflightApi,
  renderWithEntity,
} from '../../__testUtils__';
import { ReadinessCard } from './ReadinessCard';

describe('ReadinessCard', () => {
  it('shows verdict, score and failing checks per environment, linking to the Deploy readiness tab', async () => {
    const api = mockPreflightApi({
      getEnvironments: jest.fn(async () => demoEnvironments),
      getEntityReadiness: jest.fn(async () => paymentsApiReadiness),
    });
    await renderWithEntity(<ReadinessCard />, { api });

    const table = await screen.findByRole('table', {
      name: 'Readiness per environment',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map(r => r.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'production',
    ]);
    const production = within(rows[2]);
    expect(production.getByText('Not ready')).toBeInTheDocument();
    expect(production.getByText('63')).toBeInTheDocument();
    expect(
      production.getByText('2 failing checks, 1 unknown'),
    ).toBeInTheDocument();
    expect(
      production.getByRole('link', { name: 'Production' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deploy-readiness?environment=production',
    );
    expect(within(rows[0]).getByText('Ready')).toBeInTheDocument();
    expect(
      within(rows[0]).getByText('0 failing checks, 1 unknown'),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('link', { name: /Open the checklist/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deploy-readiness',
    );
    expect(screen.getByText(/^evaluated /)).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const api = mockPreflightApi({
      getEnvironments: jest.fn(async () => demoEnvironments),
      getEntityReadiness: jest.fn(async () => {
        throw new Error('readiness unavailable');
      }),
    });
    await renderWithEntity(<ReadinessCard />, { api });
    expect(
      (await screen.findAllByText(/readiness unavailable/))[0],
    ).toBeVisible();
  });

  it('says when the entity is not set up', async () => {
    const api = mockPreflightApi();
    const entity = demoEntity('plain');
    entity.metadata.annotations = {};
    await renderWithEntity(<ReadinessCard />, { api, entity });
    expect(
      screen.getByText(/Preflight is not set up for this entity/),
    ).toBeInTheDocument();
    expect(api.getEntityReadiness).not.toHaveBeenCalled();
  });
});
