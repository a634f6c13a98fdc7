export { useRefreshable, type Refreshable } from './useRefreshable';
export { useEntityReadiness, type LoadedReadiness } from './useEntityReadiness';
export {
  useOverviewFilters,
  toEntityRef,
  toOverviewFilters,
  EMPTY_FILTERS,
  type OverviewFilterValues,
  type OverviewTextFilter,
} from './useOverviewFilters';
export {
  useReadinessOptions,
  useReadinessOverview,
} from './useReadinessOverview';
