import { CheckDeadline } from './checkDeadline';

/*
 * The checks of one environment run one after another under one timer: each has the whole limit
 * from its own start, a check over the limit is given up and its signal aborted, and the next
 * check starts afresh.
 */
describe('CheckDeadline', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const after = <T>(ms: number, value: T) =>
    new Promise<T>(resolve => setTimeout(() => resolve(value), ms));

  it('gives each check the whole limit from its own start', async () => {
    const deadline = new CheckDeadline(100);
    const first = deadline.run(() => after(70, 'first'));
    await jest.advanceTimersByTimeAsync(70);
    await expect(first).resolves.toBe('first');
    // 140 ms after the first check started: within the second's own 100 ms.
    const second = deadline.run(() => after(70, 'second'));
    await jest.advanceTimersByTimeAsync(70);
    await expect(second).resolves.toBe('second');
    deadline.dispose();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives up on a check over the limit, aborts its signal, and starts the next afresh', async () => {
    const deadline = new CheckDeadline(100);
    let hungSignal: AbortSignal | undefined;
    const hung = deadline.run(signal => {
      hungSignal = signal;
      return new Promise(() => {});
    });
    const outcome = hung.then(
      () => 'finished',
      (error: Error) => error.message,
    );
    await jest.advanceTimersByTimeAsync(99);
    expect(hungSignal!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await expect(outcome).resolves.toBe(
      'the check did not finish within 100 ms',
    );
    expect(hungSignal!.aborted).toBe(true);

    let nextSignal: AbortSignal | undefined;
    const next = deadline.run(signal => {
      nextSignal = signal;
      return after(90, 'next');
    });
    expect(nextSignal!.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(90);
    await expect(next).resolves.toBe('next');
    deadline.dispose();
  });

  it('passes on a check that throws at once', async () => {
    const deadline = new CheckDeadline(100);
    expect(() =>
      deadline.run(() => {
        throw new Error('not even a promise');
      }),
    ).toThrow('not even a promise');
    await expect(
      deadline.run(() => Promise.reject(new Error('rejected'))),
    ).rejects.toThrow('rejected');
    deadline.dispose();
  });
});
