import { performance } from 'perf_hooks';

/**
 * The largest stall a test accepts while hostile input is parsed off the event loop. Parsing
 * these inputs on the loop stalls it for seconds to minutes; parsing them in a worker leaves
 * only scheduling noise, which on a loaded machine (CI, or a developer's busy laptop) reaches a
 * few hundred ms. The bound tells the two apart without timing the machine.
 */
export const MAX_STALL_MS = 1000;

/**
 * Runs `work` while a 5 ms timer ticks, and returns its outcome with the largest event-loop
 * stall seen (the largest gap between ticks, less the period), in ms. A synchronous stall
 * delays the next tick, so it is seen even when the work is synchronous.
 */
export async function withEventLoopLag<T>(
  work: () => Promise<T>,
): Promise<{ outcome: T | Error; maxLagMs: number; elapsedMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const outcome = await work().catch((error: Error) => error);
  const elapsedMs = performance.now() - started;
  // One more tick, so that a stall at the very end is recorded too.
  await new Promise(resolve => setTimeout(resolve, 15));
  clearInterval(timer);
  return { outcome, maxLagMs: Math.max(0, maxGap - 5), elapsedMs };
}
