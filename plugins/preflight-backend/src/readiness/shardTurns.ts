// Which shard an instance runs when one of its shard tasks is due (ReadinessService.schedule).
/** How long a shard handed back by this instance counts as waiting for it (then: taken elsewhere). */
const WAITING_MS = 15_000;

/**
 * The shard this instance should run now, when `index` is due: none while one runs here, else
 * the one that has waited longest since it was handed back (`index` when none waits). A shard
 * waiting longer than `WAITING_MS` has been run by another instance, and no longer counts.
 */
export function nextToRun(
  local: { running: number; waiting: Map<number, number> },
  index: number,
  now = Date.now(),
): number | undefined {
  if (local.running > 0) return undefined;
  let oldest: [number, number] | undefined;
  for (const [shard, since] of local.waiting) {
    if (now - since > WAITING_MS) local.waiting.delete(shard);
    else if (!oldest || since < oldest[1]) oldest = [shard, since];
  }
  return oldest ? oldest[0] : index;
}
