import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  KubernetesObject,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import {
  KubernetesApiSimulator,
  type SimulatedClusterOptions,
} from '../../__testUtils__/kubernetes';
import {
  cleanReport,
  criticalReport,
  exposedSecretReport,
  POD_TEMPLATE_HASH,
  sbomReport,
  SECRET_CANARY,
  TRIVY_WORKLOAD,
  trivyWorkload,
} from '../../__testUtils__/kubernetes/trivy';
import { trimForSnapshot } from './objects';
import { LiveStateSource, type LiveSourceState } from './LiveStateSource';
import { ReportOwners, TrivyIndex, TRIVY_LIVE_KINDS } from './trivy';

const TOKEN = 'test-sa-token-0123456789';
const ID_LABEL = 'backstage.io/kubernetes-id';
const TRIVY = 'aquasecurity.github.io' as const;
const REPORT_RESOURCES = [
  'vulnerabilityreports',
  'exposedsecretreports',
  'sbomreports',
];

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

/** prod reads namespace `shop`; staging all namespaces. */
const PROD: PreflightEnvironment = {
  name: 'production',
  title: 'production',
  cluster: 'prod-cluster',
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
          clusters: [PROD, STAGING].map(env => ({
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

/** The Trivy workload, labelled for the component `checkout-api`. */
function workload(): KubernetesObject[] {
  return trivyWorkload().map(o => ({
    ...o,
    metadata: {
      ...o.metadata,
      labels: { ...o.metadata.labels, [ID_LABEL]: TRIVY_WORKLOAD },
    },
  }));
}

/** Reports of another workload in the same namespace: never the component's. */
const otherReports = () => [
  criticalReport({
    resource: { kind: 'ReplicaSet', name: `payments-${POD_TEMPLATE_HASH}` },
    container: 'payments',
  }),
  exposedSecretReport({
    resource: { kind: 'ReplicaSet', name: 'checkout-api-legacy-7c9d' },
  }),
];

const names = (state: LiveSourceState, kind: string) =>
  state.objects.filter(o => o.kind === kind).map(o => o.metadata.name);

function reportRequests(c: ReturnType<typeof cluster>) {
  return c.requests.filter(r => REPORT_RESOURCES.includes(r.resource ?? ''));
}

function comparable(state: LiveSourceState) {
  const { readAt: _readAt, requests: _requests, ...rest } = state;
  // Objects as a snapshot keeps them (see `trimForSnapshot` and `objects.test.ts`).
  return { ...rest, objects: rest.objects.map(trimForSnapshot) };
}

describe('Trivy Operator reports in a live read', () => {
  it("lists each report kind in the component's namespace by the operator's label, and keeps only the component's reports", async () => {
    const prod = cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [
        ...workload(),
        criticalReport(),
        exposedSecretReport(),
        sbomReport(),
        ...otherReports(),
      ],
    });
    const { source } = createSource();

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    expect(state.status).toBe('ok');
    const rs = `replicaset-${TRIVY_WORKLOAD}-${POD_TEMPLATE_HASH}-${TRIVY_WORKLOAD}`;
    expect(names(state, 'VulnerabilityReport')).toEqual([rs]);
    expect(names(state, 'ExposedSecretReport')).toEqual([rs]);
    expect(names(state, 'SbomReport')).toEqual([rs]);
    expect(state.unreadKinds).toBeUndefined();
    // Every report is an object of the live state, with its origin.
    expect(state.origins).toHaveLength(state.objects.length);
    const listed = reportRequests(prod);
    expect(listed.map(r => [r.resource, r.namespace, r.labelSelector])).toEqual(
      expect.arrayContaining(
        REPORT_RESOURCES.map(resource => [
          resource,
          'shop',
          'trivy-operator.resource.kind',
        ]),
      ),
    );
    expect(listed).toHaveLength(3);
  });

  it("drops an exposed secret's match on receipt: the secret is nowhere in the state", async () => {
    cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [...workload(), cleanReport(), exposedSecretReport()],
    });
    const { source, logger } = createSource();

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    const report = state.objects.find(
      o => o.kind === 'ExposedSecretReport',
    ) as any;
    expect(report.report.secrets[0]).toMatchObject({
      ruleID: 'aws-secret-access-key',
      target: '/app/config/.env',
    });
    expect(report.report.secrets[0]).not.toHaveProperty('match');
    expect(JSON.stringify(state)).not.toContain(SECRET_CANARY);
    const logged = JSON.stringify(
      [logger.debug, logger.info, logger.warn, logger.error].map(
        f => (f as jest.Mock).mock.calls,
      ),
    );
    expect(logged).not.toContain(SECRET_CANARY);
  });

  it('keeps of an SbomReport only what the checks read, not the whole bill of materials', async () => {
    cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [...workload(), sbomReport()],
    });
    const { source } = createSource();

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    const sbom = state.objects.find(o => o.kind === 'SbomReport') as any;
    expect(sbom.report.artifact).toMatchObject({
      repository: 'acme/checkout-api',
    });
    expect(JSON.stringify(sbom)).not.toContain('libssl3');
  });

  it('lists nothing when discovery does not announce the operator: no Trivy Operator, no request', async () => {
    const prod = cluster(PROD, {
      objects: [...workload()],
    });
    const { source } = createSource();

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    expect(state.status).toBe('ok');
    expect(reportRequests(prod)).toEqual([]);
    expect(state.unreadKinds).toBeUndefined();
  });

  it('reports a denied report kind as unread FORBIDDEN, and still reads the rest', async () => {
    cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [...workload(), cleanReport(), exposedSecretReport()],
      faults: [{ resource: 'vulnerabilityreports', status: 403 }],
    });
    const { source } = createSource();

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    expect(state.status).toBe('ok');
    expect(state.unreadKinds).toEqual([
      expect.objectContaining({
        kind: 'VulnerabilityReport',
        apiVersion: 'aquasecurity.github.io/v1alpha1',
        reason: 'FORBIDDEN',
      }),
    ]);
    expect(names(state, 'ExposedSecretReport')).toHaveLength(1);
    expect(names(state, 'Deployment')).toEqual([TRIVY_WORKLOAD]);
  });

  it('reports a failed report listing as unread UNAVAILABLE, never an error of the environment', async () => {
    cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [...workload(), cleanReport()],
      faults: [{ resource: 'vulnerabilityreports', status: 500 }],
    });
    const { source } = createSource({ retries: 0 });

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    expect(state.status).toBe('ok');
    expect(state.unreadKinds).toEqual([
      expect.objectContaining({
        kind: 'VulnerabilityReport',
        reason: 'UNAVAILABLE',
        message: expect.stringContaining('HTTP 500'),
      }),
    ]);
  });

  it('reports a report listing that outlives the deadline as UNAVAILABLE, with the workloads read', async () => {
    cluster(PROD, {
      customResourceGroups: [TRIVY],
      objects: [...workload(), cleanReport()],
      faults: [{ resource: 'vulnerabilityreports', hang: true }],
    });
    const { source } = createSource({ timeoutMs: 300 });

    const state = await source.read(entity(TRIVY_WORKLOAD), PROD);

    expect(state.status).toBe('ok');
    expect(names(state, 'Deployment')).toEqual([TRIVY_WORKLOAD]);
    expect(state.unreadKinds).toEqual([
      expect.objectContaining({
        kind: 'VulnerabilityReport',
        reason: 'UNAVAILABLE',
        message: expect.stringContaining('did not answer within 300 ms'),
      }),
    ]);
  });

  it('answers from a snapshot as a read does, with one listing per report kind for the whole environment', async () => {
    const objects = [
      ...workload(),
      criticalReport(),
      exposedSecretReport(),
      ...otherReports(),
    ];
    const staging = cluster(STAGING, {
      customResourceGroups: [TRIVY],
      objects,
    });
    const { source } = createSource();

    const snapshot = await source.snapshot(STAGING);
    const listed = reportRequests(staging);
    expect(listed.map(r => [r.resource, r.namespace])).toEqual(
      expect.arrayContaining(REPORT_RESOURCES.map(r => [r, undefined])),
    );
    expect(listed).toHaveLength(3);
    expect(snapshot.trivy?.size).toBe(2);
    expect(JSON.stringify(snapshot.objects())).not.toContain(SECRET_CANARY);

    const fromSnapshot = source.answerFromSnapshot(
      snapshot,
      entity(TRIVY_WORKLOAD),
      STAGING,
    )!;
    const read = await source.read(entity(TRIVY_WORKLOAD), STAGING);
    expect(comparable(fromSnapshot)).toEqual(comparable(read));
    expect(names(fromSnapshot, 'VulnerabilityReport')).toHaveLength(1);
  });
});

describe('TrivyIndex', () => {
  const deploymentIn = (namespace: string) =>
    ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: TRIVY_WORKLOAD, namespace },
      spec: {},
    } as KubernetesObject);

  it('says a report kind is UNAVAILABLE for a namespace of the workloads that was not listed', () => {
    const index = new TrivyIndex(
      TRIVY_LIVE_KINDS.map(kind => ({
        kind,
        scope: 'shop',
        listing: {
          reports: kind.kind === 'VulnerabilityReport' ? [cleanReport()] : [],
        },
      })),
    );
    const listed = index.outcome([deploymentIn('shop')]);
    expect(listed.unread).toEqual([]);
    expect(listed.reports.map(r => r.kind)).toEqual(['VulnerabilityReport']);

    const elsewhere = index.outcome([
      deploymentIn('shop'),
      deploymentIn('billing'),
    ]);
    expect(elsewhere.unread.map(u => [u.kind, u.reason])).toEqual(
      TRIVY_LIVE_KINDS.map(k => [k.kind, 'UNAVAILABLE']),
    );
    expect(elsewhere.unread[0].message).toContain("namespace 'billing'");
  });

  it("owns the reports of a CronJob's Jobs and a Deployment's ReplicaSets, not a look-alike's", () => {
    const owners = new ReportOwners([
      deploymentIn('shop'),
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'nightly', namespace: 'shop' },
        spec: {},
      } as KubernetesObject,
    ]);
    const report = (kind: string, name: string) =>
      cleanReport({ resource: { kind, name } });
    expect(
      owners.owns(
        report('ReplicaSet', `${TRIVY_WORKLOAD}-${POD_TEMPLATE_HASH}`),
      ),
    ).toBe(true);
    expect(owners.owns(report('Job', 'nightly-29012345'))).toBe(true);
    expect(owners.owns(report('Deployment', TRIVY_WORKLOAD))).toBe(true);
    // Another Deployment whose name starts like this one's, and a hash that is not one.
    expect(
      owners.owns(
        report('ReplicaSet', `${TRIVY_WORKLOAD}-v2-${POD_TEMPLATE_HASH}`),
      ),
    ).toBe(false);
    expect(owners.owns(report('ReplicaSet', `${TRIVY_WORKLOAD}-aaaaa`))).toBe(
      false,
    );
    expect(owners.owns(report('Job', 'nightly-manual'))).toBe(false);
    expect(owners.owns(cleanReport({ namespace: 'billing' }))).toBe(false);
  });
});
