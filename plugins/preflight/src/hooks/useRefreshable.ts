import { DependencyList, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

/** Data loaded once, that the user can read again on demand ("Re-evaluate", "Refresh"). */
export interface Refreshable<T> {
  /** The latest value: the last refresh or update, else the first load. */
  value: T | undefined;
  /** The first load is running. */
  loading: boolean;
  /** The first load failed. */
  error: Error | undefined;
  /** A refresh is running. */
  refreshing: boolean;
  /** The last refresh failed (cleared when the next one starts); the value is kept. */
  refreshError: unknown;
  /** Reads the value again; a failure lands in `refreshError`, never rejects. */
  refresh: () => Promise<void>;
  /** Replaces part of the current value (no-op until there is one). */
  update: (change: (current: T) => T) => void;
}

/**
 * Loads a value with `load` when `deps` change, and reads it again with `refresh` on demand.
 * `onRefreshed` runs with the fresh value, in the same render as the new value.
 */
export function useRefreshable<T>(
  options: {
    load: () => Promise<T>;
    refresh: () => Promise<T>;
    onRefreshed?: (value: T) => void;
  },
  deps: DependencyList,
): Refreshable<T> {
  const [data, setData] = useState<T>();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useAsync(options.load, deps);
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>();

  const refresh = async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    try {
      const value = await options.refresh();
      setData(value);
      options.onRefreshed?.(value);
    } catch (e) {
      setRefreshError(e);
    } finally {
      setRefreshing(false);
    }
  };

  const update = (change: (current: T) => T) =>
    setData(prev => {
      const base = prev ?? initial.value;
      return base ? change(base) : base;
    });

  return {
    value: data ?? initial.value,
    loading: initial.loading,
    error: initial.error,
    refreshing,
    refreshError,
    refresh,
    update,
  };
}
