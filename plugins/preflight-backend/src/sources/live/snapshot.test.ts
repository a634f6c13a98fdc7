import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import type { CacheService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  KubernetesObject,
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  fixtures,
  KubernetesApiSimulator,
  type SimulatedClusterOptions,
} from '../../__testUtils__/kubernetes';
import { EnvironmentStateService } from '../../service/EnvironmentStateService';
import { BUILTIN_KINDS } from './kinds';
import { trimForSnapshot } from './objects';
import { LiveStateSource, type LiveSourceState } from './LiveStateSource';
import { parseLabelRequirements } from './selectors';
import {
  DEFAULT_SNAPSHOT_TIMEOUT_MS,
  LiveSnapshot,
  readSnapshotTimeoutMs,
  snapshotLabelConstraint,
} from './snapshot';

const TOKEN = 'test-sa-token-0123456789';
const KINDS = BUILTIN_KINDS.length;
const ID_LABEL = 'backstage.io/kubernetes-id';

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

const ids = Array.from(
  { length: 50 },
  (_, i) => `svc-${String(i).padStart(2, '0')}`,
);

function entity(
  name: string,
  annotations: Record<string, string> = { [ID_LABEL]: name },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** dev and production have a namespace; staging lists all namespaces. */
const ENVIRONMENTS: PreflightEnvironment[] = [
  { name: 'dev', title: 'dev', cluster: 'dev-cluster', namespace: 'shop' },
  { name: 'staging', title: 'staging', cluster: 'staging-cluster' },
  {
    name: 'production',
    title: 'production',
    cluster: 'production-cluster',
    namespace: 'shop',
  },
];
const [DEV, STAGING, PRODUCTION] = ENVIRONMENTS;

/** The components' objects, half of them in `shop`, half in `other` (seen by staging only). */
function clusterObjects(): KubernetesObject[] {
  return [
    ...ids.flatMap((id, i) =>
      fixtures.componentObjects(id, {
        namespace: i % 2 === 0 ? 'shop' : 'other',
      }),
    ),
    // Not labelled: never in a snapshot, but selected by app=legacy.
    fixtures.deployment('legacy', { labels: { app: 'legacy' } }),
    // Labelled with tiers, for label-selector annotations.
    fixtures.deployment('tiered-web', {
      labels: { [ID_LABEL]: 'tiered', tier: 'web' },
    }),
    fixtures.deployment('tiered-db', {
      labels: { [ID_LABEL]: 'tiered', tier: 'db' },
    }),
  ];
}

function addClusters(
  options: Partial<Record<string, Partial<SimulatedClusterOptions>>> = {},
) {
  return ENVIRONMENTS.map(env =>
    k8s.addCluster({
      name: env.name,
      baseUrl: `https://${env.name}.k8s.test`,
      token: TOKEN,
      objects: clusterObjects(),
      ...options[env.name],
    }),
  );
}

function createSource(live: JsonObject = {}) {
  const logger = mockServices.logger.mock();
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
    preflight: { live },
  });
  return { source: new LiveStateSource({ config, logger }), logger };
}

/**
 * What must be equal between a read and an answer from a snapshot: everything but when and at what
 * cost, the objects as a snapshot keeps them (`trimForSnapshot`, which `objects.test.ts` proves
 * changes no check's outcome; it gives the snapshot's own objects back unchanged).
 */
function comparable(state: SourceState) {
  const {
    readAt: _readAt,
    requests: _requests,
    ...rest
  } = state as LiveSourceState;
  return { ...rest, objects: rest.objects.map(trimForSnapshot) };
}

function pagesOf(count: number, pageSize: number) {
  return Math.max(1, Math.ceil(count / pageSize));
}

describe('snapshotLabelConstraint', () => {
  it.each([
    [`${ID_LABEL}=a`, ['a']],
    [`${ID_LABEL} in (a,b)`, ['a', 'b']],
    [`${ID_LABEL}`, 'any'],
    [`${ID_LABEL},app=x`, 'any'],
    [`${ID_LABEL} in (a,b),${ID_LABEL}=b`, ['b']],
    [`${ID_LABEL}=a,${ID_LABEL}=b`, []],
    [`${ID_LABEL},${ID_LABEL} in (c)`, ['c']],
    [`app=x,${ID_LABEL}!=a,${ID_LABEL} in (a,b)`, ['a', 'b']],
    [`app=x`, undefined],
    [`${ID_LABEL}!=a`, undefined],
    [`${ID_LABEL} notin (a)`, undefined],
    [`!${ID_LABEL}`, undefined],
  ])('%j → %j', (selector, expected) => {
    expect(snapshotLabelConstraint(parseLabelRequirements(selector))).toEqual(
      expected,
    );
  });
});

describe('readSnapshotTimeoutMs', () => {
  it('defaults to 60000 and validates preflight.live.snapshotTimeoutMs', () => {
    expect(readSnapshotTimeoutMs(new ConfigReader({}))).toBe(
      DEFAULT_SNAPSHOT_TIMEOUT_MS,
    );
    expect(DEFAULT_SNAPSHOT_TIMEOUT_MS).toBe(60000);
    expect(
      readSnapshotTimeoutMs(
        new ConfigReader({
          preflight: { live: { snapshotTimeoutMs: 120000 } },
        }),
      ),
    ).toBe(120000);
    expect(() =>
      createSource({ snapshotTimeoutMs: 0 as unknown as number }),
    ).toThrow("Invalid config at 'preflight.live.snapshotTimeoutMs'");
    expect(() =>
      readSnapshotTimeoutMs(
        new ConfigReader({ preflight: { live: { snapshotTimeoutMs: 'x' } } }),
      ),
    ).toThrow('preflight.live.snapshotTimeoutMs');
  });
});

describe('LiveSnapshot', () => {
  it('is immutable: frozen, objects included', async () => {
    addClusters();
    const { source } = createSource();
    const snapshot = await source.snapshot(DEV);
    expect(Object.isFrozen(snapshot)).toBe(true);
    const [first] = snapshot.objects();
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first.metadata.labels)).toBe(true);
    expect(() => {
      (first.metadata as any).name = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (snapshot as any).status = 'error';
    }).toThrow(TypeError);
  });

  it('indexes by kind, label value and namespace, keeping the listing order', () => {
    const kind = BUILTIN_KINDS[0]; // Deployment
    const object = (name: string, id: string, namespace: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels: { [ID_LABEL]: id } },
    });
    const snapshot = LiveSnapshot.fromLists({
      environment: STAGING,
      cluster: 'staging-cluster',
      readAt: '2026-11-25T00:00:00.000Z',
      requests: 1,
      durationMs: 1,
      lists: [
        {
          kind,
          objects: [
            object('a1', 'a', 'x'),
            object('b1', 'b', 'x'),
            object('a2', 'a', 'y'),
            object('c1', 'c', 'y'),
          ],
        },
      ],
    });
    const names = (o: KubernetesObject[]) => o.map(x => x.metadata.name);
    const all = () => true;
    expect(names(snapshot.select({ ids: ['a'], matches: all }))).toEqual([
      'a1',
      'a2',
    ]);
    expect(names(snapshot.select({ ids: ['c', 'a'], matches: all }))).toEqual([
      'a1',
      'a2',
      'c1',
    ]);
    expect(
      names(snapshot.select({ ids: ['a'], namespace: 'y', matches: all })),
    ).toEqual(['a2']);
    expect(
      names(snapshot.select({ ids: 'any', namespace: 'x', matches: all })),
    ).toEqual(['a1', 'b1']);
    expect(
      names(
        snapshot.select({
          ids: 'any',
          matches: l => l?.[ID_LABEL] !== 'b',
        }),
      ),
    ).toEqual(['a1', 'a2', 'c1']);
    expect(snapshot.objectCount).toBe(4);
    expect(snapshot.listedKinds()).toEqual([kind]);
  });
});

describe('LiveSnapshot.releaseFor', () => {
  it("lets go of an entity's objects; a later entity of a released value is read on its own", async () => {
    addClusters();
    const { source } = createSource();
    const snapshot = await source.snapshot(STAGING);
    const held = snapshot.objects().length;
    const before = k8s.requests.length;
    const svc00 = entity('svc-00');
    const svc01 = entity('svc-01');
    const first = await source.readFromSnapshot(snapshot, svc00, STAGING);
    expect(first.status).toBe('ok');
    const released = first.objects.length;
    expect(released).toBeGreaterThan(0);

    snapshot.releaseFor(svc00);
    expect(snapshot.objects()).toHaveLength(held - released);
    expect(
      snapshot.objects().some(o => o.metadata.labels?.[ID_LABEL] === 'svc-00'),
    ).toBe(false);
    expect(snapshot.objectCount).toBe(held); // what was listed, for the logs
    // Another value is still answered from the snapshot, unchanged.
    const other = await source.readFromSnapshot(snapshot, svc01, STAGING);
    expect(k8s.requests).toHaveLength(before);
    expect(comparable(other)).toEqual(
      comparable(await source.read(svc01, STAGING)),
    );
    const afterOther = k8s.requests.length;

    // A second entity with the released value: not answered by the snapshot, read on its own,
    // with the same objects.
    const twin = entity('svc-00-twin', { [ID_LABEL]: 'svc-00' });
    expect(source.answerFromSnapshot(snapshot, twin, STAGING)).toBeUndefined();
    const read = await source.readFromSnapshot(snapshot, twin, STAGING);
    expect(k8s.requests.length).toBeGreaterThan(afterOther);
    expect(read.objects.map(o => o.metadata.name).sort()).toEqual(
      first.objects.map(o => o.metadata.name).sort(),
    );
    // A selector on other values of the label is answered; one needing every value is not.
    const tiered = entity('tiered', {
      'backstage.io/kubernetes-label-selector': `${ID_LABEL} in (tiered)`,
    });
    expect(source.answerFromSnapshot(snapshot, tiered, STAGING)).toBeDefined();
    const anyId = entity('any', {
      'backstage.io/kubernetes-label-selector': ID_LABEL,
    });
    expect(source.answerFromSnapshot(snapshot, anyId, STAGING)).toBeUndefined();
    const both = entity('both', {
      'backstage.io/kubernetes-label-selector': `${ID_LABEL} in (svc-00, svc-01)`,
    });
    expect(source.answerFromSnapshot(snapshot, both, STAGING)).toBeUndefined();
  });

  it('releases nothing for an existence selector, a malformed annotation or a failed snapshot', async () => {
    addClusters();
    const { source } = createSource();
    const snapshot = await source.snapshot(STAGING);
    const held = snapshot.objects().length;
    snapshot.releaseFor(
      entity('any', { 'backstage.io/kubernetes-label-selector': ID_LABEL }),
    );
    snapshot.releaseFor(
      entity('bad', { 'backstage.io/kubernetes-label-selector': '!!!=' }),
    );
    snapshot.releaseFor(entity('none', {}));
    expect(snapshot.objects()).toHaveLength(held);
    expect(
      source.answerFromSnapshot(snapshot, entity('svc-02'), STAGING),
    ).toBeDefined();
  });
});

describe('LiveStateSource.snapshot / readFromSnapshot', () => {
  it('50 entities × 3 environments: kinds × pages requests per cluster, and the same answers as read', async () => {
    const clusters = addClusters();
    const pageSize = 40;
    const { source } = createSource({ pageSize });

    const snapshots = await Promise.all(
      ENVIRONMENTS.map(env => source.snapshot(env)),
    );
    expect(snapshots.map(s => s.status)).toEqual(['ok', 'ok', 'ok']);

    // Per cluster: discovery + one list per kind, paged; with the existence selector, in the
    // environment's namespace (all namespaces for staging).
    for (const [i, cluster] of clusters.entries()) {
      const env = ENVIRONMENTS[i];
      const inScope = (o: KubernetesObject) =>
        (!env.namespace || o.metadata.namespace === env.namespace) &&
        o.metadata.labels?.[ID_LABEL] !== undefined;
      const expected =
        1 +
        BUILTIN_KINDS.reduce(
          (n, kind) =>
            n +
            pagesOf(
              clusterObjects().filter(
                o =>
                  o.kind === kind.kind &&
                  o.apiVersion === kind.apiVersion &&
                  inScope(o),
              ).length,
              pageSize,
            ),
          0,
        );
      expect(cluster.requests).toHaveLength(expected);
      expect(snapshots[i].requests).toBe(expected);
      expect(expected).toBeLessThan(1 + KINDS * 3); // paging happened, but not per entity
      const lists = cluster.requests.filter(r => r.resource !== 'discovery');
      expect(new Set(lists.map(r => r.labelSelector))).toEqual(
        new Set([ID_LABEL]),
      );
      expect(new Set(lists.map(r => r.namespace))).toEqual(
        new Set([env.namespace]),
      );
      expect(cluster.fullSecretRequests()).toEqual([]);
    }
    const snapshotRequests = k8s.requests.length;

    // Every entity in every environment from the snapshots: no request at all.
    const entities = ids.map(id =>
      entity(id, {
        [ID_LABEL]: id,
        'backstage.io/kubernetes-namespace': 'shop',
      }),
    );
    const answers = await Promise.all(
      entities.flatMap(e =>
        ENVIRONMENTS.map((env, i) =>
          source.readFromSnapshot(snapshots[i], e, env),
        ),
      ),
    );
    expect(k8s.requests).toHaveLength(snapshotRequests);
    expect(answers.every(a => a.requests === 0)).toBe(true);
    // Even components live in `shop`, odd ones in `other` (not the entity's namespace).
    expect(answers.map(a => a.status)).toEqual(
      ids.flatMap((_, i) =>
        i % 2 === 0 ? ['ok', 'ok', 'ok'] : Array(3).fill('not-deployed'),
      ),
    );
    expect(answers[0].readAt).toBe(snapshots[0].readAt);

    // A sample, deep-equal to a per-entity read (objects, origins, messages, location).
    for (const index of [0, 1, 7, 24, 49]) {
      for (const [i, env] of ENVIRONMENTS.entries()) {
        const fromSnapshot = answers[index * 3 + i];
        const read = await source.read(entities[index], env);
        expect(read.requests).toBeGreaterThan(0);
        expect(comparable(fromSnapshot)).toEqual(comparable(read));
      }
    }
  });

  it('answers label-selector annotations that constrain the kubernetes-id label, and reads the others', async () => {
    addClusters();
    const { source } = createSource();
    const snapshot = await source.snapshot(STAGING);
    const before = k8s.requests.length;

    const constrained = entity('tiered', {
      'backstage.io/kubernetes-label-selector': `${ID_LABEL} in (tiered, svc-00), tier!=db`,
    });
    const fromSnapshot = await source.readFromSnapshot(
      snapshot,
      constrained,
      STAGING,
    );
    expect(k8s.requests).toHaveLength(before);
    const names = fromSnapshot.objects.map(o => o.metadata.name);
    expect(names).toContain('tiered-web');
    expect(names).not.toContain('tiered-db');
    expect(names.filter(n => n.startsWith('svc-00'))).toHaveLength(11);
    expect(comparable(fromSnapshot)).toEqual(
      comparable(await source.read(constrained, STAGING)),
    );

    // Not constraining the label: the snapshot cannot know; read on its own.
    for (const selector of ['app=legacy', `${ID_LABEL}!=svc-00`]) {
      const other = entity('legacy', {
        'backstage.io/kubernetes-label-selector': selector,
      });
      const count = k8s.requests.length;
      const state = await source.readFromSnapshot(snapshot, other, STAGING);
      expect(state.requests).toBe(KINDS);
      expect(k8s.requests.length - count).toBe(KINDS);
      expect(comparable(state)).toEqual(
        comparable(await source.read(other, STAGING)),
      );
    }
  });

  it('applies the namespace rules: a namespaced snapshot answers only for its namespace', async () => {
    addClusters();
    const { source } = createSource();
    const [dev, staging] = await Promise.all([
      source.snapshot(DEV),
      source.snapshot(STAGING),
    ]);
    const elsewhere = entity('svc-01', {
      [ID_LABEL]: 'svc-01',
      'preflight.dev/namespace.dev': 'other',
      'preflight.dev/namespace.staging': 'other',
    });
    // dev lists `shop` only: an entity in `other` is read on its own.
    const count = k8s.requests.length;
    const devState = await source.readFromSnapshot(dev, elsewhere, DEV);
    expect(devState).toMatchObject({
      status: 'ok',
      location: 'dev-cluster/other',
    });
    expect(k8s.requests.length - count).toBe(KINDS);
    // staging lists all namespaces: filtered locally.
    const stagingState = await source.readFromSnapshot(
      staging,
      elsewhere,
      STAGING,
    );
    expect(stagingState.requests).toBe(0);
    expect(comparable(stagingState)).toEqual(
      comparable(await source.read(elsewhere, STAGING)),
    );
    // No namespace at all in staging: every namespace.
    const anywhere = entity('svc-03');
    const all = await source.readFromSnapshot(staging, anywhere, STAGING);
    expect(all).toMatchObject({ status: 'ok', location: 'staging-cluster/*' });
    expect(comparable(all)).toEqual(
      comparable(await source.read(anywhere, STAGING)),
    );
    // A snapshot of another environment is never used for this one.
    const count2 = k8s.requests.length;
    const mismatched = await source.readFromSnapshot(
      staging,
      entity('svc-00'),
      PRODUCTION,
    );
    expect(mismatched.status).toBe('ok');
    // (+ the production cluster's discovery: its first request.)
    expect(k8s.requests.length - count2).toBe(KINDS + 1);
  });

  it('answers not-configured and bad input exactly as read does', async () => {
    addClusters();
    const { source } = createSource();
    const snapshot = await source.snapshot(DEV);
    const noAnnotations = entity('x', {});
    const fromSnapshot = await source.readFromSnapshot(
      snapshot,
      noAnnotations,
      DEV,
    );
    expect(fromSnapshot.status).toBe('not-configured');
    expect(comparable(fromSnapshot)).toEqual(
      comparable(await source.read(noAnnotations, DEV)),
    );

    const hostile = entity('x', { [ID_LABEL]: '../../x' });
    await expect(
      source.readFromSnapshot(snapshot, hostile, DEV),
    ).rejects.toBeInstanceOf(InputError);

    const noCluster = { name: 'qa', title: 'qa' };
    const unconfigured = await source.snapshot(noCluster);
    expect(unconfigured.status).toBe('not-configured');
    expect(
      comparable(
        await source.readFromSnapshot(
          unconfigured,
          entity('svc-00'),
          noCluster,
        ),
      ),
    ).toEqual(comparable(await source.read(entity('svc-00'), noCluster)));

    const unknownCluster = { name: 'qa', title: 'qa', cluster: 'nope' };
    const unknown = await source.snapshot(unknownCluster);
    expect(unknown).toMatchObject({
      status: 'not-configured',
      message: expect.stringContaining("cluster 'nope' is not defined"),
    });
  });

  it('a cluster in error makes every entity of that environment an error with its reason', async () => {
    addClusters({ staging: { token: 'another-token' } });
    const { source, logger } = createSource();
    const snapshots = await Promise.all(
      ENVIRONMENTS.map(env => source.snapshot(env)),
    );
    expect(snapshots.map(s => s.status)).toEqual(['ok', 'error', 'ok']);
    expect(snapshots[1].error).toEqual({
      reason: 'UNAUTHORIZED',
      message: expect.stringContaining("Cluster 'staging-cluster' rejected"),
    });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    const count = k8s.requests.length;

    const states = await Promise.all(
      ids.map(id => source.readFromSnapshot(snapshots[1], entity(id), STAGING)),
    );
    expect(k8s.requests).toHaveLength(count);
    for (const state of states) {
      expect(state).toMatchObject({
        status: 'error',
        error: snapshots[1].error,
        objects: [],
        location: 'staging-cluster/*',
      });
    }
    // Same answer as a read, logged once (by the snapshot), not once per entity.
    const read = await source.read(entity('svc-00'), STAGING);
    expect(comparable(states[0])).toEqual(comparable(read));
    expect(logger.warn).toHaveBeenCalledTimes(2);
    expect(JSON.stringify([snapshots, states])).not.toContain(TOKEN);
  });

  it('a listing across all namespaces that is FORBIDDEN falls back to namespaced reads', async () => {
    addClusters({
      staging: {
        faults: [
          { resource: 'discovery', delayMs: 0 },
          // Cluster-scoped lists are forbidden (a namespaced Role); namespaced ones are allowed.
          { status: 403, times: KINDS },
        ],
      },
    });
    const { source } = createSource();
    const snapshot = await source.snapshot(STAGING);
    expect(snapshot.error?.reason).toBe('FORBIDDEN');
    const namespaced = entity('svc-00', {
      [ID_LABEL]: 'svc-00',
      'backstage.io/kubernetes-namespace': 'shop',
    });
    const state = await source.readFromSnapshot(snapshot, namespaced, STAGING);
    expect(state.status).toBe('ok');
    expect(state.requests).toBe(KINDS);
    // Without a namespace, the read would list all namespaces too: the snapshot's error stands.
    const unscoped = await source.readFromSnapshot(
      snapshot,
      entity('svc-00'),
      STAGING,
    );
    expect(unscoped).toMatchObject({
      status: 'error',
      error: { reason: 'FORBIDDEN' },
      requests: 0,
    });
  });

  it('one kind denied (Secrets) or not served: the snapshot holds the rest, and every answer is ok with the kinds unread', async () => {
    const [, staging] = addClusters({
      staging: {
        customResourceGroups: ['monitoring.coreos.com'],
        faults: [
          { resource: 'secrets', status: 403 },
          { resource: 'prometheusrules', status: 404 },
        ],
      },
    });
    const { source, logger } = createSource();
    const snapshot = await source.snapshot(STAGING);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.error).toBeUndefined();
    expect(
      snapshot.unreadKinds.map(u => [u.kind, u.apiVersion, u.reason]),
    ).toEqual([
      ['Secret', 'v1', 'FORBIDDEN'],
      ['PrometheusRule', 'monitoring.coreos.com/v1', 'NOT_SERVED'],
    ]);
    expect(snapshot.unreadKinds[0].message).toContain(
      'secrets is forbidden: User "system:serviceaccount:backstage:preflight" cannot list resource "secrets" in API group "" at the cluster scope',
    );
    expect(Object.isFrozen(snapshot.unreadKinds[0])).toBe(true);
    expect(snapshot.objectCount).toBeGreaterThan(0);
    expect(JSON.stringify(logger.warn.mock.calls)).toContain(
      'kinds not read: Secret (v1): FORBIDDEN, PrometheusRule (monitoring.coreos.com/v1): NOT_SERVED',
    );
    const before = staging.requests.length;
    for (const id of ids.slice(0, 10)) {
      const state = await source.readFromSnapshot(
        snapshot,
        entity(id),
        STAGING,
      );
      expect(state.status).toBe('ok');
      expect(state.requests).toBe(0);
      expect(state.unreadKinds).toEqual(snapshot.unreadKinds);
      expect(state.objects.some(o => o.kind === 'Deployment')).toBe(true);
    }
    // Answered from the snapshot: no request per entity.
    expect(staging.requests.length).toBe(before);
    // The same answer as a read.
    const read = await source.read(entity('svc-00'), STAGING);
    expect(comparable(read)).toEqual(
      comparable(
        await source.readFromSnapshot(snapshot, entity('svc-00'), STAGING),
      ),
    );
  });

  it('has its own deadline (preflight.live.snapshotTimeoutMs), and a caller abort rejects it', async () => {
    addClusters({ dev: { faults: [{ resource: 'pods', hang: true }] } });
    const { source } = createSource({ timeoutMs: 100, snapshotTimeoutMs: 600 });
    // A read gives up at preflight.live.timeoutMs…
    expect((await source.read(entity('svc-00'), DEV)).error?.message).toBe(
      "Cluster 'dev-cluster' did not answer within 100 ms",
    );
    // …a snapshot, which lists much more, at preflight.live.snapshotTimeoutMs.
    const started = Date.now();
    const snapshot = await source.snapshot(DEV);
    const elapsed = Date.now() - started;
    expect(snapshot.error).toEqual({
      reason: 'TIMEOUT',
      message: "Cluster 'dev-cluster' did not answer within 600 ms",
    });
    expect(elapsed).toBeGreaterThanOrEqual(590);
    // Well past the deadline, so that a loaded machine's scheduling does not fail it; a
    // snapshot without its deadline would hang to the test's timeout.
    expect(elapsed).toBeLessThan(4000);

    const controller = new AbortController();
    const pending = source.snapshot(DEV, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 20);
    await expect(pending).rejects.toThrow('run cancelled');
  });
});

describe('EnvironmentStateService with snapshots', () => {
  function setup() {
    const { source } = createSource();
    const inner = CacheManager.fromConfig(
      mockServices.rootConfig({
        data: { backend: { cache: { store: 'memory' } } },
      }),
    ).forPlugin('preflight');
    const cache = {
      get: jest.fn((key: string) => inner.get(key)),
      set: jest.fn((key: string, value: any, options?: any) =>
        inner.set(key, value, options),
      ),
      delete: jest.fn((key: string) => inner.delete(key)),
      withOptions: () => cache,
    } as unknown as CacheService & {
      get: jest.Mock;
      set: jest.Mock;
    };
    const desired = jest.fn(
      async (): Promise<SourceState> => ({
        status: 'not-configured',
        message: 'no manifests',
        objects: [],
      }),
    );
    const service = new EnvironmentStateService({
      environments: ENVIRONMENTS,
      sources: { live: source, desired: { read: desired } },
      cache,
      logger: mockServices.logger.mock(),
      ttlMs: 60_000,
    });
    return { service, cache, desired };
  }

  const liveKeys = (mock: jest.Mock) =>
    mock.mock.calls.filter(([key]) => String(key).includes(':live:'));

  it('answers live state from the snapshots given, without a cache round trip', async () => {
    addClusters();
    const { service, cache } = setup();
    const snapshots = await service.takeSnapshots();
    expect([...snapshots.keys()]).toEqual(['dev', 'staging', 'production']);
    const count = k8s.requests.length;
    expect(count).toBe(3 * (KINDS + 1));

    const states = await Promise.all(
      ids.map(id =>
        service.getStates(entity(id), { refresh: true, snapshots }),
      ),
    );
    expect(k8s.requests).toHaveLength(count);
    expect(liveKeys(cache.get)).toEqual([]);
    expect(liveKeys(cache.set)).toEqual([]);
    expect(states[0].map(s => [s.environment.name, s.live.status])).toEqual([
      ['dev', 'ok'],
      ['staging', 'ok'],
      ['production', 'ok'],
    ]);
    // The contract's fields only, as for a read.
    expect(Object.keys(states[0][0].live).sort()).toEqual(
      ['location', 'objects', 'origins', 'readAt', 'status'].sort(),
    );
    const read = await service.getStates(entity('svc-00'), { refresh: true });
    expect(states[0].map(s => comparable(s.live))).toEqual(
      read.map(s => comparable(s.live)),
    );
  });

  it('answers every entity of a run from the snapshots taken once, and reads per entity without them', async () => {
    addClusters({ production: { delayMs: 20 } });
    const { service } = setup();
    const snapshots = await service.takeSnapshots();
    const states = await Promise.all(
      ids.map(id => service.getStates(entity(id), { snapshots })),
    );
    expect(states.flat().every(s => s.live.status !== 'error')).toBe(true);
    // 3 clusters × (kinds + discovery): not per entity.
    expect(k8s.requests).toHaveLength(3 * (KINDS + 1));
    for (const env of ENVIRONMENTS) {
      expect(k8s.cluster(env.name).requestsFor('deployments')).toHaveLength(1);
    }
    // Without snapshots: per-entity reads, as before.
    await service.getStates(entity('svc-00'), { refresh: true });
    expect(k8s.requests).toHaveLength(3 * (KINDS + 1) + 3 * KINDS);
  });

  it('leaves an environment whose snapshot fails unexpectedly to per-entity reads', async () => {
    addClusters();
    const { source } = createSource();
    jest
      .spyOn(source, 'snapshot')
      .mockImplementation(async env =>
        env.name === 'dev'
          ? Promise.reject(new TypeError('boom'))
          : LiveStateSource.prototype.snapshot.call(source, env),
      );
    const logger = mockServices.logger.mock();
    const service = new EnvironmentStateService({
      environments: ENVIRONMENTS,
      sources: {
        live: source,
        desired: { read: async () => ({ status: 'ok', objects: [] }) },
      },
      cache: CacheManager.fromConfig(
        mockServices.rootConfig({
          data: { backend: { cache: { store: 'memory' } } },
        }),
      ).forPlugin('preflight'),
      logger,
      ttlMs: 60_000,
    });
    const snapshots = await service.takeSnapshots();
    expect([...snapshots.keys()].sort()).toEqual(['production', 'staging']);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('could not take a live snapshot of dev'),
      expect.any(TypeError),
    );
    const [dev] = await service.getStates(entity('svc-00'), { snapshots });
    expect(dev.live.status).toBe('ok');
  });
});
