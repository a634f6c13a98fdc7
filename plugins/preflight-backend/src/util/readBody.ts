// A response body read up to a limit: answers from servers Preflight does not control (Argo CD,
// image registries) are never read whole into memory.

/** What {@link readBody} returns for a body beyond its limit. */
export const TOO_LARGE = Symbol('too-large');

/** Lets a cancellation finish in the background: some streams never settle it. */
function discard(cancellation: Promise<void> | undefined): void {
  cancellation?.catch(() => undefined);
}

/** Reads a body up to `max` bytes: beyond it, `TOO_LARGE` (or the first `max` bytes, `truncate`). */
export async function readBody(
  response: Response,
  max: number,
  truncate: boolean,
): Promise<string | typeof TOO_LARGE> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (!truncate && Number.isFinite(declared) && declared > max) {
    discard(response.body?.cancel());
    return TOO_LARGE;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      discard(reader.cancel());
      if (!truncate) return TOO_LARGE;
      chunks.push(value.subarray(0, value.byteLength - (total - max)));
      break;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
