import { parseLabelMatcher } from '../../__testUtils__/kubernetes';
import {
  labelSelectorMatcher,
  matchesRequirement,
  parseLabelRequirements,
} from './selectors';

describe('parseLabelRequirements', () => {
  it('returns the requirements in order, validated like parseLabelSelector', () => {
    expect(
      parseLabelRequirements(
        'a=1, b==2, c!=3, d in (x, y), e notin (z), f, !g, h=',
      ),
    ).toEqual([
      { key: 'a', operator: '=', values: ['1'] },
      { key: 'b', operator: '=', values: ['2'] },
      { key: 'c', operator: '!=', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists', values: [] },
      { key: 'g', operator: '!', values: [] },
      { key: 'h', operator: '=', values: [''] },
    ]);
    expect(() => parseLabelRequirements('app=$(x)')).toThrow(
      'is not a valid label value',
    );
    expect(() => parseLabelRequirements('x'.repeat(3000))).toThrow(
      'longer than 2048 characters',
    );
  });
});

describe('labelSelectorMatcher', () => {
  const labels = {
    app: 'shop',
    tier: 'web',
    empty: '',
    'backstage.io/kubernetes-id': 'checkout-api',
  };

  it.each([
    // equality
    ['app=shop', true],
    ['app==shop', true],
    ['app=other', false],
    ['missing=shop', false],
    ['empty=', true],
    ['missing=', false],
    // inequality: also true when the label is absent
    ['app!=other', true],
    ['app!=shop', false],
    ['missing!=shop', true],
    // set membership
    ['tier in (web, db)', true],
    ['tier in (db)', false],
    ['missing in (web)', false],
    ['tier notin (db)', true],
    ['tier notin (web, db)', false],
    ['missing notin (web)', true],
    // existence
    ['app', true],
    ['empty', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['!empty', false],
    // requirements are ANDed
    ['app=shop,tier in (web),!legacy', true],
    ['app=shop,tier in (db)', false],
    ['backstage.io/kubernetes-id=checkout-api', true],
    ['backstage.io/kubernetes-id in (a, checkout-api), app', true],
  ])('%j → %p', (selector, expected) => {
    expect(labelSelectorMatcher(selector)(labels)).toBe(expected);
  });

  it('treats missing labels as an empty set', () => {
    expect(labelSelectorMatcher('!app')(undefined)).toBe(true);
    expect(labelSelectorMatcher('app!=x')(undefined)).toBe(true);
    expect(labelSelectorMatcher('app')(undefined)).toBe(false);
    expect(labelSelectorMatcher('app notin (x)')({})).toBe(true);
  });

  it('only counts own labels with string values (no prototype keys)', () => {
    expect(labelSelectorMatcher('constructor')({})).toBe(false);
    expect(labelSelectorMatcher('!toString')({})).toBe(true);
    expect(labelSelectorMatcher('constructor=x')({ constructor: 'x' })).toBe(
      true,
    );
    expect(labelSelectorMatcher('app')({ app: 1 as any })).toBe(false);
  });

  it('accepts parsed requirements, and rejects a malformed selector', () => {
    const requirements = parseLabelRequirements('app=shop');
    expect(labelSelectorMatcher(requirements)(labels)).toBe(true);
    expect(
      matchesRequirement({ key: 'app', operator: '=', values: ['x'] }, labels),
    ).toBe(false);
    expect(() => labelSelectorMatcher('app in (a')).toThrow(
      'the value set is not closed',
    );
  });

  it('agrees with the simulated API server on a grid of selectors and label sets', () => {
    const selectors = [
      'a=1',
      'a!=1',
      'a in (1,2)',
      'a notin (1,2)',
      'a',
      '!a',
      'a=1,b',
      'a!=2,!b',
      'b in (x),a notin (3)',
      'a=',
    ];
    const labelSets: Array<Record<string, string> | undefined> = [
      undefined,
      {},
      { a: '1' },
      { a: '2' },
      { a: '3', b: 'x' },
      { a: '', b: 'y' },
      { b: 'x' },
    ];
    for (const selector of selectors) {
      const ours = labelSelectorMatcher(selector);
      const server = parseLabelMatcher(selector);
      for (const set of labelSets) {
        expect([selector, set, ours(set)]).toEqual([
          selector,
          set,
          server(set),
        ]);
      }
    }
  });
});
