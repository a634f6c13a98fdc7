/** Resolves with `aborted` when the signal fires first; otherwise as `promise` does. */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  aborted: T,
): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.resolve(aborted);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => resolve(aborted);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      value => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      error => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
