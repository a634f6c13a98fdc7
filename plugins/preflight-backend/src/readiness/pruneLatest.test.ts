import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EntityReadiness } from '@preflight/plugin-preflight-common';
import type { ReadinessEngine } from './ReadinessEngine';
import { ReadinessService } from './ReadinessService';
import { ReadinessStore } from './ReadinessStore';
import { component, scheduledTasks } from '../__testUtils__/readiness';

/*
 * The overview forgets entities that left the catalog: the scheduled run removes their rows
 * once it has seen the whole catalog, and never after an aborted run.
 */
jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const engine = {
  async evaluate(entity: Entity): Promise<EntityReadiness> {
    return {
      entityRef: `component:default/${entity.metadata.name}`,
      evaluatedAt: new Date().toISOString(),
      environments: [
        {
          environment: 'dev',
          verdict: 'ready',
          score: 100,
          checks: [],
          counts: {
            pass: 0,
            warn: 0,
            fail: 0,
            unknown: 0,
            'not-applicable': 0,
          },
        },
      ],
    };
  },
} as unknown as ReadinessEngine;

/** The run over a catalog of `entities`, ready to be called as the scheduler would. */
async function scheduled(service: ReadinessService, entities: Entity[]) {
  const [task] = (
    await scheduledTasks(service, { entities, concurrency: 2 })
  ).values();
  return (signal = new AbortController().signal) => task(signal);
}

describe.each(databases.eachSupportedId())('on %p', databaseId => {
  it('removes overview rows of entities gone from the catalog, in batches', async () => {
    const store = await ReadinessStore.create(
      mockServices.database({ knex: await databases.init(databaseId) }),
    );
    const names = Array.from({ length: 1203 }, (_, i) => `c${i}`);
    const service = new ReadinessService({
      engine,
      store,
      logger: mockServices.logger.mock(),
      states: { takeSnapshots: async () => new Map() },
    });
    await (
      await scheduled(
        service,
        names.map(n => component(n)),
      )
    )();
    const total = async () =>
      (await store.overview({ limit: 1, offset: 0 })).totalCount;
    expect(await total()).toBe(1203);

    // 1,200 components are deleted from the catalog; an aborted run removes nothing
    const kept = names.slice(0, 3).map(n => component(n));
    const aborted = new AbortController();
    aborted.abort();
    await (
      await scheduled(service, kept)
    )(aborted.signal);
    expect(await total()).toBe(1203);

    await (
      await scheduled(service, kept)
    )();
    expect(await total()).toBe(3);
    const rows = await store.overview({ limit: 10, offset: 0 });
    expect(rows.items.map(i => i.name).sort()).toEqual(['c0', 'c1', 'c2']);
  });
});
