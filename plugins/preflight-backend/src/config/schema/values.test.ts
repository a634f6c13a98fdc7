import { z } from 'zod';
import { parseConfig } from './errors';
import { boolean, integer } from './values';

// The integer settings of preflight.* (evaluation, waivers, live, snapshot, desired, kustomize,
// argocd, ci-tests, the registry timeout) all use `integer`.
const schema = z.object({ n: integer(1, 64, 4) }).prefault({});

describe('integer', () => {
  it('reads an integer within bounds, and the fallback when the key is absent', () => {
    expect(parseConfig(schema, { n: 8 }, 'preflight')).toEqual({ n: 8 });
    expect(parseConfig(schema, {}, 'preflight')).toEqual({ n: 4 });
    expect(parseConfig(schema, undefined, 'preflight')).toEqual({ n: 4 });
  });

  it.each([0, 65, 2.5, '8', true])(
    'stops start-up on %p, naming the key and the value',
    value => {
      expect(() => parseConfig(schema, { n: value }, 'preflight')).toThrow(
        `Invalid config at 'preflight.n': expected an integer between 1 and 64, got ${JSON.stringify(
          value,
        )}`,
      );
    },
  );

  it('names the full key of a sub-section', () => {
    const options = z.object({ timeoutMs: integer(100, 60_000, 5000) });
    expect(() =>
      parseConfig(
        options,
        { timeoutMs: 5 },
        'preflight.checks.ci-tests.options',
      ),
    ).toThrow(
      "Invalid config at 'preflight.checks.ci-tests.options.timeoutMs': expected an integer between 100 and 60000, got 5",
    );
  });
});

describe('boolean', () => {
  it('accepts true or false only, with its fallback when absent', () => {
    const flag = z.object({ on: boolean(false) });
    expect(parseConfig(flag, {}, 'preflight.x')).toEqual({ on: false });
    expect(parseConfig(flag, { on: true }, 'preflight.x')).toEqual({
      on: true,
    });
    expect(() => parseConfig(flag, { on: 'yes' }, 'preflight.x')).toThrow(
      "Invalid config at 'preflight.x.on': expected true or false",
    );
  });
});
