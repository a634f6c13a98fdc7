/**
 * The catalog-wide run end to end: `ReadinessService`'s scheduled task evaluating every entity from
 * one live snapshot per environment, recording a page at a time (`ReadinessStore.recordMany`, on
 * SQLite and — under scripts/with-test-services.sh — PostgreSQL).
 */
import { CacheManager } from '@backstage/backend-defaults/cache';
import type {
  AuthService,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  EntityReadiness,
  EnvironmentReadiness,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import {
  fixtures,
  KubernetesApiSimulator,
} from '../../__testUtils__/kubernetes';
import { ReadinessEngine } from '../../readiness/ReadinessEngine';
import { ReadinessService } from '../../readiness/ReadinessService';
import { ReadinessStore } from '../../readiness/ReadinessStore';
import { recordedEnvironment } from '../../readiness/recorded';
import { readCheckSettings } from '../../readiness/settings';
import { EnvironmentStateService } from '../../service/EnvironmentStateService';
import { BUILTIN_KINDS } from './kinds';
import { LiveStateSource } from './LiveStateSource';

jest.setTimeout(60_000);

const TOKEN = 'test-sa-token-0123456789';
const KINDS = BUILTIN_KINDS.length;
// PostgreSQL when scripts/with-test-services.sh provides it (as `make test` does), else SQLite only.
const withPostgres = Boolean(
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ||
    process.env.PREFLIGHT_REQUIRE_TEST_SERVICES,
);
const databases = TestDatabases.create({
  ids: withPostgres ? ['POSTGRES_15', 'SQLITE_3'] : ['SQLITE_3'],
});

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

const ENVIRONMENTS: PreflightEnvironment[] = [
  'dev',
  'staging',
  'production',
].map(name => ({ name, title: name, cluster: `${name}-cluster` }));

const ids = Array.from(
  { length: 50 },
  (_, i) => `svc-${String(i).padStart(2, '0')}`,
);

function entity(id: string, owner = 'team-a'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': id,
        'backstage.io/kubernetes-namespace': 'shop',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/** A catalog paged by cursor, `pageSize` entities at a time. */
function catalog(entities: Entity[], pageSize: number) {
  const queries: unknown[] = [];
  const service = {
    async queryEntities(request: any) {
      queries.push(request);
      const offset = request?.cursor ? Number(request.cursor) : 0;
      const next = offset + pageSize;
      return {
        items: entities.slice(offset, next),
        totalItems: entities.length,
        pageInfo: next < entities.length ? { nextCursor: String(next) } : {},
      };
    },
  } as unknown as CatalogService;
  return { service, queries };
}

async function scheduledTask(
  readiness: ReadinessService,
  catalogService: CatalogService,
) {
  let task: SchedulerServiceTaskFunction | undefined;
  const scheduler = {
    scheduleTask: async (definition: { fn: SchedulerServiceTaskFunction }) => {
      task = definition.fn;
    },
  } as unknown as SchedulerService;
  await readiness.schedule({
    scheduler,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 15 } },
    catalog: catalogService,
    auth: mockServices.auth() as AuthService,
    concurrency: 4,
    retentionDays: 90,
  });
  return () => task!(new AbortController().signal);
}

/** Passes when the live state has a Deployment. */
const deployedCheck: PreflightCheck = {
  id: 'deployed',
  title: 'Deployed',
  description: 'A Deployment runs',
  defaultSeverity: 'blocking',
  async evaluate({ state }) {
    return state.live.objects.some(o => o.kind === 'Deployment')
      ? { status: 'pass', summary: 'deployed' }
      : { status: 'fail', summary: 'not deployed' };
  },
};

describe.each(databases.eachSupportedId())(
  'catalog-wide run on %p',
  databaseId => {
    it('evaluates every entity from one snapshot per environment and records them a page at a time', async () => {
      for (const env of ENVIRONMENTS) {
        k8s.addCluster({
          name: env.name,
          baseUrl: `https://${env.name}.k8s.test`,
          token: TOKEN,
          // Even components are deployed, odd ones are not.
          objects: ids
            .filter((_, i) => i % 2 === 0)
            .flatMap(id => fixtures.componentObjects(id)),
        });
      }
      const config = new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: ENVIRONMENTS.map(env => ({
                name: env.cluster!,
                url: `https://${env.name}.k8s.test`,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
              })),
            },
          ],
        },
      });
      const logger = mockServices.logger.mock();
      const states = new EnvironmentStateService({
        environments: ENVIRONMENTS,
        sources: {
          live: new LiveStateSource({ config, logger }),
          desired: {
            read: async () => ({ status: 'not-configured', objects: [] }),
          },
        },
        cache: CacheManager.fromConfig(
          mockServices.rootConfig({
            data: { backend: { cache: { store: 'memory' } } },
          }),
        ).forPlugin('preflight'),
        logger,
        ttlMs: 60_000,
      });
      const knex = await databases.init(databaseId);
      const store = await ReadinessStore.create(
        mockServices.database({ knex }),
      );
      const checks = [deployedCheck];
      const engine = new ReadinessEngine({
        checks: () => checks,
        settings: readCheckSettings(new ConfigReader({}), checks),
        states,
        waivers: store,
        logger,
      });
      const recordMany = jest.spyOn(store, 'recordMany');
      const takeSnapshots = jest.spyOn(states, 'takeSnapshots');
      const readiness = new ReadinessService({
        engine,
        store,
        logger,
        states,
      });
      const { service, queries } = catalog(
        ids.map(id => entity(id)),
        20,
      );
      const run = await scheduledTask(readiness, service);

      await run();

      // 3 clusters × (kinds + discovery), whatever the number of entities.
      expect(k8s.requests).toHaveLength(3 * (KINDS + 1));
      expect(queries).toHaveLength(3);
      expect(recordMany).toHaveBeenCalledTimes(3); // one call (transaction) per catalog page
      const page = await store.overview({ limit: 200, offset: 0 });
      expect(page.totalCount).toBe(150);
      expect(page.counts).toEqual({ ready: 75, 'not-ready': 75, unknown: 0 });
      expect(
        page.items
          .filter(i => i.verdict === 'ready')
          .map(i => i.name)
          .every(name => ids.indexOf(name) % 2 === 0),
      ).toBe(true);
      expect(
        await store.history('component:default/svc-00', { limit: 10 }),
      ).toHaveLength(3);
      // Each entity's objects were let go once it was evaluated: the snapshots end the run empty
      // (and no entity was read on its own: the request count above).
      const snapshots = [
        ...(await takeSnapshots.mock.results[0].value).values(),
      ];
      expect(snapshots.map(s => s.objectCount > 0)).toEqual([true, true, true]);
      expect(snapshots.map(s => s.objects().length)).toEqual([0, 0, 0]);

      // The next run takes new snapshots (discovery stays cached).
      await run();
      expect(k8s.requests).toHaveLength(3 * (KINDS + 1) + 3 * KINDS);
      expect(
        await store.history('component:default/svc-00', { limit: 10 }),
      ).toHaveLength(6);
      await knex.destroy();
    });

    it('recordMany returns each entity’s previous verdicts and keeps record()’s behaviour', async () => {
      const knex = await databases.init(databaseId);
      const store = await ReadinessStore.create(
        mockServices.database({ knex }),
      );
      const full = (
        environment: string,
        verdict: EnvironmentReadiness['verdict'],
      ): EnvironmentReadiness => ({
        environment,
        verdict,
        score: verdict === 'ready' ? 100 : 0,
        counts: { pass: 1, warn: 0, fail: 0, unknown: 0, 'not-applicable': 0 },
        checks: [
          {
            id: 'deployed',
            title: 'Deployed',
            severity: 'blocking',
            status: verdict === 'ready' ? 'pass' : 'fail',
            summary: '',
          },
        ],
      });
      const env = (
        environment: string,
        verdict: EnvironmentReadiness['verdict'],
      ) => recordedEnvironment(full(environment, verdict));
      // 600 rows: more than a statement holds (500).
      const many = Array.from({ length: 300 }, (_, i) => `m-${i}`);
      const at = new Date('2026-11-25T00:00:00Z');
      const first = await store.recordMany(
        many.map(id => ({
          entity: entity(id),
          environments: [env('dev', 'ready'), env('production', 'ready')],
          evaluatedAt: at,
        })),
      );
      expect(first).toHaveLength(300);
      expect(first.every(p => p.size === 0)).toBe(true);

      const later = new Date('2026-11-25T01:00:00Z');
      const second = await store.recordMany([
        {
          entity: entity('m-1'),
          environments: [env('dev', 'not-ready')],
          evaluatedAt: later,
        },
        // The same entity twice in a batch: both in the history, the last one latest.
        {
          entity: entity('m-2'),
          environments: [env('dev', 'not-ready')],
          evaluatedAt: later,
        },
        {
          entity: entity('m-2'),
          environments: [env('dev', 'unknown')],
          evaluatedAt: later,
        },
        {
          entity: entity('new'),
          environments: [env('dev', 'ready')],
          evaluatedAt: later,
        },
      ]);
      expect(second).toEqual([
        new Map([
          ['dev', 'ready'],
          ['production', 'ready'],
        ]),
        new Map([
          ['dev', 'ready'],
          ['production', 'ready'],
        ]),
        new Map([
          ['dev', 'ready'],
          ['production', 'ready'],
        ]),
        new Map(),
      ]);
      const overview = await store.overview({ limit: 1000, offset: 0 });
      expect(overview.totalCount).toBe(601);
      expect(overview.counts).toEqual({
        ready: 599,
        'not-ready': 1,
        unknown: 1,
      });
      expect(
        await store.history('component:default/m-2', {
          environment: 'dev',
          limit: 10,
        }),
      ).toHaveLength(3);
      expect(
        await store.record(entity('m-1'), [full('dev', 'ready')], later),
      ).toEqual(
        new Map([
          ['dev', 'not-ready'],
          ['production', 'ready'],
        ]),
      );
      await knex.destroy();
    });
  },
);

describe('scheduled run notifications', () => {
  it('notifies owners of regressions found by the run, after recording the page', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ReadinessStore.create(mockServices.database({ knex }));
    let verdict: EnvironmentReadiness['verdict'] = 'ready';
    const engine = {
      async evaluate(e: Entity): Promise<EntityReadiness> {
        return {
          entityRef: `component:default/${e.metadata.name}`,
          evaluatedAt: new Date().toISOString(),
          environments: [
            {
              environment: 'production',
              verdict: e.metadata.name === 'svc-03' ? verdict : 'ready',
              score: 100,
              counts: {
                pass: 1,
                warn: 0,
                fail: 0,
                unknown: 0,
                'not-applicable': 0,
              },
              checks: [
                {
                  id: 'deployed',
                  title: 'Deployed',
                  severity: 'blocking',
                  status: 'fail',
                  summary: '',
                },
              ],
            },
          ],
        };
      },
    } as unknown as ReadinessEngine;
    const notifications = { send: jest.fn(async () => {}) };
    const readiness = new ReadinessService({
      engine,
      store,
      logger: mockServices.logger.mock(),
      notifications: notifications as unknown as NotificationService,
      states: { takeSnapshots: async () => new Map() },
    });
    const { service } = catalog(
      ids.slice(0, 10).map(id => entity(id, 'team-b')),
      4,
    );
    const run = await scheduledTask(readiness, service);
    await run();
    expect(notifications.send).not.toHaveBeenCalled();
    verdict = 'not-ready';
    await run();
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: { type: 'entity', entityRef: 'group:default/team-b' },
        payload: expect.objectContaining({
          title: 'svc-03 is no longer ready for production',
        }),
      }),
    );
    await knex.destroy();
  });
});
