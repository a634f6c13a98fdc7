import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { EntityReadiness } from '@preflight/plugin-preflight-common';
import type { ReadinessEngine } from './ReadinessEngine';
import { ReadinessService } from './ReadinessService';
import { ReadinessStore } from './ReadinessStore';
import { component, scheduledTasks } from '../__testUtils__/readiness';

/*
 * The process's first catalog-wide evaluations run one at a time (V8 would otherwise decide, on
 * code not yet optimized, to allocate the evaluations' objects in the old generation for good:
 * see `ReadinessService.warmUp`); after them, `concurrency` at a time.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const entities = Array.from({ length: 30 }, (_, i) => component(`svc-${i}`));

it('runs the process’s first evaluations one at a time, then concurrently, and never again one at a time', async () => {
  let inFlight = 0;
  const inFlightAtStart: number[] = [];
  const detail = new Set<string | undefined>();
  const engine = {
    async evaluate(
      entity: Entity,
      opts: Parameters<ReadinessEngine['evaluate']>[1],
    ): Promise<EntityReadiness> {
      detail.add(opts?.detail);
      inFlight++;
      inFlightAtStart.push(inFlight);
      await new Promise(r => setTimeout(r, 2));
      inFlight--;
      return {
        entityRef: stringifyEntityRef(entity),
        evaluatedAt: new Date().toISOString(),
        environments: [],
      };
    },
  } as unknown as ReadinessEngine;
  const service = new ReadinessService({
    engine,
    store: await ReadinessStore.create(
      mockServices.database({ knex: await databases.init('SQLITE_3') }),
    ),
    logger: mockServices.logger.mock(),
    states: { takeSnapshots: async () => new Map() },
    warmUpEvaluations: 10,
  });
  const [task] = (
    await scheduledTasks(service, { entities, concurrency: 4 })
  ).values();
  await task(new AbortController().signal);
  expect(inFlightAtStart).toHaveLength(30);
  expect(inFlightAtStart.slice(0, 10)).toEqual(Array(10).fill(1));
  expect(Math.max(...inFlightAtStart.slice(10))).toBe(4);

  // The next run of the same process: concurrent from its first evaluation.
  inFlightAtStart.length = 0;
  await task(new AbortController().signal);
  expect(inFlightAtStart.slice(0, 4)).toEqual([1, 2, 3, 4]);
  // Every run records statuses only, and asks the checks for no more.
  expect([...detail]).toEqual(['status']);
});
