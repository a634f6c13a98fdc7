import { useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import type {
  ReadinessOverviewFilters,
  ReadinessVerdict,
} from '@preflight/plugin-preflight-common';

/** The filter values as typed or chosen in the form. */
export interface OverviewFilterValues {
  owner: string;
  system: string;
  lifecycle: string;
  environment: string;
  verdict: string;
  failingCheck: string;
}

/** The filters typed as text (applied once typing pauses). */
export type OverviewTextFilter = 'owner' | 'system' | 'lifecycle';

export const EMPTY_FILTERS: OverviewFilterValues = {
  owner: '',
  system: '',
  lifecycle: '',
  environment: '',
  verdict: '',
  failingCheck: '',
};

/**
 * `checkout-team` → `group:default/checkout-team`; `ns/team` → `group:ns/team`; a full ref
 * (`user:default/jane`) is kept. The overview matches owner and system as stored entity refs.
 */
export function toEntityRef(value: string, defaultKind: string): string {
  const v = value.trim();
  if (!v || v.includes(':')) return v;
  return v.includes('/')
    ? `${defaultKind}:${v}`
    : `${defaultKind}:default/${v}`;
}

/** The query of `GET /readiness` for the form's values. */
export function toOverviewFilters(
  values: OverviewFilterValues,
): ReadinessOverviewFilters {
  const filters: ReadinessOverviewFilters = {};
  if (values.owner.trim()) filters.owner = toEntityRef(values.owner, 'group');
  if (values.system.trim())
    filters.system = toEntityRef(values.system, 'system');
  if (values.lifecycle.trim()) filters.lifecycle = values.lifecycle.trim();
  if (values.environment) filters.environment = values.environment;
  if (values.verdict) filters.verdict = values.verdict as ReadinessVerdict;
  if (values.failingCheck) filters.failingCheck = values.failingCheck;
  return filters;
}

function pickText(values: OverviewFilterValues) {
  return {
    owner: values.owner,
    system: values.system,
    lifecycle: values.lifecycle,
  };
}

/**
 * The state of the overview's filter form: `typed` is what the text fields show, `form` what
 * applies (text once typing pauses for 400 ms, selects at once), `filters` the query for it.
 */
export function useOverviewFilters() {
  const [form, setForm] = useState<OverviewFilterValues>(EMPTY_FILTERS);
  const [typed, setTyped] = useState(EMPTY_FILTERS);
  useDebounce(() => setForm(f => ({ ...f, ...pickText(typed) })), 400, [
    typed.owner,
    typed.system,
    typed.lifecycle,
  ]);

  const filters = toOverviewFilters(form);
  return {
    form,
    typed,
    filters,
    anyFilter: Object.keys(filters).length > 0,
    setSelect: (key: keyof OverviewFilterValues) => (value: string) =>
      setForm(f => ({ ...f, [key]: value })),
    setText: (key: OverviewTextFilter) => (value: string) =>
      setTyped(t => ({ ...t, [key]: value })),
    /** Filters by the verdict, or stops filtering by it when it is the current one. */
    toggleVerdict: (verdict: ReadinessVerdict) =>
      setForm(f => ({
        ...f,
        verdict: f.verdict === verdict ? '' : verdict,
      })),
    clearFilters: () => {
      setTyped(EMPTY_FILTERS);
      setForm(EMPTY_FILTERS);
    },
  };
}
