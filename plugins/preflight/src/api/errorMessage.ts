/**
 * The message to show for an error from the Preflight API: the backend's own message (e.g.
 * `Field 'justification' is required: …`) rather than `Request failed with 400 Bad Request`.
 */
export function errorMessage(error: unknown): string {
  const e = error as
    | {
        body?: { error?: { message?: unknown } };
        cause?: { message?: unknown };
        message?: unknown;
      }
    | undefined;
  const candidates = [e?.body?.error?.message, e?.cause?.message, e?.message];
  for (const candidate of candidates) {
    if (typeof candidate === 'string' && candidate) return candidate;
  }
  return String(error);
}
