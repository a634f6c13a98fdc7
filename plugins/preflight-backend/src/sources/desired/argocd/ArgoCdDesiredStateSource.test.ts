import { createServer, type AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  PreflightEnvironment,
  SourceState,
} from '@preflight/plugin-preflight-common';
import { DesiredStateError } from '@preflight/plugin-preflight-node';
import {
  ArgoCdApiSimulator,
  argoApplication,
  renderedDeployment,
  renderedService,
  sha,
  type SimulatedApplication,
} from '../../../__testUtils__/argocd';
import { ArgoCdDesiredStateSource, MAX_MANIFESTS } from '.';

const BASE_URL = 'https://argocd.example.test';
const TOKEN = 'argocd-api-token-3f9a1c07d2b84e65';
const PASSWORD = 's3cr3t-Passw0rd!';

const DEV: PreflightEnvironment = {
  name: 'dev',
  title: 'Development',
  namespace: 'payments-dev',
};
const STAGING: PreflightEnvironment = {
  name: 'staging',
  title: 'Staging',
  namespace: 'payments-stg',
};
const PRODUCTION: PreflightEnvironment = {
  name: 'production',
  title: 'Production',
  namespace: 'payments-prod',
};
const ENVIRONMENTS = [DEV, STAGING, PRODUCTION];

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function instanceConfig(extra: JsonObject = {}) {
  return { name: 'main', url: BASE_URL, token: TOKEN, ...extra };
}

function configOf(
  instances: JsonObject[] = [instanceConfig()],
  preflight: JsonObject = {},
) {
  return new ConfigReader({
    argocd: { appLocatorMethods: [{ type: 'config', instances }] },
    preflight: { argocd: preflight },
  });
}

function createSource(
  instances?: JsonObject[],
  preflight?: JsonObject,
  logger = mockServices.logger.mock(),
): ArgoCdDesiredStateSource {
  const source = ArgoCdDesiredStateSource.fromConfig(
    configOf(instances, preflight),
    { logger },
  );
  if (!source) throw new Error('expected a source');
  return source;
}

function read(
  source: ArgoCdDesiredStateSource,
  target: Entity,
  environment: PreflightEnvironment,
  timeoutMs = 5000,
): Promise<SourceState> {
  return source.read(target, environment, {
    signal: AbortSignal.timeout(timeoutMs),
  });
}

async function readError(
  source: ArgoCdDesiredStateSource,
  target: Entity,
  environment: PreflightEnvironment,
  timeoutMs = 5000,
): Promise<DesiredStateError> {
  try {
    await read(source, target, environment, timeoutMs);
  } catch (error) {
    expect(error).toBeInstanceOf(DesiredStateError);
    return error as DesiredStateError;
  }
  throw new Error('expected the read to fail');
}

/** The payments Application of one environment, with its rendered Deployment and Service. */
function paymentsApp(
  name: string,
  options: {
    labels?: Record<string, string>;
    namespace?: string;
    tag?: string;
  } & Partial<Parameters<typeof argoApplication>[0]> = {},
): SimulatedApplication {
  const namespace = options.namespace ?? name;
  const tag = options.tag ?? '1.4.2';
  return {
    application: argoApplication({ ...options, name, namespace }),
    manifests: [
      renderedDeployment(
        'payments',
        namespace,
        `registry.example.com/payments:${tag}`,
      ),
      renderedService('payments', namespace),
    ],
  };
}

/** A local port nothing listens on (one just released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

const SELECTOR_ENTITY = entity({ 'argocd/app-selector': 'team=payments' });

describe('ArgoCdDesiredStateSource', () => {
  const argocd = new ArgoCdApiSimulator();
  beforeAll(() => argocd.listen());
  afterEach(() => {
    argocd.reset();
    jest.restoreAllMocks();
  });
  afterAll(() => argocd.close());

  /** Three Applications selected by `team=payments`, one per environment by label, and another team's. */
  function threeEnvironments(options: { accounts?: boolean } = {}) {
    return argocd.addInstance({
      name: 'main',
      baseUrl: BASE_URL,
      tokens: [TOKEN],
      accounts: options.accounts
        ? [{ username: 'preflight', password: PASSWORD }]
        : [],
      applications: [
        paymentsApp('payments-a', {
          labels: { team: 'payments', environment: 'dev' },
          namespace: 'payments-dev',
          tag: '1.5.0-rc.1',
        }),
        paymentsApp('payments-b', {
          labels: { team: 'payments', environment: 'staging' },
          namespace: 'payments-stg',
          tag: '1.5.0-rc.1',
        }),
        paymentsApp('payments-c', {
          labels: { team: 'payments', environment: 'production' },
          namespace: 'payments-prod',
          tag: '1.4.2',
        }),
        paymentsApp('cart-production', {
          labels: { team: 'cart', environment: 'production' },
        }),
      ],
    });
  }

  describe('fromConfig', () => {
    it('is undefined when no Argo CD instance is configured', () => {
      const logger = mockServices.logger.mock();
      expect(
        ArgoCdDesiredStateSource.fromConfig(new ConfigReader({}), { logger }),
      ).toBeUndefined();
      expect(
        ArgoCdDesiredStateSource.fromConfig(
          new ConfigReader({ argocd: { appLocatorMethods: [] } }),
          { logger },
        ),
      ).toBeUndefined();
      expect(
        ArgoCdDesiredStateSource.fromConfig(
          new ConfigReader({
            argocd: { appLocatorMethods: [{ type: 'config', instances: [] }] },
          }),
          { logger },
        ),
      ).toBeUndefined();
    });

    it.each([
      [
        'a URL that is not one',
        [instanceConfig({ url: 'not a url' })],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].url': not a valid URL",
      ],
      [
        'a URL that is not http(s)',
        [instanceConfig({ url: 'ftp://argocd.example.test' })],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].url': expected an http(s) URL",
      ],
      [
        'no credentials',
        [{ name: 'main', url: BASE_URL }],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0]': expected a token, or a username and a password",
      ],
      [
        'a username without a password',
        [{ name: 'main', url: BASE_URL, username: 'preflight' }],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].password'",
      ],
      [
        'a token with a line break inside',
        [instanceConfig({ token: 'abc\ndef' })],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].token': contains a control character",
      ],
      [
        'a missing name',
        [{ url: BASE_URL, token: TOKEN }],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].name'",
      ],
      [
        'two instances with one name',
        [instanceConfig(), instanceConfig({ url: 'https://other.test' })],
        {},
        "Invalid config at 'argocd.appLocatorMethods[0].instances[1].name': duplicate instance name 'main'",
      ],
      [
        'an environment label that is not a label key',
        [instanceConfig()],
        { environmentLabel: 'not a label!' },
        "Invalid config at 'preflight.argocd.environmentLabel'",
      ],
      [
        'a concurrency out of range',
        [instanceConfig()],
        { concurrency: 0 },
        "Invalid config at 'preflight.argocd.concurrency': expected an integer between 1 and 64",
      ],
    ])('throws naming the key for %s', (_, instances, preflight, message) => {
      expect(() => createSource(instances, preflight)).toThrow(message);
    });

    it('throws naming the key for an unsupported locator type or a non-list', () => {
      const logger = mockServices.logger.mock();
      expect(() =>
        ArgoCdDesiredStateSource.fromConfig(
          new ConfigReader({
            argocd: { appLocatorMethods: [{ type: 'kubernetes' }] },
          }),
          { logger },
        ),
      ).toThrow(
        "Invalid config at 'argocd.appLocatorMethods[0].type': unsupported type \"kubernetes\"; only 'config' is supported",
      );
      expect(() =>
        ArgoCdDesiredStateSource.fromConfig(
          new ConfigReader({ argocd: { appLocatorMethods: 'main' } }),
          { logger },
        ),
      ).toThrow("Invalid config at 'argocd.appLocatorMethods'");
    });

    it('refuses credentials in the URL without repeating them', () => {
      expect(() =>
        createSource([
          instanceConfig({ url: `https://admin:${PASSWORD}@argocd.test` }),
        ]),
      ).toThrow(
        expect.objectContaining({
          message: expect.not.stringContaining(PASSWORD),
        }),
      );
      expect(() =>
        createSource([
          instanceConfig({ url: `https://admin:${PASSWORD}@argocd.test` }),
        ]),
      ).toThrow(
        "Invalid config at 'argocd.appLocatorMethods[0].instances[0].url'",
      );
    });

    it('logs the instances without their credentials', () => {
      const logger = mockServices.logger.mock();
      createSource(
        [
          instanceConfig(),
          {
            name: 'eu',
            url: 'https://eu.argocd.test/',
            username: 'preflight',
            password: PASSWORD,
          },
        ],
        {},
        logger,
      );
      const logged = JSON.stringify(logger.info.mock.calls);
      expect(logged).toContain("'main' (https://argocd.example.test)");
      expect(logged).toContain("'eu' (https://eu.argocd.test)");
      expect(logged).not.toContain(TOKEN);
      expect(logged).not.toContain(PASSWORD);
    });
  });

  describe('serves', () => {
    it('serves entities with argocd/app-name or argocd/app-selector only', () => {
      const source = createSource();
      expect(
        source.serves(entity({ 'argocd/app-name': 'payments-dev' }), DEV),
      ).toBe(true);
      expect(source.serves(SELECTOR_ENTITY, DEV)).toBe(true);
      expect(
        source.serves(entity({ 'argocd/instance-name': 'main' }), DEV),
      ).toBe(false);
      expect(source.serves(entity({ 'argocd/app-name': '  ' }), DEV)).toBe(
        false,
      );
      expect(
        source.serves(
          { ...SELECTOR_ENTITY, metadata: { name: 'x' } } as Entity,
          DEV,
        ),
      ).toBe(false);
    });
  });

  describe('reading with argocd/app-selector', () => {
    it('returns the rendered manifests of three Applications, one per environment by label', async () => {
      const main = threeEnvironments();
      const source = createSource();

      const [dev, staging, production] = await Promise.all(
        ENVIRONMENTS.map(env => read(source, SELECTOR_ENTITY, env)),
      );

      for (const [state, app, namespace, tag] of [
        [dev, 'payments-a', 'payments-dev', '1.5.0-rc.1'],
        [staging, 'payments-b', 'payments-stg', '1.5.0-rc.1'],
        [production, 'payments-c', 'payments-prod', '1.4.2'],
      ] as const) {
        expect(state.status).toBe('ok');
        expect(
          state.objects.map(
            o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`,
          ),
        ).toEqual([
          `Deployment/${namespace}/payments`,
          `Service/${namespace}/payments`,
        ]);
        expect(state.objects[0].spec.template.spec.containers[0].image).toBe(
          `registry.example.com/payments:${tag}`,
        );
        expect(state.location).toBe(`Argo CD main: application ${app}`);
        expect(state.origins).toEqual([
          { source: 'desired', location: `Argo CD main: application ${app}` },
          { source: 'desired', location: `Argo CD main: application ${app}` },
        ]);
        expect(state.renderer).toEqual({
          name: 'argocd',
          version: 'Kustomize',
          revision: sha(app),
        });
        expect(state.delivery).toEqual({
          tool: 'argocd',
          name: `Application ${app}`,
          sync: 'synced',
          health: 'healthy',
          targetRevision: sha(app),
          appliedRevision: sha(app),
          appliedAt: '2025-03-01T10:00:00Z',
          history: [
            {
              id: '1',
              revision: sha(app),
              deployedAt: '2025-03-01T10:00:00Z',
            },
          ],
          url: `${BASE_URL}/applications/${app}`,
        });
      }

      // One list for the three environments, then one manifests request per Application.
      expect(main.requestsTo('list')).toHaveLength(1);
      expect(main.requestsTo('list')[0].selector).toBe('team=payments');
      expect(main.requestsTo('get')).toHaveLength(0);
      expect(
        main
          .requestsTo('manifests')
          .map(r => r.application)
          .sort(),
      ).toEqual(['payments-a', 'payments-b', 'payments-c']);
      expect(main.requests.every(r => r.token === TOKEN)).toBe(true);
    });

    it('reuses the list for about 10 seconds, then lists again', async () => {
      const main = threeEnvironments();
      const source = createSource();
      for (const env of ENVIRONMENTS) {
        await read(source, SELECTOR_ENTITY, env);
      }
      expect(main.requestsTo('list')).toHaveLength(1);

      const now = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(now + 11_000);
      await read(source, SELECTOR_ENTITY, DEV);
      expect(main.requestsTo('list')).toHaveLength(2);
    });

    it('sends the selector as it is, encoded', async () => {
      const main = threeEnvironments();
      const source = createSource();
      const selector = 'team in (payments, billing),environment!=qa';
      const state = await read(
        source,
        entity({ 'argocd/app-selector': selector }),
        PRODUCTION,
      );
      expect(state.location).toBe('Argo CD main: application payments-c');
      expect(main.requestsTo('list')[0].selector).toBe(selector);
    });

    it('maps by destination namespace when no label names the environment', async () => {
      const main = argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-eu-1', {
            labels: { team: 'payments' },
            namespace: 'payments-dev',
          }),
          paymentsApp('payments-eu-2', {
            labels: { team: 'payments' },
            namespace: 'payments-stg',
          }),
          paymentsApp('payments-eu-3', {
            labels: { team: 'payments' },
            namespace: 'payments-prod',
          }),
        ],
      });
      const source = createSource();
      const states = await Promise.all(
        ENVIRONMENTS.map(env => read(source, SELECTOR_ENTITY, env)),
      );
      expect(states.map(s => s.location)).toEqual([
        'Argo CD main: application payments-eu-1',
        'Argo CD main: application payments-eu-2',
        'Argo CD main: application payments-eu-3',
      ]);
      expect(states.map(s => s.objects[0].metadata.namespace)).toEqual([
        'payments-dev',
        'payments-stg',
        'payments-prod',
      ]);
      expect(main.requestsTo('list')).toHaveLength(1);
    });

    it('maps by name suffix when neither label nor a single namespace does', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          // Both deploy to one namespace: the namespace rule does not decide.
          paymentsApp('payments-dev', {
            labels: { team: 'payments' },
            namespace: 'payments',
          }),
          paymentsApp('payments-staging', {
            labels: { team: 'payments' },
            namespace: 'payments',
          }),
          paymentsApp('payments-production', {
            labels: { team: 'payments' },
            namespace: 'payments',
          }),
        ],
      });
      const source = createSource();
      const environments = ENVIRONMENTS.map(env => ({
        ...env,
        namespace: 'payments',
      }));
      const states = await Promise.all(
        environments.map(env => read(source, SELECTOR_ENTITY, env)),
      );
      expect(states.map(s => s.location)).toEqual([
        'Argo CD main: application payments-dev',
        'Argo CD main: application payments-staging',
        'Argo CD main: application payments-production',
      ]);
    });

    it('uses the configured environment label', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-x', {
            labels: { team: 'payments', 'example.com/stage': 'production' },
          }),
          paymentsApp('payments-y', {
            labels: { team: 'payments', environment: 'production' },
          }),
        ],
      });
      const source = createSource(undefined, {
        environmentLabel: 'example.com/stage',
      });
      const state = await read(source, SELECTOR_ENTITY, {
        name: 'production',
        title: 'Production',
      });
      expect(state.location).toBe('Argo CD main: application payments-x');
    });

    it('is not-configured, saying how it maps, when no Application maps to the environment', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-a', {
            labels: { team: 'payments', environment: 'dev' },
            namespace: 'payments-dev',
          }),
        ],
      });
      const source = createSource();
      const state = await read(source, SELECTOR_ENTITY, PRODUCTION);
      expect(state).toEqual({
        status: 'not-configured',
        message:
          'No Argo CD Application of argocd/app-selector "team=payments" maps to production (by label environment=production, destination namespace payments-prod, name suffix -production; found payments-a on instance \'main\')',
        objects: [],
        location: 'Argo CD main',
      });

      const none = await read(
        source,
        entity({ 'argocd/app-selector': 'team=nobody' }),
        PRODUCTION,
      );
      expect(none.status).toBe('not-configured');
      expect(none.message).toContain('it matches no Application');
    });

    it('fails naming both Applications when two map to one environment', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-blue', {
            labels: { team: 'payments', environment: 'production' },
          }),
          paymentsApp('payments-green', {
            labels: { team: 'payments', environment: 'production' },
          }),
        ],
      });
      const error = await readError(
        createSource(),
        SELECTOR_ENTITY,
        PRODUCTION,
      );
      expect(error.reason).toBe('BAD_RESPONSE');
      expect(error.message).toBe(
        'Several Argo CD Applications of argocd/app-selector "team=payments" map to production by label environment=production: payments-blue, payments-green; make only one match (e.g. label environment=production on one of them)',
      );
    });
  });

  describe('reading with argocd/app-name', () => {
    it('reads the one Application once for every environment and maps it', async () => {
      const main = argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-production', { namespace: 'payments-prod' }),
        ],
      });
      const source = createSource();
      const target = entity({ 'argocd/app-name': 'payments-production' });
      const [dev, staging, production] = await Promise.all(
        ENVIRONMENTS.map(env => read(source, target, env)),
      );
      expect(production.status).toBe('ok');
      expect(production.location).toBe(
        'Argo CD main: application payments-production',
      );
      expect(dev.status).toBe('not-configured');
      expect(dev.message).toContain(
        'No Argo CD Application of argocd/app-name "payments-production" maps to dev',
      );
      expect(staging.status).toBe('not-configured');
      expect(main.requestsTo('get')).toHaveLength(1);
      expect(main.requestsTo('manifests')).toHaveLength(1);
    });

    it('is not-deployed when the Application renders no objects', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          {
            application: argoApplication({
              name: 'payments-production',
              sourceType: 'Directory',
            }),
            manifests: [],
          },
        ],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(state.status).toBe('not-deployed');
      expect(state.objects).toEqual([]);
      expect(state.renderer?.version).toBe('Directory');
      expect(state.delivery?.sync).toBe('synced');
    });

    it('reads from the instance named by argocd/instance-name', async () => {
      const main = argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
      });
      const eu = argocd.addInstance({
        name: 'eu',
        baseUrl: 'https://eu.argocd.test/argocd',
        tokens: ['eu-token-0123456789'],
        applications: [paymentsApp('payments-production')],
      });
      const source = createSource([
        instanceConfig(),
        {
          name: 'eu',
          url: 'https://eu.argocd.test/argocd/',
          token: 'eu-token-0123456789',
        },
      ]);
      const state = await read(
        source,
        entity({
          'argocd/app-name': 'payments-production',
          'argocd/instance-name': 'eu',
        }),
        PRODUCTION,
      );
      expect(state.status).toBe('ok');
      expect(state.location).toBe(
        'Argo CD eu: application payments-production',
      );
      expect(state.delivery?.url).toBe(
        'https://eu.argocd.test/argocd/applications/payments-production',
      );
      expect(main.requests).toHaveLength(0);
      expect(eu.requests.map(r => r.path)).toEqual([
        '/api/v1/applications/payments-production',
        '/api/v1/applications/payments-production/manifests',
      ]);
    });

    it('fails with NOT_FOUND naming the instance and the config key for an unknown instance', async () => {
      argocd.addInstance({ name: 'main', baseUrl: BASE_URL, tokens: [TOKEN] });
      const error = await readError(
        createSource(),
        entity({
          'argocd/app-name': 'payments-production',
          'argocd/instance-name': 'us-east',
        }),
        PRODUCTION,
      );
      expect(error.reason).toBe('NOT_FOUND');
      expect(error.message).toBe(
        'Argo CD instance "us-east" (argocd/instance-name) is not configured under argocd.appLocatorMethods (configured: main)',
      );
    });
  });

  describe('delivery status', () => {
    it('reports an out-of-sync Application with its target and applied revisions', async () => {
      const applied = sha('applied');
      const target = sha('target');
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-production', {
            sync: 'OutOfSync',
            revision: target,
            history: [
              { id: 4, revision: applied, deployedAt: '2025-02-20T12:00:00Z' },
            ],
            operationState: null,
            conditions: [
              {
                type: 'SyncError',
                message:
                  'Failed sync attempt to 9f1c: one or more synchronization tasks are not valid',
              },
            ],
          }),
        ],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(state.status).toBe('ok');
      expect(state.delivery).toMatchObject({
        sync: 'out-of-sync',
        health: 'healthy',
        targetRevision: target,
        appliedRevision: applied,
        appliedAt: '2025-02-20T12:00:00Z',
        message:
          'Failed sync attempt to 9f1c: one or more synchronization tasks are not valid',
      });
    });

    it('reports a degraded Application with its health message', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-production', {
            health: 'Degraded',
            healthMessage:
              'Deployment "payments" exceeded its progress deadline',
          }),
        ],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(state.delivery).toMatchObject({
        sync: 'synced',
        health: 'degraded',
        message: 'Deployment "payments" exceeded its progress deadline',
      });
    });

    it("prefers a failed operation's message, on one line and at most 500 characters", async () => {
      const long = `one or more objects failed to apply, reason: admission webhook "validate.example.com" denied the request:\n${'x'.repeat(
        800,
      )}`;
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-production', {
            sync: 'OutOfSync',
            health: 'Progressing',
            healthMessage: 'Waiting for rollout to finish',
            operationState: {
              phase: 'Failed',
              message: long,
              startedAt: '2025-03-02T08:00:00Z',
              finishedAt: '2025-03-02T08:00:09Z',
              syncResult: { revision: sha('new') },
            },
          }),
        ],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      const message = state.delivery?.message ?? '';
      expect(state.delivery?.health).toBe('progressing');
      expect(message).toHaveLength(500);
      expect(message.startsWith('one or more objects failed to apply')).toBe(
        true,
      );
      expect(message).not.toContain('\n');
      expect(message.endsWith('...')).toBe(true);
    });

    it('has no message when synced and healthy', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [paymentsApp('payments-production')],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(state.delivery?.message).toBeUndefined();
    });

    it('lists the history newest first, at most 20 records', async () => {
      const history = Array.from({ length: 25 }, (_, i) => ({
        id: i + 1,
        revision: sha(`r${i + 1}`),
        deployedAt: `2025-02-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
      }));
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          paymentsApp('payments-production', {
            history,
            revision: sha('r25'),
          }),
        ],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      const records = state.delivery?.history ?? [];
      expect(records).toHaveLength(20);
      expect(records[0]).toEqual({
        id: '25',
        revision: sha('r25'),
        deployedAt: '2025-02-25T10:00:00Z',
      });
      expect(records[19].id).toBe('6');
      expect(records.map(r => Number(r.id))).toEqual(
        [...records.map(r => Number(r.id))].sort((a, b) => b - a),
      );
      expect(state.delivery?.appliedRevision).toBe(sha('r25'));
      expect(state.delivery?.appliedAt).toBe('2025-02-25T10:00:00Z');
    });

    it('falls back to the sync result for the applied revision when there is no history', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [paymentsApp('payments-production', { history: [] })],
      });
      const state = await read(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(state.delivery).toMatchObject({
        appliedRevision: sha('payments-production'),
        appliedAt: '2025-03-01T10:00:00Z',
        history: [],
      });
    });
  });

  describe('authentication', () => {
    const passwordInstance = () =>
      instanceConfig({
        token: undefined,
        username: 'preflight',
        password: PASSWORD,
      });

    it('logs in with username and password once, and uses the session token', async () => {
      const main = threeEnvironments({ accounts: true });
      const source = createSource([passwordInstance()]);
      const states = await Promise.all(
        ENVIRONMENTS.map(env => read(source, SELECTOR_ENTITY, env)),
      );
      expect(states.map(s => s.status)).toEqual(['ok', 'ok', 'ok']);
      expect(main.requestsTo('session')).toHaveLength(1);
      const [session] = main.activeSessions;
      expect(
        main.requests
          .filter(r => r.endpoint !== 'session')
          .every(r => r.token === session),
      ).toBe(true);
    });

    it('logs in with argocd.username and argocd.password for an instance without credentials', async () => {
      const main = threeEnvironments({ accounts: true });
      const source = ArgoCdDesiredStateSource.fromConfig(
        new ConfigReader({
          argocd: {
            username: 'preflight',
            password: PASSWORD,
            appLocatorMethods: [
              { type: 'config', instances: [{ name: 'main', url: BASE_URL }] },
            ],
          },
        }),
        { logger: mockServices.logger.mock() },
      );
      const state = await read(source!, SELECTOR_ENTITY, DEV);
      expect(state.status).toBe('ok');
      expect(main.requestsTo('session')).toHaveLength(1);
    });

    it('logs in again once when the session expired', async () => {
      const main = threeEnvironments({ accounts: true });
      const source = createSource([passwordInstance()]);
      await read(source, SELECTOR_ENTITY, DEV);
      main.expireSessions();

      const state = await read(source, SELECTOR_ENTITY, PRODUCTION);
      expect(state.status).toBe('ok');
      expect(main.requestsTo('session')).toHaveLength(2);
      // The manifests request was refused with the expired session, then repeated.
      expect(
        main.requestsTo('manifests').map(r => [r.application, r.status]),
      ).toEqual([
        ['payments-a', 200],
        ['payments-c', 401],
        ['payments-c', 200],
      ]);
    });

    it('fails with UNAUTHORIZED, without the password, when the login is refused', async () => {
      threeEnvironments({ accounts: true });
      const error = await readError(
        createSource([
          instanceConfig({
            token: undefined,
            username: 'preflight',
            password: 'wrong-password',
          }),
        ]),
        SELECTOR_ENTITY,
        DEV,
      );
      expect(error.reason).toBe('UNAUTHORIZED');
      expect(error.message).toBe(
        "Argo CD instance 'main' rejected the username and password configured under argocd.appLocatorMethods (401: Invalid username or password)",
      );
      expect(error.message).not.toContain('wrong-password');
    });

    it('fails with UNAUTHORIZED for an expired token (401), without the token', async () => {
      const main = threeEnvironments();
      main.revokeToken(TOKEN);
      const error = await readError(createSource(), SELECTOR_ENTITY, DEV);
      expect(error.reason).toBe('UNAUTHORIZED');
      expect(error.message).toBe(
        "Argo CD instance 'main' rejected the credentials configured under argocd.appLocatorMethods while reading the applications matching selector 'team=payments' (401: invalid session: token has invalid claims: token is expired); the token may have expired or been revoked",
      );
      expect(error.message).not.toContain(TOKEN);
      // A static token is not retried.
      expect(main.requests).toHaveLength(1);
    });

    it('never repeats a token Argo CD echoes in an error', async () => {
      const main = threeEnvironments();
      main.setFaults([
        {
          endpoint: 'list',
          status: 500,
          message: `internal error: cannot verify ${TOKEN} (jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwcmVmbGlnaHQifQ.c2lnbmF0dXJl)`,
        },
      ]);
      const error = await readError(createSource(), SELECTOR_ENTITY, DEV);
      expect(error.reason).toBe('BAD_RESPONSE');
      expect(error.message).not.toContain(TOKEN);
      expect(error.message).not.toContain('eyJhbGciOiJIUzI1NiJ9');
      expect(error.message).toContain('internal error: cannot verify ***');
    });
  });

  describe('errors', () => {
    it('fails with FORBIDDEN when project RBAC denies the Application (403)', async () => {
      argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: [
          {
            ...paymentsApp('payments-production', { project: 'payments' }),
            forbidden: true,
          },
        ],
      });
      const error = await readError(
        createSource(),
        entity({ 'argocd/app-name': 'payments-production' }),
        PRODUCTION,
      );
      expect(error.reason).toBe('FORBIDDEN');
      expect(error.message).toBe(
        "Argo CD instance 'main' denied reading application 'payments-production' (403: permission denied: applications, get, payments/payments-production, sub: preflight, iat: 2025-03-01T09:00:00Z); the account needs 'get' permission on applications of the application's project",
      );
    });

    it('fails with NOT_FOUND naming the Application and the instance for an unknown Application (404)', async () => {
      argocd.addInstance({ name: 'main', baseUrl: BASE_URL, tokens: [TOKEN] });
      const error = await readError(
        createSource(),
        entity({ 'argocd/app-name': 'payments-unknown' }),
        PRODUCTION,
      );
      expect(error.reason).toBe('NOT_FOUND');
      expect(error.message).toBe(
        "Argo CD instance 'main' has no application 'payments-unknown' (404: applications.argoproj.io \"payments-unknown\" not found)",
      );
    });

    it.each([
      [429, 'RATE_LIMITED'],
      [500, 'BAD_RESPONSE'],
      [503, 'BAD_RESPONSE'],
    ] as const)('maps %s to %s', async (status, reason) => {
      const main = threeEnvironments();
      main.setFaults([
        { endpoint: 'list', status, message: 'something went wrong' },
      ]);
      const error = await readError(createSource(), SELECTOR_ENTITY, DEV);
      expect(error.reason).toBe(reason);
      expect(error.message).toContain(`${status}: something went wrong`);
    });

    it('fails with RENDER_FAILED when Argo CD cannot generate the manifests', async () => {
      const main = threeEnvironments();
      main.setFaults([{ endpoint: 'manifests', status: 500 }]);
      const error = await readError(createSource(), SELECTOR_ENTITY, DEV);
      expect(error.reason).toBe('RENDER_FAILED');
      expect(error.message).toContain(
        "Argo CD instance 'main' could not render the manifests of application 'payments-a' (500: rpc error: code = Unknown desc = Manifest generation error (cached)",
      );
    });

    it('fails with BAD_RESPONSE for invalid JSON, and for manifests that are not objects', async () => {
      const main = threeEnvironments();
      main.setFaults([
        { endpoint: 'list', body: '{"items": [', times: 1 },
        {
          endpoint: 'manifests',
          body: JSON.stringify({
            manifests: [
              JSON.stringify(renderedService('payments', 'payments-dev')),
              '{"apiVersion": "v1", "kind": "Secret", "data": {"password": "aHVudGVyMg=="',
            ],
          }),
        },
      ]);
      const source = createSource();
      const invalidList = await readError(source, SELECTOR_ENTITY, DEV);
      expect(invalidList.reason).toBe('BAD_RESPONSE');
      expect(invalidList.message).toBe(
        "Argo CD instance 'main' answered badly: the applications matching selector 'team=payments': the answer is not valid JSON",
      );

      const invalidManifest = await readError(source, SELECTOR_ENTITY, DEV);
      expect(invalidManifest.reason).toBe('BAD_RESPONSE');
      expect(invalidManifest.message).toBe(
        'Argo CD application payments-a: manifest 2 of 2 is not the JSON of an object',
      );
      expect(invalidManifest.message).not.toContain('aHVudGVyMg');
    });

    it(`refuses more than ${MAX_MANIFESTS} manifests and answers larger than 10 MiB`, async () => {
      const main = threeEnvironments();
      const service = JSON.stringify(
        renderedService('payments', 'payments-dev'),
      );
      main.setFaults([
        {
          endpoint: 'manifests',
          application: 'payments-a',
          body: JSON.stringify({
            manifests: Array.from({ length: MAX_MANIFESTS + 1 }, () => service),
          }),
        },
        {
          endpoint: 'manifests',
          application: 'payments-b',
          body: JSON.stringify({
            manifests: [service],
            padding: 'x'.repeat(10 * 1024 * 1024),
          }),
        },
      ]);
      const source = createSource();
      const tooMany = await readError(source, SELECTOR_ENTITY, DEV);
      expect(tooMany.reason).toBe('BAD_RESPONSE');
      expect(tooMany.message).toBe(
        `Argo CD application payments-a renders ${
          MAX_MANIFESTS + 1
        } manifests (at most ${MAX_MANIFESTS})`,
      );
      const tooLarge = await readError(source, SELECTOR_ENTITY, STAGING);
      expect(tooLarge.reason).toBe('BAD_RESPONSE');
      expect(tooLarge.message).toBe(
        "Argo CD instance 'main' answered badly: the manifests of application 'payments-b': the answer is larger than 10485760 bytes",
      );
    });

    it('fails with UNREACHABLE when nothing listens on the port', async () => {
      const url = `http://127.0.0.1:${await closedPort()}`;
      const error = await readError(
        createSource([instanceConfig({ url })]),
        SELECTOR_ENTITY,
        DEV,
      );
      expect(error.reason).toBe('UNREACHABLE');
      expect(error.message).toBe(
        `Argo CD instance 'main' (${url}) is unreachable while reading the applications matching selector 'team=payments' (ECONNREFUSED)`,
      );
    });

    it('fails with TIMEOUT at the deadline when Argo CD is slow', async () => {
      const main = threeEnvironments();
      main.setFaults([{ endpoint: 'manifests', delayMs: 3000 }]);
      const started = Date.now();
      const error = await readError(createSource(), SELECTOR_ENTITY, DEV, 300);
      const elapsed = Date.now() - started;
      expect(error.reason).toBe('TIMEOUT');
      expect(error.message).toBe(
        "Argo CD instance 'main' did not answer in time while reading the manifests of application 'payments-a'",
      );
      expect(elapsed).toBeGreaterThanOrEqual(250);
      // Far below the 3 s answer it gave up on, with room for a loaded machine.
      expect(elapsed).toBeLessThan(2500);
    });

    it('fails with TIMEOUT at the deadline when Argo CD never answers, and the next read lists again', async () => {
      const main = threeEnvironments();
      main.setFaults([{ endpoint: 'list', hang: true, times: 1 }]);
      const source = createSource();
      const started = Date.now();
      const error = await readError(source, SELECTOR_ENTITY, DEV, 200);
      expect(error.reason).toBe('TIMEOUT');
      expect(Date.now() - started).toBeLessThan(4000);

      const state = await read(source, SELECTOR_ENTITY, DEV);
      expect(state.status).toBe('ok');
      expect(main.requestsTo('list')).toHaveLength(2);
    });

    it('keeps at most the configured number of requests in flight per instance', async () => {
      const apps = Array.from({ length: 8 }, (_, i) =>
        paymentsApp(`svc-${i}-production`),
      );
      const main = argocd.addInstance({
        name: 'main',
        baseUrl: BASE_URL,
        tokens: [TOKEN],
        applications: apps,
        delayMs: 30,
      });
      const source = createSource(undefined, { concurrency: 2 });
      const states = await Promise.all(
        apps.map((_, i) =>
          read(
            source,
            entity({ 'argocd/app-name': `svc-${i}-production` }),
            PRODUCTION,
          ),
        ),
      );
      expect(states.every(s => s.status === 'ok')).toBe(true);
      expect(main.requests).toHaveLength(16);
      expect(main.maxInFlight).toBe(2);
    });
  });

  describe('annotations', () => {
    beforeEach(() => {
      argocd.addInstance({ name: 'main', baseUrl: BASE_URL, tokens: [TOKEN] });
    });

    it.each([
      [
        'an app name that is not one',
        { 'argocd/app-name': '../../api/v1/session' },
        'argocd/app-name "../../api/v1/session" is not an Application name',
      ],
      [
        'a control character',
        { 'argocd/app-name': 'payments\u0000dev' },
        'argocd/app-name "payments\\u0000dev" contains a control character',
      ],
      [
        'a value longer than 2048 characters',
        { 'argocd/app-selector': `team=${'a'.repeat(2050)}` },
        'argocd/app-selector is longer than 2048 characters',
      ],
      [
        'a selector with characters selectors do not have',
        { 'argocd/app-selector': 'team=payments&project=*' },
        'argocd/app-selector "team=payments&project=*" is not a label selector',
      ],
      [
        'an instance name with a control character',
        { 'argocd/app-name': 'payments', 'argocd/instance-name': 'ma\u0007in' },
        'argocd/instance-name "ma\\u0007in" contains a control character',
      ],
    ])('rejects %s without a request', async (_, annotations, message) => {
      const error = await readError(createSource(), entity(annotations), DEV);
      expect(error.reason).toBe('BAD_RESPONSE');
      expect(error.message).toContain(message);
      expect(argocd.requests).toHaveLength(0);
    });
  });
});
