import { ConfigReader } from '@backstage/config';
import { readImmutableTags } from './config';

const read = (preflight?: object) =>
  readImmutableTags(new ConfigReader(preflight ? { preflight } : {}));

describe('readImmutableTags', () => {
  it('is undefined when not configured (the built-in patterns apply)', () => {
    expect(read()).toBeUndefined();
    expect(read({ policy: {} })).toBeUndefined();
  });

  it('reads the configured patterns, an empty list included', () => {
    expect(
      read({ policy: { immutableTags: ['v\\d+\\.\\d+\\.\\d+'] } }),
    ).toEqual(['v\\d+\\.\\d+\\.\\d+']);
    expect(read({ policy: { immutableTags: [] } })).toEqual([]);
  });

  it('stops at start-up on an invalid entry, naming it', () => {
    expect(() =>
      read({ policy: { immutableTags: ['a', 'b', '(unclosed'] } }),
    ).toThrow(
      /^Invalid config at 'preflight\.policy\.immutableTags\[2\]': '\(unclosed' is not a valid regular expression/,
    );
    expect(() => read({ policy: { immutableTags: 'v1' } })).toThrow(
      "Invalid config at 'preflight.policy.immutableTags': expected a list of regular expressions (strings)",
    );
  });

  it('names every invalid entry at once, one line each', () => {
    expect(() =>
      read({ policy: { immutableTags: ['(a', 'ok', ' ', '[b'] } }),
    ).toThrow(
      /^Invalid config at 'preflight\.policy\.immutableTags\[0\]': '\(a' is not a valid regular expression .*\nInvalid config at 'preflight\.policy\.immutableTags\[2\]': expected a non-empty regular expression\nInvalid config at 'preflight\.policy\.immutableTags\[3\]': '\[b' is not a valid regular expression/,
    );
  });
});
