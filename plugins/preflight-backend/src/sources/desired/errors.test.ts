import { classifyReaderError, redactUrls, safeErrorDetail } from './errors';

describe('classifyReaderError', () => {
  it.each([
    [{ name: 'NotFoundError', message: 'x' }, 'not-found'],
    [{ name: 'NotAllowedError', message: 'x' }, 'FORBIDDEN'],
    [{ name: 'AuthenticationError', message: 'x' }, 'UNAUTHORIZED'],
    [{ name: 'AbortError', message: 'aborted' }, 'TIMEOUT'],
    [{ name: 'TimeoutError', message: 'timed out' }, 'TIMEOUT'],
    [new Error('could not read https://h/x, 401 Unauthorized'), 'UNAUTHORIZED'],
    [new Error('could not read https://h/x, 403 Forbidden'), 'FORBIDDEN'],
    [new Error('could not read https://h/x, 404 Not Found'), 'not-found'],
    [
      new Error('could not read https://h/x, 429 Too Many Requests'),
      'RATE_LIMITED',
    ],
    [
      new Error('Request failed, 403 Forbidden (rate limit exceeded)'),
      'RATE_LIMITED',
    ],
    [
      new Error('could not read https://h/x, 500 Internal Server Error'),
      'BAD_RESPONSE',
    ],
    [new Error('could not read https://h/x, 502 Bad Gateway'), 'UNREACHABLE'],
    [new Error('could not read https://h/x, 504 Gateway Timeout'), 'TIMEOUT'],
    [Object.assign(new Error('x'), { status: 401 }), 'UNAUTHORIZED'],
    [Object.assign(new Error('x'), { response: { status: 403 } }), 'FORBIDDEN'],
    [
      new Error(
        'Unable to read https://h/x, FetchError: connect ECONNREFUSED 1.2.3.4:443',
      ),
      'UNREACHABLE',
    ],
    [
      Object.assign(new Error('x'), { cause: { code: 'ETIMEDOUT' } }),
      'TIMEOUT',
    ],
    [new Error('could not read https://h/401/x'), 'BAD_RESPONSE'],
    [new Error('something else'), 'BAD_RESPONSE'],
  ])('%p → %s', (error, expected) => {
    expect(classifyReaderError(error)).toBe(expected);
  });

  it('reports any failure after the signal fired as TIMEOUT', () => {
    const controller = new AbortController();
    controller.abort();
    expect(classifyReaderError(new Error('x'), controller.signal)).toBe(
      'TIMEOUT',
    );
  });
});

describe('redactUrls / safeErrorDetail', () => {
  it('removes credentials and tokens from URLs', () => {
    expect(
      redactUrls('read https://user:pa55@h.example/x?ref=main&token=abc&b=1'),
    ).toBe('read https://h.example/x?ref=main&token=***&b=1');
  });

  it('keeps the first line only, bounded', () => {
    expect(safeErrorDetail(new Error(`a\nsecret line`))).toBe('a');
    expect(safeErrorDetail(new Error('x'.repeat(1000)))).toHaveLength(300);
  });
});
