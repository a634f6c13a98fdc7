/**
 * One backend replica of `replicas.bench.ts`, in its own process: Backstage's scheduler
 * (`DefaultSchedulerService`, global tasks in PostgreSQL) and `ReadinessService.schedule` with
 * the real engine, checks, live source and store, as `plugin.ts` wires them. The shard tasks are
 * scheduled with a manual trigger: the coordinator makes them all due at once when every replica
 * is up. Driven over IPC: `mark` (start counting CPU), `report` (CPU, shard runs, notifications),
 * `stop`.
 */
import type {
  AuthService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { DefaultSchedulerService } from '@backstage/backend-defaults/scheduler';
import { ConfigReader } from '@backstage/config';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import knexFactory from 'knex';
import { readEnvironments } from '../../src/config/environments';
import { ReadinessEngine } from '../../src/readiness/ReadinessEngine';
import { ReadinessService } from '../../src/readiness/ReadinessService';
import { ReadinessStore } from '../../src/readiness/ReadinessStore';
import { benchChecks, benchStates } from './checks';
import { catalogEntities, fakeCatalog } from './catalog';

export interface ReplicaOptions {
  name: string;
  connection: string;
  components: number;
  shards: number;
  concurrency: number;
  pageSize: number;
  environments: string[];
  clusterUrls: Record<string, string>;
  token: string;
}

export type ReplicaCommand = { type: 'mark' | 'report' | 'stop' };
export type ReplicaMessage =
  | { type: 'ready' }
  | {
      type: 'report';
      cpuMs: number;
      shardRuns: string[];
      notifications: number;
      warnings: number;
    };

async function main() {
  const options: ReplicaOptions = JSON.parse(process.env.BENCH_REPLICA!);
  const shardRuns: string[] = [];
  let warnings = 0;
  const logger = {
    debug() {},
    info(message: string) {
      if (message.startsWith('Preflight re-evaluated')) shardRuns.push(message);
    },
    warn(message: string) {
      warnings++;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`warn: ${message}\n`);
    },
    error(message: string, error?: unknown) {
      process.stderr.write(
        `error (${options.name}): ${message} ${error ?? ''}\n`,
      );
    },
    child() {
      return logger;
    },
  };
  const config = new ConfigReader({
    backend: { cache: { store: 'memory' } },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: options.environments.map(name => ({
            name: `${name}-cluster`,
            url: options.clusterUrls[name],
            authProvider: 'serviceAccount',
            serviceAccountToken: options.token,
          })),
        },
      ],
    },
    preflight: {
      environments: options.environments.map(name => ({
        name,
        cluster: `${name}-cluster`,
      })),
      live: { pageSize: options.pageSize },
    },
  });
  const { checks, settings, urlReader } = benchChecks(config, logger);
  const states = benchStates(
    config,
    logger,
    readEnvironments(config),
    urlReader,
  );
  const knex = knexFactory({
    client: 'pg',
    connection: options.connection,
    pool: { min: 0, max: 10 },
  });
  // Replicas start one after the other, so their migrations (Preflight's, the scheduler's)
  // never race.
  const database = { getClient: async () => knex };
  const store = await ReadinessStore.create(database as any);
  let notifications = 0;
  const readiness = new ReadinessService({
    engine: new ReadinessEngine({
      checks: () => checks,
      settings,
      states,
      waivers: store,
      logger,
    }),
    store,
    states,
    logger,
    notifications: {
      async send() {
        notifications++;
      },
    } as unknown as NotificationService,
  });
  const shutdownHooks: Array<() => void | Promise<void>> = [];
  const noop = () => {};
  const scheduler = DefaultSchedulerService.create({
    database: database as any,
    logger,
    metrics: {
      createCounter: () => ({ add: noop }),
      createHistogram: () => ({ record: noop }),
      createGauge: () => ({ record: noop }),
      createUpDownCounter: () => ({ add: noop }),
    } as any,
    rootLifecycle: {
      addShutdownHook: (hook: () => void) => void shutdownHooks.push(hook),
      addStartupHook: noop,
      addBeforeShutdownHook: noop,
    } as unknown as RootLifecycleService,
    httpRouter: { use: noop, addAuthPolicy: noop } as any,
    pluginMetadata: { getId: () => 'preflight' } as any,
  });
  const auth = {
    async getOwnServiceCredentials() {
      return { $$type: '@backstage/BackstageCredentials', principal: {} };
    },
  } as unknown as AuthService;
  await readiness.schedule({
    scheduler,
    schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 15 } },
    catalog: fakeCatalog(catalogEntities(options.components)),
    auth,
    concurrency: options.concurrency,
    shards: options.shards,
    retentionDays: 90,
  });

  let cpu = process.cpuUsage();
  process.on('message', async (command: ReplicaCommand) => {
    if (command.type === 'mark') {
      cpu = process.cpuUsage();
    } else if (command.type === 'report') {
      const used = process.cpuUsage(cpu);
      const message: ReplicaMessage = {
        type: 'report',
        cpuMs: (used.user + used.system) / 1000,
        shardRuns,
        notifications,
        warnings,
      };
      process.send!(message);
    } else if (command.type === 'stop') {
      for (const hook of shutdownHooks) await hook();
      await knex.destroy();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' } satisfies ReplicaMessage);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
