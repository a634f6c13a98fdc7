import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type {
  KubernetesObject,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import {
  fixtures,
  KubernetesApiSimulator,
  type SimulatedClusterOptions,
} from '../../__testUtils__/kubernetes';
import { LiveStateSource } from './LiveStateSource';

const TOKEN = 'test-sa-token-0123456789';
const ID = 'checkout-api';
const BUILTIN_KINDS = 14;

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: ID, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'checkout-team', lifecycle: 'production' },
  };
}

const byId = entity({ 'backstage.io/kubernetes-id': ID });

function env(name: string, extra: Partial<PreflightEnvironment> = {}) {
  return {
    name,
    title: name,
    cluster: `${name}-cluster`,
    namespace: 'shop',
    ...extra,
  };
}

/** A source over config clusters `<env>-cluster` at the given URLs. */
function createSource(
  clusters: Record<string, string>,
  live: JsonObject = {},
  extra: JsonObject = {},
) {
  const logger = mockServices.logger.mock();
  const config = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.entries(clusters).map(([name, url]) => ({
            name: `${name}-cluster`,
            url,
            authProvider: 'serviceAccount',
            serviceAccountToken: TOKEN,
          })),
        },
      ],
    },
    preflight: { live },
    ...extra,
  });
  return { source: new LiveStateSource({ config, logger }), logger };
}

function cluster(name: string, options: Partial<SimulatedClusterOptions> = {}) {
  return k8s.addCluster({
    name,
    baseUrl: `https://${name}.k8s.test`,
    token: TOKEN,
    objects: fixtures.componentObjects(ID),
    ...options,
  });
}

function names(objects: KubernetesObject[]) {
  return objects.map(o => `${o.kind}/${o.metadata.name}`);
}

describe('LiveStateSource', () => {
  it('reads every kind once with the label selector and returns sanitized, typed objects', async () => {
    const dev = cluster('dev');
    const { source } = createSource({ dev: 'https://dev.k8s.test' });

    const state = await source.read(byId, env('dev'));

    expect(state.status).toBe('ok');
    expect(state.location).toBe('dev-cluster/shop');
    expect(Date.parse(state.readAt!)).not.toBeNaN();
    expect(names(state.objects)).toEqual([
      'Deployment/checkout-api',
      'CronJob/checkout-api-cleanup',
      'Pod/checkout-api-7d9f8c-0',
      'Pod/checkout-api-7d9f8c-1',
      'Service/checkout-api',
      'ConfigMap/checkout-api-config',
      'ServiceAccount/checkout-api',
      'HorizontalPodAutoscaler/checkout-api',
      'PodDisruptionBudget/checkout-api',
      'NetworkPolicy/checkout-api',
      'Ingress/checkout-api',
    ]);
    expect(state.objects[0]).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { namespace: 'shop', uid: expect.any(String) },
      spec: {
        template: {
          spec: {
            containers: [{ readinessProbe: { httpGet: { path: '/ready' } } }],
          },
        },
      },
    });
    expect(state.origins).toEqual(
      state.objects.map(() => ({ source: 'live', location: 'dev-cluster' })),
    );

    // One list per built-in kind + one discovery, all with the selector, in the namespace.
    expect(state.requests).toBe(BUILTIN_KINDS + 1);
    expect(dev.requests).toHaveLength(BUILTIN_KINDS + 1);
    const lists = dev.requests.filter(r => r.resource !== 'discovery');
    expect(new Set(lists.map(r => r.resource)).size).toBe(BUILTIN_KINDS);
    for (const r of lists) {
      expect(r).toMatchObject({
        method: 'GET',
        namespace: 'shop',
        labelSelector: `backstage.io/kubernetes-id=${ID}`,
        limit: 10000,
        bearer: true,
        status: 200,
      });
    }
    expect(dev.requestsFor('replicasets')).toHaveLength(0);
  });

  it('counts kinds × pages, plus discovery once per cluster', async () => {
    const dev = cluster('dev', {
      customResourceGroups: ['monitoring.coreos.com'],
      objects: [
        ...fixtures.componentObjects(ID, { pods: 5 }),
        fixtures.prometheusRule(ID, {
          labels: { 'backstage.io/kubernetes-id': ID },
        }),
      ],
    });
    const { source } = createSource(
      { dev: 'https://dev.k8s.test' },
      { pageSize: 2 },
    );

    const first = await source.read(byId, env('dev'));
    // 14 built-in kinds + 3 monitoring.coreos.com kinds, pods in 3 pages (5 pods, limit 2).
    const kinds = BUILTIN_KINDS + 3;
    expect(first.requests).toBe(kinds + 2 + 1);
    expect(dev.requestsFor('pods')).toHaveLength(3);
    expect(dev.requestsFor('discovery')).toHaveLength(1);

    const second = await source.read(byId, env('dev'));
    expect(second.requests).toBe(kinds + 2);
    expect(dev.requestsFor('discovery')).toHaveLength(1);
    expect(dev.requests).toHaveLength(first.requests + second.requests);
    expect(
      names(second.objects).filter(n => n.startsWith('Pod/')),
    ).toHaveLength(5);
  });

  it('lists across all namespaces when no namespace is known', async () => {
    const dev = cluster('dev', {
      objects: [
        fixtures.deployment(ID, {
          namespace: 'a',
          labels: { 'backstage.io/kubernetes-id': ID },
        }),
        fixtures.deployment(ID, {
          namespace: 'b',
          labels: { 'backstage.io/kubernetes-id': ID },
        }),
      ],
    });
    const { source } = createSource({ dev: 'https://dev.k8s.test' });
    const state = await source.read(byId, env('dev', { namespace: undefined }));
    expect(state.location).toBe('dev-cluster/*');
    expect(state.objects.map(o => o.metadata.namespace)).toEqual(['a', 'b']);
    expect(dev.requestsFor('deployments')[0]).toMatchObject({
      path: '/apis/apps/v1/deployments',
      namespace: undefined,
    });
  });

  it('takes the namespace from preflight.dev/namespace.<env>, then the environment, then backstage.io/kubernetes-namespace', async () => {
    const dev = cluster('dev', { objects: [] });
    const { source } = createSource({ dev: 'https://dev.k8s.test' });
    const annotated = entity({
      'backstage.io/kubernetes-id': ID,
      'backstage.io/kubernetes-namespace': 'from-kubernetes-annotation',
      'preflight.dev/namespace.dev': 'from-preflight-annotation',
    });
    await source.read(annotated, env('dev', { namespace: 'from-environment' }));
    await source.read(
      entity({
        'backstage.io/kubernetes-id': ID,
        'backstage.io/kubernetes-namespace': 'from-kubernetes-annotation',
      }),
      env('dev', { namespace: 'from-environment' }),
    );
    await source.read(
      entity({
        'backstage.io/kubernetes-id': ID,
        'backstage.io/kubernetes-namespace': 'from-kubernetes-annotation',
      }),
      env('dev', { namespace: undefined }),
    );
    expect([...new Set(dev.requestsFor('pods').map(r => r.namespace))]).toEqual(
      [
        'from-preflight-annotation',
        'from-environment',
        'from-kubernetes-annotation',
      ],
    );
  });

  it('uses backstage.io/kubernetes-label-selector when present, passed to the API as a parameter', async () => {
    const dev = cluster('dev', {
      objects: [
        fixtures.deployment('web', { labels: { app: 'shop', tier: 'web' } }),
        fixtures.deployment('db', { labels: { app: 'shop', tier: 'db' } }),
        fixtures.deployment('other', { labels: { app: 'other', tier: 'web' } }),
      ],
    });
    const { source } = createSource({ dev: 'https://dev.k8s.test' });
    const state = await source.read(
      entity({
        'backstage.io/kubernetes-id': 'ignored',
        'backstage.io/kubernetes-label-selector':
          'app = shop, tier in (web,  db), !legacy',
      }),
      env('dev'),
    );
    expect(names(state.objects)).toEqual(['Deployment/db', 'Deployment/web']);
    expect(dev.requestsFor('deployments')[0].labelSelector).toBe(
      'app=shop,tier in (web,db),!legacy',
    );
  });

  it('answers not-configured without a cluster, without annotations, or with an unusable cluster', async () => {
    cluster('dev');
    const { source } = createSource({ dev: 'https://dev.k8s.test' }, {}, {});
    const noCluster = await source.read(
      byId,
      env('dev', { cluster: undefined }),
    );
    expect(noCluster).toMatchObject({
      status: 'not-configured',
      message: expect.stringContaining('no cluster'),
      objects: [],
      requests: 0,
    });
    const noAnnotations = await source.read(entity({}), env('dev'));
    expect(noAnnotations).toMatchObject({
      status: 'not-configured',
      message: expect.stringContaining('backstage.io/kubernetes-id'),
      requests: 0,
    });
    const unknown = await source.read(byId, env('dev', { cluster: 'nope' }));
    expect(unknown).toMatchObject({
      status: 'not-configured',
      message: expect.stringContaining("cluster 'nope' is not defined"),
    });
    expect(k8s.requests).toHaveLength(0);
  });

  it('answers not-deployed when nothing matches', async () => {
    cluster('dev', { objects: fixtures.componentObjects('someone-else') });
    const { source } = createSource({ dev: 'https://dev.k8s.test' });
    const state = await source.read(byId, env('dev'));
    expect(state).toMatchObject({
      status: 'not-deployed',
      message: `No objects match backstage.io/kubernetes-id=${ID} in dev-cluster/shop`,
      objects: [],
      location: 'dev-cluster/shop',
      requests: BUILTIN_KINDS + 1,
    });
  });

  it('says which kinds it could not read when nothing matches the others', async () => {
    cluster('dev', {
      objects: fixtures.componentObjects('someone-else'),
      faults: [{ resource: 'deployments', status: 403 }],
    });
    const { source } = createSource({ dev: 'https://dev.k8s.test' });
    const state = await source.read(byId, env('dev'));
    expect(state).toMatchObject({
      status: 'not-deployed',
      message: `No objects match backstage.io/kubernetes-id=${ID} in dev-cluster/shop (kinds not read: Deployment (apps/v1): FORBIDDEN)`,
      objects: [],
    });
    // unreadKinds accompany an ok state only.
    expect(state.unreadKinds).toBeUndefined();
  });

  describe('faults', () => {
    it('partial outage: one environment ok, one 401 UNAUTHORIZED, one refused UNREACHABLE', async () => {
      cluster('dev');
      cluster('staging', { token: 'another-token' });
      const { source, logger } = createSource({
        dev: 'https://dev.k8s.test',
        staging: 'https://staging.k8s.test',
        production: 'http://127.0.0.1:1',
      });

      const [dev, staging, production] = await Promise.all(
        ['dev', 'staging', 'production'].map(name =>
          source.read(byId, env(name)),
        ),
      );

      expect(dev.status).toBe('ok');
      expect(staging).toMatchObject({
        status: 'error',
        error: {
          reason: 'UNAUTHORIZED',
          message: expect.stringContaining(
            "Cluster 'staging-cluster' rejected",
          ),
        },
        objects: [],
        location: 'staging-cluster/shop',
      });
      expect(staging.error!.message).toMatch(/: Unauthorized$/);
      expect(production).toMatchObject({
        status: 'error',
        error: {
          reason: 'UNREACHABLE',
          message:
            "Cannot reach cluster 'production-cluster' at http://127.0.0.1:1: connection refused (ECONNREFUSED)",
        },
        objects: [],
      });
      const logged = JSON.stringify(
        [logger.warn, logger.error, logger.info, logger.debug].map(
          (f: any) => f.mock.calls,
        ),
      );
      expect(logged).toContain('UNAUTHORIZED');
      expect(logged).not.toContain(TOKEN);
      expect(JSON.stringify([dev, staging, production])).not.toContain(TOKEN);
    });

    it('403 on one kind → ok with that kind unread (FORBIDDEN), quoting the Status message; the other kinds are read', async () => {
      const dev = cluster('dev', {
        objects: [
          ...fixtures.componentObjects(ID),
          fixtures.secret(ID, { TOKEN: 'x' }, { labels: { app: ID } }),
        ],
        faults: [{ resource: 'secrets', status: 403 }],
      });
      const { source, logger } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(state.error).toBeUndefined();
      expect(state.unreadKinds).toEqual([
        {
          kind: 'Secret',
          apiVersion: 'v1',
          reason: 'FORBIDDEN',
          message:
            'Preflight may not list Secret (v1) in namespace \'shop\' on cluster \'dev-cluster\' (HTTP 403): secrets is forbidden: User "system:serviceaccount:backstage:preflight" cannot list resource "secrets" in API group "" in the namespace "shop"',
        },
      ]);
      // Every other kind was listed, once.
      expect(names(state.objects)).toEqual([
        'Deployment/checkout-api',
        'CronJob/checkout-api-cleanup',
        'Pod/checkout-api-7d9f8c-0',
        'Pod/checkout-api-7d9f8c-1',
        'Service/checkout-api',
        'ConfigMap/checkout-api-config',
        'ServiceAccount/checkout-api',
        'HorizontalPodAutoscaler/checkout-api',
        'PodDisruptionBudget/checkout-api',
        'NetworkPolicy/checkout-api',
        'Ingress/checkout-api',
      ]);
      expect(state.requests).toBe(BUILTIN_KINDS + 1);
      expect(dev.requestsFor('secrets').map(r => r.status)).toEqual([403]);
      expect(logger.warn).not.toHaveBeenCalled();
      expect(JSON.stringify(logger.debug.mock.calls)).toContain(
        'kinds not read: Secret (v1): FORBIDDEN',
      );
    });

    it('403 on every kind the Role leaves out, discovery allowed → FORBIDDEN naming a kind and counting the rest', async () => {
      cluster('dev', {
        faults: [
          // The discovery is answered normally (the first matching fault applies).
          { resource: 'discovery', delayMs: 0 },
          { status: 403 },
        ],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('FORBIDDEN');
      expect(state.error?.message).toMatch(
        /^Preflight may not list Deployment \(apps\/v1\) in namespace 'shop' on cluster 'dev-cluster' \(HTTP 403\).* \(and 13 other kinds: no kind could be read\)$/,
      );
    });

    it('a discovery that is denied still fails the environment', async () => {
      cluster('dev', {
        faults: [{ resource: 'discovery', status: 403 }],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('FORBIDDEN');
      expect(state.error?.message).toContain('/apis');
    });

    it('a cluster that never answers → TIMEOUT within the deadline', async () => {
      cluster('dev', { faults: [{ hang: true }] });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { timeoutMs: 1000 },
      );
      const started = Date.now();
      const state = await source.read(byId, env('dev'));
      const elapsed = Date.now() - started;
      expect(state).toMatchObject({
        status: 'error',
        error: {
          reason: 'TIMEOUT',
          message: "Cluster 'dev-cluster' did not answer within 1000 ms",
        },
        objects: [],
      });
      expect(elapsed).toBeGreaterThanOrEqual(990);
      // Bounded well past the deadline (a loaded machine's scheduling); without the deadline
      // the read would hang to the test's timeout.
      expect(elapsed).toBeLessThan(4000);
      // eslint-disable-next-line no-console
      console.log(`TIMEOUT answered after ${elapsed} ms (deadline 1000 ms)`);
    });

    it('429 with Retry-After: retried at most `retries` times, then RATE_LIMITED', async () => {
      const dev = cluster('dev', {
        faults: [
          { resource: 'deployments', status: 429, retryAfterSeconds: 1 },
        ],
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { retries: 2 },
      );
      const started = Date.now();
      const state = await source.read(byId, env('dev'));
      const elapsed = Date.now() - started;
      expect(state.status).toBe('error');
      expect(state.error).toEqual({
        reason: 'RATE_LIMITED',
        message:
          "Cluster 'dev-cluster' is rate-limiting Preflight (HTTP 429 after 3 attempts) listing Deployment (apps/v1): Too many requests, please try again later.",
      });
      expect(dev.requestsFor('deployments').map(r => r.status)).toEqual([
        429, 429, 429,
      ]);
      // Retry-After: 1 honoured twice.
      expect(elapsed).toBeGreaterThanOrEqual(2000);
    }, 15000);

    it('429 then 200: the retry succeeds', async () => {
      const dev = cluster('dev', {
        faults: [
          {
            resource: 'deployments',
            status: 429,
            retryAfterSeconds: 1,
            times: 1,
          },
        ],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(dev.requestsFor('deployments').map(r => r.status)).toEqual([
        429, 200,
      ]);
      expect(state.requests).toBe(BUILTIN_KINDS + 1 + 1);
    }, 15000);

    it('never waits past the deadline for a Retry-After', async () => {
      const dev = cluster('dev', {
        faults: [
          { resource: 'deployments', status: 429, retryAfterSeconds: 30 },
        ],
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { timeoutMs: 1000 },
      );
      const started = Date.now();
      const state = await source.read(byId, env('dev'));
      expect(Date.now() - started).toBeLessThan(1000);
      expect(state.error?.reason).toBe('RATE_LIMITED');
      expect(dev.requestsFor('deployments')).toHaveLength(1);
    });

    it('503 is retried with backoff, then UNREACHABLE', async () => {
      const dev = cluster('dev', {
        faults: [{ resource: 'pods', status: 503 }],
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { retries: 1 },
      );
      const state = await source.read(byId, env('dev'));
      expect(state.error?.reason).toBe('UNREACHABLE');
      expect(state.error?.message).toContain('HTTP 503 after 2 attempts');
      expect(dev.requestsFor('pods')).toHaveLength(2);
    });

    it('pages with limit/continue and restarts a listing once on 410 Gone', async () => {
      const pods = Array.from({ length: 7 }, (_, i) =>
        fixtures.pod(`${ID}-${i}`, {
          labels: { 'backstage.io/kubernetes-id': ID },
        }),
      );
      const dev = cluster('dev', {
        objects: pods,
        faults: [{ resource: 'pods', expireContinue: true, times: 1 }],
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { pageSize: 3 },
      );
      const state = await source.read(byId, env('dev'));

      expect(state.status).toBe('ok');
      const podNames = state.objects.map(o => o.metadata.name);
      expect(podNames).toEqual(pods.map(p => p.metadata.name));
      expect(new Set(podNames).size).toBe(7);
      // page 1, page 2 → 410, restart: pages 1, 2, 3.
      expect(
        dev
          .requestsFor('pods')
          .map(r => [r.status, r.continue ? 'continue' : 'first']),
      ).toEqual([
        [200, 'first'],
        [410, 'continue'],
        [200, 'first'],
        [200, 'continue'],
        [200, 'continue'],
      ]);
      expect(state.requests).toBe(BUILTIN_KINDS - 1 + 5 + 1);
    });

    it("one entity's 3,000 Pods in one request; the catalog-wide listing keeps pages of 500", async () => {
      const dev = cluster('dev', {
        objects: fixtures.componentObjects(ID, { pods: 3000 }),
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });

      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(
        state.objects.filter(o => o.kind === 'Pod').map(o => o.metadata.name),
      ).toEqual(
        Array.from({ length: 3000 }, (_, i) => `${ID}-7d9f8c-${i}`).sort(),
      );
      expect(dev.requestsFor('pods')).toEqual([
        expect.objectContaining({ limit: 10000, status: 200 }),
      ]);
      expect(dev.requestsFor('pods')[0].continue).toBeUndefined();
      expect(state.requests).toBe(BUILTIN_KINDS + 1);

      dev.requests.length = 0;
      await source.snapshot(env('dev', { namespace: undefined }));
      const snapshotPods = dev.requestsFor('pods');
      // 3,000 Pods in pages of 500: six requests, five of them continued.
      expect(snapshotPods.map(r => r.limit)).toEqual(Array(6).fill(500));
      expect(snapshotPods.filter(r => r.continue)).toHaveLength(5);
    });

    it('an entity read continues beyond its page, and a set pageSize applies to it', async () => {
      const dev = cluster('dev', {
        objects: fixtures.componentObjects(ID, { pods: 12 }),
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { pageSize: 5 },
      );
      const state = await source.read(byId, env('dev'));
      expect(state.objects.filter(o => o.kind === 'Pod')).toHaveLength(12);
      expect(dev.requestsFor('pods').map(r => r.limit)).toEqual([5, 5, 5]);
    });

    it('a second 410 on the same listing is a BAD_RESPONSE', async () => {
      const dev = cluster('dev', {
        objects: Array.from({ length: 4 }, (_, i) =>
          fixtures.pod(`p-${i}`, {
            labels: { 'backstage.io/kubernetes-id': ID },
          }),
        ),
        faults: [{ resource: 'pods', expireContinue: true }],
      });
      const { source } = createSource(
        { dev: 'https://dev.k8s.test' },
        { pageSize: 2 },
      );
      const state = await source.read(byId, env('dev'));
      expect(state.error?.reason).toBe('BAD_RESPONSE');
      expect(dev.requestsFor('pods').map(r => r.status)).toEqual([
        200, 410, 200, 410,
      ]);
    });

    it('invalid JSON → BAD_RESPONSE, without quoting the body', async () => {
      cluster('dev', {
        faults: [
          {
            resource: 'configmaps',
            body: '{"items": [ {"data": "s3cr3t-in-body"',
          },
        ],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.error).toEqual({
        reason: 'BAD_RESPONSE',
        message:
          "Cluster 'dev-cluster' answered with invalid JSON (HTTP 200) listing ConfigMap (v1)",
      });
    });

    it('a body that is not a list → BAD_RESPONSE', async () => {
      cluster('dev', {
        faults: [{ resource: 'services', body: '{"kind":"Service"}' }],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.error?.reason).toBe('BAD_RESPONSE');
      expect(state.error?.message).toContain('not a list');
    });

    it('404 on a built-in kind → ok with that kind unread (NOT_SERVED)', async () => {
      cluster('dev', {
        faults: [{ resource: 'horizontalpodautoscalers', status: 404 }],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(state.unreadKinds).toEqual([
        {
          kind: 'HorizontalPodAutoscaler',
          apiVersion: 'autoscaling/v2',
          reason: 'NOT_SERVED',
          message:
            "Cluster 'dev-cluster' does not serve HorizontalPodAutoscaler (autoscaling/v2) (HTTP 404): the server could not find the requested resource",
        },
      ]);
      expect(names(state.objects)).not.toContain(
        'HorizontalPodAutoscaler/checkout-api',
      );
      expect(names(state.objects)).toContain('Deployment/checkout-api');
    });

    it('404 on every kind → NOT_FOUND: nothing was read', async () => {
      cluster('dev', {
        faults: [
          ...[
            'deployments',
            'statefulsets',
            'daemonsets',
            'jobs',
            'cronjobs',
            'pods',
            'services',
            'configmaps',
            'secrets',
            'serviceaccounts',
            'horizontalpodautoscalers',
            'poddisruptionbudgets',
            'networkpolicies',
            'ingresses',
          ].map(resource => ({ resource, status: 404 })),
        ],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('error');
      expect(state.error?.reason).toBe('NOT_FOUND');
      expect(state.error?.message).toContain('and 13 other kinds');
    });

    it('a caller abort rejects the read', async () => {
      cluster('dev', { faults: [{ hang: true }] });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const controller = new AbortController();
      const read = source.read(byId, env('dev'), { signal: controller.signal });
      setTimeout(() => controller.abort(new Error('client went away')), 50);
      await expect(read).rejects.toThrow('client went away');
    });
  });

  describe('hostile annotations', () => {
    it.each([
      ['backstage.io/kubernetes-label-selector', 'app=x,foo in (a'],
      ['backstage.io/kubernetes-label-selector', 'app=$(rm -rf)'],
      ['backstage.io/kubernetes-label-selector', 'app=x&limit=1'],
      ['backstage.io/kubernetes-label-selector', 'app=x\nfoo=y'],
      ['backstage.io/kubernetes-id', 'a b'],
      ['backstage.io/kubernetes-id', '../../x'],
      ['backstage.io/kubernetes-namespace', '../../etc'],
      ['backstage.io/kubernetes-namespace', 'kube-system/../x'],
      ['preflight.dev/namespace.dev', '../../etc'],
      ['preflight.dev/namespace.dev', 'kube-system/../x'],
      ['preflight.dev/namespace.dev', 'Shop'],
    ])(
      '%s: %j → InputError naming the annotation, nothing sent',
      async (annotation, value) => {
        cluster('dev');
        const { source } = createSource({ dev: 'https://dev.k8s.test' });
        const annotations: Record<string, string> = {
          'backstage.io/kubernetes-id': ID,
          [annotation]: value,
        };
        const read = source.read(
          entity(annotations),
          env('dev', { namespace: undefined }),
        );
        await expect(read).rejects.toBeInstanceOf(InputError);
        await expect(read).rejects.toThrow(annotation);
        expect(k8s.requests).toHaveLength(0);
      },
    );
  });

  describe('secrets', () => {
    const SEEDED = 'seeded-db-password-9f8e7d';
    const STRIPE = 'sk_live_FAKE_DO_NOT_USE_0000';

    it('never fetches Secret values and never returns secret literals', async () => {
      const labels = { 'backstage.io/kubernetes-id': ID };
      const leaky = fixtures.deployment(ID, {
        labels,
        env: { STRIPE_API_KEY: STRIPE, LOG_LEVEL: 'debug' },
        annotations: {
          // What `kubectl apply` leaves: the whole manifest, env literals included.
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            spec: { env: [{ name: 'STRIPE_API_KEY', value: STRIPE }] },
          }),
        },
      });
      const dev = cluster('dev', {
        objects: [
          leaky,
          fixtures.pod(`${ID}-0`, { labels, env: { STRIPE_API_KEY: STRIPE } }),
          fixtures.secret(
            `${ID}-db`,
            { DATABASE_PASSWORD: SEEDED },
            { labels },
          ),
          fixtures.configMap(
            `${ID}-config`,
            {
              LOG_LEVEL: 'info',
              PAYMENT_TOKEN: STRIPE,
              DATABASE_URL: `postgres://app:${SEEDED}@db/app`,
            },
            { labels },
          ),
        ],
      });
      const { source, logger } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));

      expect(state.status).toBe('ok');
      const json = JSON.stringify(state);
      for (const forbidden of [
        SEEDED,
        Buffer.from(SEEDED).toString('base64'),
        STRIPE,
        TOKEN,
      ]) {
        expect(json).not.toContain(forbidden);
      }
      expect(
        JSON.stringify((logger.debug as jest.Mock).mock.calls),
      ).not.toContain(TOKEN);

      const secret = state.objects.find(o => o.kind === 'Secret')!;
      expect(secret).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: expect.objectContaining({
          name: `${ID}-db`,
          namespace: 'shop',
        }),
        // Key names are not available from a metadata-only list.
        data: {},
      });
      const config = state.objects.find(o => o.kind === 'ConfigMap')!;
      expect(config.data).toEqual({
        LOG_LEVEL: 'info',
        PAYMENT_TOKEN: '••••••',
        DATABASE_URL: '••••••',
      });
      const deployment = state.objects.find(o => o.kind === 'Deployment')!;
      expect(deployment.metadata.annotations).toEqual({});
      expect(deployment.spec.template.spec.containers[0].env).toEqual([
        { name: 'STRIPE_API_KEY', value: '••••••' },
        { name: 'LOG_LEVEL', value: 'debug' },
      ]);

      // The harness saw only metadata-only Secret requests.
      expect(dev.requestsFor('secrets')).toHaveLength(1);
      expect(dev.fullSecretRequests()).toEqual([]);
      expect(dev.requestsFor('secrets')[0].accept).toBe(
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
      );
    });
  });

  describe('custom resources', () => {
    const labels = { 'backstage.io/kubernetes-id': ID };
    const crs = [
      fixtures.prometheusRule(ID, { labels }),
      fixtures.serviceMonitor(ID, { labels }),
      fixtures.podMonitor(ID, { labels }),
      fixtures.veleroBackup(`${ID}-nightly`, { labels }),
      fixtures.veleroRestore(`${ID}-drill`, { labels }),
      fixtures.certificate(ID, { labels }),
      fixtures.rollout(ID, { labels }),
    ];

    it('skips absent custom resource APIs quietly', async () => {
      const dev = cluster('dev', {
        objects: [...fixtures.componentObjects(ID), ...crs],
      });
      const { source, logger } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(state.error).toBeUndefined();
      expect(
        state.objects.filter(o =>
          /^(monitoring\.coreos\.com|velero\.io|cert-manager\.io|argoproj\.io)\//.test(
            o.apiVersion,
          ),
        ),
      ).toEqual([]);
      expect(
        dev.requests.filter(r => r.path.startsWith('/apis/monitoring')),
      ).toEqual([]);
      expect(logger.warn).not.toHaveBeenCalled();
      expect(state.requests).toBe(BUILTIN_KINDS + 1);
      // Not announced by the discovery: no such objects, not an unread kind.
      expect(state.unreadKinds).toBeUndefined();
    });

    it('includes custom resources whose APIs exist', async () => {
      cluster('dev', {
        objects: [...fixtures.componentObjects(ID), ...crs],
        customResourceGroups: [
          'monitoring.coreos.com',
          'velero.io',
          'cert-manager.io',
          'argoproj.io',
        ],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(names(state.objects.slice(-7))).toEqual([
        'PrometheusRule/checkout-api',
        'ServiceMonitor/checkout-api',
        'PodMonitor/checkout-api',
        'Backup/checkout-api-nightly',
        'Restore/checkout-api-drill',
        'Certificate/checkout-api',
        'Rollout/checkout-api',
      ]);
      expect(state.objects.at(-1)).toMatchObject({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        spec: { strategy: { canary: expect.any(Object) } },
      });
      expect(state.requests).toBe(BUILTIN_KINDS + 7 + 1);
    });

    it('reports a custom resource whose group exists but whose list answers 404 as unread (NOT_SERVED)', async () => {
      const dev = cluster('dev', {
        objects: [...fixtures.componentObjects(ID), ...crs],
        customResourceGroups: ['monitoring.coreos.com'],
        faults: [{ resource: 'podmonitors', status: 404 }],
      });
      const { source } = createSource({ dev: 'https://dev.k8s.test' });
      const state = await source.read(byId, env('dev'));
      expect(state.status).toBe('ok');
      expect(names(state.objects)).toContain('ServiceMonitor/checkout-api');
      expect(names(state.objects)).not.toContain('PodMonitor/checkout-api');
      expect(dev.requestsFor('podmonitors').map(r => r.status)).toEqual([404]);
      expect(state.unreadKinds).toEqual([
        {
          kind: 'PodMonitor',
          apiVersion: 'monitoring.coreos.com/v1',
          reason: 'NOT_SERVED',
          message:
            "Cluster 'dev-cluster' does not serve PodMonitor (monitoring.coreos.com/v1) (HTTP 404): the server could not find the requested resource",
        },
      ]);
    });
  });

  it('reads localKubectlProxy and config clusters (plain http included)', async () => {
    const proxy = k8s.addCluster({
      name: 'proxy',
      baseUrl: 'http://localhost:8001',
      objects: fixtures.componentObjects(ID),
    });
    const kind = k8s.addCluster({
      name: 'kind',
      baseUrl: 'https://kind.k8s.test:6443',
      token: TOKEN,
      objects: fixtures.componentObjects(ID),
    });
    const logger = mockServices.logger.mock();
    const source = new LiveStateSource({
      logger,
      config: new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'localKubectlProxy' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'kind-dev',
                  url: 'https://kind.k8s.test:6443',
                  authProvider: 'serviceAccount',
                  serviceAccountToken: TOKEN,
                },
              ],
            },
          ],
        },
      }),
    });
    const local = await source.read(byId, env('dev', { cluster: 'local' }));
    expect(local).toMatchObject({ status: 'ok', location: 'local/shop' });
    expect(proxy.requests.every(r => !r.bearer)).toBe(true);
    const fromConfig = await source.read(
      byId,
      env('dev', { cluster: 'kind-dev' }),
    );
    expect(fromConfig).toMatchObject({
      status: 'ok',
      location: 'kind-dev/shop',
    });
    expect(kind.requests.every(r => r.bearer && r.status === 200)).toBe(true);
  });

  it('answers not-configured for a cluster whose auth provider Preflight cannot use', async () => {
    const source = new LiveStateSource({
      logger: mockServices.logger.mock(),
      config: new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'vaulted',
                  url: 'https://vaulted.k8s.test',
                  // A provider a Kubernetes plugin module may add; Preflight has no strategy for it.
                  authProvider: 'vault',
                },
              ],
            },
          ],
        },
      }),
    });
    expect(
      await source.read(byId, env('dev', { cluster: 'vaulted' })),
    ).toMatchObject({
      status: 'not-configured',
      message:
        "Live state cannot be read for environment 'dev': cluster 'vaulted' uses authProvider 'vault', which Preflight does not support (supported: serviceAccount, aws, googleServiceAccount, azure, localKubectlProxy, google, oidc, aks)",
      requests: 0,
    });
  });

  it('rejects invalid preflight.live settings at construction, naming the key', () => {
    expect(() => createSource({}, { pageSize: 0 })).toThrow(
      "Invalid config at 'preflight.live.pageSize'",
    );
  });

  it('bounds the requests in flight per cluster, across reads', async () => {
    const dev = cluster('dev', {
      delayMs: 50,
      customResourceGroups: ['monitoring.coreos.com'],
    });
    const { source } = createSource(
      { dev: 'https://dev.k8s.test' },
      { concurrency: 3 },
    );
    const states = await Promise.all([
      source.read(byId, env('dev')),
      source.read(
        entity({ 'backstage.io/kubernetes-id': 'other' }),
        env('dev'),
      ),
    ]);
    expect(states.map(s => s.status)).toEqual(['ok', 'not-deployed']);
    expect(dev.maxInFlight).toBe(3);
    // Discovery made once for both reads.
    expect(dev.requestsFor('discovery')).toHaveLength(1);
    expect(states[0].requests + states[1].requests).toBe(
      2 * (BUILTIN_KINDS + 3) + 1,
    );
  });

  it('reads all environments in parallel', async () => {
    // Each request takes 200 ms: read one after another, the three clusters would never have a
    // request in flight at the same moment; read in parallel, they all do (during discovery).
    const sims = ['dev', 'staging', 'production'].map(name =>
      cluster(name, { delayMs: 200 }),
    );
    const { source } = createSource({
      dev: 'https://dev.k8s.test',
      staging: 'https://staging.k8s.test',
      production: 'https://production.k8s.test',
    });
    let done = false;
    const reads = Promise.all(
      ['dev', 'staging', 'production'].map(name =>
        source.read(byId, env(name)),
      ),
    ).finally(() => {
      done = true;
    });
    let allAtOnce = false;
    while (!done && !allAtOnce) {
      allAtOnce = sims.every(sim => sim.inFlight > 0);
      await new Promise(resolve => setTimeout(resolve, 5));
    }
    const states = await reads;
    expect(states.map(s => s.status)).toEqual(['ok', 'ok', 'ok']);
    expect(allAtOnce).toBe(true);
  });
});
