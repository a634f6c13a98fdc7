import { ConfigReader } from '@backstage/config';
import { readInteger } from './readInteger';

const setting = { min: 1, max: 64, fallback: 4 };

describe('readInteger', () => {
  it('reads an integer within bounds, and the fallback when the key is absent', () => {
    const config = new ConfigReader({ preflight: { n: 8 } });
    expect(readInteger(config, 'preflight.n', setting)).toBe(8);
    expect(readInteger(config, 'preflight.m', setting)).toBe(4);
    expect(readInteger(undefined, 'preflight.n', setting)).toBe(4);
  });

  it.each([0, 65, 2.5, '8', true])(
    'stops start-up on %p, naming the key and the value',
    value => {
      const config = new ConfigReader({ preflight: { n: value } });
      expect(() => readInteger(config, 'preflight.n', setting)).toThrow(
        `Invalid config at 'preflight.n': expected an integer between 1 and 64, got ${JSON.stringify(
          value,
        )}`,
      );
    },
  );

  it('names the full key of a sub-section', () => {
    const section = new ConfigReader({ timeoutMs: 5 });
    expect(() =>
      readInteger(section, 'timeoutMs', {
        min: 100,
        max: 60_000,
        fallback: 5000,
        name: 'preflight.checks.ci-tests.options.timeoutMs',
      }),
    ).toThrow(
      "Invalid config at 'preflight.checks.ci-tests.options.timeoutMs': expected an integer between 100 and 60000, got 5",
    );
  });
});
