import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type {
  EntityEnvironmentsResponse,
  EntityReadiness,
  ReadinessHistoryEntry,
} from '@preflight/plugin-preflight-common';
import {
  paymentsApiEnvironments,
  paymentsApiHistory,
  paymentsApiReadiness,
  paymentsApiWaiver,
} from '../../__fixtures__';
import {
  demoEntity,
  mockPreflightApi,
  renderWithEntity,
  responseError,
} from '../../__testUtils__';
import { DeployReadinessContent } from './DeployReadinessContent';
import { expiryFromDay } from './WaiverDialog';

const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

// Whole-page flows with real-sized fixtures; role queries over them are slow in jsdom.
jest.setTimeout(30_000);

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

function setup(overrides: Parameters<typeof mockPreflightApi>[0] = {}) {
  const api = mockPreflightApi({
    getEntityEnvironments: jest.fn(async () => paymentsApiEnvironments),
    getEntityReadiness: jest.fn(async () => paymentsApiReadiness),
    getEntityHistory: jest.fn(async () => paymentsApiHistory),
    ...overrides,
  });
  return { api };
}

async function render(
  api: ReturnType<typeof mockPreflightApi>,
  routeEntries?: string[],
) {
  await renderWithEntity(<DeployReadinessContent />, { api, routeEntries });
  await screen.findByRole('tablist', {
    name: 'Environments of the promotion path',
  });
}

function tab(name: RegExp | string) {
  return screen.getByRole('tab', { name: new RegExp(name) });
}

function checkRow(id: string) {
  return screen.getByTestId(`check-${id}`);
}

describe('DeployReadinessContent', () => {
  it('says, once a check is expanded, over how many subjects it was evaluated', async () => {
    const readiness = clone(paymentsApiReadiness);
    const health = readiness.environments[0].checks.find(
      c => c.id === 'health-checks',
    )!;
    health.evaluated = { subject: 'containers', count: 1261 };
    const { api } = setup({
      getEntityReadiness: jest.fn(async () => readiness),
    });
    await render(api);
    const row = checkRow('health-checks');
    expect(within(row).queryByTestId('evaluated')).not.toBeInTheDocument();
    await userEvent.click(
      within(row).getByRole('button', {
        name: 'Show details of Health checks',
      }),
    );
    expect(within(row).getByTestId('evaluated')).toHaveTextContent(
      'Evaluated 1,261 containers',
    );
  });

  it('shows the verdict of every environment along the promotion path, in order', async () => {
    // The recorded fixture has fixed timestamps; make the freshness relative to now so
    // the relative-time wording is exact whatever day the test runs.
    const readiness = clone(paymentsApiReadiness);
    const minutesAgo = (n: number) =>
      new Date(Date.now() - n * 60_000).toISOString();
    readiness.evaluatedAt = minutesAgo(3);
    const environments = clone(paymentsApiEnvironments);
    environments.environments[0].live.readAt = minutesAgo(4);
    environments.environments[0].desired.readAt = minutesAgo(10);
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => environments),
      getEntityReadiness: jest.fn(async () => readiness),
    });
    await render(api);

    expect(api.getEntityEnvironments).toHaveBeenCalledWith(ref);
    expect(api.getEntityReadiness).toHaveBeenCalledWith(ref);

    const tabs = screen.getAllByRole('tab');
    expect(tabs.map(t => t.getAttribute('data-environment'))).toEqual([
      'dev',
      'staging',
      'production',
    ]);
    const dev = within(tabs[0]);
    expect(dev.getByText('Development')).toBeInTheDocument();
    expect(dev.getByText('Ready')).toBeInTheDocument();
    expect(dev.getByText('88')).toBeInTheDocument();
    // freshness: when it was evaluated, and how old the facts are
    // (facts read = the older of the environment's live and desired reads)
    expect(
      dev.getByText('evaluated 3 minutes ago · facts read 10 minutes ago'),
    ).toBeInTheDocument();
    // the sources of the environment, said for what they are
    expect(dev.getByText('Live: Not configured')).toBeInTheDocument();
    expect(dev.getByText('Desired: OK (8 objects)')).toBeInTheDocument();

    const production = within(tabs[2]);
    expect(production.getByText('Production')).toBeInTheDocument();
    expect(production.getByText('Not ready')).toBeInTheDocument();
    expect(production.getByText('63')).toBeInTheDocument();
    expect(production.getByText(/2 failing · 1 unknown/)).toBeInTheDocument();
    // the first environment is selected
    expect(tabs[0]).toHaveAttribute('aria-selected', 'true');
  });

  it("says where each environment's desired state came from and how it was rendered", async () => {
    const environments = clone(paymentsApiEnvironments);
    environments.environments[0].desired.location =
      'examples/deploy/payments-api/overlays/dev';
    environments.environments[0].desired.renderer = {
      name: 'kustomize',
      version: 'v5.5.0',
    };
    environments.environments[1].desired.location =
      'examples/deploy/payments-api/staging';
    environments.environments[1].desired.renderer = { name: 'yaml' };
    delete environments.environments[2].desired.renderer;
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => environments),
    });
    await render(api);

    expect(screen.getByTestId('desired-source-dev')).toHaveTextContent(
      'desired: kustomize build (v5.5.0) of examples/deploy/payments-api/overlays/dev',
    );
    expect(screen.getByTestId('desired-source-staging')).toHaveTextContent(
      'desired: plain YAML at examples/deploy/payments-api/staging',
    );
    // the backend did not say: nothing is made up
    expect(screen.queryByTestId('desired-source-production')).toBeNull();
  });

  it('shows the Flux status read with the live state of an environment, and nothing where no tool reports', async () => {
    const environments = clone(paymentsApiEnvironments);
    environments.environments[1].live.delivery = {
      tool: 'flux',
      name: 'Kustomization flux-system/payments-api',
      sync: 'out-of-sync',
      health: 'degraded',
      targetRevision: 'main@sha1:4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098',
      appliedRevision: 'main@sha1:0a1b2c3d4e5f60718293a4b5c6d7e8f901234567',
      message: 'HealthCheckFailed: Deployment/payments-api not ready',
    };
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => environments),
    });
    await render(api);

    expect(screen.getByTestId('delivery-staging')).toHaveTextContent(
      'Flux Kustomization flux-system/payments-api: out-of-sync, degraded at main@sha1:4f1c2a9b8e7d',
    );
    expect(screen.queryByTestId('delivery-dev')).toBeNull();
    expect(screen.queryByTestId('delivery-production')).toBeNull();
  });

  it("shows the selected environment's checklist, problems first, with details on demand", async () => {
    const { api } = setup();
    await render(api);

    await userEvent.click(tab('Production'));
    expect(tab('Production')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText('Checklist: Production')).toBeInTheDocument();

    const rows = within(
      screen.getByRole('list', { name: 'Checklist' }),
    ).getAllByRole('listitem');
    expect(rows.map(r => r.getAttribute('data-status')).slice(0, 4)).toEqual([
      'fail',
      'fail',
      'unknown',
      'pass',
    ]);

    const health = checkRow('health-checks');
    expect(within(health).getByText('Health checks')).toBeInTheDocument();
    expect(within(health).getByText('blocking')).toBeInTheDocument();
    expect(
      within(health).getByText(
        "1 probe problem: container 'payments-api' has no readinessProbe",
      ),
    ).toBeInTheDocument();
    expect(
      within(health).getByRole('img', { name: 'Check failed' }),
    ).toBeInTheDocument();
    // details, evidence and remediation only once expanded
    expect(within(health).queryByText('How to fix')).not.toBeInTheDocument();

    await userEvent.click(
      within(health).getByRole('button', {
        name: 'Show details of Health checks',
      }),
    );
    expect(within(health).getByText('How to fix')).toBeInTheDocument();
    expect(
      within(health).getByText(/Add a/, { selector: 'p' }),
    ).toHaveTextContent(
      'readinessProbeMissing: Add a readinessProbe (e.g. httpGet on a /readyz endpoint',
    );
    expect(
      within(health).getByText(
        'Deployment payments-api — deployment.yaml:2 (desired)',
      ),
    ).toBeInTheDocument();
    expect(within(health).getByText(/^Facts read /)).toBeInTheDocument();

    const backup = checkRow('backup-verified');
    expect(within(backup).getByText('advisory')).toBeInTheDocument();
    expect(
      within(backup).getByRole('button', {
        name: 'Waive Recent verified backup',
      }),
    ).toBeInTheDocument();
    // a passing check cannot be waived
    expect(
      within(checkRow('monitoring')).queryByRole('button', { name: /^Waive/ }),
    ).not.toBeInTheDocument();
  });

  it('opens link evidence in a new tab', async () => {
    const readiness = clone(paymentsApiReadiness);
    readiness.environments[0].checks[0].evidence = [
      {
        type: 'link',
        title: 'Runbook: rollback',
        url: 'https://docs.example.com/payments/runbook#rollback',
      },
    ];
    const { api } = setup({
      getEntityReadiness: jest.fn(async () => readiness),
    });
    await render(api);
    const row = checkRow(readiness.environments[0].checks[0].id);
    await userEvent.click(
      within(row).getByRole('button', { name: /^Show details/ }),
    );
    const link = within(row).getByRole('link', { name: /Runbook: rollback/ });
    expect(link).toHaveAttribute(
      'href',
      'https://docs.example.com/payments/runbook#rollback',
    );
    expect(link).toHaveAttribute('target', '_blank');
  });

  it('selects the environment named in the URL', async () => {
    const { api } = setup();
    await render(api, ['/?environment=staging']);
    expect(tab('Staging')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText('Checklist: Staging')).toBeInTheDocument();
  });

  it('re-evaluates with refresh=true, shows progress, then the new result', async () => {
    const fixed = clone(paymentsApiReadiness);
    const production = fixed.environments[2];
    production.verdict = 'ready';
    production.score = 100;
    production.checks = production.checks.map(c => ({
      ...c,
      status: c.status === 'fail' ? 'pass' : c.status,
    }));
    let resolve: (value: EntityReadiness) => void = () => {};
    const { api } = setup({
      getEntityReadiness: jest.fn((_ref, options) =>
        options?.refresh
          ? new Promise<EntityReadiness>(r => {
              resolve = r;
            })
          : Promise.resolve(paymentsApiReadiness),
      ),
    });
    await render(api);
    await userEvent.click(tab('Production'));
    expect(within(tab('Production')).getByText('Not ready')).toBeVisible();
    await waitFor(() => expect(api.getEntityHistory).toHaveBeenCalled());
    const historyCalls = api.getEntityHistory.mock.calls.length;

    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    expect(api.getEntityReadiness).toHaveBeenLastCalledWith(ref, {
      refresh: true,
    });
    expect(
      screen.getByRole('progressbar', {
        name: 'Re-evaluating: reading every source again',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Re-evaluate' })).toBeDisabled();

    resolve(fixed);
    await waitFor(() =>
      expect(within(tab('Production')).getByText('Ready')).toBeVisible(),
    );
    expect(within(tab('Production')).getByText('100')).toBeVisible();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    // the new evaluation is in the history
    await waitFor(() =>
      expect(api.getEntityHistory.mock.calls.length).toBeGreaterThan(
        historyCalls,
      ),
    );
  });

  it('keeps the result and says so when re-evaluation is not allowed', async () => {
    const { api } = setup({
      getEntityReadiness: jest.fn((_ref, options) =>
        options?.refresh
          ? Promise.reject(
              responseError(
                403,
                'NotAllowedError',
                'Missing permission preflight.readiness.refresh for component:default/payments-api',
              ),
            )
          : Promise.resolve(paymentsApiReadiness),
      ),
    });
    await render(api);
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    expect(
      await screen.findByText(
        /Re-evaluation failed: Missing permission preflight.readiness.refresh/,
      ),
    ).toBeInTheDocument();
    expect(within(tab('Production')).getByText('Not ready')).toBeVisible();
  });

  describe('waivers', () => {
    it('waives a failing check: dialog, POST body, then the refreshed checklist and list', async () => {
      const waived = clone(paymentsApiReadiness);
      const health = waived.environments[2].checks.find(
        c => c.id === 'health-checks',
      )!;
      health.waiver = paymentsApiWaiver;
      waived.environments[2].score = 75;
      const getEntityReadiness = jest
        .fn()
        .mockResolvedValueOnce(paymentsApiReadiness)
        .mockResolvedValue(waived);
      const listWaivers = jest
        .fn()
        .mockResolvedValueOnce([])
        .mockResolvedValue([paymentsApiWaiver]);
      const createWaiver = jest.fn(async () => paymentsApiWaiver);
      const { api } = setup({ getEntityReadiness, listWaivers, createWaiver });
      await render(api);
      expect(await screen.findByText('No active waivers.')).toBeVisible();

      await userEvent.click(tab('Production'));
      await userEvent.click(
        within(checkRow('health-checks')).getByRole('button', {
          name: 'Waive Health checks',
        }),
      );
      const dialog = screen.getByRole('dialog', { name: 'Waive a check' });
      // the dialog names what is waived, and its fields
      expect(within(dialog).getByText('Health checks')).toBeInTheDocument();
      expect(within(dialog).getByText('Production')).toBeInTheDocument();
      await userEvent.click(within(dialog).getByLabelText(/Justification/));
      await userEvent.paste(
        'Readiness probe lands in 1.12.1, tracked in PAY-123',
      );
      fireEvent.change(within(dialog).getByLabelText(/Expires on/), {
        target: { value: '2026-12-10' },
      });
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Waive' }),
      );

      await waitFor(() =>
        expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
      );
      expect(createWaiver).toHaveBeenCalledWith(ref, {
        environment: 'production',
        checkId: 'health-checks',
        justification: 'Readiness probe lands in 1.12.1, tracked in PAY-123',
        expiresAt: expiryFromDay('2026-12-10'),
      });
      expect(expiryFromDay('2026-12-10')).toBe('2026-12-10T23:59:59.999Z');
      // the checklist and the waiver list are read again
      expect(
        await within(checkRow('health-checks')).findByText(
          'Waived until Dec 10, 2026',
        ),
      ).toBeInTheDocument();
      expect(getEntityReadiness).toHaveBeenCalledTimes(2);
      const list = await screen.findByRole('table', { name: 'Active waivers' });
      expect(
        within(list).getByText(
          'Readiness probe lands in 1.12.1, tracked in PAY-123',
        ),
      ).toBeInTheDocument();
      expect(within(list).getByText('guest')).toBeInTheDocument();
      // a waived check is no longer offered for waiving
      expect(
        within(checkRow('health-checks')).queryByRole('button', {
          name: 'Waive Health checks',
        }),
      ).not.toBeInTheDocument();
      expect(within(tab('Production')).getByText(/1 waived/)).toBeVisible();
    });

    it("shows the backend's 400 message in the dialog and keeps it open", async () => {
      const createWaiver = jest.fn(() =>
        Promise.reject(
          responseError(
            400,
            'InputError',
            "Field 'justification' is required: say why the check may be waived (at least 10 characters)",
          ),
        ),
      );
      const { api } = setup({ createWaiver });
      await render(api);
      await userEvent.click(tab('Production'));
      await userEvent.click(
        within(checkRow('health-checks')).getByRole('button', {
          name: 'Waive Health checks',
        }),
      );
      const dialog = screen.getByRole('dialog');
      await userEvent.type(
        within(dialog).getByLabelText(/Justification/),
        'short',
      );
      await userEvent.click(
        within(dialog).getByRole('button', { name: 'Waive' }),
      );
      expect(
        await within(dialog).findByText(
          "Field 'justification' is required: say why the check may be waived (at least 10 characters)",
        ),
      ).toBeInTheDocument();
      expect(screen.getByRole('dialog')).toBeInTheDocument();
      expect(
        within(dialog).getByRole('button', { name: 'Waive' }),
      ).toBeEnabled();
    });

    it('shows who waived a check, why and until when, and removes the waiver', async () => {
      const waived = clone(paymentsApiReadiness);
      waived.environments[2].checks.find(
        c => c.id === 'health-checks',
      )!.waiver = paymentsApiWaiver;
      const getEntityReadiness = jest
        .fn()
        .mockResolvedValueOnce(waived)
        .mockResolvedValue(paymentsApiReadiness);
      const deleteWaiver = jest.fn(async () => undefined);
      const { api } = setup({
        getEntityReadiness,
        deleteWaiver,
        listWaivers: jest.fn(async () => [paymentsApiWaiver]),
      });
      await render(api);
      await userEvent.click(tab('Production'));
      const row = checkRow('health-checks');
      expect(
        within(row).getByText('Waived until Dec 10, 2026'),
      ).toBeInTheDocument();
      await userEvent.click(
        within(row).getByRole('button', { name: /^Show details/ }),
      );
      const waiver = within(row).getByTestId('waiver');
      expect(waiver).toHaveTextContent(
        'Waived until Dec 10, 2026 by guest on Nov 25, 2026',
      );
      expect(waiver).toHaveTextContent(
        'Readiness probe lands in 1.12.1, tracked in PAY-123',
      );

      await userEvent.click(
        within(waiver).getByRole('button', { name: 'Remove waiver' }),
      );
      expect(deleteWaiver).toHaveBeenCalledWith(ref, paymentsApiWaiver.id);
      await waitFor(() =>
        expect(
          within(checkRow('health-checks')).queryByText(/Waived until/),
        ).not.toBeInTheDocument(),
      );
    });
  });

  it('shows an environment in error prominently and the others normally', async () => {
    const environments: EntityEnvironmentsResponse = clone(
      paymentsApiEnvironments,
    );
    environments.environments[2].live = {
      status: 'error',
      error: {
        reason: 'UNAUTHORIZED',
        message: 'The cluster prod-cluster rejected the service account token',
      },
      objects: [],
    };
    const readiness = clone(paymentsApiReadiness);
    readiness.environments[2].verdict = 'unknown';
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => environments),
      getEntityReadiness: jest.fn(async () => readiness),
    });
    await render(api);

    const production = within(tab('Production'));
    expect(production.getByText('Live: Error (Unauthorized)')).toBeVisible();
    expect(
      production.getByText(
        'The cluster prod-cluster rejected the service account token',
      ),
    ).toBeVisible();
    expect(production.getByText('Unknown')).toBeVisible();
    expect(
      screen.getByText(
        /Some environments could not be read completely: Production \(Live: Error \(Unauthorized\)\)/,
      ),
    ).toBeVisible();
    // the others render as usual
    expect(within(tab('Development')).getByText('Ready')).toBeVisible();
    expect(
      within(tab('Staging')).getByText('Live: Not configured'),
    ).toBeVisible();

    await userEvent.click(tab('Production'));
    expect(
      screen.getByText('Production could not be read completely'),
    ).toBeVisible();
  });

  it('names the kinds the live state could not read, why, and the cluster message', async () => {
    const environments: EntityEnvironmentsResponse = clone(
      paymentsApiEnvironments,
    );
    const dev = environments.environments[0];
    dev.live = {
      status: 'ok',
      objects: dev.desired.objects,
      location: 'dev-cluster/shop',
      unreadKinds: [
        {
          kind: 'Secret',
          apiVersion: 'v1',
          reason: 'FORBIDDEN',
          message:
            'dev-cluster: secrets is forbidden: User "system:serviceaccount:preflight:reader" cannot list resource "secrets" in API group "" in the namespace "shop"',
        },
        {
          kind: 'PrometheusRule',
          apiVersion: 'monitoring.coreos.com/v1',
          reason: 'NOT_SERVED',
          message:
            'dev-cluster: the server could not find the requested resource (prometheusrules.monitoring.coreos.com)',
        },
      ],
    };
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => environments),
    });
    await render(api);

    // the summary above the promotion path, one alert per environment with unread kinds
    const summary = screen.getByTestId('unread-kinds-dev');
    expect(summary).toHaveTextContent(
      'Not read in Development: Secret (forbidden), PrometheusRule (not served by the cluster).',
    );
    expect(screen.queryByTestId('unread-kinds-staging')).toBeNull();
    expect(screen.queryByTestId('unread-kinds-production')).toBeNull();
    // not an error: the environment was read
    expect(
      screen.queryByText(/could not be read completely/),
    ).not.toBeInTheDocument();
    // the card says it too
    expect(
      within(tab('Development')).getByText(
        `Live: OK (${dev.desired.objects.length} objects) · Secret, PrometheusRule not read`,
      ),
    ).toBeVisible();
    // the cluster's message is in the kind's tooltip
    await userEvent.hover(within(summary).getByText('Secret (forbidden)'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'cannot list resource "secrets" in API group "" in the namespace "shop"',
    );

    // the checklist of Development writes the messages out
    const details = screen.getByTestId('unread-kinds-details-dev');
    expect(details).toHaveTextContent(
      'PrometheusRule (monitoring.coreos.com/v1): dev-cluster: the server could not find the requested resource (prometheusrules.monitoring.coreos.com)',
    );
    await userEvent.click(tab('Staging'));
    expect(screen.queryByTestId('unread-kinds-details-dev')).toBeNull();
    expect(screen.getByTestId('unread-kinds-dev')).toBeVisible();
  });

  it('draws the score trend and lists the verdict changes of the selected environment', async () => {
    const at = (minutesAgo: number) =>
      new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const entry = (
      verdict: ReadinessHistoryEntry['verdict'],
      score: number,
      minutesAgo: number,
    ): ReadinessHistoryEntry => ({
      environment: 'dev',
      verdict,
      score,
      counts: {},
      failing: [],
      evaluatedAt: at(minutesAgo),
    });
    const getEntityHistory = jest.fn(async () => ({
      entityRef: 'component:default/payments-api',
      items: [
        entry('ready', 88, 5),
        entry('not-ready', 63, 60),
        entry('not-ready', 50, 120),
      ],
    }));
    const { api } = setup({ getEntityHistory });
    await render(api);
    expect(
      await screen.findByRole('img', {
        name: 'Score over the last 3 evaluations: from 50 to 88',
      }),
    ).toBeInTheDocument();
    expect(getEntityHistory).toHaveBeenCalledWith(ref, {
      environment: 'dev',
      limit: 30,
    });
    const changes = screen.getByRole('list', { name: 'Verdict changes' });
    expect(within(changes).getAllByRole('listitem')).toHaveLength(1);
    expect(changes).toHaveTextContent('Not ready → Ready (score 88)');
    expect(changes).toHaveTextContent('5 minutes ago');
  });

  it('says when nothing has been recorded yet', async () => {
    const { api } = setup({
      getEntityHistory: jest.fn(async () => ({ entityRef: 'x', items: [] })),
    });
    await render(api);
    expect(
      await screen.findByText(/No evaluation recorded yet/),
    ).toBeInTheDocument();
  });

  it('shows the backend error instead of an empty checklist', async () => {
    const { api } = setup({
      getEntityReadiness: jest
        .fn()
        .mockRejectedValue(new Error('Preflight backend unavailable')),
    });
    await renderWithEntity(<DeployReadinessContent />, { api });
    const messages = await screen.findAllByText(
      /Preflight backend unavailable/,
    );
    expect(messages[0]).toBeVisible();
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
  });

  it('explains an empty promotion path', async () => {
    const { api } = setup({
      getEntityEnvironments: jest.fn(async () => ({
        entityRef: 'component:default/payments-api',
        environments: [],
      })),
      getEntityReadiness: jest.fn(async () => ({
        entityRef: 'component:default/payments-api',
        evaluatedAt: new Date().toISOString(),
        environments: [],
      })),
    });
    await renderWithEntity(<DeployReadinessContent />, { api });
    expect(await screen.findByText('No environments')).toBeInTheDocument();
  });

  it('explains what to add to an entity without annotations', async () => {
    const { api } = setup();
    const entity = demoEntity('plain');
    entity.metadata.annotations = {};
    await renderWithEntity(<DeployReadinessContent />, { api, entity });
    expect(
      await screen.findByText('Preflight is not set up for this entity'),
    ).toBeInTheDocument();
    expect(api.getEntityReadiness).not.toHaveBeenCalled();
  });
});
