import { SharedRequests } from './SharedRequests';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const aborted = () => new Error('aborted');

describe('SharedRequests', () => {
  it('shares one request in flight, and keeps its answer for the TTL', async () => {
    let now = 1000;
    const shared = new SharedRequests<string>(10_000, 10, () => now);
    const load = jest.fn(async () => 'answer');
    const signal = new AbortController().signal;

    const answers = await Promise.all([
      shared.get('k', load, signal, aborted),
      shared.get('k', load, signal, aborted),
      shared.get('k', load, signal, aborted),
    ]);
    expect(answers).toEqual(['answer', 'answer', 'answer']);
    expect(load).toHaveBeenCalledTimes(1);

    now += 9_999;
    await shared.get('k', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(1);
    now += 2;
    await shared.get('k', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(2);
    await shared.get('other', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('does not keep failures', async () => {
    const shared = new SharedRequests<string>(10_000, 10);
    const load = jest
      .fn<Promise<string>, [AbortSignal]>()
      .mockRejectedValueOnce(new Error('boom'))
      .mockResolvedValueOnce('answer');
    const signal = new AbortController().signal;
    await expect(shared.get('k', load, signal, aborted)).rejects.toThrow(
      'boom',
    );
    await expect(shared.get('k', load, signal, aborted)).resolves.toBe(
      'answer',
    );
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('with a TTL of 0, shares only while in flight', async () => {
    const shared = new SharedRequests<string>(0, 10);
    const load = jest.fn(async () => 'answer');
    const signal = new AbortController().signal;
    await Promise.all([
      shared.get('k', load, signal, aborted),
      shared.get('k', load, signal, aborted),
    ]);
    await shared.get('k', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('lets each caller give up at its own signal, and aborts the request when all have', async () => {
    const shared = new SharedRequests<string>(10_000, 10);
    const pending = deferred<string>();
    let requestSignal: AbortSignal | undefined;
    const load = jest.fn(async (signal: AbortSignal) => {
      requestSignal = signal;
      return pending.promise;
    });
    const first = new AbortController();
    const second = new AbortController();
    const a = shared.get('k', load, first.signal, aborted);
    const b = shared.get('k', load, second.signal, aborted);
    await Promise.resolve();

    first.abort();
    await expect(a).rejects.toThrow('aborted');
    expect(requestSignal?.aborted).toBe(false);

    second.abort();
    await expect(b).rejects.toThrow('aborted');
    expect(requestSignal?.aborted).toBe(true);

    // The abandoned request is forgotten: the next caller starts another.
    pending.resolve('late');
    const third = shared.get(
      'k',
      async () => 'fresh',
      new AbortController().signal,
      aborted,
    );
    await expect(third).resolves.toBe('fresh');
  });

  it('answers the callers still waiting when one gives up', async () => {
    const shared = new SharedRequests<string>(10_000, 10);
    const pending = deferred<string>();
    const first = new AbortController();
    const a = shared.get('k', () => pending.promise, first.signal, aborted);
    const b = shared.get(
      'k',
      () => pending.promise,
      new AbortController().signal,
      aborted,
    );
    first.abort();
    pending.resolve('answer');
    await expect(a).rejects.toThrow('aborted');
    await expect(b).resolves.toBe('answer');
  });

  it('keeps at most maxEntries answers', async () => {
    const shared = new SharedRequests<string>(10_000, 2);
    const load = jest.fn(async () => 'answer');
    const signal = new AbortController().signal;
    await shared.get('a', load, signal, aborted);
    await shared.get('b', load, signal, aborted);
    await shared.get('c', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(3);
    // 'a' was the oldest and was dropped; 'c' is kept.
    await shared.get('c', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(3);
    await shared.get('a', load, signal, aborted);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
