import { screen, within } from '@testing-library/react';
import type {
  EntityEnvironmentsResponse,
  PodSummary,
} from '@preflight/plugin-preflight-common';
import {
  paymentsApiEnvironments,
  paymentsApiHistory,
  paymentsApiReadiness,
} from '../../__fixtures__';
import { mockPreflightApi, renderWithEntity } from '../../__testUtils__';
import { DeployReadinessContent } from './DeployReadinessContent';

jest.setTimeout(30_000);

/** What the backend answers for a component with 3,000 pods in production (podSummary.ts). */
const pods: PodSummary = {
  total: 3000,
  byPhase: { Succeeded: 2, Pending: 5, Running: 2993 },
  ready: 2984,
  notReady: 14,
  restarts: 112,
  images: ['ghcr.io/acme/payments-api:2.3.0'],
  problems: [
    { problem: 'Restarting: OOMKilled', count: 6, example: 'payments-api-1' },
    { problem: 'CrashLoopBackOff', count: 5, example: 'payments-api-2' },
  ],
  examples: [],
};

async function renderWith(environments: EntityEnvironmentsResponse) {
  const api = mockPreflightApi({
    getEntityEnvironments: jest.fn(async () => environments),
    getEntityReadiness: jest.fn(async () => paymentsApiReadiness),
    getEntityHistory: jest.fn(async () => paymentsApiHistory),
  });
  await renderWithEntity(<DeployReadinessContent />, { api });
  return screen.findAllByRole('tab');
}

describe('pods on the promotion path', () => {
  it('counts the pods of an environment instead of listing them, with their problems', async () => {
    const environments: EntityEnvironmentsResponse = JSON.parse(
      JSON.stringify(paymentsApiEnvironments),
    );
    const production = environments.environments[2];
    production.live = {
      status: 'ok',
      objects: production.desired.objects.slice(0, 3),
      pods,
    };
    const tabs = await renderWith(environments);
    const card = within(tabs[2]);
    expect(card.getByText('Live: OK (3 objects, 3,000 pods)')).toBeVisible();
    expect(card.getByTestId('pod-summary')).toHaveTextContent(
      '3,000 pods: 2,993 Running, 5 Pending, 2 Succeeded; 14 not Ready; 112 restarts',
    );
    const problems = card.getByTestId('pod-problems');
    expect(problems).toHaveTextContent(
      'Restarting: OOMKilled ×6, CrashLoopBackOff ×5',
    );
    expect(problems).toHaveAttribute(
      'title',
      'Restarting: OOMKilled: e.g. pod payments-api-1 · CrashLoopBackOff: e.g. pod payments-api-2',
    );
    // environments without pods say nothing about pods
    expect(within(tabs[0]).queryByTestId('pod-summary')).toBeNull();
  });

  it('says all pods are Ready and lists no problem when there is none', async () => {
    const environments: EntityEnvironmentsResponse = JSON.parse(
      JSON.stringify(paymentsApiEnvironments),
    );
    environments.environments[0].live = {
      status: 'ok',
      objects: [],
      pods: {
        ...pods,
        total: 1,
        byPhase: { Running: 1 },
        ready: 1,
        notReady: 0,
        restarts: 1,
        problems: [],
      },
    };
    const tabs = await renderWith(environments);
    const card = within(tabs[0]);
    expect(card.getByTestId('pod-summary')).toHaveTextContent(
      '1 pod: 1 Running; all Ready; 1 restart',
    );
    expect(card.queryByTestId('pod-problems')).toBeNull();
  });
});
