import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { environmentReadiness as env } from '../__testUtils__/readiness';
import { ReadinessStore } from './ReadinessStore';

jest.setTimeout(60_000);

// Real databases: SQLite, and the PostgreSQL that scripts/with-test-services.sh starts from
// Debian's package. `make test` sets PREFLIGHT_REQUIRE_TEST_SERVICES, so a missing server fails
// here instead of silently testing SQLite only.
const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const entity = (name: string, owner: string, system = 'shop'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner, system },
  relations: [
    { type: 'ownedBy', targetRef: `group:default/${owner}` },
    { type: 'partOf', targetRef: `system:default/${system}` },
  ],
});

describe('ReadinessStore', () => {
  it('runs against PostgreSQL when the test services are required', () => {
    const required = Boolean(process.env.PREFLIGHT_REQUIRE_TEST_SERVICES);
    expect({
      postgres: databases.supports('POSTGRES_15') || !required,
      sqlite: databases.supports('SQLITE_3'),
    }).toEqual({ postgres: true, sqlite: true });
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function createStore() {
      const knex = await databases.init(databaseId);
      return ReadinessStore.create(mockServices.database({ knex }));
    }

    it('keeps waivers until they expire, then stops applying them by itself', async () => {
      const store = await createStore();
      const now = new Date('2026-11-25T10:00:00Z');
      const waiver = await store.addWaiver(
        {
          entityRef: 'component:default/a',
          environment: 'production',
          checkId: 'backup-verified',
          justification: 'Backups move to the new vault this week',
          expiresAt: '2026-11-26T10:00:00.000Z',
          createdBy: 'user:default/guest',
        },
        now,
      );
      expect(await store.listActive('component:default/a', now)).toEqual([
        waiver,
      ]);
      expect(
        await store.listActive(
          'component:default/a',
          new Date('2026-11-26T10:00:01Z'),
        ),
      ).toEqual([]);
      expect(await store.getWaiver(waiver.id)).toEqual(waiver);
      await store.deleteWaiver(waiver.id);
      expect(await store.getWaiver(waiver.id)).toBeUndefined();
    });

    it('lists the active waivers of many entities at once, as listActive does for each', async () => {
      const store = await createStore();
      const now = new Date('2026-11-25T10:00:00Z');
      const add = (
        entityRef: string,
        checkId: string,
        expiresAt: string,
        at: Date,
      ) =>
        store.addWaiver(
          {
            entityRef,
            environment: 'production',
            checkId,
            justification: 'Tracked in the migration plan',
            expiresAt,
            createdBy: 'user:default/guest',
          },
          at,
        );
      await add(
        'component:default/a',
        'tls',
        '2026-11-30T00:00:00.000Z',
        new Date('2026-11-24T09:00:00Z'),
      );
      await add(
        'component:default/b',
        'tls',
        '2026-11-25T09:00:00.000Z',
        new Date('2026-11-24T09:00:00Z'),
      );
      await add(
        'component:default/a',
        'monitoring',
        '2026-12-30T00:00:00.000Z',
        new Date('2026-11-23T09:00:00Z'),
      );
      await add(
        'component:default/c',
        'tls',
        '2026-12-30T00:00:00.000Z',
        new Date('2026-11-23T09:00:00Z'),
      );
      const refs = Array.from(
        { length: 1200 },
        (_, i) => `component:default/x-${i}`,
      );
      const many = await store.listActiveMany(
        [
          'component:default/a',
          'component:default/b',
          ...refs,
          'component:default/a',
        ],
        now,
      );
      expect([...many.keys()]).toEqual(['component:default/a']);
      expect(many.get('component:default/a')).toEqual(
        await store.listActive('component:default/a', now),
      );
      expect(many.get('component:default/a')!.map(w => w.checkId)).toEqual([
        'monitoring',
        'tls',
      ]);
    });

    it('records history, returns the previous verdicts and prunes old rows', async () => {
      const store = await createStore();
      const a = entity('a', 'checkout-team');
      expect(
        await store.record(
          a,
          [env('dev', 'ready')],
          new Date('2026-11-20T00:00:00Z'),
        ),
      ).toEqual(new Map());
      const previous = await store.record(
        a,
        [env('dev', 'not-ready', ['image-tagged'])],
        new Date('2026-11-25T00:00:00Z'),
      );
      expect(previous).toEqual(new Map([['dev', 'ready']]));

      const history = await store.history('component:default/a', { limit: 10 });
      expect(history.map(h => [h.verdict, h.failing, h.evaluatedAt])).toEqual([
        ['not-ready', ['image-tagged'], '2026-11-25T00:00:00.000Z'],
        ['ready', [], '2026-11-20T00:00:00.000Z'],
      ]);

      expect(await store.prune(new Date('2026-11-21T00:00:00Z'))).toBe(1);
      expect(
        await store.history('component:default/a', { limit: 10 }),
      ).toHaveLength(1);
    });

    it('records catalog fields of any length (a 300-character title) with the rest of the page', async () => {
      const store = await createStore();
      const long = (prefix: string) => `${prefix}-${'x'.repeat(300)}`;
      const odd = entity('long', 'checkout-team');
      odd.metadata.title = long('title');
      odd.spec = { ...odd.spec, type: long('type'), lifecycle: long('life') };
      const at = new Date('2026-11-25T00:00:00Z');
      await store.record(odd, [env('dev', 'ready')], at);
      await store.record(
        entity('short', 'checkout-team'),
        [env('dev', 'ready')],
        at,
      );
      const page = await store.overview({
        lifecycle: long('life'),
        limit: 50,
        offset: 0,
      });
      expect(page.items.map(i => [i.name, i.title, i.type])).toEqual([
        ['long', long('title'), long('type')],
      ]);
      expect((await store.overview({ limit: 50, offset: 0 })).totalCount).toBe(
        2,
      );
    });

    it('serves the overview filtered, counted and paged', async () => {
      const store = await createStore();
      const at = new Date('2026-11-25T00:00:00Z');
      await store.record(
        entity('a', 'checkout-team'),
        [
          env('dev', 'ready'),
          env('production', 'not-ready', ['health-checks_x']),
        ],
        at,
      );
      await store.record(
        entity('b', 'catalog-team'),
        [
          env('dev', 'not-ready', ['image-tagged']),
          env('production', 'unknown'),
        ],
        at,
      );
      await store.record(
        entity('c', 'checkout-team', 'payments'),
        [env('dev', 'ready')],
        at,
      );

      const all = await store.overview({ limit: 50, offset: 0 });
      expect(all.totalCount).toBe(5);
      expect(all.counts).toEqual({ ready: 2, 'not-ready': 2, unknown: 1 });

      const owned = await store.overview({
        owner: 'group:default/checkout-team',
        limit: 50,
        offset: 0,
      });
      expect(owned.items.map(i => `${i.name}/${i.environment}`).sort()).toEqual(
        ['a/dev', 'a/production', 'c/dev'],
      );

      const failing = await store.overview({
        failingCheck: 'image-tagged',
        limit: 50,
        offset: 0,
      });
      expect(failing.items.map(i => i.entityRef)).toEqual([
        'component:default/b',
      ]);
      // '_' is a LIKE wildcard: it must match literally
      const literal = await store.overview({
        failingCheck: 'health-checks_x',
        limit: 50,
        offset: 0,
      });
      expect(literal.items.map(i => i.name)).toEqual(['a']);

      const page = await store.overview({
        verdict: 'ready',
        limit: 1,
        offset: 1,
      });
      expect(page.totalCount).toBe(2);
      expect(page.items).toHaveLength(1);

      const prod = await store.overview({
        environment: 'production',
        system: 'system:default/shop',
        limit: 50,
        offset: 0,
      });
      expect(prod.items.map(i => i.verdict).sort()).toEqual([
        'not-ready',
        'unknown',
      ]);
    });

    it.each([
      ['in SQL', undefined],
      ['in memory (more allowed entities than bound parameters)', 1],
    ])(
      'restricts the overview to the entities a caller may read, before paging (%s)',
      async (_, maxBoundRefs) => {
        const store = await createStore();
        const at = new Date('2026-11-25T00:00:00Z');
        await store.record(
          entity('a', 'checkout-team'),
          [env('dev', 'ready'), env('production', 'not-ready', ['tls'])],
          at,
        );
        await store.record(
          entity('b', 'catalog-team'),
          [env('dev', 'not-ready', ['tls']), env('production', 'unknown')],
          at,
        );
        await store.record(
          entity('c', 'checkout-team'),
          [env('dev', 'ready')],
          at,
        );

        // what must be authorized: the entities the filters select, whatever their verdict
        expect(await store.overviewEntityRefs({})).toEqual([
          'component:default/a',
          'component:default/b',
          'component:default/c',
        ]);
        expect(await store.overviewEntityRefs({ failingCheck: 'tls' })).toEqual(
          ['component:default/a', 'component:default/b'],
        );

        const entityRefs = new Set([
          'component:default/a',
          'component:default/b',
        ]);
        const restricted = await store.overview(
          { limit: 2, offset: 0 },
          { entityRefs, maxBoundRefs },
        );
        expect(restricted.totalCount).toBe(4);
        expect(restricted.counts).toEqual({
          ready: 1,
          'not-ready': 2,
          unknown: 1,
        });
        // ordered as unrestricted: lowest score first, then by ref and environment
        expect(restricted.items.map(i => `${i.name}/${i.environment}`)).toEqual(
          ['a/production', 'b/dev'],
        );
        const notReady = await store.overview(
          { verdict: 'not-ready', limit: 1, offset: 1 },
          { entityRefs, maxBoundRefs },
        );
        expect(notReady.totalCount).toBe(2);
        expect(notReady.items.map(i => `${i.name}/${i.environment}`)).toEqual([
          'b/dev',
        ]);
        const none = await store.overview(
          { limit: 50, offset: 0 },
          { entityRefs: new Set(), maxBoundRefs },
        );
        expect(none).toEqual({
          items: [],
          totalCount: 0,
          counts: { ready: 0, 'not-ready': 0, unknown: 0 },
        });
      },
    );
  });
});
