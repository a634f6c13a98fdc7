import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import type { EntityReadiness } from '@preflight/plugin-preflight-common';
import type { ReadinessEngine } from './ReadinessEngine';
import { ReadinessService, shardOf } from './ReadinessService';
import { ReadinessStore } from './ReadinessStore';
import { component, scheduledTasks } from '../__testUtils__/readiness';

/*
 * Backstage's scheduler lets an instance claim every due task at one look. With shards, an
 * instance runs one at a time: a shard task that starts while another runs on the same instance
 * evaluates nothing and is handed back (triggered again once the claim is released), so another
 * instance can take it. (Two backends on PostgreSQL: shards.test.ts.)
 */
jest.setTimeout(30_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const entities = Array.from({ length: 12 }, (_, i) => component(`svc-${i}`));
const inShard = (shard: number) =>
  entities
    .map(e => stringifyEntityRef(e))
    .filter(r => shardOf(r, 2) === shard)
    .sort();

async function until(condition: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

it('runs one shard at a time per instance and hands a second one back to the scheduler', async () => {
  expect(inShard(0).length).toBeGreaterThan(0);
  expect(inShard(1).length).toBeGreaterThan(0);
  const evaluated: string[] = [];
  let release = () => {};
  const held = new Promise<void>(r => (release = r));
  const engine = {
    async evaluate(entity: Entity): Promise<EntityReadiness> {
      evaluated.push(stringifyEntityRef(entity));
      await held;
      return {
        entityRef: stringifyEntityRef(entity),
        evaluatedAt: new Date().toISOString(),
        environments: [],
      };
    },
  } as unknown as ReadinessEngine;
  const store = await ReadinessStore.create(
    mockServices.database({ knex: await databases.init('SQLITE_3') }),
  );
  const service = new ReadinessService({
    engine,
    store,
    logger: mockServices.logger.mock(),
    states: { takeSnapshots: async () => new Map() },
    // Every evaluation of a shard in flight at once (held until released).
    warmUpEvaluations: 0,
  });
  // The first trigger comes before the scheduler has released the claim: a conflict.
  const triggerTask = jest
    .fn<Promise<void>, [string]>()
    .mockRejectedValueOnce(new ConflictError('Task is currently running'))
    .mockResolvedValue(undefined);
  const tasks = await scheduledTasks(service, {
    entities,
    concurrency: 20,
    shards: 2,
    triggerTask,
  });
  expect([...tasks.keys()]).toEqual([
    'preflight-readiness-refresh-1-of-2',
    'preflight-readiness-refresh-2-of-2',
  ]);
  const signal = () => new AbortController().signal;
  const first = tasks.get('preflight-readiness-refresh-1-of-2')!;
  const second = tasks.get('preflight-readiness-refresh-2-of-2')!;

  // The instance claimed both: the first runs, the second returns at once, evaluating nothing.
  const running = first(signal());
  await until(() => evaluated.length === inShard(0).length);
  await second(signal());
  expect([...evaluated].sort()).toEqual(inShard(0));
  // ... and is made due again, once the claim is released (retried after the conflict).
  await until(() => triggerTask.mock.calls.length === 2);
  expect(triggerTask.mock.calls).toEqual([
    ['preflight-readiness-refresh-2-of-2'],
    ['preflight-readiness-refresh-2-of-2'],
  ]);

  release();
  await running;
  // Free again, the instance runs the second shard when it is handed to it.
  await second(signal());
  expect(evaluated.slice(inShard(0).length).sort()).toEqual(inShard(1));
  expect(triggerTask).toHaveBeenCalledTimes(2);
});
