import { fixtures } from '../../__testUtils__/kubernetes';
import { SharedSubtrees } from './sharedSubtrees';

describe('SharedSubtrees', () => {
  it('shares equal sub-objects between objects and deep-freezes them, keeping their content', () => {
    const pool = new SharedSubtrees();
    const a = fixtures.deployment('a', { namespace: 'team-1' });
    const b = fixtures.deployment('b', { namespace: 'team-2' });
    const before = JSON.parse(JSON.stringify([a, b]));
    expect(pool.freeze(a)).toBe(a);
    expect(pool.freeze(b)).toBe(b);
    expect([a, b]).toEqual(before);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen((a.spec as any).template.spec.containers[0])).toBe(
      true,
    );
    const container = (o: any) => o.spec.template.spec.containers[0];
    // The same probes and resources; the containers themselves differ (their names).
    expect(container(b).readinessProbe).toBe(container(a).readinessProbe);
    expect(container(b).resources).toBe(container(a).resources);
    expect(container(b)).not.toBe(container(a));
    expect(a.metadata).not.toBe(b.metadata);
  });

  it('shares only exact equals: key order, types, array length and prototype count', () => {
    const pool = new SharedSubtrees();
    const objects: any[] = [
      { x: { a: 1, b: 2 } },
      { x: { b: 2, a: 1 } },
      { x: { a: '1', b: 2 } },
      { x: [1, 2] },
      { x: [1, 2, undefined] },
      { x: Object.assign(Object.create(null), { a: 1, b: 2 }) },
      { x: { a: 1, b: 2 } },
      { x: { a: true } },
      { x: { a: 'true' } },
      { x: { a: null } },
      { x: { a: 'null' } },
      { x: { 'a:s0;': 1 } },
      { x: { a: 's0' } },
    ];
    const copies = objects.map(o => ({ ...o }));
    objects.forEach(o => pool.freeze(o));
    expect(objects[6].x).toBe(objects[0].x);
    const distinct = new Set(objects.map(o => o.x));
    expect(distinct.size).toBe(objects.length - 1);
    objects.forEach((o, i) => expect(o).toEqual(copies[i]));
    expect(Object.getPrototypeOf(objects[5].x)).toBe(null);
  });

  it('keeps already-frozen objects as they are, and never shares class instances', () => {
    const pool = new SharedSubtrees();
    const spec = Object.freeze({ replicas: 1 });
    const frozen = { spec };
    const open = { spec: { replicas: 1 } };
    const other = { spec: { replicas: 1 } };
    pool.freeze(frozen);
    pool.freeze(open);
    pool.freeze(other);
    expect(frozen.spec).toBe(spec);
    expect(open.spec).not.toBe(spec);
    expect(other.spec).toBe(open.spec);

    const date1 = new Date(0);
    const date2 = new Date(0);
    const x = { at: date1 };
    const y = { at: date2 };
    pool.freeze(x);
    pool.freeze(y);
    expect(x.at).toBe(date1);
    expect(y.at).toBe(date2);
    expect(Object.isFrozen(date2)).toBe(true);
  });

  it('handles 100,000 objects', () => {
    const pool = new SharedSubtrees();
    const pods = Array.from({ length: 100_000 }, (_, i) =>
      fixtures.pod(`p-${i}`, { namespace: `ns-${i % 20}` }),
    );
    for (const pod of pods) pool.freeze(pod);
    const securityContext = (p: any) => p.spec.containers[0].securityContext;
    expect(securityContext(pods[99_999])).toBe(securityContext(pods[0]));
    expect(pods[99_999].metadata.name).toBe('p-99999');
  });
});
