import { errorChain, errorCode } from './errorChain';

describe('errorChain', () => {
  it('lists an error and its causes, outermost first', () => {
    const inner = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    const outer = new TypeError('fetch failed', { cause: inner });
    expect(errorChain(outer)).toEqual([outer, inner]);
    expect(errorCode(outer)).toBe('ECONNREFUSED');
  });

  it('stops at cycles and after five errors', () => {
    const a: any = new Error('a');
    const b: any = new Error('b');
    a.cause = b;
    b.cause = a;
    expect(errorChain(a)).toEqual([a, b]);

    let deep: any = Object.assign(new Error('root'), { code: 'EDEEP' });
    for (let i = 0; i < 6; i++) deep = new Error(`wrap ${i}`, { cause: deep });
    expect(errorChain(deep)).toHaveLength(5);
    expect(errorCode(deep)).toBeUndefined();
  });

  it('reads a string errno when there is no code, and nothing from non-errors', () => {
    expect(errorCode({ errno: 'ETIMEDOUT' })).toBe('ETIMEDOUT');
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode('ECONNRESET')).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
  });
});
