import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { AuditorServiceCreateEventOptions } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { preflightWaiverManagePermission } from '@preflight/plugin-preflight-common';
import request from 'supertest';
import { startDemoBackend } from './__testUtils__/demoEstate';

/*
 * Waiver changes and manual refreshes are events of Backstage's auditor service: who (the
 * request), what (entity, environment, check, waiver) and why (the justification).
 */
jest.setTimeout(60_000);

const user = () => mockCredentials.user.header();
const entityPath = (name: string) =>
  `/api/preflight/entities/component/default/${name}`;
const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString();
const justification = 'Readiness probe lands in 1.12.1, tracked in PAY-123';

type Recorded = {
  eventId: string;
  severityLevel?: string;
  user?: string;
  meta?: unknown;
  outcome?: { success?: unknown; fail?: string };
};

async function start(deny?: string) {
  const events: Recorded[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async (options: AuditorServiceCreateEventOptions) => {
      const event: Recorded = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        user: options.request?.headers.authorization
          ? 'with-credentials'
          : undefined,
        meta: options.meta,
      };
      events.push(event);
      return {
        success: jest.fn(async (o?: { meta?: unknown }) => {
          event.outcome = { success: o?.meta ?? {} };
        }),
        fail: jest.fn(async (o: { error: Error }) => {
          event.outcome = { fail: o.error.message };
        }),
      };
    }),
  });
  const permissions = mockServices.permissions.mock({
    async authorize(requests: any[]) {
      return requests.map(r => ({
        result:
          r.permission.name === deny
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any;
    },
  });
  const { server } = await startDemoBackend({
    features: [auditor.factory, permissions.factory],
  });
  return { server, events };
}

describe('audit events', () => {
  it('records creating and deleting a waiver: who, what and the justification', async () => {
    const { server, events } = await start();
    const created = await request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({
        environment: 'production',
        checkId: 'health-checks',
        justification,
        expiresAt: inDays(7),
      });
    expect(created.status).toBe(201);
    const removed = await request(server)
      .delete(`${entityPath('payments-api')}/waivers/${created.body.id}`)
      .set('authorization', user());
    expect(removed.status).toBe(204);

    expect(events).toEqual([
      {
        eventId: 'waiver-create',
        severityLevel: 'medium',
        user: 'with-credentials',
        meta: {
          entityRef: 'component:default/payments-api',
          environment: 'production',
          checkId: 'health-checks',
          justification,
          expiresAt: expect.any(String),
        },
        outcome: {
          success: {
            waiverId: created.body.id,
            createdBy: 'user:default/mock',
          },
        },
      },
      {
        eventId: 'waiver-delete',
        severityLevel: 'medium',
        user: 'with-credentials',
        meta: {
          entityRef: 'component:default/payments-api',
          waiverId: created.body.id,
        },
        outcome: {
          success: {
            environment: 'production',
            checkId: 'health-checks',
            justification,
            createdBy: 'user:default/mock',
          },
        },
      },
    ]);
  });

  it('records a refused waiver as a failed event', async () => {
    const { server, events } = await start(
      preflightWaiverManagePermission.name,
    );
    const res = await request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({
        environment: 'production',
        checkId: 'health-checks',
        justification,
        expiresAt: inDays(7),
      });
    expect(res.status).toBe(403);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'waiver-create',
        outcome: {
          fail: expect.stringContaining(preflightWaiverManagePermission.name),
        },
      }),
    ]);
  });

  it('records a manual refresh, and nothing for a plain read', async () => {
    const { server, events } = await start();
    const read = await request(server)
      .get(`${entityPath('cart-service')}/readiness`)
      .set('authorization', user());
    expect(read.status).toBe(200);
    expect(events).toEqual([]);
    const refreshed = await request(server)
      .get(`${entityPath('cart-service')}/readiness?refresh=true`)
      .set('authorization', user());
    expect(refreshed.status).toBe(200);
    const parity = await request(server)
      .get(`${entityPath('cart-service')}/parity?refresh=true`)
      .set('authorization', user());
    expect(parity.status).toBe(200);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'refresh',
        severityLevel: 'low',
        meta: {
          route: 'readiness',
          entityRef: 'component:default/cart-service',
        },
        outcome: { success: {} },
      }),
      expect.objectContaining({
        eventId: 'refresh',
        meta: { route: 'parity', entityRef: 'component:default/cart-service' },
        outcome: { success: {} },
      }),
    ]);
  });
});

describe('waiver justification', () => {
  const waiverWith = async (text: string) => {
    const { server } = await start();
    return request(server)
      .post(`${entityPath('payments-api')}/waivers`)
      .set('authorization', user())
      .send({
        environment: 'production',
        checkId: 'health-checks',
        justification: text,
        expiresAt: inDays(7),
      });
  };

  it('accepts 2,000 characters', async () => {
    expect((await waiverWith('x'.repeat(2000))).status).toBe(201);
  });

  it('refuses 2,001 characters: 400 naming the field and the limit', async () => {
    const res = await waiverWith('x'.repeat(2001));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/justification/);
    expect(res.body.error.message).toMatch(/2000/);
  });
});
