import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  type LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { notificationService } from '@backstage/plugin-notifications-node';
import { sanitizeObject } from '@preflight/plugin-preflight-common';
import request from 'supertest';
import yaml from 'yaml';
import { CANARY_PATTERN, canaryObjects } from './__testUtils__/canaries';
import {
  exposedSecretReport,
  SECRET_CANARY,
  trivyWorkload,
} from './__testUtils__/kubernetes/trivy';
import { examplesDir, startDemoBackend } from './__testUtils__/demoEstate';
import { KubernetesApiSimulator } from './__testUtils__/kubernetes';

/*
 * No secret gets out: a component whose manifests and cluster objects hide a unique canary in
 * every place a credential hides in practice, read through both sources and every route, with
 * every log line at debug level and every notification collected — zero canaries out.
 */
jest.setTimeout(60_000);

const NUMERIC_SECRETS = ['40417', '1234567'];

function leaks(text: string): string[] {
  const found = [
    ...(text.match(new RegExp(CANARY_PATTERN.source, 'g')) ?? []),
    ...NUMERIC_SECRETS.filter(n => text.includes(n)),
  ];
  return [...new Set(found)];
}

describe('sanitizeObject on the canary corpus', () => {
  it('lets no canary out and keeps what is not sensitive', () => {
    const out = JSON.stringify(canaryObjects().map(sanitizeObject));
    expect(leaks(out)).toEqual([]);
    for (const kept of [
      '"LOG_LEVEL","value":"info"',
      'server.port=8080',
      '"level\\": \\"info\\"',
      'cache:6379',
      'ghcr.io/acme/vault-app:1.2.3',
      '"LOG_LEVEL":"debug"',
    ]) {
      expect(out).toContain(kept);
    }
  });
});

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe('every source and every route', () => {
  const k8s = new KubernetesApiSimulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-canaries-'));
  const ID = 'vault-app';
  const labelled = canaryObjects({ 'backstage.io/kubernetes-id': ID });

  beforeAll(() => {
    for (const env of ['dev', 'staging', 'production']) {
      fs.mkdirSync(path.join(dir, 'deploy', env), { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'deploy', env, 'all.yaml'),
        labelled.map(o => yaml.stringify(o)).join('---\n'),
      );
    }
    k8s.listen();
  });
  afterEach(() => k8s.reset());
  afterAll(() => {
    k8s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(databases.eachSupportedId())(
    'returns, records, logs and notifies no canary, on %p',
    async databaseId => {
      expect(SECRET_CANARY).toMatch(CANARY_PATTERN);
      const knex = await databases.init(databaseId);
      k8s.addCluster({
        name: 'dev',
        baseUrl: 'https://dev.canary.test',
        objects: [
          ...labelled.filter(o =>
            ['Deployment', 'Secret', 'ConfigMap'].includes(o.kind),
          ),
          // A workload whose image holds a secret, as the Trivy Operator reports it: the
          // report's `match` is a canary too (asserted below).
          ...trivyWorkload().map(o => ({
            ...o,
            metadata: {
              ...o.metadata,
              labels: {
                ...o.metadata.labels,
                'backstage.io/kubernetes-id': ID,
              },
            },
          })),
          exposedSecretReport(),
        ],
        customResourceGroups: ['aquasecurity.github.io'],
      });
      const lines: unknown[] = [];
      const logger: LoggerService = {
        error: (...args) => void lines.push(args),
        warn: (...args) => void lines.push(args),
        info: (...args) => void lines.push(args),
        debug: (...args) => void lines.push(args),
        child: () => logger,
      };
      const notifications: unknown[] = [];
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: ID,
          namespace: 'default',
          annotations: {
            'backstage.io/managed-by-location': `file:${dir}/entities.yaml`,
            'backstage.io/kubernetes-id': ID,
            'preflight.dev/manifests': './deploy/{env}',
            'preflight.dev/required-env': 'DB_PASS',
          },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
        relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
      };
      const { server } = await startDemoBackend({
        entities: [entity],
        preflight: {
          desired: { localRoots: [examplesDir, dir] },
          environments: [
            { name: 'dev', title: 'Development', cluster: 'dev-cluster' },
            { name: 'staging', title: 'Staging' },
            { name: 'production', title: 'Production' },
          ],
        },
        config: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: 'dev-cluster',
                    url: 'https://dev.canary.test',
                    authProvider: 'serviceAccount',
                    serviceAccountToken: 'canary-test-token',
                  },
                ],
              },
            ],
          },
        },
        features: [
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: coreServices.logger,
            deps: {},
            factory: () => logger,
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({
              send: async (n: unknown) => void notifications.push(n),
            }),
          }),
        ],
      });

      const base = `/api/preflight/entities/component/default/${ID}`;
      const get = async (url: string) => {
        const res = await request(server)
          .get(url)
          .set('authorization', mockCredentials.user.header());
        expect(res.status).toBe(200);
        return res;
      };
      const environments = await get(`${base}/environments`);
      // the sources did read the objects: live in dev, desired everywhere
      const states = environments.body.environments;
      expect(states[0].live.status).toBe('ok');
      expect(states[0].live.objects.length).toBeGreaterThan(0);
      expect(
        states[0].live.objects.filter(
          (o: any) => o.kind === 'ExposedSecretReport',
        ),
      ).toHaveLength(1);
      expect(states.map((s: any) => s.desired.status)).toEqual([
        'ok',
        'ok',
        'ok',
      ]);
      const responses = [
        environments.text,
        (await get(`${base}/parity`)).text,
        (await get(`${base}/readiness?refresh=true`)).text,
        (await get(`${base}/readiness`)).text,
        (await get(`${base}/history`)).text,
        (await get(`/api/preflight/readiness?limit=500`)).text,
      ];
      // every object of dev, read on its own in full
      for (const source of ['live', 'desired']) {
        for (const o of states[0][source].objects) {
          const ns = o.metadata.namespace
            ? `?objectNamespace=${o.metadata.namespace}`
            : '';
          const url = `${base}/environments/dev/objects/${source}/${o.kind}/${o.metadata.name}${ns}`;
          responses.push((await get(url)).text);
        }
      }
      expect(responses.length).toBeGreaterThan(8);
      for (const text of responses) expect(leaks(text)).toEqual([]);
      // ConfigMap values are digests unless allow-listed (none is here)
      const configMap = states[0].live.objects.find(
        (o: any) => o.kind === 'ConfigMap',
      );
      expect(configMap.data.LOG_LEVEL).toMatch(/^sha256:[0-9a-f]{16}$/);
      expect(configMap.data.API_TOKEN).toBe('••••••');
      expect(leaks(JSON.stringify(lines))).toEqual([]);
      expect(leaks(JSON.stringify(notifications))).toEqual([]);
    },
  );
});
