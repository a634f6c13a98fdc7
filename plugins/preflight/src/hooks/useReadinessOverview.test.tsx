import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import type { ReadinessOverviewFilters } from '@preflight/plugin-preflight-common';
import { mockPreflightApi } from '../__testUtils__';
import { preflightApiRef } from '../api/PreflightApi';
import {
  useReadinessOptions,
  useReadinessOverview,
} from './useReadinessOverview';

function wrapperFor(api: ReturnType<typeof mockPreflightApi>) {
  return ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[preflightApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
}

const page = { items: [], totalCount: 60, counts: {} };

describe('useReadinessOverview', () => {
  it('pages, and starts again at the first page for other filters or page sizes', async () => {
    const api = mockPreflightApi({ getOverview: jest.fn(async () => page) });
    const { result, rerender } = renderHook(
      ({ filters }: { filters: ReadinessOverviewFilters }) =>
        useReadinessOverview(filters),
      { wrapper: wrapperFor(api), initialProps: { filters: {} } },
    );
    await waitFor(() => expect(result.current.result.value).toBe(page));
    expect(api.getOverview).toHaveBeenLastCalledWith(
      {},
      { limit: 25, offset: 0 },
    );

    act(() => result.current.setPage(2));
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        {},
        { limit: 25, offset: 50 },
      ),
    );

    rerender({ filters: { verdict: 'ready' } });
    expect(result.current.page).toBe(0);
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        { verdict: 'ready' },
        { limit: 25, offset: 0 },
      ),
    );

    act(() => result.current.setPage(1));
    act(() => result.current.changePageSize(10));
    expect(result.current).toMatchObject({ page: 0, pageSize: 10 });
    await waitFor(() =>
      expect(api.getOverview).toHaveBeenLastCalledWith(
        { verdict: 'ready' },
        { limit: 10, offset: 0 },
      ),
    );
  });
});

describe('useReadinessOptions', () => {
  it('titles checks and environments, and falls back to ids when they cannot be loaded', async () => {
    const api = mockPreflightApi({
      getEnvironments: jest.fn(async () => [
        { name: 'prod', title: 'Production' },
      ]),
    });
    const { result } = renderHook(() => useReadinessOptions(), {
      wrapper: wrapperFor(api),
    });
    await waitFor(() => expect(result.current.environments).toHaveLength(1));
    expect(result.current.environmentTitle('prod')).toBe('Production');
    expect(result.current.environmentTitle('qa')).toBe('qa');
    expect(result.current.checks).toEqual([]);
    expect(result.current.checkTitle('image-tag')).toBe('image-tag');
  });
});
