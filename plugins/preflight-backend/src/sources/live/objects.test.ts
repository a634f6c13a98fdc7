/*
 * What a catalog-wide snapshot keeps of an object (`trimForSnapshot`), and the proof that it keeps
 * enough: the whole checklist, run on objects as a real API server lists them (full statuses) and
 * on their trimmed form, gives the same outcomes in every environment.
 */
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  EnvironmentState,
  KubernetesObject,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import { fixtures } from '../../__testUtils__/kubernetes';
import { createBuiltinChecks } from '../../readiness/checks';
import { createCiTestsCheck } from '../../readiness/ci';
import { ReadinessEngine } from '../../readiness/ReadinessEngine';
import { createRollbackPlanCheck } from '../../readiness/runbook';
import { readCheckSettings } from '../../readiness/settings';
import { BUILTIN_KINDS } from './kinds';
import {
  SNAPSHOT_STATUS_FIELDS,
  snapshotReceiver,
  toLiveObject,
  trimForSnapshot,
} from './objects';

const ID = 'checkout-api';
const STARTED = '2026-11-20T08:00:00Z';

/** A Pod's status as the API server reports it (kubelet fields included). */
function podStatus(image: string, ready: boolean, restarts: number) {
  const condition = (type: string, status: boolean) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: STARTED,
    ...(status ? {} : { reason: 'ContainersNotReady' }),
  });
  return {
    phase: 'Running',
    conditions: [
      condition('PodReadyToStartContainers', true),
      condition('Initialized', true),
      condition('Ready', ready),
      condition('ContainersReady', ready),
      condition('PodScheduled', true),
    ],
    hostIP: '10.0.3.17',
    hostIPs: [{ ip: '10.0.3.17' }],
    podIP: '10.244.1.23',
    podIPs: [{ ip: '10.244.1.23' }],
    startTime: STARTED,
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: ID,
        image,
        imageID: `${image.split(':')[0]}@sha256:${'ab'.repeat(32)}`,
        containerID: `containerd://${'cd'.repeat(32)}`,
        ready,
        started: true,
        restartCount: restarts,
        state: ready
          ? { running: { startedAt: STARTED } }
          : {
              waiting: {
                reason: 'CrashLoopBackOff',
                message: 'back-off 5m0s restarting failed container',
              },
            },
        ...(restarts > 0
          ? {
              lastState: {
                terminated: {
                  exitCode: 1,
                  reason: 'Error',
                  startedAt: STARTED,
                  finishedAt: STARTED,
                },
              },
            }
          : {}),
      },
    ],
  };
}

/** One environment's objects as listed, statuses and server-set metadata included. */
function listedObjects(env: string, o: { image: string; healthy: boolean }) {
  const options = {
    namespace: 'shop',
    image: o.image,
    env: {
      LOG_LEVEL: env === 'dev' ? 'debug' : 'info',
      DB_PASSWORD: 'hunter2',
    },
    labels: { 'backstage.io/kubernetes-id': ID },
  };
  const server = (object: KubernetesObject, status?: Record<string, unknown>) =>
    ({
      ...object,
      metadata: {
        ...object.metadata,
        uid: `${env}-${object.kind}-${object.metadata.name}`,
        resourceVersion: '48213',
        generation: 3,
        creationTimestamp: STARTED,
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      },
      ...(status ? { status } : {}),
    } as KubernetesObject);
  const objects = fixtures.componentObjects(ID, options);
  const migration = fixtures.job(`${ID}-migrate`, {
    ...options,
    annotations: { 'preflight.dev/migration': 'true' },
  });
  return [
    ...objects.map(object => {
      switch (object.kind) {
        case 'Deployment':
          return server(object, {
            observedGeneration: 3,
            replicas: 2,
            updatedReplicas: 2,
            readyReplicas: o.healthy ? 2 : 1,
            availableReplicas: o.healthy ? 2 : 1,
            ...(o.healthy ? {} : { unavailableReplicas: 1 }),
            collisionCount: 1,
            conditions: [
              {
                type: 'Available',
                status: o.healthy ? 'True' : 'False',
                lastUpdateTime: STARTED,
                lastTransitionTime: STARTED,
                reason: 'MinimumReplicasAvailable',
                message: 'Deployment has minimum availability.',
              },
            ],
          });
        case 'Pod':
          return server(
            {
              ...object,
              metadata: {
                ...object.metadata,
                ownerReferences: [
                  {
                    apiVersion: 'apps/v1',
                    kind: 'ReplicaSet',
                    name: `${ID}-7d9f8c`,
                    uid: 'rs-uid',
                    controller: true,
                  },
                ],
              },
              spec: { ...object.spec, nodeName: 'node-3' },
            },
            podStatus(
              o.image,
              o.healthy || !object.metadata.name.endsWith('-1'),
              o.healthy ? 0 : 7,
            ),
          );
        case 'Service':
          return server(object, {
            loadBalancer: { ingress: [{ ip: '203.0.113.7' }] },
          });
        case 'Ingress':
          return server(object, {
            loadBalancer: { ingress: [{ hostname: 'lb.example.com' }] },
          });
        case 'HorizontalPodAutoscaler':
          return server(object, {
            currentReplicas: 2,
            desiredReplicas: 2,
            currentMetrics: [
              {
                type: 'Resource',
                resource: {
                  name: 'cpu',
                  current: { averageUtilization: 41, averageValue: '41m' },
                },
              },
            ],
            conditions: [{ type: 'AbleToScale', status: 'True' }],
          });
        case 'PodDisruptionBudget':
          return server(object, {
            observedGeneration: 1,
            currentHealthy: 2,
            desiredHealthy: 1,
            disruptionsAllowed: 1,
            expectedPods: 2,
            disruptedPods: {},
          });
        case 'CronJob':
          return server(object, {
            lastScheduleTime: STARTED,
            lastSuccessfulTime: STARTED,
            active: [],
          });
        default:
          return server(object);
      }
    }),
    server(migration, {
      conditions: [
        {
          type: o.healthy ? 'Complete' : 'Failed',
          status: 'True',
          lastProbeTime: STARTED,
          lastTransitionTime: STARTED,
        },
      ],
      startTime: STARTED,
      completionTime: STARTED,
      succeeded: o.healthy ? 1 : 0,
      failed: o.healthy ? 0 : 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    }),
  ];
}

/** As the live source makes them: `toLiveObject` of each item of its kind's list. */
function received(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.map(object => {
    const kind = BUILTIN_KINDS.find(k => k.kind === object.kind)!;
    const { apiVersion: _a, kind: _k, ...item } = object;
    return toLiveObject(item, kind)!;
  });
}

const ENVIRONMENTS: PreflightEnvironment[] = [
  'dev',
  'staging',
  'production',
].map(name => ({
  name,
  title: name,
  cluster: `${name}-cluster`,
  namespace: 'shop',
}));

function path(
  objectsOf: (env: string) => KubernetesObject[],
): EnvironmentState[] {
  return ENVIRONMENTS.map(environment => ({
    environment,
    live: {
      status: 'ok',
      objects: objectsOf(environment.name),
      readAt: STARTED,
    },
    desired: { status: 'not-configured', objects: [], message: 'none' },
  }));
}

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': ID,
      'preflight.dev/migrations': 'job',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

function engine(states: EnvironmentState[]) {
  const config = new ConfigReader({});
  const logger = mockServices.logger.mock();
  const checks = createBuiltinChecks({
    registry: {
      verify: async image => ({
        status: 'present',
        url: `https://registry.test/${image}`,
      }),
    },
    extra: {
      ciTests: createCiTestsCheck({ config, logger }),
      rollbackPlan: createRollbackPlanCheck({
        config,
        logger,
        urlReader: mockServices.urlReader.mock(),
      }),
    },
  });
  return new ReadinessEngine({
    checks: () => checks,
    settings: readCheckSettings(config, checks),
    states: { getStates: async () => states },
    waivers: { listActive: async () => [] },
    logger,
    now: () => new Date('2026-11-25T00:00:00Z'),
  });
}

describe('trimForSnapshot', () => {
  const listed = {
    dev: received(
      listedObjects('dev', {
        image: 'ghcr.io/acme/checkout-api:1.5.0',
        healthy: true,
      }),
    ),
    staging: received(
      listedObjects('staging', {
        image: 'ghcr.io/acme/checkout-api:1.5.0',
        healthy: false,
      }),
    ),
    production: received(
      listedObjects('production', {
        image: 'ghcr.io/acme/checkout-api:1.4.2',
        healthy: true,
      }),
    ),
  } as Record<string, KubernetesObject[]>;

  it("keeps of a status only the kind's declared fields, and everything else as listed", () => {
    const pod = listed.dev.find(o => o.kind === 'Pod')!;
    const trimmed = trimForSnapshot(pod);
    expect(Object.keys(trimmed.status)).toEqual([
      'phase',
      'conditions',
      'containerStatuses',
    ]);
    expect(trimmed.status.containerStatuses).toBe(pod.status.containerStatuses);
    expect(trimmed.spec).toBe(pod.spec);
    expect(trimmed.metadata).toEqual({
      name: pod.metadata.name,
      namespace: 'shop',
      labels: pod.metadata.labels,
      ownerReferences: pod.metadata.ownerReferences,
    });
    // The listed object is not changed.
    expect(pod.status.podIP).toBe('10.244.1.23');
    expect(pod.metadata.uid).toBe(`dev-Pod-${pod.metadata.name}`);

    const service = listed.dev.find(o => o.kind === 'Service')!;
    expect(trimForSnapshot(service)).not.toHaveProperty('status');
    const job = listed.dev.find(o => o.kind === 'Job')!;
    expect(Object.keys(trimForSnapshot(job).status)).toEqual([
      'conditions',
      'startTime',
      'completionTime',
      'succeeded',
      'failed',
    ]);

    // Nothing to drop: the same object. Kinds without declared fields keep their status.
    const account = trimForSnapshot(
      listed.dev.find(o => o.kind === 'ServiceAccount')!,
    );
    expect(account.metadata).not.toHaveProperty('uid');
    expect(trimForSnapshot(account)).toBe(account);
    const certificate: KubernetesObject = {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: ID, annotations: { 'cert-manager.io/issuer': 'le' } },
      status: { notAfter: STARTED, renewalTime: STARTED, revision: 4 },
    };
    expect(trimForSnapshot(certificate)).toBe(certificate);
    expect(SNAPSHOT_STATUS_FIELDS.Certificate).toBeUndefined();
  });

  it('keeps the sanitization: a sensitive env literal stays masked in the trimmed object', () => {
    const deployment = trimForSnapshot(
      listed.dev.find(o => o.kind === 'Deployment')!,
    );
    const text = JSON.stringify(deployment);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('managedFields');
  });

  it('the snapshot receiver trims, freezes and shares equal sub-objects', () => {
    const { receive, done } = snapshotReceiver();
    const [a, b] = listed.dev
      .filter(o => o.kind === 'Pod')
      .map(o => receive(o));
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.status.conditions)).toBe(true);
    expect(a.status).not.toHaveProperty('podIP');
    expect(a.spec.securityContext).toBe(b.spec.securityContext);
    // Once done, the pool is gone: a later object is not shared with the earlier ones.
    done();
    const later = receive(listed.staging.find(o => o.kind === 'Pod')!);
    expect(later.spec.securityContext).toEqual(a.spec.securityContext);
    expect(later.spec.securityContext).not.toBe(a.spec.securityContext);
  });

  it('the whole checklist gives the same outcomes on full and on trimmed objects', async () => {
    const full = path(env => listed[env]);
    const trimmed = path(env => listed[env].map(trimForSnapshot));
    // The trimming dropped something in every environment (else this proves nothing).
    for (const [i, state] of full.entries()) {
      expect(JSON.stringify(trimmed[i].live.objects).length).toBeLessThan(
        JSON.stringify(state.live.objects).length,
      );
    }

    const fromFull = await engine(full).evaluate(entity);
    const fromTrimmed = await engine(trimmed).evaluate(entity);
    expect(fromTrimmed).toEqual(fromFull);

    // And the outcomes are decided ones, from the statuses too: staging's crash-looping Pod and
    // failed migration fail their checks, dev's pass them.
    const outcome = (env: string, id: string) =>
      fromFull.environments
        .find(e => e.environment === env)!
        .checks.find(c => c.id === id)!.status;
    expect(outcome('dev', 'health-checks')).toBe('pass');
    expect(outcome('staging', 'health-checks')).toBe('fail');
    expect(outcome('dev', 'migrations-ready')).toBe('pass');
    expect(outcome('staging', 'migrations-ready')).toBe('fail');
    expect(outcome('production', 'environment-parity')).not.toBe(
      'not-applicable',
    );
    const decided = fromFull.environments.flatMap(e =>
      e.checks.filter(c => c.status !== 'not-applicable'),
    );
    expect(decided.length).toBeGreaterThan(15);
  });
});
