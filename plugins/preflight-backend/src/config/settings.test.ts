import { ConfigReader } from '@backstage/config';
import { readPluginSettings } from './settings';

const read = (preflight: object) =>
  readPluginSettings(new ConfigReader({ preflight }));

describe('readPluginSettings', () => {
  it('has defaults for everything', () => {
    expect(read({})).toEqual({
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 1 },
      },
      concurrency: 4,
      shards: 1,
      retentionDays: 90,
      maxWaiverDays: 90,
    });
    expect(read({ schedule: false }).schedule).toBeUndefined();
  });

  it('reads the shards of the catalog-wide evaluation', () => {
    expect(read({ evaluation: { shards: 8, concurrency: 2 } })).toMatchObject({
      shards: 8,
      concurrency: 2,
    });
  });

  it.each([
    [{ evaluation: { shards: 0 } }, 'preflight.evaluation.shards'],
    [{ evaluation: { shards: 2.5 } }, 'preflight.evaluation.shards'],
    [{ evaluation: { concurrency: 65 } }, 'preflight.evaluation.concurrency'],
    [{ history: { retentionDays: 0 } }, 'preflight.history.retentionDays'],
    [{ waivers: { maxDays: 400 } }, 'preflight.waivers.maxDays'],
    [{ schedule: { frequency: 'often' } }, 'preflight.schedule'],
  ])('fails at start-up on %j, naming the key', (preflight, key) => {
    expect(() => read(preflight)).toThrow(`Invalid config at '${key}'`);
  });
});
