import {
  parseQuantity,
  QUANTITY,
  quantityKey,
  UNSIGNED_QUANTITY,
} from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['5.', 5],
    ['128Mi', 128 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['2k', 2000],
    ['1e3', 1000],
    ['1.5E-2', 0.015],
    ['-2', -2],
    ['+3M', 3e6],
    [' 250m ', 0.25],
  ])('%p is %p', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });

  it.each(['lots', '1 Gi', '1gi', '1e3Ki', '', 'm', '1e1000'])(
    'rejects %p',
    text => {
      expect(parseQuantity(text)).toBeNaN();
    },
  );
});

describe('quantityKey', () => {
  it('gives equal quantities one key, and keeps what is not a quantity', () => {
    expect(quantityKey('500m')).toBe(quantityKey('0.5'));
    expect(quantityKey('1Gi')).toBe(quantityKey('1024Mi'));
    expect(quantityKey('1e3')).toBe(quantityKey('1k'));
    expect(quantityKey(2)).toBe('2');
    expect(quantityKey(' lots ')).toBe('lots');
  });
});

describe('QUANTITY and UNSIGNED_QUANTITY', () => {
  it('accept a sign only in the signed grammar', () => {
    expect(QUANTITY.test('-1')).toBe(true);
    expect(UNSIGNED_QUANTITY.test('-1')).toBe(false);
    expect(UNSIGNED_QUANTITY.test('+1')).toBe(false);
    expect(UNSIGNED_QUANTITY.test('256Mi')).toBe(true);
    expect(UNSIGNED_QUANTITY.test('1 Gi')).toBe(false);
  });
});
