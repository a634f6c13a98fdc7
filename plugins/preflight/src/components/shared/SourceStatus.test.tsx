import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { SourceState } from '@preflight/plugin-preflight-common';
import { watchedText } from './format';
import { SourceStatus } from './SourceStatus';

const ok: SourceState = {
  status: 'ok',
  objects: [
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' } },
  ],
  location: 'prod-cluster/shop',
};

describe('SourceStatus', () => {
  it('says a state answered from the watch cache is watched, and how fresh it is', async () => {
    await renderInTestApp(
      <SourceStatus
        label="Live"
        state={{
          ...ok,
          watchCache: {
            observedAt: new Date(Date.now() - 3000).toISOString(),
            maxStalenessMs: 120000,
          },
        }}
      />,
    );
    expect(screen.getByTestId('watched').textContent).toMatch(
      /^watched, as of \d+ s ago$/,
    );
    expect(screen.getByText(/^Live: OK/)).toBeInTheDocument();
  });

  it('says nothing of watching for a state read from the cluster', async () => {
    await renderInTestApp(<SourceStatus label="Live" state={ok} />);
    expect(screen.queryByTestId('watched')).toBeNull();
  });
});

describe('watchedText', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  it.each([
    ['2026-12-05T11:59:57Z', 'watched, as of 3 s ago'],
    ['2026-12-05T11:58:00Z', 'watched, as of 2 min ago'],
    ['2026-12-05T09:00:00Z', 'watched, as of 3 h ago'],
    ['not a date', 'watched'],
  ])('%s → %s', (observedAt, text) => {
    expect(watchedText(observedAt, now)).toBe(text);
  });
});
