import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/core-plugin-api';
import type { ReadinessOverviewFilters } from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../api/PreflightApi';

/**
 * The checks and environments the overview offers as filters and shows by title. Either list is
 * empty when it cannot be loaded: the overview still works, with ids for titles.
 */
export function useReadinessOptions() {
  const api = useApi(preflightApiRef);
  const options = useAsync(async () => {
    const [checks, environments] = await Promise.all([
      api.getChecks().catch(() => []),
      api.getEnvironments().catch(() => []),
    ]);
    return { checks, environments };
  }, [api]);

  return {
    checks: options.value?.checks ?? [],
    environments: options.value?.environments ?? [],
    checkTitle: (id: string) =>
      options.value?.checks.find(c => c.id === id)?.title ?? id,
    environmentTitle: (name: string) =>
      options.value?.environments.find(e => e.name === name)?.title ?? name,
  };
}

/**
 * One page of `GET /readiness` for the filters. Other filters start again at the first page, and
 * so does another page size. `result` keeps the previous page while the next one loads.
 */
export function useReadinessOverview(filters: ReadinessOverviewFilters) {
  const api = useApi(preflightApiRef);
  const [pageSize, setPageSize] = useState(25);
  const filtersKey = JSON.stringify(filters);
  const [paging, setPaging] = useState({ filtersKey, page: 0 });
  const page = paging.filtersKey === filtersKey ? paging.page : 0;
  const setPage = (p: number) => setPaging({ filtersKey, page: p });
  const result = useAsync(
    () =>
      api.getOverview(filters, { limit: pageSize, offset: page * pageSize }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, filtersKey, page, pageSize],
  );

  return {
    result,
    page,
    pageSize,
    setPage,
    changePageSize: (size: number) => {
      setPageSize(size);
      setPage(0);
    },
  };
}
