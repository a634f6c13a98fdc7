/*
 * Value normalization shared by the extractors: canonical JSON, Kubernetes quantities, and
 * "explicit or default" values, so that what the API server fills in (a default made explicit,
 * `1000m` rewritten as `1`) never shows up as a difference.
 */

/** Whether a value is a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with object keys sorted, `undefined`/`null` members dropped. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (value[key] !== undefined && value[key] !== null) {
        out[key] = sortKeys(value[key]);
      }
    }
    return out;
  }
  return value;
}

/** A scalar as a string; arrays of scalars sorted and comma-joined; anything else as canonical JSON. */
export function scalarText(value: unknown): string {
  if (Array.isArray(value)) {
    if (value.every(v => typeof v !== 'object' || v === null)) {
      return value
        .map(v => String(v))
        .sort()
        .join(', ');
    }
    return canonicalJson(value);
  }
  if (isRecord(value)) return canonicalJson(value);
  return String(value);
}

/**
 * Calls `add(path, text)` for every leaf of `value` under `prefix` (objects are walked, arrays
 * of scalars become one sorted, comma-joined leaf, other arrays canonical JSON).
 */
export function flattenLeaves(
  prefix: string,
  value: unknown,
  add: (path: string, text: string) => void,
): void {
  if (value === undefined || value === null) return;
  if (isRecord(value)) {
    for (const key of Object.keys(value).sort()) {
      flattenLeaves(`${prefix}.${key}`, value[key], add);
    }
    return;
  }
  add(prefix, scalarText(value));
}

/** A value that is compared as its effective value (explicit, else the API default). */
export interface Effective {
  value: string;
  compare: string;
}

/** `value` when set; otherwise the default, shown as `… (default)` but compared as the default. */
export function effective(value: unknown, defaultValue: string): Effective {
  if (value === undefined || value === null || value === '') {
    return { value: `${defaultValue} (default)`, compare: defaultValue };
  }
  const text = scalarText(value);
  return { value: text, compare: text };
}
