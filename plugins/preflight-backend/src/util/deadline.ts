/**
 * A signal that aborts when `signal` does or after `ms`, whichever comes first: every read gets
 * its own deadline, whatever the caller passes.
 */
export function withDeadline(
  signal: AbortSignal | undefined,
  ms: number,
): AbortSignal {
  const deadline = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
