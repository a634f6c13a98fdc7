import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { EntityParityResponse } from '@preflight/plugin-preflight-common';
import { catalogWebParity } from '../../__fixtures__';
import {
  demoEntity,
  mockPreflightApi,
  renderWithEntity,
} from '../../__testUtils__';
import {
  imageValue,
  imagePromotion,
  parityReport,
  parityResponse,
} from '../../__testUtils__/parity';
import { EnvironmentsContent } from './EnvironmentsContent';

jest.setTimeout(30_000);

const entity = demoEntity('catalog-web');
const ref = { kind: 'Component', namespace: 'default', name: 'catalog-web' };

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

async function render(parity: EntityParityResponse | Error) {
  const api = mockPreflightApi({
    getEntityParity: jest.fn(() =>
      parity instanceof Error
        ? Promise.reject(parity)
        : Promise.resolve(parity),
    ),
  });
  await renderWithEntity(<EnvironmentsContent />, { api, entity });
  return api;
}

function matrix() {
  return screen.getByRole('table', { name: 'Parity matrix' });
}

/** The value cells of a matrix row, in column order. */
function valueCells(row: HTMLElement) {
  return Array.from(row.querySelectorAll('td[data-environment]'));
}

/** The rows of the matrix with the given label. */
function rowsLabelled(label: string) {
  return within(matrix())
    .queryAllByText(label, { selector: 'th span span' })
    .map(el => el.closest('tr')!);
}

describe('EnvironmentsContent', () => {
  it('compares the desired state when no cluster could be read, columns in promotion order', async () => {
    const api = await render(catalogWebParity);
    expect(api.getEntityParity).toHaveBeenCalledWith(ref);
    expect(
      await screen.findByRole('button', { name: 'Desired' }),
    ).toHaveAttribute('aria-pressed', 'true');
    const headers = within(matrix())
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    // each column names its environment, then where its desired state was read
    expect(headers).toEqual([
      'Attribute',
      'Developmentdesired: plain YAML at examples/deploy/catalog-web/dev',
      'Stagingdesired: plain YAML at examples/deploy/catalog-web/staging',
      'Productiondesired: plain YAML at examples/deploy/catalog-web/production',
    ]);
  });

  it('says under each environment how its desired state was rendered', async () => {
    const parity = clone(catalogWebParity);
    parity.desired.environments = parity.desired.environments.map(e => ({
      ...e,
      source: {
        location: `deploy/catalog-web/overlays/${e.name}`,
        renderer: { name: 'kustomize', version: 'v5.5.0' },
      },
    }));
    await render(parity);
    await screen.findByRole('table', { name: 'Parity matrix' });
    for (const name of ['dev', 'staging', 'production']) {
      expect(screen.getByTestId(`desired-source-${name}`)).toHaveTextContent(
        `desired: kustomize build (v5.5.0) of deploy/catalog-web/overlays/${name}`,
      );
    }
  });

  it('shows the sync and health Argo CD reports for each environment, problems in the error colour', async () => {
    const parity = clone(catalogWebParity);
    const sha = '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098';
    parity.desired.environments = parity.desired.environments.map(e => ({
      ...e,
      source: {
        location: `Argo CD main: application catalog-web-${e.name}`,
        renderer: { name: 'argocd', version: 'Kustomize', revision: sha },
        delivery: {
          tool: 'argocd',
          name: `Application catalog-web-${e.name}`,
          sync: e.name === 'production' ? 'out-of-sync' : 'synced',
          health: 'healthy',
          targetRevision: sha,
        },
      },
    }));
    await render(parity);
    await screen.findByRole('table', { name: 'Parity matrix' });
    expect(screen.getByTestId('desired-source-dev')).toHaveTextContent(
      'desired: Argo CD (Kustomize, 4f1c2a9b8e7d) of Argo CD main: application catalog-web-dev',
    );
    expect(screen.getByTestId('delivery-staging')).toHaveTextContent(
      'Argo CD Application catalog-web-staging: synced, healthy at 4f1c2a9b8e7d',
    );
    const production = screen.getByTestId('delivery-production');
    expect(production).toHaveTextContent(
      'Argo CD Application catalog-web-production: out-of-sync, healthy',
    );
    expect(production.className).toMatch(/colorError/);
    expect(screen.getByTestId('delivery-staging').className).not.toMatch(
      /colorError/,
    );
  });

  it('highlights drift with its reason and mutes expected differences', async () => {
    await render(catalogWebParity);
    await screen.findByRole('table', { name: 'Parity matrix' });

    const [drift] = rowsLabelled('Env FEATURE_FLAGS_URL');
    expect(drift).toHaveAttribute('data-classification', 'drift');
    // the drift style (error-coloured left border) is applied to the row
    expect(drift.className).toMatch(/driftRow/);
    expect(within(drift).getByText('Drift')).toBeInTheDocument();
    expect(
      within(drift).getByText('present in staging, missing in production'),
    ).toBeInTheDocument();
    const cells = valueCells(drift);
    expect(cells[0]).toHaveTextContent(
      'configMapKeyRef catalog-web-config/FEATURE_FLAGS_URL',
    );
    // absent in production
    expect(cells[2]).toHaveTextContent('—');

    const [expected] = rowsLabelled('Env value LOG_LEVEL');
    expect(expected).toHaveAttribute('data-classification', 'expected');
    expect(expected.className).toMatch(/expectedRow/);
    expect(within(expected).getByText('Expected')).toBeInTheDocument();
    expect(within(expected).queryByText('Drift')).not.toBeInTheDocument();
    expect(valueCells(expected).map(c => c.textContent)).toEqual([
      'debug',
      'info',
      'warn',
    ]);

    // grouped by category, then by object and container
    expect(within(matrix()).getByText('Environment variables')).toBeVisible();
    expect(
      within(matrix()).getAllByText(
        'Deployment catalog-web › container catalog-web',
      ).length,
    ).toBeGreaterThan(0);
  });

  it('hides identical rows until asked', async () => {
    await render(catalogWebParity);
    await screen.findByRole('table', { name: 'Parity matrix' });
    expect(rowsLabelled('Image repository')).toHaveLength(0);
    expect(rowsLabelled('Image tag')).toHaveLength(1);

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show identical rows' }),
    );
    const [same] = rowsLabelled('Image repository');
    expect(same).toHaveAttribute('data-classification', 'same');
    expect(valueCells(same)[0]).toHaveTextContent('ghcr.io/acme/catalog-web');
  });

  it('shows image promotion at a glance, with the environment that is ahead', async () => {
    await render(catalogWebParity);
    const image = await screen.findByTestId('image-catalog-web-catalog-web');
    expect(image).toHaveTextContent(
      'Deployment catalog-web › container catalog-web',
    );
    expect(image).toHaveTextContent(
      'Development: 1.8.2Staging: 1.8.2aheadProduction: 1.7.9',
    );
    // the "ahead" mark sits with Staging
    expect(
      within(image).getByText('ahead').closest('[data-environment]'),
    ).toHaveAttribute('data-environment', 'staging');
  });

  it('marks the earlier environment ahead when the images only differ', async () => {
    // cart-service of the demo: `latest` in dev, 3.1.0 (pinned) in staging and production
    const pinned = `ghcr.io/acme/cart-service:3.1.0@sha256:${'9a53'.repeat(
      16,
    )}`;
    const cartService = imagePromotion(
      'cart-service',
      {
        dev: imageValue('ghcr.io/acme/cart-service:latest'),
        staging: imageValue(pinned),
        production: imageValue(pinned),
      },
      {
        steps: [
          { from: 'dev', to: 'staging', status: 'differs' },
          { from: 'staging', to: 'production', status: 'same' },
        ],
        ahead: { environment: 'dev', of: 'staging', basis: 'promotion-order' },
      },
    );
    await render(
      parityResponse('cart-service', parityReport({ images: [cartService] })),
    );
    const image = await screen.findByTestId('image-cart-service-cart-service');
    expect(image).toHaveTextContent(
      'Development: latestaheadStaging: 3.1.0Production: 3.1.0',
    );
    expect(
      within(image).getByText('ahead').closest('[data-environment]'),
    ).toHaveAttribute('data-environment', 'dev');
  });

  it('counts drift and expected differences per pair of environments', async () => {
    await render(catalogWebParity);
    expect(await screen.findByTestId('pair-dev-staging')).toHaveTextContent(
      'Development → Staging: 0 drift · 7 expected · 96 identical',
    );
    expect(screen.getByTestId('pair-staging-production')).toHaveTextContent(
      'Staging → Production: 5 drift · 13 expected · 85 identical',
    );
  });

  it("shows an unavailable environment's state in its column and mutes its cells", async () => {
    const parity = clone(catalogWebParity);
    const production = parity.desired.environments[2];
    production.available = false;
    production.unavailable = { status: 'error', reason: 'TIMEOUT' };
    for (const row of parity.desired.rows) {
      row.values.production = { unavailable: true };
    }
    await render(parity);
    const header = (await screen.findAllByRole('columnheader'))[3];
    expect(header).toHaveTextContent('ProductionError (Timeout)');
    expect(
      screen.getByText(/Not compared: Production \(Error \(Timeout\)\)/),
    ).toBeVisible();
    const [drift] = rowsLabelled('Env FEATURE_FLAGS_URL');
    expect(valueCells(drift)[2]).toHaveAttribute('aria-label', 'not available');
  });

  it('switches to the live state and says why nothing is compared', async () => {
    await render(catalogWebParity);
    await userEvent.click(await screen.findByRole('button', { name: 'Live' }));
    expect(screen.getByRole('button', { name: 'Live' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(
      screen.getByText(
        /Not compared: Development \(Not configured\), Staging \(Not configured\), Production \(Not configured\)\. Fewer than two environments could be read/,
      ),
    ).toBeVisible();
    expect(
      screen.queryByRole('table', { name: 'Parity matrix' }),
    ).not.toBeInTheDocument();
  });

  it('compares desired against live per environment', async () => {
    await render(catalogWebParity);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Desired vs live' }),
    );
    const production = screen.getByRole('region', { name: 'Production' });
    expect(production).toHaveTextContent(
      'Not compared: desired state ok, live state not-configured.',
    );
  });

  it('names the kinds a cluster could not read and leaves their rows uncompared there', async () => {
    const parity = clone(catalogWebParity);
    const configMapForbidden = {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      reason: 'FORBIDDEN' as const,
      message:
        'dev-cluster: configmaps is forbidden: User "system:serviceaccount:preflight:reader" cannot list resource "configmaps" in API group "" in the namespace "shop"',
    };
    parity.live = clone(parity.desired);
    parity.live.environments[0].unreadKinds = [configMapForbidden];
    const configMapRows = parity.live.rows.filter(
      r => r.object.kind === 'ConfigMap',
    );
    expect(configMapRows.length).toBeGreaterThan(0);
    for (const row of configMapRows) {
      row.values.dev = {
        unavailable: true,
        reason: 'ConfigMap not read (FORBIDDEN)',
      };
    }
    parity.desiredVsLive[0] = {
      environment: 'dev',
      report: {
        environments: [
          { name: 'desired', title: 'Desired (manifests)', available: true },
          {
            name: 'live',
            title: 'Live (cluster)',
            available: true,
            unreadKinds: [configMapForbidden],
          },
        ],
        rows: [],
        images: [],
        summary: clone(catalogWebParity.live.summary),
      },
    };
    await render(parity);

    // the live state is shown first: a cluster was read
    expect(await screen.findByRole('button', { name: 'Live' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    expect(screen.getByTestId('unread-kinds-dev')).toHaveTextContent(
      'Not read in Development: ConfigMap (forbidden). Their rows are not compared there',
    );
    expect(screen.queryByTestId('unread-kinds-staging')).toBeNull();
    const header = within(matrix()).getAllByRole('columnheader')[1];
    expect(header).toHaveTextContent(
      'DevelopmentNot read: ConfigMap (forbidden)',
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Show identical rows' }),
    );
    const row = within(matrix())
      .getAllByRole('row')
      .find(r => r.getAttribute('data-row-id') === configMapRows[0].id)!;
    expect(valueCells(row)[0]).toHaveAttribute(
      'aria-label',
      'not available: ConfigMap not read (FORBIDDEN)',
    );

    // desired against live: the same, said for the environment's live state
    await userEvent.click(
      screen.getByRole('button', { name: 'Desired vs live' }),
    );
    const development = screen.getByRole('region', { name: 'Development' });
    expect(
      within(development).getByTestId('unread-kinds-dev-live'),
    ).toHaveTextContent(
      'Not read in Development (live): ConfigMap (forbidden).',
    );
  });

  it('reads the sources again on refresh', async () => {
    const api = await render(catalogWebParity);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Refresh' }),
    );
    await waitFor(() =>
      expect(api.getEntityParity).toHaveBeenLastCalledWith(ref, {
        refresh: true,
      }),
    );
  });

  it('shows the backend error', async () => {
    await render(new Error('parity exploded'));
    expect((await screen.findAllByText(/parity exploded/))[0]).toBeVisible();
  });
});
