import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import type {
  KubernetesObject,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import {
  fixtures,
  KubernetesApiSimulator,
  type SimulatedClusterOptions,
} from '../../__testUtils__/kubernetes';
import { startLoopbackCluster } from '../../__testUtils__/kubernetes/loopback';
import { CANARY_PATTERN, canaryObjects } from '../../__testUtils__/canaries';
import { KeepAliveHttpLibrary } from './agents';
import { ClusterClients } from './clusterClients';
import { ClusterDirectory } from './clusters';
import { moduleAuthStrategies } from './credentials';
import { LiveStateSource } from './LiveStateSource';
import { DEFAULT_LIVE_SETTINGS } from './settings';
import { defaultHttpLibrary } from './transport';
import { WatchCaches } from './watchCache';
import { readWatchSettings } from './watchSettings';

const TOKEN = 'watch-sa-token-0123456789';
const ID = 'checkout-api';
const BUILTIN_KINDS = 14;

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map(close => close()));
});

const byId: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: ID,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': ID },
  },
  spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
};

const dev: PreflightEnvironment = {
  name: 'dev',
  title: 'dev',
  cluster: 'dev-cluster',
  namespace: 'shop',
};

function clusterConfig(extra: JsonObject = {}) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'dev-cluster',
              url: 'https://dev.k8s.test',
              authProvider: 'serviceAccount',
              serviceAccountToken: TOKEN,
              ...extra,
            },
          ],
        },
      ],
    },
  };
}

function createSource(
  watch: JsonObject = {},
  options: { authStrategy?: AuthenticationStrategy; cluster?: JsonObject } = {},
) {
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    ...clusterConfig(options.cluster),
    preflight: { live: { watch: { enabled: true, ...watch } } },
  });
  const source = new LiveStateSource({
    config,
    logger,
    authStrategy: options.authStrategy,
  });
  closers.push(() => source.close());
  return { source, logger };
}

function cluster(options: Partial<SimulatedClusterOptions> = {}) {
  return k8s.addCluster({
    name: 'dev',
    baseUrl: 'https://dev.k8s.test',
    token: TOKEN,
    objects: [
      ...fixtures.componentObjects(ID, { namespace: 'shop' }),
      fixtures.secret(
        `${ID}-db`,
        { password: 'hunter2' },
        { namespace: 'shop', labels: { 'backstage.io/kubernetes-id': ID } },
      ),
      ...fixtures.componentObjects('other-app', { namespace: 'shop' }),
    ],
    ...options,
  });
}

/** Waits (a bounded number of turns, never a timed assertion) until `check` gives a value. */
async function until<T>(
  check: () => T | undefined | Promise<T | undefined>,
  what: string,
): Promise<T> {
  for (let turn = 0; turn < 1000; turn++) {
    const value = await check();
    if (value !== undefined && value !== false) return value as T;
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  throw new Error(`Gave up waiting: ${what}`);
}

/** Reads until the answer comes from the cache. */
function watched(source: LiveStateSource, environment = dev, entity = byId) {
  return until(async () => {
    const state = await source.read(entity, environment);
    return state.watchCache ? state : undefined;
  }, 'a state answered from the watch cache');
}

const names = (objects: KubernetesObject[]) =>
  objects.map(o => `${o.kind}/${o.metadata.name}`);

describe('watch cache', () => {
  it('answers a synced read without a request, as a read of the cluster would', async () => {
    const simulated = cluster();
    const direct = createSource({ enabled: false }).source;
    const expected = await direct.read(byId, dev);
    const { source } = createSource();

    // The first read starts the watches and goes to the cluster.
    const first = await source.read(byId, dev);
    expect(first.watchCache).toBeUndefined();
    expect(first.requests).toBeGreaterThan(0);
    await watched(source);
    const watches = k8s.requests.filter(r => r.watch);

    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(simulated.requests).toEqual([]);
    expect(state.requests).toBe(0);
    expect(state.status).toBe('ok');
    expect(state.location).toBe(expected.location);
    expect(names(state.objects)).toEqual(names(expected.objects));
    expect(state.objects).toEqual(expected.objects);
    expect(state.watchCache).toEqual({
      observedAt: expect.any(String),
      maxStalenessMs: 120_000,
    });
    expect(Date.parse(state.watchCache!.observedAt)).not.toBeNaN();

    // One list + watch per kind, across all namespaces, without a label selector.
    expect(watches).toHaveLength(BUILTIN_KINDS);
    expect(
      watches.every(
        r =>
          r.labelSelector === undefined &&
          r.namespace === undefined &&
          r.allowWatchBookmarks &&
          r.resourceVersion !== undefined &&
          r.bearer,
      ),
    ).toBe(true);
  });

  it('never holds a Secret value: Secrets are listed and watched metadata-only', async () => {
    const simulated = cluster();
    const { source } = createSource();
    const state = await watched(source);
    const secret = state.objects.find(o => o.kind === 'Secret');
    expect(secret?.metadata.name).toBe(`${ID}-db`);
    // As a read of the cluster gives it: metadata only, no key names.
    expect(secret).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: expect.objectContaining({ name: `${ID}-db` }),
      data: {},
    });
    expect(JSON.stringify(state)).not.toContain(
      Buffer.from('hunter2').toString('base64'),
    );
    expect(simulated.requestsFor('secrets').length).toBeGreaterThan(0);
    expect(simulated.fullSecretRequests()).toEqual([]);
  });

  it('lets no canary out of what it holds, lists or receives in events, nor into logs', async () => {
    // The kinds a cluster serves (the corpus also holds manifests of other tools).
    const labelled = canaryObjects({ 'backstage.io/kubernetes-id': ID })
      .filter(o => ['Deployment', 'Secret', 'ConfigMap'].includes(o.kind))
      .map(o => ({ ...o, metadata: { ...o.metadata, namespace: 'shop' } }));
    const half = Math.ceil(labelled.length / 2);
    const simulated = cluster({ objects: labelled.slice(0, half) });
    const { source, logger } = createSource();
    await watched(source);
    // The other half arrives as watch events.
    simulated.addAll(labelled.slice(half));
    const state = await until(async () => {
      const read = await source.read(byId, dev);
      return read.watchCache && read.objects.length >= labelled.length
        ? read
        : undefined;
    }, 'every canary object');
    expect(state.requests).toBe(0);
    expect(JSON.stringify(state)).not.toMatch(CANARY_PATTERN);
    const logged = JSON.stringify([
      logger.debug.mock.calls,
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(logged).not.toMatch(CANARY_PATTERN);
  });

  it('sees an object changed, added or deleted in the cluster after its event', async () => {
    const simulated = cluster();
    const { source } = createSource();
    await watched(source);
    simulated.requests.length = 0;

    simulated.update(
      fixtures.deployment(ID, {
        namespace: 'shop',
        labels: { 'backstage.io/kubernetes-id': ID, release: 'canary' },
      }),
    );
    simulated.add(
      fixtures.service(`${ID}-admin`, {
        namespace: 'shop',
        labels: { 'backstage.io/kubernetes-id': ID },
      }),
    );
    simulated.remove({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { namespace: 'shop', name: `${ID}-7d9f8c-1` },
    });
    const state = await until(async () => {
      const read = await source.read(byId, dev);
      return names(read.objects).includes(`Service/${ID}-admin`) &&
        !names(read.objects).includes(`Pod/${ID}-7d9f8c-1`)
        ? read
        : undefined;
    }, 'the events');
    expect(state.watchCache).toBeDefined();
    const deployment = state.objects.find(o => o.kind === 'Deployment');
    expect(deployment?.metadata.labels?.release).toBe('canary');
    // Seen from the watches: not one request was sent for it.
    expect(simulated.requests).toEqual([]);
  });

  it('lists again after a 410 Gone, and answers from the new list', async () => {
    const simulated = cluster();
    const { source } = createSource();
    await watched(source);

    // A change (to Pods), then the server forgets every resourceVersion before it and ends the
    // watches: every other kind resumes from its list's resourceVersion, gets an ERROR event with
    // a 410 Status, and lists again.
    simulated.add(fixtures.pod('unrelated-0', { namespace: 'elsewhere' }));
    simulated.requests.length = 0;
    simulated.compact();
    simulated.closeWatches();
    await until(
      () =>
        simulated.requests.filter(r => !r.watch && r.verb === 'list').length >=
          BUILTIN_KINDS - 1 && simulated.openWatches === BUILTIN_KINDS,
      'a relist of every other kind',
    );
    const relists = simulated.requests.filter(r => !r.watch);
    expect(relists.every(r => r.labelSelector === undefined)).toBe(true);
    // The resumed watches were answered with an ERROR event of code 410 (then a new list).
    expect(
      simulated.requests.filter(r => r.watch && r.resourceVersion !== undefined)
        .length,
    ).toBeGreaterThanOrEqual((BUILTIN_KINDS - 1) * 2);

    simulated.add(
      fixtures.configMap(
        `${ID}-extra`,
        { A: 'b' },
        {
          namespace: 'shop',
          labels: { 'backstage.io/kubernetes-id': ID },
        },
      ),
    );
    const state = await until(async () => {
      const read = await source.read(byId, dev);
      return read.watchCache &&
        names(read.objects).includes(`ConfigMap/${ID}-extra`)
        ? read
        : undefined;
    }, 'the object added after the relist');
    expect(state.requests).toBe(0);
  });

  it('lists again after an HTTP 410 on a watch', async () => {
    const simulated = cluster();
    const { source } = createSource();
    await watched(source);
    simulated.setFaults([
      { resource: 'pods', watch: true, status: 410, times: 1 },
    ]);
    simulated.requests.length = 0;
    simulated.closeWatches();
    await until(
      () =>
        simulated.requestsFor('pods').some(r => !r.watch) &&
        simulated.openWatches === BUILTIN_KINDS,
      'the relist of Pods',
    );
    expect(simulated.requestsFor('pods').map(r => [r.watch, r.status])).toEqual(
      [
        [true, 410],
        [false, 200],
        [true, 200],
      ],
    );
    expect((await watched(source)).requests).toBe(0);
  });

  it('answers the other kinds from memory when Secrets are denied cluster-wide, and lists only Secrets', async () => {
    const simulated = cluster({
      faults: [{ resource: 'secrets', status: 403 }],
    });
    const { source, logger } = createSource();
    const expected = await createSource({ enabled: false }).source.read(
      byId,
      dev,
    );
    expect(expected.unreadKinds?.map(u => u.kind)).toEqual(['Secret']);
    // Without the cache: every built-in kind listed, and the discovery.
    expect(expected.requests).toBe(BUILTIN_KINDS + 1);
    await source.read(byId, dev);
    await until(
      () =>
        simulated.openWatches === BUILTIN_KINDS - 1 &&
        logger.warn.mock.calls.some(([m]) => /Secret \(v1\)/.test(m)),
      'every other kind watched',
    );
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    // Only the Secrets of the entity are listed, as a read lists them (and denied again).
    expect(
      simulated.requests
        .filter(r => !r.watch)
        .map(r => [r.resource, r.namespace, r.labelSelector, r.metadataOnly]),
    ).toEqual([['secrets', 'shop', `backstage.io/kubernetes-id=${ID}`, true]]);
    expect(state.requests).toBe(1);
    // The same state as a read of the cluster: Secret an unread kind, never a pass.
    expect(state).toEqual({
      ...expected,
      readAt: expect.any(String),
      requests: 1,
      watchCache: { observedAt: expect.any(String), maxStalenessMs: 120_000 },
    });
  });

  it("lists a kind whose watch is denied from the entity's namespace, with the same objects as a read", async () => {
    // The cluster-wide list succeeds, the watch is denied: the kind is unavailable to the cache.
    const simulated = cluster({
      faults: [{ resource: 'secrets', watch: true, status: 403 }],
    });
    const { source } = createSource();
    const expected = await createSource({ enabled: false }).source.read(
      byId,
      dev,
    );
    expect(names(expected.objects)).toContain(`Secret/${ID}-db`);
    await source.read(byId, dev);
    await until(
      () =>
        simulated.openWatches === BUILTIN_KINDS - 1 &&
        simulated.requestsFor('secrets').some(r => r.watch && r.status),
      'every other kind watched, the Secrets watch denied',
    );
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(
      simulated.requests.filter(r => !r.watch).map(r => r.resource),
    ).toEqual(['secrets']);
    expect(state).toEqual({
      ...expected,
      readAt: expect.any(String),
      requests: 1,
      watchCache: { observedAt: expect.any(String), maxStalenessMs: 120_000 },
    });
  });

  it('lists only a kind not synced yet, and answers the others from memory', async () => {
    const simulated = cluster();
    const { source } = createSource();
    const expected = await createSource({ enabled: false }).source.read(
      byId,
      dev,
    );
    await source.read(byId, dev);
    // The cache's cluster-wide list of ConfigMaps does not answer: that kind stays unsynced.
    simulated.setFaults([
      { resource: 'configmaps', watch: false, hang: true, times: 1 },
    ]);
    await until(
      () => simulated.openWatches === BUILTIN_KINDS - 1,
      'every other kind watched',
    );
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(
      simulated.requests
        .filter(r => !r.watch)
        .map(r => [r.resource, r.namespace, r.labelSelector]),
    ).toEqual([['configmaps', 'shop', `backstage.io/kubernetes-id=${ID}`]]);
    expect(names(state.objects)).toContain(`ConfigMap/${ID}-config`);
    expect(state).toEqual({
      ...expected,
      readAt: expect.any(String),
      requests: 1,
      watchCache: { observedAt: expect.any(String), maxStalenessMs: 120_000 },
    });
  });

  it('reports the failure of a kind listed beside the cache exactly as a read of the cluster', async () => {
    const simulated = cluster({
      faults: [{ resource: 'secrets', status: 403 }],
    });
    const { source } = createSource();
    await source.read(byId, dev);
    await until(
      () => simulated.openWatches === BUILTIN_KINDS - 1,
      'every other kind watched',
    );
    // The Secrets list now fails otherwise than by a denial: the read fails, as without the cache.
    simulated.setFaults([{ resource: 'secrets', status: 500 }]);
    const expected = await createSource({ enabled: false }).source.read(
      byId,
      dev,
    );
    expect(expected.status).toBe('error');
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(
      simulated.requests.filter(r => !r.watch).map(r => r.resource),
    ).toEqual(['secrets']);
    expect(state).toEqual({
      ...expected,
      readAt: expect.any(String),
      requests: 1,
    });
    expect(state.watchCache).toBeUndefined();
  });

  it('falls back to reads of the cluster over maxObjectsPerCluster, and says so once', async () => {
    const simulated = cluster();
    const { source, logger } = createSource({ maxObjectsPerCluster: 5 });
    await source.read(byId, dev);
    await until(
      () =>
        logger.warn.mock.calls.some(([m]) =>
          m.includes('preflight.live.watch.maxObjectsPerCluster'),
        ),
      'the bound',
    );
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(state.watchCache).toBeUndefined();
    expect(state.status).toBe('ok');
    expect(state.requests).toBeGreaterThan(0);
    expect(simulated.requests.some(r => r.watch)).toBe(false);
    expect(
      logger.warn.mock.calls.filter(([m]) =>
        m.includes('maxObjectsPerCluster'),
      ),
    ).toHaveLength(1);
  });

  it('watches only the namespaces configured, and reads the others from the cluster', async () => {
    const simulated = cluster({
      objects: [
        ...fixtures.componentObjects(ID, { namespace: 'shop' }),
        ...fixtures.componentObjects(ID, { namespace: 'elsewhere' }),
      ],
    });
    const { source } = createSource({ namespaces: ['shop'] });
    const state = await watched(source);
    expect(state.objects.every(o => o.metadata.namespace === 'shop')).toBe(
      true,
    );
    const watches = simulated.requests.filter(r => r.watch);
    expect(watches.every(r => r.namespace === 'shop')).toBe(true);

    simulated.requests.length = 0;
    const other = await source.read(byId, { ...dev, namespace: 'elsewhere' });
    expect(other.watchCache).toBeUndefined();
    expect(other.objects.length).toBeGreaterThan(0);
    expect(simulated.requests.length).toBeGreaterThan(0);
  });

  it('stops its watches on shutdown; reads then go to the cluster', async () => {
    // Over real HTTP on 127.0.0.1: the server sees its watches' connections close.
    const loopback = await startLoopbackCluster({
      name: 'dev',
      token: TOKEN,
      objects: fixtures.componentObjects(ID, { namespace: 'shop' }),
    });
    closers.push(loopback.close);
    const simulated = loopback.cluster;
    const { source } = createSource({}, { cluster: { url: loopback.url } });
    await watched(source);
    await until(
      () => simulated.openWatches === BUILTIN_KINDS,
      'every kind watched',
    );
    await source.close();
    await until(() => simulated.openWatches === 0, 'the watches closed');
    simulated.requests.length = 0;
    const state = await source.read(byId, dev);
    expect(state.watchCache).toBeUndefined();
    expect(state.status).toBe('ok');
    expect(simulated.requests.some(r => r.watch)).toBe(false);
  });

  it('asks for a credential at every connection, and falls back when there is none', async () => {
    const simulated = cluster();
    let calls = 0;
    let failing = false;
    const authStrategy: AuthenticationStrategy = {
      getCredential: async () => {
        calls++;
        if (failing) throw new Error('token endpoint down: secret-ish-detail');
        return { type: 'bearer token', token: TOKEN };
      },
      validateCluster: () => [],
      presentAuthMetadata: metadata => metadata,
    };
    const { source, logger } = createSource({}, { authStrategy });
    await watched(source);
    const connections = simulated.requests.filter(
      r => r.verb === 'list' && r.labelSelector === undefined,
    ).length;
    expect(calls).toBeGreaterThanOrEqual(connections);

    failing = true;
    simulated.closeWatches();
    await until(
      () =>
        logger.warn.mock.calls.some(([m]) =>
          m.includes('cannot get credentials'),
        ),
      'the credential failure logged',
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      'secret-ish-detail',
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(TOKEN);
  });

  it('answers as today when no credential can be had: the read is UNAUTHORIZED, nothing is watched', async () => {
    const simulated = cluster();
    const authStrategy: AuthenticationStrategy = {
      getCredential: async () => {
        throw new Error('token endpoint down');
      },
      validateCluster: () => [],
      presentAuthMetadata: metadata => metadata,
    };
    const { source } = createSource({}, { authStrategy });
    const expected = await createSource(
      { enabled: false },
      { authStrategy },
    ).source.read(byId, dev);
    expect(expected.error?.reason).toBe('UNAUTHORIZED');
    await source.read(byId, dev);
    const state = await source.read(byId, dev);
    expect(state).toEqual({ ...expected, readAt: expect.any(String) });
    expect(state.watchCache).toBeUndefined();
    expect(simulated.requests).toEqual([]);
  });

  it('never watches a cluster read with the signed-in user token', async () => {
    const simulated = cluster();
    const { source } = createSource(
      {},
      {
        cluster: {
          authProvider: 'google',
          serviceAccountToken: undefined as unknown as string,
        },
      },
    );
    const state = await source.read(byId, dev, { auth: { google: TOKEN } });
    expect(state.status).toBe('ok');
    await source.read(byId, dev, { auth: { google: TOKEN } });
    expect(simulated.requests.some(r => r.watch)).toBe(false);
    expect(
      simulated.requests.every(
        r => r.verb !== 'list' || r.labelSelector !== undefined,
      ),
    ).toBe(true);
  });
});

describe('watch cache staleness', () => {
  function caches(now: () => number) {
    const logger = mockServices.logger.mock();
    const config = new ConfigReader(clusterConfig());
    const directory = ClusterDirectory.fromConfig(config, {
      logger,
      authStrategies: moduleAuthStrategies([]),
    });
    const client = new ClusterClients(directory, DEFAULT_LIVE_SETTINGS).get(
      'dev-cluster',
    )!;
    const watches = new WatchCaches({
      settings: readWatchSettings(
        new ConfigReader({
          preflight: {
            live: { watch: { enabled: true, maxStalenessMs: 5000 } },
          },
        }),
      ),
      requests: {
        httpApi: new KeepAliveHttpLibrary(defaultHttpLibrary()),
        settings: DEFAULT_LIVE_SETTINGS,
        logger,
      },
      credentialFor: () => async () => ({ type: 'bearer token', token: TOKEN }),
      now,
    });
    closers.push(() => watches.stop());
    return { watches, client };
  }

  it('answers while every kind was confirmed within maxStalenessMs, and not after', async () => {
    const simulated = cluster();
    let clock = 1_000_000;
    const { watches, client } = caches(() => clock);
    const target = {
      labelSelector: `backstage.io/kubernetes-id=${ID}`,
      namespace: 'shop',
    };
    expect(watches.answer(client, target)).toBe('not-synced');
    // As a read of the cluster does after its first read.
    watches.start(client);
    const answer = await until(() => {
      const a = watches.answer(client, target);
      return typeof a === 'object' ? a : undefined;
    }, 'synced');
    expect(answer.observedAt).toBe(1_000_000);
    expect(names(answer.objects)).toContain(`Deployment/${ID}`);

    // The watches go down (every new one refused) and time passes beyond the bound.
    simulated.setFaults([{ watch: true, status: 500 }]);
    simulated.closeWatches();
    clock += 5000;
    expect(typeof watches.answer(client, target)).toBe('object');
    clock += 1;
    expect(watches.answer(client, target)).toBe('stale');
  });

  it('leaves a stale kind to the read, and answers the others', async () => {
    const simulated = cluster();
    let clock = 1_000_000;
    const { watches, client } = caches(() => clock);
    const target = {
      labelSelector: `backstage.io/kubernetes-id=${ID}`,
      namespace: 'shop',
    };
    watches.answer(client, target);
    watches.start(client);
    await until(() => {
      const a = watches.answer(client, target);
      return typeof a === 'object' && a.direct.length === 0;
    }, 'synced');
    // Every watch ends; each kind's next watch confirms it, except the Pods' (refused).
    simulated.setFaults([{ resource: 'pods', watch: true, status: 500 }]);
    clock += 4000;
    simulated.closeWatches();
    const kindWatches = watches.cacheOf('dev-cluster')!.kindWatches();
    await until(
      () =>
        kindWatches.filter(w => w.confirmedAt === clock).length ===
        BUILTIN_KINDS - 1,
      'every other kind confirmed again',
    );
    clock += 1001;
    const answer = watches.answer(client, target);
    if (typeof answer !== 'object') throw new Error(`no answer: ${answer}`);
    expect(answer.direct.map(k => k.kind)).toEqual(['Pod']);
    expect(answer.byKind.has(answer.direct[0])).toBe(false);
    expect(answer.observedAt).toBe(1_004_000);
    expect(names(answer.objects)).toContain(`Deployment/${ID}`);
    expect(answer.objects.some(o => o.kind === 'Pod')).toBe(false);
  });
});

describe('preflight.live.watch', () => {
  const read = (watch: unknown) =>
    readWatchSettings(
      new ConfigReader({ preflight: { live: { watch } } } as JsonObject),
    );

  it('has defaults, and names the key of an invalid value', () => {
    expect(read(undefined)).toEqual({
      enabled: false,
      maxObjectsPerCluster: 50_000,
      maxStalenessMs: 120_000,
    });
    expect(read({ enabled: true, namespaces: ['shop'] })).toMatchObject({
      enabled: true,
      namespaces: ['shop'],
    });
    expect(() => read({ maxStalenessMs: 10 })).toThrow(
      "Invalid config at 'preflight.live.watch.maxStalenessMs': expected an integer between 1000 and 3600000, got 10",
    );
    expect(() => read({ namespaces: ['ok', 'Not_Valid'] })).toThrow(
      "Invalid config at 'preflight.live.watch.namespaces[1]'",
    );
    expect(() => read({ enabled: 'yes' })).toThrow(
      "Invalid config at 'preflight.live.watch.enabled': expected true or false",
    );
    expect(() => read({ maxObjects: 1 })).toThrow(
      "Invalid config at 'preflight.live.watch.maxObjects': unknown setting",
    );
  });
});
