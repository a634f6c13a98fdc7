import { TtlMemo } from './TtlMemo';

describe('TtlMemo', () => {
  afterEach(() => jest.useRealTimers());

  const memo = (ttlMs = 1000, maxEntries = 10) =>
    new TtlMemo<{ value: number; keep: boolean }>({
      ttlMs,
      maxEntries,
      keep: v => v.keep,
    });

  it('shares a read in flight and remembers a kept result for its TTL', async () => {
    jest.useFakeTimers({ now: 0 });
    const m = memo();
    const read = jest.fn(async () => ({ value: 1, keep: true }));
    const [a, b] = await Promise.all([m.get('k', read), m.get('k', read)]);
    expect(a).toBe(b);
    expect(read).toHaveBeenCalledTimes(1);

    jest.setSystemTime(999);
    await m.get('k', read);
    expect(read).toHaveBeenCalledTimes(1);

    jest.setSystemTime(1001);
    await m.get('k', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('forgets a result keep rejects and a rejection once they settle', async () => {
    const m = memo();
    const transient = jest.fn(async () => ({ value: 0, keep: false }));
    await m.get('k', transient);
    await m.get('k', transient);
    expect(transient).toHaveBeenCalledTimes(2);

    const failing = jest.fn(async () => {
      throw new Error('boom');
    });
    await expect(m.get('f', failing)).rejects.toThrow('boom');
    await expect(m.get('f', failing)).rejects.toThrow('boom');
    expect(failing).toHaveBeenCalledTimes(2);
    expect(m.size).toBe(0);
  });

  it('keeps nothing beyond the read in flight with a TTL of 0', async () => {
    const m = memo(0);
    const read = jest.fn(async () => ({ value: 1, keep: true }));
    await m.get('k', read);
    await m.get('k', read);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('holds at most maxEntries keys, evicting the oldest', async () => {
    const m = memo(60_000, 2);
    const read = jest.fn(async () => ({ value: 1, keep: true }));
    await m.get('a', read);
    await m.get('b', read);
    await m.get('a', read); // still remembered: not re-read
    await m.get('c', read); // evicts a (the oldest inserted)
    expect(m.size).toBe(2);
    expect(read).toHaveBeenCalledTimes(3);
    await m.get('a', read);
    expect(read).toHaveBeenCalledTimes(4);
  });
});
