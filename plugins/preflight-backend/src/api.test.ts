import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  type EvaluatePermissionRequest,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import {
  preflightReadPermission,
  preflightRefreshPermission,
  preflightWaiverManagePermission,
} from '@preflight/plugin-preflight-common';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { notificationService } from '@backstage/plugin-notifications-node';
import request from 'supertest';
import { startDemoBackend } from './__testUtils__/demoEstate';

/*
 * The readiness API over HTTP, on the demo estate: waivers, history, the catalog-wide overview,
 * and the permissions of each route — as a pipeline or the frontend calls them.
 */
jest.setTimeout(60_000);

const user = () => mockCredentials.user.header();
const entityPath = (name: string) =>
  `/api/preflight/entities/component/default/${name}`;
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();

/** A permission policy as a function of the permission and the entity. */
type Policy = (permission: string, resourceRef?: string) => AuthorizeResult;

function permissionsWith(policy: Policy, conditional = () => false) {
  return mockServices.permissions.mock({
    async authorize(requests: EvaluatePermissionRequest[]) {
      return requests.map(r => ({
        result: policy(
          r.permission.name,
          'resourceRef' in r ? (r.resourceRef as string) : undefined,
        ) as AuthorizeResult.ALLOW | AuthorizeResult.DENY,
      }));
    },
    async authorizeConditional(
      requests: QueryPermissionRequest[],
    ): Promise<QueryPermissionResponse[]> {
      return requests.map(
        (r): QueryPermissionResponse =>
          conditional()
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: ['group:default/catalog-team'] },
                },
              }
            : {
                result: policy(r.permission.name) as
                  | AuthorizeResult.ALLOW
                  | AuthorizeResult.DENY,
              },
      );
    },
  });
}

async function start(policy: Policy = () => AuthorizeResult.ALLOW) {
  const permissions = permissionsWith(policy);
  const { server } = await startDemoBackend({
    features: [permissions.factory],
  });
  return { server, permissions };
}

/** A valid waiver of payments-api's failing health checks in production, for a week. */
const waiverOfHealthChecks = () => ({
  environment: 'production',
  checkId: 'health-checks',
  justification: 'Readiness probe lands in 1.12.1, tracked in PAY-123',
  expiresAt: inDays(7),
});

/** payments-api's verdict in one environment and its `health-checks` result there. */
async function paymentsHealth(server: any, environment: string) {
  const res = await request(server)
    .get(`${entityPath('payments-api')}/readiness?environment=${environment}`)
    .set('authorization', user());
  expect(res.status).toBe(200);
  const [result] = res.body.environments;
  return {
    verdict: result.verdict,
    check: result.checks.find((c: any) => c.id === 'health-checks'),
  };
}

describe('waivers', () => {
  it('waives a failing check until it expires, shows it in the result, then removes it', async () => {
    const { server } = await start();
    const before = await paymentsHealth(server, 'production');
    expect(before.check.status).toBe('fail');
    expect(before.verdict).toBe('not-ready');

    const expiresAt = inDays(7);
    const created = await request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({ ...waiverOfHealthChecks(), expiresAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entityRef: 'component:default/payments-api',
      environment: 'production',
      checkId: 'health-checks',
      expiresAt,
      createdBy: 'user:default/mock',
    });

    const listed = await request(server)
      .get(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user());
    expect(listed.body.items.map((w: any) => w.id)).toEqual([created.body.id]);

    const after = await paymentsHealth(server, 'production');
    // the result stays what it is, with the waiver beside it
    expect(after.check.status).toBe('fail');
    expect(after.check.waiver).toMatchObject({ id: created.body.id });
    // dev is untouched: a waiver is for one environment
    expect((await paymentsHealth(server, 'dev')).check.waiver).toBeUndefined();

    const removed = await request(server)
      .delete(`${entityPath('payments-api')}/waivers/${created.body.id}`)
      .set('authorization', user());
    expect(removed.status).toBe(204);
    const again = await request(server)
      .delete(`${entityPath('payments-api')}/waivers/${created.body.id}`)
      .set('authorization', user());
    expect(again.status).toBe(404);
    const empty = await request(server)
      .get(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user());
    expect(empty.body.items).toEqual([]);
  });

  it.each([
    [
      'no justification',
      { justification: '   ' },
      "Field 'justification' is required",
    ],
    [
      'a past expiry',
      { expiresAt: '2020-01-01T00:00:00.000Z' },
      "Field 'expiresAt' must be in the future",
    ],
    [
      'an expiry beyond the maximum',
      { expiresAt: inDays(400) },
      "Field 'expiresAt' must be at most 90 days ahead",
    ],
    [
      'an unknown check',
      { checkId: 'no-such-check' },
      "Unknown check 'no-such-check' in field 'checkId'",
    ],
    [
      'an unknown environment',
      { environment: 'qa' },
      "Invalid environment 'qa' in parameter 'environment'",
    ],
  ])(
    'rejects a waiver with %s: 400 naming the field, nothing stored',
    async (_, change, message) => {
      const { server } = await start();
      const res = await request(server)
        .post(`${entityPath('payments-api')}/waivers`)
        .set('authorization', user())
        .send({ ...waiverOfHealthChecks(), ...change });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
      const listed = await request(server)
        .get(`${entityPath('payments-api')}/waivers`)
        .set('authorization', user());
      expect(listed.body.items).toEqual([]);
    },
  );

  it('rejects a body without the required fields, naming them', async () => {
    const { server } = await start();
    const res = await request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({ environment: 'production', checkId: 'health-checks' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/justification/);
  });

  it('needs the waiver permission: 403, and the input is not even looked at', async () => {
    const { server } = await start(permission =>
      permission === preflightWaiverManagePermission.name
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    const res = await request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({
        environment: 'production',
        checkId: 'no-such-check',
        justification: 'x',
        expiresAt: inDays(7),
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      preflightWaiverManagePermission.name,
    );
    // reading is still allowed
    const read = await request(server)
      .get(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user());
    expect(read.status).toBe(200);
  });
});

describe('readiness, refresh and history', () => {
  it('records history only on refresh, newest first, per environment', async () => {
    const { server } = await start();
    const history = async (query = '') =>
      (
        await request(server)
          .get(`${entityPath('cart-service')}/history${query}`)
          .set('authorization', user())
      ).body.items;

    await request(server)
      .get(`${entityPath('cart-service')}/readiness`)
      .set('authorization', user())
      .expect(200);
    expect(await history()).toEqual([]);

    for (let i = 0; i < 2; i++) {
      await request(server)
        .get(`${entityPath('cart-service')}/readiness?refresh=true`)
        .set('authorization', user())
        .expect(200);
    }
    const dev = await history('?environment=dev');
    expect(dev).toHaveLength(2);
    expect(dev.every((h: any) => h.environment === 'dev')).toBe(true);
    expect(dev[0].verdict).toBe('not-ready');
    expect(dev[0].failing).toContain('image-tagged');
    expect(Date.parse(dev[0].evaluatedAt)).toBeGreaterThanOrEqual(
      Date.parse(dev[1].evaluatedAt),
    );
    expect(await history()).toHaveLength(6);
  });

  it('notifies the owner when a refresh finds an environment no longer ready', async () => {
    const send = jest.fn(async () => {});
    const { server } = await startDemoBackend({
      features: [
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send }),
        }),
      ],
    });
    const production = async () => {
      const res = await request(server)
        .get(
          `${entityPath(
            'payments-api',
          )}/readiness?environment=production&refresh=true`,
        )
        .set('authorization', user());
      return res.body.environments[0];
    };
    // waive what keeps payments-api from being ready in production, record it ready
    const blocking = (await production()).checks.filter(
      (c: any) =>
        c.severity === 'blocking' && ['fail', 'unknown'].includes(c.status),
    );
    expect(blocking.map((c: any) => c.id)).toContain('health-checks');
    const waivers = [];
    for (const check of blocking) {
      const res = await request(server)
        .post(`${entityPath('payments-api')}/waivers`)
        .set('authorization', user())
        .send({ ...waiverOfHealthChecks(), checkId: check.id });
      expect(res.status).toBe(201);
      waivers.push(res.body.id);
    }
    expect((await production()).verdict).toBe('ready');
    expect(send).not.toHaveBeenCalled();

    // the health-checks waiver goes: the next refresh is a regression, and the owner hears of it
    const healthWaiver =
      waivers[blocking.findIndex((c: any) => c.id === 'health-checks')];
    await request(server)
      .delete(`${entityPath('payments-api')}/waivers/${healthWaiver}`)
      .set('authorization', user())
      .expect(204);
    expect((await production()).verdict).toBe('not-ready');
    expect(send).toHaveBeenCalledTimes(1);
    expect(send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'group:default/checkout-team' },
      payload: expect.objectContaining({
        title: 'Payments API is no longer ready for production',
        description: 'production: Health checks',
        link: '/catalog/default/component/payments-api/deploy-readiness',
        topic: 'preflight-readiness',
      }),
    });
  });

  it('needs the refresh permission to re-evaluate, not to read', async () => {
    const { server } = await start(permission =>
      permission === preflightRefreshPermission.name
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    );
    await request(server)
      .get(`${entityPath('cart-service')}/readiness`)
      .set('authorization', user())
      .expect(200);
    const res = await request(server)
      .get(`${entityPath('cart-service')}/readiness?refresh=true`)
      .set('authorization', user());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(preflightRefreshPermission.name);
  });

  it.each([
    [
      'a kind with a slash',
      '/api/preflight/entities/comp%2Fonent/default/x/readiness',
    ],
    [
      'a name with a colon',
      '/api/preflight/entities/component/default/a%3Ab/readiness',
    ],
    [
      'a namespace with spaces',
      '/api/preflight/entities/component/de%20fault/x/readiness',
    ],
  ])('answers 400 for a malformed entity ref (%s)', async (_, url) => {
    const { server } = await start();
    const res = await request(server).get(url).set('authorization', user());
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
  });

  it('answers 404 for an entity the catalog does not have, and 400 for an unknown environment', async () => {
    const { server } = await start();
    const missing = await request(server)
      .get(`${entityPath('no-such-service')}/readiness`)
      .set('authorization', user());
    expect(missing.status).toBe(404);
    const env = await request(server)
      .get(`${entityPath('cart-service')}/readiness?environment=qa`)
      .set('authorization', user());
    expect(env.status).toBe(400);
    expect(env.body.error.message).toContain("parameter 'environment'");
  });
});

describe('the catalog-wide overview', () => {
  const demo = ['checkout-api', 'cart-service', 'payments-api', 'catalog-web'];

  async function recordAll(server: any) {
    for (const name of demo) {
      await request(server)
        .get(`${entityPath(name)}/readiness?refresh=true`)
        .set('authorization', user())
        .expect(200);
    }
  }

  it('counts and lists every entity and environment, filtered and paged', async () => {
    const { server } = await start();
    await recordAll(server);
    const all = await request(server)
      .get('/api/preflight/readiness')
      .set('authorization', user());
    expect(all.status).toBe(200);
    expect(all.body.totalCount).toBe(12);
    expect(all.body.items).toHaveLength(12);
    const sum = Object.values(all.body.counts as Record<string, number>).reduce(
      (a, b) => a + b,
      0,
    );
    expect(sum).toBe(12);
    // the ready component is ready everywhere
    expect(
      all.body.items
        .filter((i: any) => i.name === 'checkout-api')
        .map((i: any) => i.verdict),
    ).toEqual(['ready', 'ready', 'ready']);

    const failing = await request(server)
      .get('/api/preflight/readiness?failingCheck=image-tagged&environment=dev')
      .set('authorization', user());
    expect(failing.body.items.map((i: any) => i.name)).toEqual([
      'cart-service',
    ]);

    const page = await request(server)
      .get('/api/preflight/readiness?limit=5&offset=10')
      .set('authorization', user());
    expect(page.body.totalCount).toBe(12);
    expect(page.body.items).toHaveLength(2);
  });

  it('rejects a malformed query with 400 naming the parameter', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/preflight/readiness?limit=lots')
      .set('authorization', user());
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('limit');
  });

  it('under an owner-only policy, lists and counts only what the caller may read, pages full', async () => {
    // everything is recorded first; then the caller only owns catalog-web
    let restricted = false;
    const permissions = permissionsWith(
      (_permission, resourceRef) =>
        !restricted || resourceRef === 'component:default/catalog-web'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      () => restricted,
    );
    const { server } = await startDemoBackend({
      features: [permissions.factory],
    });
    await recordAll(server);
    restricted = true;

    const res = await request(server)
      .get('/api/preflight/readiness?limit=2')
      .set('authorization', user());
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(3);
    expect(
      Object.values(res.body.counts as Record<string, number>).reduce(
        (a, b) => a + b,
        0,
      ),
    ).toBe(3);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.every((i: any) => i.name === 'catalog-web')).toBe(
      true,
    );
    // the conditional decision was resolved per entity, in one batch
    expect(permissions.authorize).toHaveBeenCalledWith(
      expect.arrayContaining([
        {
          permission: preflightReadPermission,
          resourceRef: 'component:default/catalog-web',
        },
      ]),
      expect.anything(),
    );
  });

  it('lists nothing to a caller denied the read permission', async () => {
    const { server } = await start(() => AuthorizeResult.DENY);
    const res = await request(server)
      .get('/api/preflight/readiness')
      .set('authorization', user());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      items: [],
      totalCount: 0,
      counts: { ready: 0, 'not-ready': 0, unknown: 0 },
    });
  });
});
