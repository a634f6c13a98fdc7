import {
  coreServices,
  createBackendModule,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { preflightChecksExtensionPoint } from '@preflight/plugin-preflight-node';
import type { Knex } from 'knex';
import { KubernetesApiSimulator } from '../__testUtils__/kubernetes';
import { preflightPlugin } from '../plugin';
import { createCiTestsCheck } from './ci';
import { createBuiltinChecks } from './checks';
import { OciRegistryVerifier } from './registry';
import { createRollbackPlanCheck } from './runbook';
import { shardOf } from './ReadinessService';

/*
 * Two backend instances on one PostgreSQL share the catalog-wide evaluation through the
 * scheduler: the catalog is split into shards (global tasks), both instances run shards, each
 * entity is evaluated once per run of its shard whichever instance runs it, each evaluation is
 * one history row, a regression is one notification, and what an instance stopped mid-run did
 * not evaluate is evaluated by the other one at the shard's next turn. SQLite is per process, so
 * this runs on PostgreSQL only (started by scripts/with-test-services.sh; the store's guard test
 * fails in CI when it is missing).
 *
 * The checklist is one check added by a module (the built-in ones are disabled): it records
 * which instance evaluated which entity, passes or fails as the test says, and can hold an
 * evaluation until the test lets it go. The cluster answers, without workloads.
 */
jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });
const SHARDS = 4;
const FREQUENCY_S = 2;
const TIMEOUT_S = 30;
const entities: Entity[] = Array.from({ length: 24 }, (_, i) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: `svc-${i}`,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': `svc-${i}` },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
}));
const refs = entities.map(e => stringifyEntityRef(e));
const shardRefs = (shard: number) =>
  refs.filter(r => shardOf(r, SHARDS) === shard);

const builtinCheckIds = (() => {
  const config = new ConfigReader({});
  const logger = mockServices.logger.mock();
  return createBuiltinChecks({
    registry: OciRegistryVerifier.fromConfig(config, { logger }),
    extra: {
      ciTests: createCiTestsCheck({ config, logger }),
      rollbackPlan: createRollbackPlanCheck({
        urlReader: mockServices.urlReader.mock(),
        config,
        logger,
      }),
    },
  }).map(c => c.id);
})();

/** What both instances' checks and notification services saw, and what the test controls. */
class World {
  readonly evaluations: { instance: string; ref: string; at: number }[] = [];
  readonly notifications: { instance: string; scope: string }[] = [];
  readonly failing = new Set<string>();
  /** Evaluations on these instances wait until `release` is called. */
  readonly holding = new Set<string>();
  private released = () => {};
  private releasedPromise = new Promise<void>(r => (this.released = r));
  /** Set once: every evaluation waits until both instances evaluate at once (or 60 s). */
  untilBoth?: Promise<void>;
  private both = () => {};

  /** How the wait for both instances ended. */
  opened?: 'both instances evaluating' | 'timed out';

  waitForBoth() {
    this.untilBoth = new Promise<void>(resolve => {
      this.both = () => {
        this.opened ??= 'both instances evaluating';
        resolve();
      };
      setTimeout(() => {
        this.opened ??= 'timed out';
        resolve();
      }, 60_000);
    });
  }

  release() {
    this.holding.clear();
    this.released();
  }

  private readonly inFlight = new Map<string, number>();

  /** Evaluates on `instance`; in flight until it returns or the engine gives up on it. */
  async evaluate(instance: string, ref: string, signal?: AbortSignal) {
    this.evaluations.push({ instance, ref, at: Date.now() });
    this.inFlight.set(instance, (this.inFlight.get(instance) ?? 0) + 1);
    const abandoned = new Promise<void>(r =>
      signal?.addEventListener('abort', () => r(), { once: true }),
    );
    try {
      // the other instance is evaluating at this moment
      if ([...this.inFlight].some(([i, n]) => i !== instance && n > 0)) {
        this.both();
      }
      await Promise.race([
        abandoned,
        (async () => {
          if (this.holding.has(instance)) await this.releasedPromise;
          await this.untilBoth;
        })(),
      ]);
    } finally {
      this.inFlight.set(instance, this.inFlight.get(instance)! - 1);
    }
    return this.failing.has(ref)
      ? {
          status: 'fail' as const,
          summary: 'broken',
          evaluated: { subject: 'services', count: 1 },
        }
      : {
          status: 'pass' as const,
          summary: 'fine',
          evaluated: { subject: 'services', count: 1 },
        };
  }
}

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

function startInstance(
  knex: Knex,
  instance: string,
  world: World,
  lines: string[],
) {
  return startTestBackend({
    features: [
      preflightPlugin,
      createBackendModule({
        pluginId: 'preflight',
        moduleId: `recording-check-${instance}`,
        register(env) {
          env.registerInit({
            deps: { checks: preflightChecksExtensionPoint },
            async init({ checks }) {
              checks.addCheck({
                id: 'recorded',
                title: 'Recorded',
                description: 'Records who evaluated it',
                defaultSeverity: 'blocking',
                evaluate: async ({ entity, signal }) =>
                  world.evaluate(instance, stringifyEntityRef(entity), signal),
              });
            },
          });
        },
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          async send(options: { payload: { scope?: string } }) {
            world.notifications.push({
              instance,
              scope: options.payload.scope ?? '',
            });
          },
        }),
      }),
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
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'dev-cluster',
                    url: 'https://dev.shards.test',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'shards-test-token',
                  },
                ],
              },
            ],
          },
          preflight: {
            environments: [
              { name: 'dev', title: 'Development', cluster: 'dev-cluster' },
            ],
            checks: Object.fromEntries(
              builtinCheckIds.map(id => [id, { enabled: false }]),
            ),
            schedule: {
              frequency: { seconds: FREQUENCY_S },
              // a run held by an instance that dies mid-run is released after this
              timeout: { seconds: TIMEOUT_S },
              initialDelay: { seconds: 1 },
            },
            // one evaluation at a time: a run stopped mid-page leaves entities unevaluated
            evaluation: { shards: SHARDS, concurrency: 1 },
          },
        },
      }),
    ],
  });
}

async function until(
  condition: () => Promise<boolean> | boolean,
  ms = 120_000,
) {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
}

/** Each run of a shard, from the log: when it ended, how long it took, how many it did. */
function runs(lines: string[], instance: string) {
  return lines.flatMap(line => {
    const m = line.match(
      /^(\d+) Preflight re-evaluated (\d+) entities of shard (\d+)\/\d+ \((\d+) failed\) in (\d+) ms/,
    );
    return m
      ? [
          {
            instance,
            shard: Number(m[3]) - 1,
            evaluated: Number(m[2]),
            failed: Number(m[4]),
            start: Number(m[1]) - Number(m[5]),
            end: Number(m[1]),
          },
        ]
      : [];
  });
}

type Run = ReturnType<typeof runs>[number];

/**
 * Waits until every evaluation lies in a logged run of its shard (runs cut short by a stop end
 * after it), then checks each run: it evaluated what it logged, each of its shard's entities at
 * most once, and every one of them when it ran to the end.
 */
async function expectEachEntityOncePerRun(
  world: World,
  all: () => Run[],
): Promise<Run[]> {
  const within = (e: { ref: string; at: number }, r: Run) =>
    r.shard === shardOf(e.ref, SHARDS) && r.start <= e.at && e.at <= r.end;
  await until(() =>
    world.evaluations.every(e => all().some(r => within(e, r))),
  );
  const result = all();
  for (const r of result) {
    const evaluated = world.evaluations
      .filter(e => within(e, r))
      .map(e => e.ref);
    expect(evaluated.length).toBe(r.evaluated + r.failed);
    expect(new Set(evaluated).size).toBe(evaluated.length);
    if (r.evaluated === shardRefs(r.shard).length) {
      expect(evaluated.sort()).toEqual(shardRefs(r.shard).sort());
    }
  }
  return result;
}

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
beforeEach(() =>
  k8s.addCluster({
    name: 'dev',
    baseUrl: 'https://dev.shards.test',
    token: 'shards-test-token',
    objects: [],
  }),
);
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

describe.each(databases.eachSupportedId())(
  'catalog-wide evaluation split across two instances on %p',
  databaseId => {
    let knex: Knex;
    const history = async () =>
      (await knex('preflight_evaluations').select(
        'entity_ref',
        'verdict',
        'evaluated_at',
      )) as { entity_ref: string; verdict: string; evaluated_at: Date }[];
    const latest = async () =>
      new Map(
        (
          (await knex('preflight_latest').select(
            'entity_ref',
            'verdict',
            'evaluated_at',
          )) as { entity_ref: string; verdict: string; evaluated_at: Date }[]
        ).map(r => [
          r.entity_ref,
          { verdict: r.verdict, at: new Date(r.evaluated_at).getTime() },
        ]),
      );
    /** Every evaluation is one history row, and no row is there that no evaluation made. */
    const expectOneRowPerEvaluation = async (world: World) => {
      const rows = new Map<string, number>();
      for (const r of await history())
        rows.set(r.entity_ref, (rows.get(r.entity_ref) ?? 0) + 1);
      const evaluated = new Map<string, number>();
      for (const e of world.evaluations)
        evaluated.set(e.ref, (evaluated.get(e.ref) ?? 0) + 1);
      expect(Object.fromEntries(rows)).toEqual(Object.fromEntries(evaluated));
    };

    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    it('runs shards on both instances, each entity once per run of its shard, one history row per evaluation and one notification per regression', async () => {
      const world = new World();
      world.waitForBoth();
      const linesA: string[] = [];
      const linesB: string[] = [];
      // one after the other, as replicas roll out (the first creates the tables)
      const a = await startInstance(knex, 'A', world, linesA);
      const b = await startInstance(knex, 'B', world, linesB);

      // The first cycle: every entity ready.
      await until(async () => {
        const rows = await latest();
        return refs.every(r => rows.get(r)?.verdict === 'ready');
      });
      // Both instances evaluated, at the same time: the first one to look at the due shards
      // did not keep them all.
      expect(world.opened).toBe('both instances evaluating');

      // A third of the catalog regresses; each is evaluated twice more (the regression, then
      // not-ready again), on whichever instance.
      const regressed = refs.filter((_, i) => i % 3 === 0);
      for (const r of regressed) world.failing.add(r);
      const flippedAt = Date.now();
      const after = (ref: string) =>
        world.evaluations.filter(e => e.ref === ref && e.at > flippedAt).length;
      await until(async () => {
        const rows = await latest();
        return refs.every(r => after(r) >= 2 && rows.get(r)!.at > flippedAt);
      });
      const allRuns = () => [...runs(linesA, 'A'), ...runs(linesB, 'B')];
      await a.stop();
      await b.stop();

      const all = await expectEachEntityOncePerRun(world, allRuns);
      expect(all.every(r => r.failed === 0)).toBe(true);
      // a shard never ran twice at the same time
      for (const r of all) {
        const overlapping = all.filter(
          o =>
            o !== r &&
            o.shard === r.shard &&
            o.start < r.end &&
            r.start < o.end,
        );
        expect(overlapping).toEqual([]);
      }
      expect(world.notifications.map(n => n.scope).sort()).toEqual(
        regressed.map(r => `preflight:${r}`).sort(),
      );
      await expectOneRowPerEvaluation(world);
      expect(new Set(all.map(r => r.instance))).toEqual(new Set(['A', 'B']));
    });

    it('an instance stopped while it runs a shard: the other evaluates what it missed at the next turn, nothing twice', async () => {
      const world = new World();
      world.holding.add('B');
      const linesA: string[] = [];
      const linesB: string[] = [];
      const a = await startInstance(knex, 'A', world, linesA);
      const b = await startInstance(knex, 'B', world, linesB);

      // B is inside a shard run (its evaluations are held); it stops.
      await until(() => world.evaluations.some(e => e.instance === 'B'));
      const held = world.evaluations.find(e => e.instance === 'B')!;
      const shard = shardOf(held.ref, SHARDS);
      const stopping = b.stop();
      // its scheduler has let go of its tasks (the run's signal is aborted); then the held
      // evaluations finish, and the run ends without starting the rest of its page
      await until(() => linesB.some(l => l.includes('Task worker finished')));
      const stoppedAt = Date.now();
      world.release();
      await stopping;

      // A evaluates every entity of that shard after the stop (those B recorded and those it
      // never got to), and the whole catalog keeps being evaluated.
      await until(async () => {
        const rows = await latest();
        return (
          shardRefs(shard).every(r =>
            world.evaluations.some(
              e => e.ref === r && e.instance === 'A' && e.at > stoppedAt,
            ),
          ) && refs.every(r => (rows.get(r)?.at ?? 0) > stoppedAt)
        );
      });
      await a.stop();
      await expectEachEntityOncePerRun(world, () => [
        ...runs(linesA, 'A'),
        ...runs(linesB, 'B'),
      ]);

      const byB = world.evaluations.filter(e => e.instance === 'B');
      // B's run was cut short: not the whole shard
      expect(
        byB.filter(e => shardOf(e.ref, SHARDS) === shard).length,
      ).toBeLessThan(shardRefs(shard).length);
      await expectOneRowPerEvaluation(world);
      expect(world.notifications).toEqual([]);
    });
  },
);
