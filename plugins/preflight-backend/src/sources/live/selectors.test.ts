import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { parseLabelSelector, resolveLiveTarget } from './selectors';

describe('parseLabelSelector', () => {
  it.each([
    ['app=shop', 'app=shop'],
    ['app == shop', 'app=shop'],
    ['app!=shop', 'app!=shop'],
    ['app=', 'app='],
    ['tier in (web, db)', 'tier in (web,db)'],
    ['tier notin (a)', 'tier notin (a)'],
    ['canary', 'canary'],
    ['! legacy', '!legacy'],
    [
      'app.kubernetes.io/name=checkout-api, app.kubernetes.io/part-of in (shop)',
      'app.kubernetes.io/name=checkout-api,app.kubernetes.io/part-of in (shop)',
    ],
    [
      'backstage.io/kubernetes-id=checkout_api.v2',
      'backstage.io/kubernetes-id=checkout_api.v2',
    ],
  ])('accepts %j as %j', (input, canonical) => {
    expect(parseLabelSelector(input)).toBe(canonical);
  });

  it.each([
    ['app=x,foo in (a', 'the value set is not closed'],
    ['app=$(rm -rf)', 'is not a valid label value'],
    ['app=x&limit=1', 'is not a valid label value'],
    ['app=x\nfoo=y', 'expected "," between requirements'],
    ['app=x;y', 'is not a valid label value'],
    ['app>1', 'is not a valid label key'],
    ['a/b/c=x', 'is not a valid label key'],
    ['UPPER.Example.com/x=y', 'prefix must be a DNS subdomain'],
    ['-app=x', 'is not a valid label key'],
    [`app=${'x'.repeat(64)}`, 'is not a valid label value'],
    ['app in ()', 'expected a value in the set'],
    ['app=x,', 'trailing ","'],
    [',', 'expected a label key'],
    ['app =x y', 'expected "," between requirements'],
    ['app ~ x', 'unsupported operator'],
    ['x'.repeat(3000), 'longer than 2048 characters'],
  ])('rejects %j', (input, message) => {
    expect(() => parseLabelSelector(input)).toThrow(message);
  });
});

describe('resolveLiveTarget', () => {
  const entity = (annotations: Record<string, string>): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'x', annotations },
  });
  const dev = { name: 'dev', title: 'Dev' };

  it('returns undefined without Kubernetes annotations (blank ones included)', () => {
    expect(resolveLiveTarget(entity({}), dev)).toBeUndefined();
    expect(
      resolveLiveTarget(
        entity({ 'backstage.io/kubernetes-label-selector': '  ' }),
        dev,
      ),
    ).toBeUndefined();
  });

  it('prefers the label selector annotation over the id', () => {
    expect(
      resolveLiveTarget(
        entity({
          'backstage.io/kubernetes-id': 'x',
          'backstage.io/kubernetes-label-selector': 'app=y',
        }),
        dev,
      ),
    ).toEqual({ labelSelector: 'app=y' });
    expect(
      resolveLiveTarget(entity({ 'backstage.io/kubernetes-id': 'x' }), dev),
    ).toEqual({
      labelSelector: 'backstage.io/kubernetes-id=x',
    });
  });

  it('names the annotation in the InputError', () => {
    const attempt = () =>
      resolveLiveTarget(
        entity({ 'backstage.io/kubernetes-label-selector': 'app in (a' }),
        dev,
      );
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow(
      'Invalid backstage.io/kubernetes-label-selector annotation: the value set is not closed by ")"',
    );
    expect(() =>
      resolveLiveTarget(
        entity({
          'backstage.io/kubernetes-id': 'x',
          'preflight.dev/namespace.dev': '../../etc',
        }),
        dev,
      ),
    ).toThrow(
      'Invalid preflight.dev/namespace.dev annotation: "../../etc" is not a valid Kubernetes namespace name',
    );
  });

  it('only reads the namespace annotation of its own environment', () => {
    expect(
      resolveLiveTarget(
        entity({
          'backstage.io/kubernetes-id': 'x',
          'preflight.dev/namespace.production': '../../etc',
        }),
        dev,
      ),
    ).toEqual({ labelSelector: 'backstage.io/kubernetes-id=x' });
  });
});
