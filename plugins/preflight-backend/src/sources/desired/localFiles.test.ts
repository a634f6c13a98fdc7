import path from 'path';
import { isWithin } from './localFiles';

describe('isWithin', () => {
  it.each([
    ['/srv/examples', '/srv/examples', true],
    ['/srv/examples', '/srv/examples/deploy/dev', true],
    ['/srv/examples', '/srv/examples-evil/dev', false],
    ['/srv/examples', '/srv/example', false],
    ['/srv/examples', '/srv', false],
    ['/srv/examples', '/srv/examples/../etc', false],
    ['/srv/examples', '/srv/examples/..foo', true],
    ['/', '/anything', true],
  ])('%s contains %s: %s', (parent, child, expected) => {
    expect(isWithin(parent, path.resolve(child))).toBe(expected);
  });
});
