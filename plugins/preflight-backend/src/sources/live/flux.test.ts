import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  MASKED_VALUE,
  type KubernetesObject,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import {
  fixtures,
  KubernetesApiSimulator,
  type SimulatedClusterOptions,
} from '../../__testUtils__/kubernetes';
import { trimForSnapshot } from './objects';
import { FLUX_KINDS, fluxDelivery } from './flux';
import { BUILTIN_KINDS } from './kinds';
import { LiveStateSource, type LiveSourceState } from './LiveStateSource';

const TOKEN = 'test-sa-token-0123456789';
const KINDS = BUILTIN_KINDS.length;
const ID_LABEL = 'backstage.io/kubernetes-id';
const REVISION = 'main@sha1:5f1e7a3c9d2b4e6f8a0c1e3d5b7f9a2c4e6d8b0a';
const READY_AT = '2025-03-02T10:15:00Z';
const { fluxLabels, fluxReady } = fixtures;

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

function entity(id: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      namespace: 'default',
      annotations: { [ID_LABEL]: id },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  };
}

/** dev reads namespace `shop`; staging all namespaces. */
const DEV: PreflightEnvironment = {
  name: 'dev',
  title: 'dev',
  cluster: 'dev-cluster',
  namespace: 'shop',
};
const STAGING: PreflightEnvironment = {
  name: 'staging',
  title: 'staging',
  cluster: 'staging-cluster',
};

function createSource(live: JsonObject = {}) {
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [DEV, STAGING].map(env => ({
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

function cluster(
  env: PreflightEnvironment,
  options: Partial<SimulatedClusterOptions> = {},
) {
  return k8s.addCluster({
    name: env.name,
    baseUrl: `https://${env.name}.k8s.test`,
    token: TOKEN,
    ...options,
  });
}

/** A component's objects (namespace `shop`), its workloads labelled as Flux applies them. */
function component(id: string, labels: Record<string, string> = {}) {
  return fixtures.componentObjects(id, { labels });
}

function fluxRequests(dev: ReturnType<typeof cluster>) {
  return dev.requests.filter(
    r => r.resource === 'kustomizations' || r.resource === 'helmreleases',
  );
}

/** What must be equal between a read and an answer from a snapshot. */
function comparable(state: LiveSourceState) {
  const { readAt: _readAt, requests: _requests, ...rest } = state;
  // Objects as a snapshot keeps them (see `trimForSnapshot` and `objects.test.ts`).
  return { ...rest, objects: rest.objects.map(trimForSnapshot) };
}

describe('Flux delivery status of a live read', () => {
  it('a synced, healthy Kustomization: one GET by name after the lists, nothing else', async () => {
    const dev = cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps'),
        fixtures.kustomization('infra'),
      ],
    });
    const { source } = createSource();

    const state = await source.read(entity('checkout-api'), DEV);

    expect(state.status).toBe('ok');
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      sync: 'synced',
      health: 'healthy',
      targetRevision: REVISION,
      appliedRevision: REVISION,
      appliedAt: READY_AT,
    });
    expect(state.unreadKinds).toBeUndefined();
    // The Flux object is not one of the component's objects.
    expect(state.objects.some(o => o.kind === 'Kustomization')).toBe(false);
    // Lists + discovery + one GET.
    expect(state.requests).toBe(KINDS + 1 + 1);
    expect(dev.requests).toHaveLength(KINDS + 2);
    expect(fluxRequests(dev)).toEqual([
      expect.objectContaining({
        method: 'GET',
        verb: 'get',
        path: '/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps',
        namespace: 'flux-system',
        name: 'apps',
        bearer: true,
        status: 200,
      }),
    ]);

    // Discovery is cached: the next read costs the lists and the GET.
    const again = await source.read(entity('checkout-api'), DEV);
    expect(again.requests).toBe(KINDS + 1);
    expect(again.delivery).toEqual(state.delivery);
  });

  it('Ready False with HealthCheckFailed: out of sync and degraded, in the condition’s own words (sanitized)', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps', {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'HealthCheckFailed',
              message:
                "health check failed after 4m59.9s: timeout waiting for: [Deployment/shop/checkout-api status: 'InProgress'] (DATABASE_URL=postgres://app:s3cr3t-pw@db:5432/shop)",
            },
          ],
        }),
      ],
    });
    const { source } = createSource();

    const state = await source.read(entity('checkout-api'), DEV);

    expect(state.status).toBe('ok');
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      sync: 'out-of-sync',
      health: 'degraded',
      targetRevision: REVISION,
      appliedRevision: REVISION,
      message: `HealthCheckFailed: health check failed after 4m59.9s: timeout waiting for: [Deployment/shop/checkout-api status: 'InProgress'] (DATABASE_URL=postgres://${MASKED_VALUE}@db:5432/shop)`,
    });
    expect(JSON.stringify(state)).not.toContain('s3cr3t-pw');
  });

  it('cuts a long message to 500 characters', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps', {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'ReconciliationFailed',
              message: `kustomize build failed: ${'accumulating resources: '.repeat(
                200,
              )}`,
            },
          ],
        }),
      ],
    });
    const { source } = createSource();
    const { delivery } = await source.read(entity('checkout-api'), DEV);
    expect(delivery).toMatchObject({ sync: 'out-of-sync', health: 'degraded' });
    expect(delivery!.message).toHaveLength(500);
    expect(delivery!.message).toMatch(
      /^ReconciliationFailed: kustomize build failed: accumulating.*…$/,
    );
  });

  it('the last attempted revision is not the last applied one: out of sync', async () => {
    const attempted = 'main@sha1:9c0ffee0000000000000000000000000000000aa';
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps', {
          lastAttemptedRevision: attempted,
          lastAppliedRevision: REVISION,
          conditions: [fluxReady(`Applied revision: ${REVISION}`)],
        }),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      sync: 'out-of-sync',
      health: 'healthy',
      targetRevision: attempted,
      appliedRevision: REVISION,
      appliedAt: READY_AT,
      message: `The last attempted revision (${attempted}) is not the last applied one (${REVISION})`,
    });
  });

  it('a suspended Kustomization', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps', { suspend: true }),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      sync: 'synced',
      health: 'suspended',
      targetRevision: REVISION,
      appliedRevision: REVISION,
      appliedAt: READY_AT,
      message: 'Reconciliation is suspended (spec.suspend: true)',
    });
  });

  it('a HelmRelease v2: applied revision and history (newest first, at most 20) from status.history', async () => {
    // 25 releases, given out of order; the newest is deployed.
    const history = Array.from({ length: 25 }, (_, i) => {
      const version = ((i * 7) % 25) + 1;
      return {
        version,
        chartVersion: `1.${version}.0`,
        appVersion: `2.${version}.0`,
        status: version === 25 ? 'deployed' : 'superseded',
      };
    });
    const dev = cluster(DEV, {
      objects: [
        ...component(
          'checkout-api',
          fluxLabels('HelmRelease', 'checkout-api', 'shop'),
        ),
        fixtures.helmRelease('checkout-api', {
          namespace: 'shop',
          lastAttemptedRevision: '1.25.0',
          history,
          values: { database: { password: 'hunter2-in-values' } },
        }),
      ],
    });
    const { source } = createSource();

    const state = await source.read(entity('checkout-api'), DEV);

    expect(state.delivery).toMatchObject({
      tool: 'flux',
      name: 'HelmRelease shop/checkout-api',
      sync: 'synced',
      health: 'healthy',
      targetRevision: '1.25.0',
      appliedRevision: '1.25.0',
      appliedAt: READY_AT,
    });
    expect(state.delivery!.message).toBeUndefined();
    const records = state.delivery!.history!;
    expect(records).toHaveLength(20);
    expect(records[0]).toEqual({
      id: '25',
      revision: '1.25.0 (app 2.25.0)',
      deployedAt: '2025-02-25T09:00:00Z',
    });
    expect(records.map(r => r.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => String(25 - i)),
    );
    // Only the status fields used leave the source, never spec.values.
    expect(JSON.stringify(state)).not.toContain('hunter2-in-values');
    expect(fluxRequests(dev).map(r => r.path)).toEqual([
      '/apis/helm.toolkit.fluxcd.io/v2/namespaces/shop/helmreleases/checkout-api',
    ]);
  });

  it('a HelmRelease whose upgrade failed: out of sync, degraded, the applied revision the last deployed release', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('HelmRelease', 'checkout-api')),
        fixtures.helmRelease('checkout-api', {
          lastAttemptedRevision: '1.5.0',
          history: [
            { version: 3, chartVersion: '1.5.0', status: 'failed' },
            { version: 2, chartVersion: '1.4.2', status: 'deployed' },
            { version: 1, chartVersion: '1.4.1', status: 'superseded' },
          ],
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'UpgradeFailed',
              message:
                'Helm upgrade failed for release shop/checkout-api with chart checkout-api@1.5.0: context deadline exceeded',
              lastTransitionTime: '2025-03-03T08:00:00Z',
            },
            {
              type: 'Stalled',
              status: 'True',
              reason: 'RetriesExceeded',
              message: 'Failed to upgrade after 3 attempt(s)',
            },
          ],
        }),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'HelmRelease flux-system/checkout-api',
      sync: 'out-of-sync',
      health: 'degraded',
      targetRevision: '1.5.0',
      appliedRevision: '1.4.2',
      appliedAt: '2025-02-02T09:00:00Z',
      message:
        'UpgradeFailed: Helm upgrade failed for release shop/checkout-api with chart checkout-api@1.5.0: context deadline exceeded',
      history: [
        { id: '3', revision: '1.5.0', deployedAt: '2025-02-03T09:00:00Z' },
        { id: '2', revision: '1.4.2', deployedAt: '2025-02-02T09:00:00Z' },
        { id: '1', revision: '1.4.1', deployedAt: '2025-02-01T09:00:00Z' },
      ],
    });
  });

  it('reads a HelmRelease at the version the cluster serves (v2beta2)', async () => {
    const dev = cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('HelmRelease', 'checkout-api')),
        fixtures.helmRelease('checkout-api', {
          apiVersion: 'helm.toolkit.fluxcd.io/v2beta2',
        }),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.delivery).toMatchObject({
      name: 'HelmRelease flux-system/checkout-api',
      sync: 'synced',
      health: 'healthy',
      appliedRevision: '1.4.2',
    });
    expect(fluxRequests(dev).map(r => r.path)).toEqual([
      '/apis/helm.toolkit.fluxcd.io/v2beta2/namespaces/flux-system/helmreleases/checkout-api',
    ]);
  });

  it('labels that name a Flux object that does not exist: sync unknown, saying so', async () => {
    const dev = cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'gone')),
        fixtures.kustomization('apps'),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.status).toBe('ok');
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/gone',
      sync: 'unknown',
      health: 'unknown',
      message:
        "Kustomization flux-system/gone, named by the kustomize.toolkit.fluxcd.io/name and kustomize.toolkit.fluxcd.io/namespace labels of the component's workloads, was not found on cluster 'dev-cluster'",
    });
    expect(state.unreadKinds).toBeUndefined();
    expect(fluxRequests(dev).map(r => r.status)).toEqual([404]);
  });

  it('a 403 on Kustomizations: an unread kind, the rest of the state ok', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps'),
      ],
      faults: [{ resource: 'kustomizations', status: 403 }],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.status).toBe('ok');
    expect(state.error).toBeUndefined();
    expect(state.delivery).toBeUndefined();
    expect(state.objects.map(o => o.kind)).toContain('Deployment');
    expect(state.unreadKinds).toEqual([
      {
        kind: 'Kustomization',
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        reason: 'FORBIDDEN',
        message:
          "Preflight may not read Kustomization (kustomize.toolkit.fluxcd.io/v1) objects in namespace 'flux-system' on cluster 'dev-cluster' (HTTP 403): the component's workloads name Kustomization flux-system/apps",
      },
    ]);
  });

  it('another failure reading the Flux object does not fail the environment', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps'),
      ],
      faults: [{ resource: 'kustomizations', status: 500 }],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.status).toBe('ok');
    expect(state.delivery).toEqual({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      sync: 'unknown',
      health: 'unknown',
      message:
        "Kustomization flux-system/apps could not be read: Cluster 'dev-cluster' answered HTTP 500 reading Kustomization flux-system/apps: Internal error occurred: etcdserver: request timed out",
    });
  });

  it('a Flux object that does not answer in time: the lists are still the answer', async () => {
    cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps'),
      ],
      faults: [{ resource: 'kustomizations', hang: true }],
    });
    const { source } = createSource({ timeoutMs: 300 });
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.status).toBe('ok');
    expect(state.objects.length).toBeGreaterThan(0);
    expect(state.delivery).toMatchObject({
      sync: 'unknown',
      message:
        "Kustomization flux-system/apps could not be read: Cluster 'dev-cluster' did not answer within 300 ms",
    });
  });

  it('workloads naming several Flux objects: the first, saying so', async () => {
    const dev = cluster(DEV, {
      objects: [
        ...component('checkout-api', fluxLabels('Kustomization', 'apps')),
        fixtures.statefulSet('checkout-db', {
          labels: {
            [ID_LABEL]: 'checkout-api',
            ...fluxLabels('HelmRelease', 'postgres'),
          },
        }),
        fixtures.kustomization('apps'),
        fixtures.helmRelease('postgres'),
      ],
    });
    const { source } = createSource();
    const state = await source.read(entity('checkout-api'), DEV);
    expect(state.delivery).toMatchObject({
      name: 'Kustomization flux-system/apps',
      sync: 'synced',
      health: 'healthy',
      message:
        "The component's workloads are applied by 2 Flux objects (Kustomization flux-system/apps, HelmRelease flux-system/postgres): this is the first.",
    });
    expect(fluxRequests(dev)).toHaveLength(1);
  });

  it('no delivery status and no extra request without Flux labels, or without Flux on the cluster', async () => {
    // No Flux at all.
    const dev = cluster(DEV, { objects: component('checkout-api') });
    // Flux, but the component is not applied by it.
    const staging = cluster(STAGING, {
      objects: [
        ...component('checkout-api'),
        ...component('flux-applied', fluxLabels('Kustomization', 'apps')),
        fixtures.kustomization('apps'),
      ],
    });
    const { source } = createSource();

    const plain = await source.read(entity('checkout-api'), DEV);
    expect(plain.status).toBe('ok');
    expect(plain.delivery).toBeUndefined();
    expect(plain.requests).toBe(KINDS + 1);
    expect(dev.requests).toHaveLength(KINDS + 1);
    expect(dev.requests.some(r => r.path.includes('fluxcd'))).toBe(false);

    const unlabelled = await source.read(entity('checkout-api'), STAGING);
    expect(unlabelled.delivery).toBeUndefined();
    expect(unlabelled.requests).toBe(KINDS + 1);
    expect(fluxRequests(staging)).toEqual([]);

    // Labels, but the cluster does not serve Flux: nothing to read.
    k8s.reset();
    const bare = cluster(DEV, {
      objects: component('checkout-api', fluxLabels('Kustomization', 'apps')),
    });
    const { source: fresh } = createSource();
    const labelled = await fresh.read(entity('checkout-api'), DEV);
    expect(labelled.status).toBe('ok');
    expect(labelled.delivery).toBeUndefined();
    expect(labelled.unreadKinds).toBeUndefined();
    expect(labelled.requests).toBe(KINDS + 1);
    expect(bare.requests.some(r => r.path.includes('fluxcd'))).toBe(false);
  });
});

/** One component per case, in `shop`; their Flux objects in `flux-system` and `shop`. */
function fleet(): KubernetesObject[] {
  return [
    ...component('synced-app', fluxLabels('Kustomization', 'synced-app')),
    fixtures.kustomization('synced-app'),
    ...component('failing-app', fluxLabels('Kustomization', 'failing-app')),
    fixtures.kustomization('failing-app', {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'HealthCheckFailed',
          message:
            'health check failed after 5m0s: timeout waiting for: [Deployment/shop/failing-app status: InProgress]',
        },
      ],
    }),
    ...component('drifted-app', fluxLabels('Kustomization', 'drifted-app')),
    fixtures.kustomization('drifted-app', {
      lastAttemptedRevision:
        'main@sha1:1111111111111111111111111111111111111111',
      lastAppliedRevision: REVISION,
    }),
    ...component('paused-app', fluxLabels('Kustomization', 'paused-app')),
    fixtures.kustomization('paused-app', { suspend: true }),
    ...component('chart-app', fluxLabels('HelmRelease', 'chart-app', 'shop')),
    fixtures.helmRelease('chart-app', {
      namespace: 'shop',
      history: [
        { version: 2, chartVersion: '2.0.1', appVersion: '5.1.0' },
        { version: 1, chartVersion: '2.0.0', appVersion: '5.0.0' },
      ],
    }),
    ...component('orphan-app', fluxLabels('Kustomization', 'gone')),
    ...component('plain-app'),
    ...component('multi-app', fluxLabels('Kustomization', 'multi-a')),
    fixtures.statefulSet('multi-app-db', {
      labels: {
        [ID_LABEL]: 'multi-app',
        ...fluxLabels('HelmRelease', 'multi-b'),
      },
    }),
    fixtures.kustomization('multi-a'),
    fixtures.helmRelease('multi-b'),
    // Not named by any workload: never kept.
    fixtures.kustomization('infra'),
  ];
}
const FLEET = [
  'synced-app',
  'failing-app',
  'drifted-app',
  'paused-app',
  'chart-app',
  'orphan-app',
  'plain-app',
  'multi-app',
];

describe('Flux delivery status through snapshot + readFromSnapshot', () => {
  it.each([
    ['a namespace', DEV],
    ['all namespaces', STAGING],
  ])(
    'lists each Flux kind once per namespace named, and answers every entity as a read does (%s)',
    async (_scope, env) => {
      const simulated = cluster(env, { objects: fleet() });
      const { source } = createSource();

      const snapshot = await source.snapshot(env);
      expect(snapshot.status).toBe('ok');
      expect(snapshot.flux?.size).toBe(7);
      // Discovery + one list per kind + one list per Flux kind and namespace named:
      // Kustomizations in flux-system, HelmReleases in flux-system and in shop.
      expect(snapshot.requests).toBe(1 + KINDS + 3);
      expect(
        fluxRequests(simulated)
          .map(r => [r.verb, r.resource, r.namespace, r.labelSelector])
          .sort(),
      ).toEqual([
        ['list', 'helmreleases', 'flux-system', undefined],
        ['list', 'helmreleases', 'shop', undefined],
        ['list', 'kustomizations', 'flux-system', undefined],
      ]);

      const before = simulated.requests.length;
      const answers = await Promise.all(
        FLEET.map(id => source.readFromSnapshot(snapshot, entity(id), env)),
      );
      expect(simulated.requests).toHaveLength(before);
      expect(answers.every(a => a.requests === 0)).toBe(true);
      expect(
        answers.map(a => [
          a.delivery?.name,
          a.delivery?.sync,
          a.delivery?.health,
        ]),
      ).toEqual([
        ['Kustomization flux-system/synced-app', 'synced', 'healthy'],
        ['Kustomization flux-system/failing-app', 'out-of-sync', 'degraded'],
        ['Kustomization flux-system/drifted-app', 'out-of-sync', 'healthy'],
        ['Kustomization flux-system/paused-app', 'synced', 'suspended'],
        ['HelmRelease shop/chart-app', 'synced', 'healthy'],
        ['Kustomization flux-system/gone', 'unknown', 'unknown'],
        [undefined, undefined, undefined],
        ['Kustomization flux-system/multi-a', 'synced', 'healthy'],
      ]);
      expect(answers[4].delivery!.history).toEqual([
        {
          id: '2',
          revision: '2.0.1 (app 5.1.0)',
          deployedAt: '2025-02-02T09:00:00Z',
        },
        {
          id: '1',
          revision: '2.0.0 (app 5.0.0)',
          deployedAt: '2025-02-01T09:00:00Z',
        },
      ]);

      // The same answers as per-entity reads.
      for (const [i, id] of FLEET.entries()) {
        const read = await source.read(entity(id), env);
        expect(comparable(answers[i])).toEqual(comparable(read));
      }
      // An answer is the caller's: changing it changes neither the snapshot nor later answers.
      answers[0].delivery!.sync = 'unknown';
      const later = await source.readFromSnapshot(
        snapshot,
        entity('synced-app'),
        env,
      );
      expect(later.delivery!.sync).toBe('synced');
    },
  );

  it('a 403 on Kustomizations: the entities they apply have the unread kind, as in a read', async () => {
    const dev = cluster(DEV, {
      objects: fleet(),
      faults: [{ resource: 'kustomizations', status: 403 }],
    });
    const { source } = createSource();
    const snapshot = await source.snapshot(DEV);
    expect(snapshot.status).toBe('ok');
    expect(snapshot.unreadKinds).toEqual([]);
    const before = dev.requests.length;

    const synced = await source.readFromSnapshot(
      snapshot,
      entity('synced-app'),
      DEV,
    );
    expect(synced.status).toBe('ok');
    expect(synced.delivery).toBeUndefined();
    expect(synced.unreadKinds).toEqual([
      expect.objectContaining({
        kind: 'Kustomization',
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        reason: 'FORBIDDEN',
      }),
    ]);
    const chart = await source.readFromSnapshot(
      snapshot,
      entity('chart-app'),
      DEV,
    );
    expect(chart.unreadKinds).toBeUndefined();
    expect(chart.delivery).toMatchObject({ sync: 'synced' });
    expect(dev.requests).toHaveLength(before);

    for (const id of ['synced-app', 'chart-app', 'plain-app']) {
      expect(
        comparable(await source.readFromSnapshot(snapshot, entity(id), DEV)),
      ).toEqual(comparable(await source.read(entity(id), DEV)));
    }
  });

  it('a cluster without Flux: no Flux request in the snapshot, no delivery status in its answers', async () => {
    const dev = cluster(DEV, {
      objects: [
        ...component('synced-app', fluxLabels('Kustomization', 'synced-app')),
        ...component('plain-app'),
      ],
    });
    const { source } = createSource();
    const snapshot = await source.snapshot(DEV);
    expect(snapshot.requests).toBe(1 + KINDS);
    expect(dev.requests.some(r => r.path.includes('fluxcd'))).toBe(false);
    for (const id of ['synced-app', 'plain-app']) {
      const answer = await source.readFromSnapshot(snapshot, entity(id), DEV);
      expect(answer.status).toBe('ok');
      expect(answer.delivery).toBeUndefined();
      expect(comparable(answer)).toEqual(
        comparable(await source.read(entity(id), DEV)),
      );
    }
    expect(snapshot.flux?.size ?? 0).toBe(0);
  });

  it('a Flux listing that does not answer in time does not fail the snapshot', async () => {
    cluster(DEV, {
      objects: fleet(),
      faults: [{ resource: 'kustomizations', hang: true }],
    });
    const { source } = createSource({ snapshotTimeoutMs: 400 });
    const snapshot = await source.snapshot(DEV);
    expect(snapshot.status).toBe('ok');
    const synced = await source.readFromSnapshot(
      snapshot,
      entity('synced-app'),
      DEV,
    );
    expect(synced.status).toBe('ok');
    expect(synced.delivery).toMatchObject({
      sync: 'unknown',
      message:
        "Kustomization flux-system/synced-app could not be read: Cluster 'dev-cluster' did not answer within 400 ms",
    });
    // HelmReleases were listed in time.
    const chart = await source.readFromSnapshot(
      snapshot,
      entity('chart-app'),
      DEV,
    );
    expect(chart.delivery).toMatchObject({ sync: 'synced', health: 'healthy' });
  });
});

describe('fluxDelivery', () => {
  const [helm, kustomize] = FLUX_KINDS;

  it.each([
    [
      'reconciling a new revision',
      {
        conditions: [
          {
            type: 'Reconciling',
            status: 'True',
            reason: 'Progressing',
            message: 'Reconciliation in progress',
          },
          {
            type: 'Ready',
            status: 'Unknown',
            reason: 'Progressing',
            message: 'Reconciliation in progress',
          },
        ],
        lastAttemptedRevision: 'main@sha1:2',
        lastAppliedRevision: 'main@sha1:1',
      },
      {
        sync: 'out-of-sync',
        health: 'progressing',
        message: 'Progressing: Reconciliation in progress',
      },
    ],
    [
      'stalled',
      {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'ArtifactFailed',
            message: 'Source artifact not found',
          },
          { type: 'Stalled', status: 'True', reason: 'InvalidPath' },
        ],
      },
      {
        sync: 'out-of-sync',
        health: 'degraded',
        message: 'ArtifactFailed: Source artifact not found',
      },
    ],
    [
      'not ready for another reason',
      {
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'DependencyNotReady',
            message: "dependency 'flux-system/infra' is not ready",
          },
        ],
      },
      {
        sync: 'out-of-sync',
        health: 'unknown',
        message:
          "DependencyNotReady: dependency 'flux-system/infra' is not ready",
      },
    ],
    ['without status', undefined, { sync: 'unknown', health: 'unknown' }],
  ])('%s', (_name, status, expected) => {
    const delivery = fluxDelivery(kustomize, {
      metadata: { name: 'apps', namespace: 'flux-system' },
      spec: {},
      status,
    });
    expect(delivery).toMatchObject({
      tool: 'flux',
      name: 'Kustomization flux-system/apps',
      ...expected,
    });
    expect(delivery!.message).toBe((expected as { message?: string }).message);
  });

  it('compares an OCI chart release as Flux writes its revision (version+digest)', () => {
    const delivery = fluxDelivery(helm, {
      metadata: { name: 'podinfo', namespace: 'apps' },
      status: {
        conditions: [
          { type: 'Ready', status: 'True', reason: 'UpgradeSucceeded' },
        ],
        lastAttemptedRevision: '6.5.4+a1b2c3d4e5f6',
        history: [
          {
            version: 4,
            status: 'deployed',
            chartVersion: '6.5.4',
            ociDigest:
              'sha256:a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00',
            lastDeployed: '2025-03-01T00:00:00Z',
          },
        ],
      },
    });
    expect(delivery).toEqual({
      tool: 'flux',
      name: 'HelmRelease apps/podinfo',
      sync: 'synced',
      health: 'healthy',
      targetRevision: '6.5.4+a1b2c3d4e5f6',
      appliedRevision: '6.5.4+a1b2c3d4e5f6',
      history: [
        {
          id: '4',
          revision: '6.5.4+a1b2c3d4e5f6',
          deployedAt: '2025-03-01T00:00:00Z',
        },
      ],
    });
  });

  it('reads lastAppliedRevision where older versions set it (v2beta1)', () => {
    expect(
      fluxDelivery(helm, {
        metadata: { name: 'podinfo', namespace: 'apps' },
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'ReconciliationSucceeded',
              lastTransitionTime: READY_AT,
            },
          ],
          lastAttemptedRevision: '6.5.4',
          lastAppliedRevision: '6.5.3',
        },
      }),
    ).toMatchObject({
      sync: 'out-of-sync',
      targetRevision: '6.5.4',
      appliedRevision: '6.5.3',
      appliedAt: READY_AT,
    });
  });

  it('rejects what is not an object with a name', () => {
    expect(fluxDelivery(kustomize, null)).toBeUndefined();
    expect(fluxDelivery(kustomize, { metadata: {} })).toBeUndefined();
  });
});
