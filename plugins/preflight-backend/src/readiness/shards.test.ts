import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { preflightPlugin } from '../plugin';
import { shardOf } from './ReadinessService';

/*
 * Two backend instances on one PostgreSQL share the catalog-wide evaluation through the
 * scheduler: the catalog is split into shards (global tasks), each entity is evaluated once per
 * cycle whichever instance runs its shard, and when an instance stops the other one runs every
 * shard. SQLite is per process, so this runs on PostgreSQL only (started by
 * scripts/with-test-services.sh; the store's guard test fails in CI when it is missing).
 */
jest.setTimeout(90_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const SHARDS = 4;
const FREQUENCY_S = 4;
const TIMEOUT_S = 10;
const entities: Entity[] = Array.from({ length: 24 }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': `svc-${i}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
}));

function collectingLogger(lines: string[]): LoggerService {
  const logger: LoggerService = {
    error: m => void lines.push(m),
    warn: m => void lines.push(m),
    info: m => void lines.push(`${Date.now()} ${m}`),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

function startInstance(knex: Knex, lines: string[]) {
  return startTestBackend({
    features: [
      preflightPlugin,
      mockServices.database.factory({ knex }),
      schedulerServiceFactory,
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => collectingLogger(lines),
      }),
      catalogServiceMock.factory({ entities }),
      mockServices.rootConfig.factory({
        data: {
          preflight: {
            environments: [{ name: 'dev', title: 'Development' }],
            schedule: {
              frequency: { seconds: FREQUENCY_S },
              // a run held by an instance that stops mid-run is released after this
              timeout: { seconds: TIMEOUT_S },
              initialDelay: { seconds: 1 },
            },
            evaluation: { shards: SHARDS },
          },
        },
      }),
    ],
  });
}

async function until(condition: () => Promise<boolean>, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 200));
  }
}

describe.each(databases.eachSupportedId())(
  'catalog-wide evaluation split across two instances on %p',
  databaseId => {
    it('runs each shard on one instance at a time, records each evaluation once, and the survivor takes over every shard', async () => {
      const knex = await databases.init(databaseId);
      const linesA: string[] = [];
      const linesB: string[] = [];
      // one after the other, as replicas roll out (the first creates the tables)
      const a = await startInstance(knex, linesA);
      const b = await startInstance(knex, linesB);
      const history = async () =>
        (await knex('preflight_evaluations').select(
          'entity_ref',
          'evaluated_at',
        )) as { entity_ref: string; evaluated_at: string | Date }[];
      const rowsPer = async () => {
        const per = new Map<string, number[]>();
        for (const row of await history()) {
          const times = per.get(row.entity_ref) ?? [];
          times.push(new Date(row.evaluated_at).getTime());
          per.set(row.entity_ref, times);
        }
        return per;
      };

      // the first cycle: every entity evaluated
      await until(async () => (await rowsPer()).size === entities.length);
      const shardsRun = (lines: string[]) =>
        lines.filter(l => / re-evaluated \d+ entities of shard/.test(l));
      await until(
        async () =>
          shardsRun(linesA).length + shardsRun(linesB).length >= SHARDS,
      );
      // the shards partition the catalog
      const sizes = Array.from(
        { length: SHARDS },
        (_, i) =>
          entities.filter(
            e => shardOf(`component:default/${e.metadata.name}`, SHARDS) === i,
          ).length,
      );
      expect(sizes.reduce((x, y) => x + y, 0)).toBe(entities.length);

      // the second instance stops; the first runs every shard from now on
      await b.stop();
      const stoppedAt = Date.now();
      await until(
        async () =>
          [...(await rowsPer()).values()].every(times =>
            times.some(t => t > stoppedAt),
          ),
        (FREQUENCY_S * 3 + TIMEOUT_S) * 1000,
      );
      await a.stop();

      // Each run of a shard, from the log: when it ended, how long it took, how many it did.
      const runs = (lines: string[], instance: string) =>
        lines.flatMap(line => {
          const m = line.match(
            /^(\d+) Preflight re-evaluated (\d+) entities of shard (\d+)\/\d+ \((\d+) failed\) in (\d+) ms/,
          );
          return m
            ? [
                {
                  instance,
                  shard: Number(m[3]),
                  evaluated: Number(m[2]),
                  failed: Number(m[4]),
                  start: Number(m[1]) - Number(m[5]),
                  end: Number(m[1]),
                },
              ]
            : [];
        });
      const all = [...runs(linesA, 'A'), ...runs(linesB, 'B')];
      expect(all.every(r => r.failed === 0)).toBe(true);
      // a shard never ran on both instances at the same time
      for (const r of all) {
        const overlapping = all.filter(
          o =>
            o !== r &&
            o.shard === r.shard &&
            o.instance !== r.instance &&
            o.start < r.end &&
            r.start < o.end,
        );
        expect(overlapping).toEqual([]);
      }
      // every evaluation of every run is recorded once, and nothing else is
      expect((await history()).length).toBe(
        all.reduce((n, r) => n + r.evaluated, 0),
      );
      // every run of a shard evaluates exactly that shard's entities
      for (const r of all) expect(r.evaluated).toBe(sizes[r.shard - 1]);
      // eslint-disable-next-line no-console
      console.log(
        `shard runs: A ${all.filter(r => r.instance === 'A').length}, B ${
          all.filter(r => r.instance === 'B').length
        }; shard sizes ${sizes.join('/')}`,
      );
    });
  },
);
