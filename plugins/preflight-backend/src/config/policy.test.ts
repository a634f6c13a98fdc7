import { ConfigReader } from '@backstage/config';
import { DEFAULT_IMMUTABLE_TAG_PATTERNS } from '@preflight/plugin-preflight-node';
import { readPolicySettings } from './policy';

const read = (policy?: object) =>
  readPolicySettings(new ConfigReader({ preflight: policy ? { policy } : {} }));

describe('readPolicySettings', () => {
  it('leaves the built-in patterns in force when nothing is configured', () => {
    expect(read()).toEqual({});
    expect(read({})).toEqual({});
  });

  it('reads the configured patterns, including an empty list (digests only)', () => {
    expect(
      read({
        immutableTags: [...DEFAULT_IMMUTABLE_TAG_PATTERNS, 'stable-\\d+'],
      }),
    ).toEqual({
      immutableTags: [...DEFAULT_IMMUTABLE_TAG_PATTERNS, 'stable-\\d+'],
    });
    expect(read({ immutableTags: [] })).toEqual({ immutableTags: [] });
  });

  it('stops at start-up on an invalid regular expression, naming the entry', () => {
    expect(() =>
      read({
        immutableTags: ['v\\d+\\.\\d+\\.\\d+', '[0-9a-f]{7,40}', '(sha-'],
      }),
    ).toThrow(
      /^Invalid config at 'preflight\.policy\.immutableTags\[2\]': '\(sha-' is not a valid regular expression/,
    );
    expect(() => read({ immutableTags: ['ok', ' '] })).toThrow(
      "Invalid config at 'preflight.policy.immutableTags[1]': expected a non-empty regular expression",
    );
  });

  it('stops at start-up when the value is not a list of strings', () => {
    expect(() => read({ immutableTags: 'v\\d+' })).toThrow(
      "Invalid config at 'preflight.policy.immutableTags': expected a list of regular expressions (strings)",
    );
    expect(() => read({ immutableTags: [{ pattern: 'x' }] })).toThrow(
      "Invalid config at 'preflight.policy.immutableTags'",
    );
  });
});
