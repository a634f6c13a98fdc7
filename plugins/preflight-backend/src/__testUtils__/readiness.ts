import type {
  AuthService,
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { EnvironmentReadiness } from '@preflight/plugin-preflight-common';
import type { ReadinessService } from '../readiness/ReadinessService';

/**
 * An environment's readiness with a passing blocking `health-checks` and one failing blocking
 * check per id in `failing` (score 100 when ready, else 50), as the store records it.
 */
export function environmentReadiness(
  environment: string,
  verdict: EnvironmentReadiness['verdict'],
  failing: string[] = [],
): EnvironmentReadiness {
  return {
    environment,
    verdict,
    score: verdict === 'ready' ? 100 : 50,
    counts: {
      pass: 1,
      warn: 0,
      fail: failing.length,
      unknown: 0,
      'not-applicable': 0,
    },
    checks: [
      {
        id: 'health-checks',
        title: 'h',
        severity: 'blocking',
        status: 'pass',
        summary: '',
      },
      ...failing.map(id => ({
        id,
        title: id,
        severity: 'blocking' as const,
        status: 'fail' as const,
        summary: '',
      })),
    ],
  };
}

/** A Component as the catalog-wide run reads it from the catalog. */
export function component(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/**
 * Schedules the catalog-wide run of `service` with a scheduler that keeps each task's function,
 * by task id, for the test to call (as Backstage's scheduler would when the task is due), and a
 * catalog that answers `entities` in one page.
 */
export async function scheduledTasks(
  service: ReadinessService,
  options: {
    entities: Entity[];
    concurrency: number;
    shards?: number;
    triggerTask?: SchedulerService['triggerTask'];
  },
): Promise<Map<string, SchedulerServiceTaskFunction>> {
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const { entities } = options;
  await service.schedule({
    scheduler: {
      scheduleTask: async (d: {
        id: string;
        fn: SchedulerServiceTaskFunction;
      }) => void tasks.set(d.id, d.fn),
      ...(options.triggerTask ? { triggerTask: options.triggerTask } : {}),
    } as unknown as SchedulerService,
    schedule: { frequency: { minutes: 10 }, timeout: { minutes: 5 } },
    catalog: {
      async queryEntities() {
        return { items: entities, totalItems: entities.length, pageInfo: {} };
      },
    } as unknown as CatalogService,
    auth: mockServices.auth() as AuthService,
    concurrency: options.concurrency,
    retentionDays: 90,
    ...(options.shards ? { shards: options.shards } : {}),
  });
  return tasks;
}
