/** How many errors of a `cause` chain are looked at. */
const MAX_DEPTH = 5;

/** An error and its causes, outermost first (at most 5, cycles ignored). */
export function errorChain(error: unknown): Array<Record<string, unknown>> {
  const chain: Array<Record<string, unknown>> = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && chain.length < MAX_DEPTH) {
    const link = current as Record<string, unknown>;
    if (chain.includes(link)) break;
    chain.push(link);
    current = link.cause;
  }
  return chain;
}

/**
 * The first system error code in an error's cause chain, e.g. `ECONNREFUSED` (Node's `code`, or
 * `errno` when it is a string), `UND_ERR_CONNECT_TIMEOUT` (undici); `undefined` when none.
 */
export function errorCode(error: unknown): string | undefined {
  for (const e of errorChain(error)) {
    if (typeof e.code === 'string' && e.code) return e.code;
    if (typeof e.errno === 'string' && e.errno) return e.errno;
  }
  return undefined;
}
