import { act, renderHook, waitFor } from '@testing-library/react';
import { useRefreshable } from './useRefreshable';

describe('useRefreshable', () => {
  it('loads, refreshes and keeps the value when a refresh fails', async () => {
    const load = jest.fn(async () => 'loaded');
    const refresh = jest
      .fn<Promise<string>, []>()
      .mockResolvedValueOnce('refreshed')
      .mockRejectedValueOnce(new Error('boom'));
    const onRefreshed = jest.fn();
    const { result } = renderHook(() =>
      useRefreshable({ load, refresh, onRefreshed }, []),
    );
    expect(result.current.loading).toBe(true);
    await waitFor(() => expect(result.current.value).toBe('loaded'));

    await act(() => result.current.refresh());
    expect(result.current.value).toBe('refreshed');
    expect(result.current.refreshing).toBe(false);
    expect(onRefreshed).toHaveBeenCalledWith('refreshed');

    await act(() => result.current.refresh());
    expect(result.current.value).toBe('refreshed');
    expect(result.current.refreshError).toEqual(new Error('boom'));
    expect(onRefreshed).toHaveBeenCalledTimes(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('updates the loaded value, and reports a failed first load', async () => {
    const { result } = renderHook(() =>
      useRefreshable(
        { load: async () => ({ n: 1 }), refresh: async () => ({ n: 0 }) },
        [],
      ),
    );
    await waitFor(() => expect(result.current.value).toEqual({ n: 1 }));
    act(() => result.current.update(v => ({ n: v.n + 1 })));
    expect(result.current.value).toEqual({ n: 2 });

    const failing = renderHook(() =>
      useRefreshable(
        {
          load: () => Promise.reject(new Error('down')),
          refresh: async () => 1,
        },
        [],
      ),
    );
    await waitFor(() =>
      expect(failing.result.current.error).toEqual(new Error('down')),
    );
    expect(failing.result.current.value).toBeUndefined();
  });
});
