import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  ReadinessOverviewResponse,
  ReadinessOverviewRow,
} from '@preflight/plugin-preflight-common';
import { demoChecks, demoEnvironments, demoOverview } from '../../__fixtures__';
import { mockPreflightApi } from '../../__testUtils__';
import { preflightApiRef } from '../../api/PreflightApi';
import { ReadinessOverview, toEntityRef } from './ReadinessOverview';
import { PreflightPage } from './PreflightPage';

jest.setTimeout(30_000);

function setup(getOverview: jest.Mock = jest.fn(async () => demoOverview)) {
  const api = mockPreflightApi({
    getChecks: jest.fn(async () => demoChecks),
    getEnvironments: jest.fn(async () => demoEnvironments),
    getOverview,
  });
  return api;
}

async function render(
  api: ReturnType<typeof setup>,
  element = <ReadinessOverview />,
) {
  await renderInTestApp(
    <TestApiProvider apis={[[preflightApiRef, api]]}>
      {element}
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

function table() {
  return screen.getByRole('table', { name: 'Readiness of the catalog' });
}

/** A page of `total` rows, `count` of them in this page. */
function page(total: number, count: number): ReadinessOverviewResponse {
  const row = demoOverview.items[0];
  return {
    totalCount: total,
    counts: { ready: 0, 'not-ready': total, unknown: 0 },
    items: Array.from(
      { length: count },
      (_, i): ReadinessOverviewRow => ({
        ...row,
        name: `service-${i}`,
        entityRef: `component:default/service-${i}`,
      }),
    ),
  };
}

describe('ReadinessOverview', () => {
  it('shows the counts per verdict and the latest evaluation of every entity and environment', async () => {
    // The recorded fixture has fixed timestamps; one row is made two hours old so the
    // relative time is exact whatever day the test runs.
    const overview: ReadinessOverviewResponse = JSON.parse(
      JSON.stringify(demoOverview),
    );
    const paymentsProduction = overview.items.find(
      i => i.name === 'payments-api' && i.environment === 'production',
    )!;
    paymentsProduction.evaluatedAt = new Date(
      Date.now() - 2 * 3600_000,
    ).toISOString();
    const api = setup(jest.fn(async () => overview));
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of the catalog' });

    expect(api.getOverview).toHaveBeenCalledWith({}, { limit: 25, offset: 0 });
    expect(screen.getByTestId('count-ready')).toHaveTextContent('Ready7');
    expect(screen.getByTestId('count-not-ready')).toHaveTextContent(
      'Not ready5',
    );
    expect(screen.getByTestId('count-unknown')).toHaveTextContent('Unknown0');

    expect(within(table()).getAllByRole('row')).toHaveLength(
      demoOverview.items.length + 1,
    );
    const row = screen.getByTestId('row-payments-api-production');
    expect(
      within(row).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/deploy-readiness?environment=production',
    );
    expect(within(row).getByText('Production')).toBeInTheDocument();
    expect(within(row).getByText('Not ready')).toBeInTheDocument();
    expect(within(row).getByText('63')).toBeInTheDocument();
    // failing checks by title
    expect(within(row).getByText('Health checks')).toBeInTheDocument();
    expect(within(row).getByText('Environment parity')).toBeInTheDocument();
    expect(within(row).getByText('checkout-team')).toBeInTheDocument();
    expect(
      within(row).getByText('payments-api · shop · production'),
    ).toBeInTheDocument();
    expect(within(row).getByText('2 hours ago')).toBeInTheDocument();
  });

  it('sends the filters as the query', async () => {
    const api = setup();
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of the catalog' });

    await userEvent.selectOptions(
      screen.getByLabelText('Environment'),
      'production',
    );
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        { environment: 'production' },
        { limit: 25, offset: 0 },
      ),
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Failing check'),
      'Health checks',
    );
    await userEvent.selectOptions(
      screen.getByLabelText('Verdict'),
      'Not ready',
    );
    await userEvent.type(screen.getByLabelText('Owner'), 'checkout-team');
    await userEvent.type(screen.getByLabelText('System'), 'shop');
    await userEvent.type(screen.getByLabelText('Lifecycle'), 'production');
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        {
          environment: 'production',
          failingCheck: 'health-checks',
          verdict: 'not-ready',
          owner: 'group:default/checkout-team',
          system: 'system:default/shop',
          lifecycle: 'production',
        },
        { limit: 25, offset: 0 },
      ),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        {},
        { limit: 25, offset: 0 },
      ),
    );
  });

  it('filters by a verdict from its count, and back', async () => {
    const api = setup();
    await render(api);
    const notReady = await screen.findByTestId('count-not-ready');
    await userEvent.click(notReady);
    expect(notReady).toHaveAttribute('aria-pressed', 'true');
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        { verdict: 'not-ready' },
        { limit: 25, offset: 0 },
      ),
    );
    await userEvent.click(notReady);
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        {},
        { limit: 25, offset: 0 },
      ),
    );
  });

  it('pages on the server, and a new filter starts at the first page', async () => {
    const getOverview = jest.fn(async (_f, paging) =>
      page(60, paging?.offset === 50 ? 10 : 25),
    );
    const api = setup(getOverview);
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of the catalog' });
    expect(screen.getByText('1-25 of 60')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith(
        {},
        { limit: 25, offset: 25 },
      ),
    );
    expect(await screen.findByText('26-50 of 60')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Environment'), 'dev');
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith(
        { environment: 'dev' },
        { limit: 25, offset: 0 },
      ),
    );
  });

  it('changes the page size', async () => {
    const getOverview = jest.fn(async () => page(60, 25));
    const api = setup(getOverview);
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of the catalog' });
    await userEvent.click(
      screen.getByRole('button', { name: /Rows per page/ }),
    );
    await userEvent.click(screen.getByRole('option', { name: '50' }));
    await waitFor(() =>
      expect(getOverview).toHaveBeenLastCalledWith(
        {},
        { limit: 50, offset: 0 },
      ),
    );
  });

  it('explains an empty overview', async () => {
    const api = setup(
      jest.fn(async () => ({
        totalCount: 0,
        counts: { ready: 0, 'not-ready': 0, unknown: 0 },
        items: [],
      })),
    );
    await render(api);
    expect(await screen.findByText('No evaluations yet')).toBeInTheDocument();
  });

  it('says when nothing matches the filters', async () => {
    const getOverview = jest.fn(async (filters: object) =>
      Object.keys(filters).length
        ? { totalCount: 0, counts: demoOverview.counts, items: [] }
        : demoOverview,
    );
    const api = setup(getOverview);
    await render(api);
    await screen.findByRole('table', { name: 'Readiness of the catalog' });
    await userEvent.selectOptions(screen.getByLabelText('Verdict'), 'Unknown');
    expect(
      await screen.findByText(/No evaluation matches the filters/),
    ).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    const api = setup(
      jest.fn(async () => {
        throw new Error('overview unavailable');
      }),
    );
    await render(api);
    expect(
      (await screen.findAllByText(/overview unavailable/))[0],
    ).toBeVisible();
  });

  it('is the Preflight page of the legacy system, with its header', async () => {
    const api = setup();
    await render(api, <PreflightPage />);
    expect(
      await screen.findByRole('heading', { name: 'Preflight' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('table', { name: 'Readiness of the catalog' }),
    ).toBeInTheDocument();
  });
});

describe('toEntityRef', () => {
  it('completes names to entity refs the overview matches', () => {
    expect(toEntityRef('checkout-team', 'group')).toBe(
      'group:default/checkout-team',
    );
    expect(toEntityRef('ops/sre', 'group')).toBe('group:ops/sre');
    expect(toEntityRef(' user:default/jane ', 'group')).toBe(
      'user:default/jane',
    );
    expect(toEntityRef('shop', 'system')).toBe('system:default/shop');
  });
});
