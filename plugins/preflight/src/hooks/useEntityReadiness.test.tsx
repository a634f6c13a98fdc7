import { ReactNode } from 'react';
import { act, renderHook, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { demoEntity, mockPreflightApi } from '../__testUtils__';
import { preflightApiRef } from '../api/PreflightApi';
import { useEntityReadiness } from './useEntityReadiness';

const entity = demoEntity();
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function setup() {
  const readiness = (evaluatedAt: string) => ({
    entityRef: 'component:default/payments-api',
    evaluatedAt,
    environments: [],
  });
  const api = mockPreflightApi({
    getEntityEnvironments: jest.fn(async () => ({ environments: [] })),
    getEntityReadiness: jest.fn(async (_ref, options) =>
      readiness(options?.refresh ? 'refreshed' : 'cached'),
    ),
    deleteWaiver: jest.fn(() => Promise.reject(new Error('forbidden'))),
  });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider apis={[[preflightApiRef, api]]}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(() => useEntityReadiness(entity), { wrapper });
  return { api, ...hook };
}

describe('useEntityReadiness', () => {
  it('loads, then re-evaluates: readiness first, the environments after, history reloaded', async () => {
    const { api, result } = setup();
    await waitFor(() =>
      expect(result.current.value?.readiness.evaluatedAt).toBe('cached'),
    );
    expect(api.listWaivers).toHaveBeenCalledWith(ref);
    expect(result.current.historyKey).toBe(0);

    api.getEntityEnvironments.mockClear();
    api.getEntityReadiness.mockClear();
    await act(() => result.current.reevaluate());
    expect(api.getEntityReadiness).toHaveBeenCalledWith(ref, { refresh: true });
    expect(api.getEntityReadiness.mock.invocationCallOrder[0]).toBeLessThan(
      api.getEntityEnvironments.mock.invocationCallOrder[0],
    );
    expect(result.current.value?.readiness.evaluatedAt).toBe('refreshed');
    expect(result.current.historyKey).toBe(1);
    expect(result.current.refreshing).toBe(false);
  });

  it('says when a waiver could not be removed, and clears it on request', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.value).toBeDefined());
    await act(() => result.current.removeWaiver('w1'));
    expect(result.current.actionError).toBe(
      'The waiver could not be removed: forbidden',
    );
    expect(result.current.busy).toBe(false);
    act(() => result.current.clearActionError());
    expect(result.current.actionError).toBeUndefined();
  });
});
