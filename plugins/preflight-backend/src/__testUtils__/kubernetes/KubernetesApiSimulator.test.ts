import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import {
  DaemonSet,
  Deployment,
  DeploymentList,
  StatefulSet,
} from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { CronJob, Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  Pod,
  PodList,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import * as fixtures from './fixtures';
import { KubernetesApiSimulator } from './KubernetesApiSimulator';
import { parseLabelMatcher } from './labelSelector';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'apps/v1/DaemonSet': DaemonSet,
  'batch/v1/Job': Job,
  'batch/v1/CronJob': CronJob,
  'v1/Pod': Pod,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/ServiceAccount': ServiceAccount,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
};

const CUSTOM = new Set([
  'monitoring.coreos.com/v1',
  'velero.io/v1',
  'cert-manager.io/v1',
  'argoproj.io/v1alpha1',
  'kustomize.toolkit.fluxcd.io/v1',
  'helm.toolkit.fluxcd.io/v2',
  'helm.toolkit.fluxcd.io/v2beta2',
]);

function validate(object: KubernetesObject) {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (Model) {
    new Model(object).validate();
  } else if (CUSTOM.has(object.apiVersion)) {
    // No schema package for these CRDs here: their metadata is validated as ObjectMeta.
    new ConfigMap({ metadata: object.metadata }).validate();
  } else {
    throw new Error(`No model for ${object.apiVersion} ${object.kind}`);
  }
}

describe('fixtures', () => {
  const all: KubernetesObject[] = [
    ...fixtures.componentObjects('checkout-api', {
      env: {
        LOG_LEVEL: 'info',
        STRIPE_API_KEY: 'sk_live_FAKE_DO_NOT_USE_0000',
      },
    }),
    fixtures.statefulSet('db'),
    fixtures.daemonSet('agent'),
    fixtures.job('migrate'),
    fixtures.secret('checkout-api', { DATABASE_PASSWORD: 'hunter2' }),
    fixtures.prometheusRule('checkout-api'),
    fixtures.serviceMonitor('checkout-api'),
    fixtures.podMonitor('checkout-api'),
    fixtures.veleroBackup('nightly'),
    fixtures.veleroRestore('nightly'),
    fixtures.certificate('checkout-api'),
    fixtures.rollout('checkout-api'),
    fixtures.kustomization('checkout-api'),
    fixtures.helmRelease('checkout-api'),
    fixtures.helmRelease('legacy', {
      apiVersion: 'helm.toolkit.fluxcd.io/v2beta2',
    }),
  ];

  it.each(all.map(o => [`${o.kind} ${o.metadata.name}`, o]))(
    'builds a valid %s',
    (_name, object) => {
      expect(() => validate(object as KubernetesObject)).not.toThrow();
    },
  );

  it('is caught by validation when malformed', () => {
    const broken = fixtures.deployment('x');
    broken.spec.replicas = 'two';
    expect(() => validate(broken)).toThrow();
  });
});

describe('parseLabelMatcher', () => {
  const labels = {
    app: 'shop',
    tier: 'web',
    'backstage.io/kubernetes-id': 'a',
  };
  it.each([
    ['app=shop', true],
    ['app==shop', true],
    ['app!=shop', false],
    ['app in (shop, other)', true],
    ['app notin (shop)', false],
    ['tier', true],
    ['!tier', false],
    ['app=shop,tier=db', false],
    ['backstage.io/kubernetes-id=a', true],
  ])('%s → %s', (selector, expected) => {
    expect(parseLabelMatcher(selector)(labels)).toBe(expected);
  });

  it('rejects what the API server rejects', () => {
    expect(() => parseLabelMatcher('app in (a')).toThrow();
    expect(() => parseLabelMatcher('app=$(x)')).toThrow();
  });
});

describe('KubernetesApiSimulator', () => {
  const k8s = new KubernetesApiSimulator();
  beforeAll(() => k8s.listen());
  afterEach(() => k8s.reset());
  afterAll(() => k8s.close());

  const objects = [
    ...fixtures.componentObjects('checkout-api', { pods: 5 }),
    fixtures.secret(
      'checkout-api',
      { API_TOKEN: 'seeded-secret-value' },
      { labels: { 'backstage.io/kubernetes-id': 'checkout-api' } },
    ),
    ...fixtures.componentObjects('other', { namespace: 'other' }),
  ];

  it('serves schema-valid List kinds with label selectors and limit/continue paging', async () => {
    const dev = k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects,
    });
    const base =
      'https://dev.k8s.test/api/v1/namespaces/shop/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout-api&limit=2';
    const names: string[] = [];
    let url = base;
    for (let page = 0; page < 10; page++) {
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.kind).toBe('PodList');
      expect(body.metadata.resourceVersion).toEqual(expect.any(String));
      expect(body.items.every((i: any) => i.kind === undefined)).toBe(true);
      // A real API server's list, as kubernetes-models' schema describes it.
      new PodList({
        ...body,
        items: body.items.map((i: any) => ({
          apiVersion: 'v1',
          kind: 'Pod',
          ...i,
        })),
      }).validate();
      names.push(...body.items.map((i: any) => i.metadata.name));
      if (!body.metadata.continue) break;
      url = `${base}&continue=${encodeURIComponent(body.metadata.continue)}`;
    }
    expect(names).toEqual([0, 1, 2, 3, 4].map(i => `checkout-api-7d9f8c-${i}`));
    expect(dev.requestsFor('pods').map(r => r.limit)).toEqual([2, 2, 2]);

    const deployments = await (
      await fetch(
        'https://dev.k8s.test/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fname+in+%28checkout-api%2Cother%29',
      )
    ).json();
    new DeploymentList({
      ...deployments,
      items: deployments.items.map((i: any) => ({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        ...i,
      })),
    }).validate();
    expect(deployments.items.map((i: any) => i.metadata.namespace)).toEqual([
      'other',
      'shop',
    ]);
  });

  it('answers metadata-only Secret lists as PartialObjectMetadataList and records full ones', async () => {
    const dev = k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects,
    });
    const res = await fetch(
      'https://dev.k8s.test/api/v1/namespaces/shop/secrets',
      {
        headers: {
          accept:
            'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
        },
      },
    );
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain(
      'as=PartialObjectMetadataList',
    );
    expect(JSON.parse(text)).toMatchObject({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1',
      items: [
        { kind: 'PartialObjectMetadata', metadata: { name: 'checkout-api' } },
      ],
    });
    expect(text).not.toContain(
      Buffer.from('seeded-secret-value').toString('base64'),
    );
    expect(dev.fullSecretRequests()).toHaveLength(0);

    await fetch('https://dev.k8s.test/api/v1/namespaces/shop/secrets');
    expect(dev.fullSecretRequests()).toHaveLength(1);
  });

  it('answers errors with Status bodies, Retry-After and expired continue tokens', async () => {
    const dev = k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects,
      token: 'secret-token',
      faults: [
        { resource: 'pods', status: 429, retryAfterSeconds: 1, times: 1 },
        { resource: 'services', expireContinue: true, times: 1 },
      ],
    });
    const auth = { headers: { authorization: 'Bearer secret-token' } };
    const unauthorized = await fetch('https://dev.k8s.test/api/v1/pods');
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });

    const limited = await fetch('https://dev.k8s.test/api/v1/pods', auth);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({
      reason: 'TooManyRequests',
      code: 429,
    });
    expect((await fetch('https://dev.k8s.test/api/v1/pods', auth)).status).toBe(
      200,
    );

    const first = await (
      await fetch('https://dev.k8s.test/api/v1/services?limit=1', auth)
    ).json();
    const expired = await fetch(
      `https://dev.k8s.test/api/v1/services?limit=1&continue=${first.metadata.continue}`,
      auth,
    );
    expect(expired.status).toBe(410);
    expect(await expired.json()).toMatchObject({
      reason: 'Expired',
      code: 410,
    });

    const missing = await fetch(
      'https://dev.k8s.test/apis/velero.io/v1/backups',
      auth,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      reason: 'NotFound',
      code: 404,
    });
    expect(dev.requests.map(r => r.status)).toEqual([
      401, 429, 200, 200, 410, 404,
    ]);
  });

  it('denies one resource with the API server 403 Status, or answers 404 for one served resource', async () => {
    k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects,
      customResourceGroups: ['monitoring.coreos.com'],
      faults: [
        { resource: 'secrets', status: 403 },
        { resource: 'prometheusrules', status: 404 },
      ],
    });
    const denied = await fetch('https://dev.k8s.test/api/v1/secrets');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'secrets is forbidden: User "system:serviceaccount:backstage:preflight" cannot list resource "secrets" in API group "" at the cluster scope',
      reason: 'Forbidden',
      details: { kind: 'secrets' },
      code: 403,
    });
    // Other resources are still served.
    expect((await fetch('https://dev.k8s.test/api/v1/pods')).status).toBe(200);
    const rules = await fetch(
      'https://dev.k8s.test/apis/monitoring.coreos.com/v1/prometheusrules',
    );
    expect(rules.status).toBe(404);
    expect(
      (
        await fetch(
          'https://dev.k8s.test/apis/monitoring.coreos.com/v1/servicemonitors',
        )
      ).status,
    ).toBe(200);
  });

  it('stores a large number of objects passed to the constructor', async () => {
    const many = Array.from({ length: 200_000 }, (_, i) =>
      fixtures.configMap(`cm-${i}`, {}),
    );
    k8s.addCluster({
      name: 'big',
      baseUrl: 'https://big.k8s.test',
      objects: many,
    });
    const page = await (
      await fetch('https://big.k8s.test/api/v1/configmaps?limit=1')
    ).json();
    expect(page.items.map((i: any) => i.metadata.name)).toEqual(['cm-0']);
    expect(page.metadata.remainingItemCount).toBe(199_999);
  });

  it('lists 50,000 objects added at once page by page, in order, and sees objects added later', async () => {
    const cluster = k8s.addCluster({
      name: 'big',
      baseUrl: 'https://big.k8s.test',
    });
    // Added in reverse: the list sorts by namespace/name.
    const names = Array.from(
      { length: 50_000 },
      (_, i) => `cm-${String(i).padStart(5, '0')}`,
    );
    cluster.addAll(
      [...names]
        .reverse()
        .map(name =>
          fixtures.configMap(name, {}, { labels: { tier: 'bulk' } }),
        ),
    );
    cluster.add(fixtures.configMap('other', {}, { labels: { tier: 'x' } }));
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page: any = await (
        await fetch(
          `https://big.k8s.test/api/v1/configmaps?labelSelector=tier%3Dbulk&limit=5000${
            token ? `&continue=${token}` : ''
          }`,
        )
      ).json();
      listed.push(...page.items.map((i: any) => i.metadata.name));
      token = page.metadata.continue;
    } while (token);
    expect(listed).toEqual(names);
    expect(cluster.requestsFor('configmaps')).toHaveLength(10);

    cluster.add(
      fixtures.configMap('cm-latecomer', {}, { labels: { tier: 'bulk' } }),
    );
    const again: any = await (
      await fetch(
        'https://big.k8s.test/api/v1/configmaps?labelSelector=tier%3Dbulk&limit=1',
      )
    ).json();
    expect(again.metadata.remainingItemCount).toBe(50_000);
  });

  it('serves /api and /apis discovery with the installed custom resource groups', async () => {
    k8s.addCluster({
      name: 'staging',
      baseUrl: 'https://staging.k8s.test',
      customResourceGroups: ['monitoring.coreos.com'],
    });
    const apis = await (await fetch('https://staging.k8s.test/apis')).json();
    expect(apis.kind).toBe('APIGroupList');
    const groups = apis.groups.map((g: any) => g.name);
    expect(groups).toEqual(
      expect.arrayContaining(['apps', 'batch', 'monitoring.coreos.com']),
    );
    expect(groups).not.toContain('velero.io');
    expect(
      await (await fetch('https://staging.k8s.test/api')).json(),
    ).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const rules = await fetch(
      'https://staging.k8s.test/apis/monitoring.coreos.com/v1/namespaces/shop/prometheusrules',
    );
    expect(await rules.json()).toMatchObject({
      kind: 'PrometheusRuleList',
      items: [],
    });
  });

  it('serves Flux groups in discovery when Flux objects are stored, at their version, or when installed', async () => {
    k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects: [
        fixtures.kustomization('apps'),
        fixtures.helmRelease('checkout-api', {
          apiVersion: 'helm.toolkit.fluxcd.io/v2beta2',
        }),
      ],
    });
    k8s.addCluster({
      name: 'prod',
      baseUrl: 'https://prod.k8s.test',
      customResourceGroups: ['helm.toolkit.fluxcd.io'],
    });
    k8s.addCluster({ name: 'bare', baseUrl: 'https://bare.k8s.test' });
    const versions = async (origin: string) =>
      Object.fromEntries(
        (await (await fetch(`${origin}/apis`)).json()).groups.map((g: any) => [
          g.name,
          g.versions.map((v: any) => v.groupVersion),
        ]),
      );

    const dev = await versions('https://dev.k8s.test');
    expect(dev['kustomize.toolkit.fluxcd.io']).toEqual([
      'kustomize.toolkit.fluxcd.io/v1',
    ]);
    expect(dev['helm.toolkit.fluxcd.io']).toEqual([
      'helm.toolkit.fluxcd.io/v2beta2',
    ]);
    const prod = await versions('https://prod.k8s.test');
    expect(prod['helm.toolkit.fluxcd.io']).toEqual([
      'helm.toolkit.fluxcd.io/v2',
    ]);
    expect(prod['kustomize.toolkit.fluxcd.io']).toBeUndefined();
    const bare = await versions('https://bare.k8s.test');
    expect(Object.keys(bare).some(g => g.includes('fluxcd'))).toBe(false);

    const list = await (
      await fetch(
        'https://dev.k8s.test/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations',
      )
    ).json();
    expect(list).toMatchObject({
      kind: 'KustomizationList',
      items: [
        {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: 'apps' },
        },
      ],
    });
  });

  it('gets one object by name, answering 404 with the name in details when there is none', async () => {
    const dev = k8s.addCluster({
      name: 'dev',
      baseUrl: 'https://dev.k8s.test',
      objects: [...objects, fixtures.kustomization('apps')],
      faults: [{ resource: 'helmreleases', status: 403 }],
      customResourceGroups: ['helm.toolkit.fluxcd.io'],
    });
    const found = await fetch(
      'https://dev.k8s.test/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/apps',
    );
    expect(found.status).toBe(200);
    expect(await found.json()).toMatchObject({
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {
        name: 'apps',
        namespace: 'flux-system',
        uid: expect.any(String),
      },
      status: { conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const deployment = await fetch(
      'https://dev.k8s.test/apis/apps/v1/namespaces/shop/deployments/checkout-api',
    );
    expect(await deployment.json()).toMatchObject({
      kind: 'Deployment',
      metadata: { name: 'checkout-api' },
    });

    const missing = await fetch(
      'https://dev.k8s.test/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/flux-system/kustomizations/nope',
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'kustomizations.kustomize.toolkit.fluxcd.io "nope" not found',
      details: {
        name: 'nope',
        group: 'kustomize.toolkit.fluxcd.io',
        kind: 'kustomizations',
      },
      code: 404,
    });
    // In another namespace: not found either.
    expect(
      (
        await fetch(
          'https://dev.k8s.test/apis/kustomize.toolkit.fluxcd.io/v1/namespaces/shop/kustomizations/apps',
        )
      ).status,
    ).toBe(404);

    const denied = await fetch(
      'https://dev.k8s.test/apis/helm.toolkit.fluxcd.io/v2/namespaces/flux-system/helmreleases/checkout-api',
    );
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({
      reason: 'Forbidden',
      message:
        'helmreleases.helm.toolkit.fluxcd.io "checkout-api" is forbidden: User "system:serviceaccount:backstage:preflight" cannot get resource "helmreleases" in API group "helm.toolkit.fluxcd.io" in the namespace "flux-system"',
      details: {
        name: 'checkout-api',
        group: 'helm.toolkit.fluxcd.io',
        kind: 'helmreleases',
      },
    });
    expect(
      dev.requests.map(r => [
        r.verb,
        r.resource,
        r.namespace,
        r.name,
        r.status,
      ]),
    ).toEqual([
      ['get', 'kustomizations', 'flux-system', 'apps', 200],
      ['get', 'deployments', 'shop', 'checkout-api', 200],
      ['get', 'kustomizations', 'flux-system', 'nope', 404],
      ['get', 'kustomizations', 'shop', 'apps', 404],
      ['get', 'helmreleases', 'flux-system', 'checkout-api', 403],
    ]);
  });

  it('rejects unparsable selectors with 400 like the API server', async () => {
    k8s.addCluster({ name: 'dev', baseUrl: 'https://dev.k8s.test' });
    const res = await fetch(
      'https://dev.k8s.test/api/v1/pods?labelSelector=app+in+%28a',
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
    });
  });
});
