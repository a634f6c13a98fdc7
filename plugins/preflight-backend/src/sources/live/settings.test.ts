import { ConfigReader } from '@backstage/config';
import { readLiveSettings } from './settings';

describe('readLiveSettings', () => {
  const read = (live: object) =>
    readLiveSettings(new ConfigReader({ preflight: { live } }));

  it('defaults to 500 items per page, 5000 ms, 8 concurrent requests, 2 retries', () => {
    expect(readLiveSettings(new ConfigReader({}))).toEqual({
      pageSize: 500,
      readPageSize: 10000,
      timeoutMs: 5000,
      concurrency: 16,
      retries: 2,
    });
    expect(
      read({ pageSize: 50, timeoutMs: 2000, concurrency: 16, retries: 0 }),
    ).toEqual({
      pageSize: 50,
      readPageSize: 50,
      timeoutMs: 2000,
      concurrency: 16,
      retries: 0,
    });
  });

  it.each([
    [
      { pageSize: 0 },
      "Invalid config at 'preflight.live.pageSize': expected an integer between 1 and 10000, got 0",
    ],
    [{ timeoutMs: 10.5 }, "'preflight.live.timeoutMs'"],
    [{ concurrency: -1 }, "'preflight.live.concurrency'"],
    [{ retries: 100 }, "'preflight.live.retries'"],
    [{ retries: 'many' }, 'preflight.live.retries'],
  ])('rejects %j naming the key', (live, message) => {
    expect(() => read(live)).toThrow(message);
  });
});
