import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EnvironmentReadiness } from '@preflight/plugin-preflight-common';
import { ReadinessStore } from './ReadinessStore';

/*
 * Two backend instances (or a shard run and a refresh request) record the same entity at once on
 * one PostgreSQL. The regression from `ready` is reported to one of them only: the second reads
 * the first one's verdict as "previous", so the owner gets one notification, not two.
 */
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};
const ref = 'component:default/checkout';

const env = (
  verdict: EnvironmentReadiness['verdict'],
): EnvironmentReadiness => ({
  environment: 'production',
  verdict,
  score: verdict === 'ready' ? 100 : 0,
  counts: { pass: 0, warn: 0, fail: 1, unknown: 0, 'not-applicable': 0 },
  checks: [],
});

it('runs against PostgreSQL when the test services are required', () => {
  const required = Boolean(process.env.PREFLIGHT_REQUIRE_TEST_SERVICES);
  expect(databases.supports('POSTGRES_15') || !required).toBe(true);
});

describe.each(databases.eachSupportedId())('on %p', databaseId => {
  it('tells one of two concurrent records of a regression that the entity was ready', async () => {
    const knex = await databases.init(databaseId);
    const store = await ReadinessStore.create({
      getClient: async () => knex,
    } as any);
    await store.record(entity, [env('ready')], new Date('2026-01-01'));

    // Hold the entity's latest row so that both records are in flight together, then let go.
    let release!: () => void;
    const held = new Promise<void>(r => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>(r => (locked = r));
    const holder = knex.transaction(async tx => {
      await tx('preflight_latest').where('entity_ref', ref).forUpdate();
      locked();
      await held;
    });
    await isLocked;
    const records = [1, 2].map(i =>
      store.record(entity, [env('not-ready')], new Date(`2026-01-0${i + 1}`)),
    );
    // Both wait on the held row (whichever statement they are at).
    const waiting = async () =>
      Number(
        (
          await knex.raw(
            `select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).rows[0].n,
      );
    const deadline = Date.now() + 30_000;
    while ((await waiting()) < 2) {
      if (Date.now() > deadline) throw new Error('the records never waited');
      await new Promise(r => setTimeout(r, 50));
    }
    release();
    await holder;
    const previous = (await Promise.all(records)).map(p => p.get('production'));

    expect(previous.sort()).toEqual(['not-ready', 'ready']);
    const [{ n }] = await knex('preflight_evaluations')
      .where('entity_ref', ref)
      .count({ n: '*' });
    expect(Number(n)).toBe(3);
  });
});
