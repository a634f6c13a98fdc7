import { mockCredentials } from '@backstage/backend-test-utils';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import request from 'supertest';
import { kubernetesComponent } from './__testUtils__/entities';
import { startDemoBackend } from './__testUtils__/demoEstate';
import { fixtures, KubernetesApiSimulator } from './__testUtils__/kubernetes';

/*
 * Over HTTP: a component with 3,000 Pods in one environment. `/environments` counts the Pods
 * (`SourceState.pods` in openapi.yaml) instead of listing them, `/readiness` lists at most a few
 * of them, both stay under 300 KB, and any Pod is read in full on its own.
 */
jest.setTimeout(120_000);

const ID = 'big-service';
const PODS = 3000;
const MAX_BYTES = 300 * 1024;
const RS = `${ID}-7d9f8c`;

interface Planted {
  phase?: string;
  ready?: boolean;
  readyReason?: string;
  waiting?: string;
  unschedulable?: boolean;
  restarts?: number;
  lastTerminated?: string;
}

/** A Pod as the API server answers it: owned by the ReplicaSet, with conditions and statuses. */
function pod(i: number, p: Planted = {}): KubernetesObject {
  const name = `${RS}-${String(i).padStart(5, '0')}`;
  const base = fixtures.pod(name, {
    labels: { 'backstage.io/kubernetes-id': ID, 'app.kubernetes.io/name': ID },
    image: `ghcr.io/acme/big-service:${i < PODS / 2 ? '2.3.0' : '2.3.1'}`,
  });
  const phase = p.phase ?? 'Running';
  const ready = p.ready ?? phase === 'Running';
  return {
    ...base,
    metadata: {
      ...base.metadata,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: RS,
          uid: '11111111-1111-4111-8111-111111111111',
          controller: true,
        },
      ],
    },
    spec: { ...base.spec, nodeName: `node-${i % 40}` },
    status: {
      phase,
      podIP: `10.1.${Math.floor(i / 250)}.${i % 250}`,
      conditions: [
        {
          type: 'PodScheduled',
          status: p.unschedulable ? 'False' : 'True',
          ...(p.unschedulable
            ? { reason: 'Unschedulable', message: '0/40 nodes are available' }
            : {}),
        },
        {
          type: 'Ready',
          status: ready ? 'True' : 'False',
          ...(ready ? {} : { reason: p.readyReason ?? 'ContainersNotReady' }),
        },
      ],
      ...(p.unschedulable
        ? {}
        : {
            containerStatuses: [
              {
                name,
                image: base.spec.containers[0].image,
                ready,
                restartCount: p.restarts ?? 0,
                state: p.waiting
                  ? { waiting: { reason: p.waiting } }
                  : { running: { startedAt: '2026-12-01T10:00:00Z' } },
                ...(p.lastTerminated
                  ? {
                      lastState: {
                        terminated: { reason: p.lastTerminated, exitCode: 137 },
                      },
                    }
                  : {}),
              },
            ],
          }),
    },
  };
}

/** Planted problems, by index (every other Pod is Running and Ready). */
const planted: Array<[count: number, planted: Planted]> = [
  [
    5,
    {
      ready: false,
      waiting: 'CrashLoopBackOff',
      restarts: 12,
      lastTerminated: 'Error',
    },
  ],
  [3, { phase: 'Pending', ready: false, unschedulable: true }],
  [2, { phase: 'Pending', ready: false, waiting: 'ImagePullBackOff' }],
  [4, { ready: false }],
  [6, { restarts: 7, lastTerminated: 'OOMKilled' }],
  [10, { restarts: 1 }],
  [2, { phase: 'Succeeded', ready: false, readyReason: 'PodCompleted' }],
];

function pods(): KubernetesObject[] {
  const special: Planted[] = planted.flatMap(([n, p]) =>
    Array.from({ length: n }, () => p),
  );
  // spread the planted Pods over the list, as a cluster would
  const all = Array.from({ length: PODS }, (_, i) =>
    pod(i, i % 90 === 45 ? special.shift() : undefined),
  );
  if (special.length) throw new Error('not every planted Pod is in');
  return all;
}

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

it('answers /environments and /readiness under 300 KB for 3,000 Pods, counts them, and serves one in full', async () => {
  const all = pods();
  const full = new Blob([JSON.stringify(all)]).size;
  k8s.addCluster({
    name: 'production',
    baseUrl: 'https://production.big.test',
    objects: [
      ...fixtures
        .componentObjects(ID, { replicas: PODS, pods: 0 })
        .filter(o => o.kind !== 'Pod'),
      ...all,
    ],
  });
  const entity = kubernetesComponent(ID, { ownedBy: 'team-a' });
  const { server } = await startDemoBackend({
    entities: [entity],
    preflight: {
      environments: [
        { name: 'dev', title: 'Development' },
        { name: 'staging', title: 'Staging' },
        {
          name: 'production',
          title: 'Production',
          cluster: 'production-cluster',
          namespace: 'shop',
        },
      ],
    },
    config: {
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'production-cluster',
                url: 'https://production.big.test',
                authProvider: 'serviceAccount',
                serviceAccountToken: 'big-test-token',
              },
            ],
          },
        ],
      },
    },
  });
  const base = `/api/preflight/entities/component/default/${ID}`;
  const get = (url: string) =>
    request(server)
      .get(url)
      .set('authorization', mockCredentials.user.header());

  const environments = await get(`${base}/environments`);
  expect(environments.status).toBe(200);
  const environmentsBytes = Buffer.byteLength(environments.text);
  expect(full).toBeGreaterThan(MAX_BYTES * 4); // the Pods in full would not fit
  expect(environmentsBytes).toBeLessThan(MAX_BYTES);

  const production = environments.body.environments[2];
  expect(production.live.status).toBe('ok');
  expect(production.live.objects.filter((o: any) => o.kind === 'Pod')).toEqual(
    [],
  );
  expect(production.live.origins).toHaveLength(production.live.objects.length);
  expect(production.live.objects.map((o: any) => o.kind)).toContain(
    'Deployment',
  );
  const summary = production.live.pods;
  expect(summary).toMatchObject({
    total: 3000,
    byPhase: { Running: 2993, Pending: 5, Succeeded: 2 },
    ready: 2984,
    notReady: 14,
    restarts: 5 * 12 + 6 * 7 + 10,
    images: [
      'ghcr.io/acme/big-service:2.3.0',
      'ghcr.io/acme/big-service:2.3.1',
    ],
  });
  expect(summary.problems.map((p: any) => [p.problem, p.count])).toEqual([
    ['Restarting: OOMKilled', 6],
    ['CrashLoopBackOff', 5],
    ['Not Ready: ContainersNotReady', 4],
    ['Pending: Unschedulable', 3],
    ['ImagePullBackOff', 2],
  ]);
  // one example per problem, in full, and it is the Pod the problem names
  expect(summary.examples.map((p: any) => p.metadata.name)).toEqual(
    summary.problems.map((p: any) => p.example),
  );
  const crashing = summary.examples[1];
  expect(crashing.status.containerStatuses[0].state.waiting.reason).toBe(
    'CrashLoopBackOff',
  );
  // environments without a cluster are unchanged: no Pods, no summary
  expect(environments.body.environments[0].live.pods).toBeUndefined();

  const readiness = await get(`${base}/readiness`);
  expect(readiness.status).toBe(200);
  const readinessBytes = Buffer.byteLength(readiness.text);
  expect(readinessBytes).toBeLessThan(MAX_BYTES);
  const health = readiness.body.environments[2].checks.find(
    (c: any) => c.id === 'health-checks',
  );
  // the checks still saw every Pod
  expect(health.summary).toContain('of 3000 pods are not Ready');
  expect(health.evidence.length).toBeLessThanOrEqual(10);

  // any Pod in full, on demand
  const name = `${RS}-01234`;
  const one = await get(
    `${base}/environments/production/objects/live/Pod/${name}`,
  );
  expect(one.status).toBe(200);
  expect(one.body).toMatchObject({
    kind: 'Pod',
    metadata: { name, namespace: 'shop' },
    spec: { nodeName: 'node-34' },
    status: { phase: 'Running' },
  });
  const withNamespace = await get(
    `${base}/environments/production/objects/live/Pod/${name}?objectNamespace=shop`,
  );
  expect(withNamespace.body.metadata.uid).toBe(one.body.metadata.uid);
  for (const url of [
    `${base}/environments/production/objects/live/Pod/${RS}-99999`,
    `${base}/environments/production/objects/live/Pod/${name}?objectNamespace=other`,
    `${base}/environments/dev/objects/live/Pod/${name}`,
  ]) {
    const missing = await get(url);
    expect([url, missing.status]).toEqual([url, 404]);
    expect(missing.body.error.name).toBe('NotFoundError');
  }
  const unknownEnvironment = await get(
    `${base}/environments/qa/objects/live/Pod/${name}`,
  );
  expect(unknownEnvironment.status).toBe(400);
  expect(unknownEnvironment.body.error.message).toContain(
    "parameter 'environment'",
  );
  const badSource = await get(
    `${base}/environments/production/objects/cache/Pod/${name}`,
  );
  expect(badSource.status).toBe(400);
  expect(badSource.body.error.message).toContain('source');

  process.stdout.write(
    `${PODS} pods: /environments ${(environmentsBytes / 1024).toFixed(
      0,
    )} KB (the Pods alone in full: ${(full / 1024).toFixed(
      0,
    )} KB), /readiness ${(readinessBytes / 1024).toFixed(0)} KB\n`,
  );
});
