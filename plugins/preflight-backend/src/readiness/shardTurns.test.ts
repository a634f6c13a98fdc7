import { nextToRun } from './shardTurns';

describe('nextToRun', () => {
  it('runs the due shard when nothing runs and nothing waits', () => {
    expect(nextToRun({ running: 0, waiting: new Map() }, 3, 1000)).toBe(3);
  });

  it('runs nothing while a shard runs here', () => {
    expect(nextToRun({ running: 1, waiting: new Map() }, 3, 1000)).toBe(
      undefined,
    );
  });

  it('gives the turn to the shard that has waited longest', () => {
    const local = {
      running: 0,
      waiting: new Map([
        [2, 900],
        [1, 800],
      ]),
    };
    expect(nextToRun(local, 4, 1000)).toBe(1);
    expect(nextToRun(local, 1, 1000)).toBe(1);
  });

  it('forgets a shard that has waited too long (another instance ran it)', () => {
    const local = { running: 0, waiting: new Map([[1, 0]]) };
    expect(nextToRun(local, 4, 60_000)).toBe(4);
    expect(local.waiting.size).toBe(0);
  });

  it('goes round every shard when one instance is left and its workers poll in step', () => {
    // Four shard tasks come due together at every turn, always in the same order; each yields
    // to a waiting shard or runs (finishing before the next turn), as ReadinessService does.
    const local = { running: 0, waiting: new Map<number, number>() };
    const ran: number[] = [];
    let now = 0;
    for (let turn = 0; turn < 8; turn++) {
      now += 2000;
      let running: number | undefined;
      for (const shard of [3, 0, 1, 2]) {
        const next = nextToRun(
          { running: running === undefined ? 0 : 1, waiting: local.waiting },
          shard,
          now + shard,
        );
        if (next !== shard) {
          if (!local.waiting.has(shard)) local.waiting.set(shard, now + shard);
          continue;
        }
        local.waiting.delete(shard);
        running = shard;
      }
      if (running !== undefined) ran.push(running);
    }
    // every shard ran twice in eight turns: no shard starves
    expect([...ran].sort()).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
  });
});
