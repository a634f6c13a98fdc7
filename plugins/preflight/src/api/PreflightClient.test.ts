import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { mockApis } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PreflightClient } from './PreflightClient';
import {
  catalogWebParity,
  demoOverview,
  paymentsApiHistory,
  paymentsApiReadiness,
  paymentsApiWaiver,
} from '../__fixtures__';

const baseUrl = 'http://localhost:7007/api/preflight';
const entityBase = `${baseUrl}/entities/component/default/payments-api`;
const ref = { kind: 'Component', namespace: 'default', name: 'payments-api' };

function backstageError(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/entities/…' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('PreflightClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new PreflightClient({
    discoveryApi: mockApis.discovery.mock({
      getBaseUrl: async () => baseUrl,
    }),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'a-token' } }),
  });

  /** Records the requests msw answers. */
  function record() {
    const seen: Array<{
      method: string;
      url: URL;
      auth: string | null;
      contentType: string | null;
      body?: unknown;
    }> = [];
    return {
      seen,
      async push(request: Request) {
        const text = await request.clone().text();
        seen.push({
          method: request.method,
          url: new URL(request.url),
          auth: request.headers.get('authorization'),
          contentType: request.headers.get('content-type'),
          body: text ? JSON.parse(text) : undefined,
        });
      },
    };
  }

  it('calls the entity route with the lower-cased, encoded ref and the identity token', async () => {
    const r = record();
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/environments`,
        async ({ request }) => {
          await r.push(request);
          return HttpResponse.json({
            entityRef: 'component:default/checkout-api',
            environments: [],
          });
        },
      ),
    );

    const result = await client.getEntityEnvironments({
      kind: 'Component',
      namespace: 'default',
      name: 'Checkout API',
    });

    expect(result.entityRef).toBe('component:default/checkout-api');
    expect(r.seen[0].url.href).toBe(
      `${baseUrl}/entities/component/default/checkout%20api/environments`,
    );
    expect(r.seen[0].auth).toBe('Bearer a-token');
  });

  it('sends the user’s cluster tokens in the Kubernetes plugin’s headers, next to the identity token', async () => {
    const seen: Headers[] = [];
    server.use(
      http.get(`${entityBase}/readiness`, ({ request }) => {
        seen.push(request.headers);
        return HttpResponse.json(paymentsApiReadiness);
      }),
    );
    await client.getEntityReadiness(ref, {
      refresh: true,
      userTokens: [
        { authProvider: 'google', token: 'g-token' },
        { authProvider: 'aks', token: 'aks-token' },
        { authProvider: 'oidc', oidcTokenProvider: 'okta', token: 'o-token' },
      ],
    });
    await client.getEntityReadiness(ref);
    const kubernetesHeaders = (headers: Headers) =>
      Object.fromEntries(
        [...headers.entries()].filter(([name]) =>
          name.startsWith('backstage-kubernetes-authorization'),
        ),
      );
    expect(kubernetesHeaders(seen[0])).toEqual({
      'backstage-kubernetes-authorization-google': 'g-token',
      'backstage-kubernetes-authorization-aks': 'aks-token',
      'backstage-kubernetes-authorization-oidc-okta': 'o-token',
    });
    expect(seen[0].get('authorization')).toBe('Bearer a-token');
    expect(kubernetesHeaders(seen[1])).toEqual({});
  });

  it('asks for fresh environment state with refresh=true', async () => {
    const r = record();
    server.use(
      http.get(`${entityBase}/environments`, async ({ request }) => {
        await r.push(request);
        return HttpResponse.json({ entityRef: 'x', environments: [] });
      }),
    );
    await client.getEntityEnvironments(ref, { refresh: true });
    expect(r.seen[0].url.search).toBe('?refresh=true');
  });

  it('turns a Backstage error body into a ResponseError with its message', async () => {
    server.use(
      http.get(`${baseUrl}/environments`, () =>
        backstageError(403, 'NotAllowedError', 'Not allowed'),
      ),
    );
    await expect(client.getEnvironments()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 403,
      body: { error: { name: 'NotAllowedError', message: 'Not allowed' } },
    });
  });

  it('unwraps the environments and checks lists', async () => {
    server.use(
      http.get(`${baseUrl}/environments`, () =>
        HttpResponse.json({
          environments: [{ name: 'dev', title: 'Development' }],
        }),
      ),
      http.get(`${baseUrl}/checks`, () =>
        HttpResponse.json({
          checks: [
            {
              id: 'health-checks',
              title: 'Health checks',
              description: 'd',
              severity: 'blocking',
              enabled: true,
            },
          ],
        }),
      ),
    );
    expect(await client.getEnvironments()).toEqual([
      { name: 'dev', title: 'Development' },
    ]);
    expect((await client.getChecks()).map(c => c.id)).toEqual([
      'health-checks',
    ]);
  });

  describe('readiness', () => {
    it('reads without parameters by default', async () => {
      const r = record();
      server.use(
        http.get(`${entityBase}/readiness`, async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(paymentsApiReadiness);
        }),
      );
      const result = await client.getEntityReadiness(ref);
      expect(result.environments.map(e => e.verdict)).toEqual([
        'ready',
        'not-ready',
        'not-ready',
      ]);
      expect(r.seen[0].url.search).toBe('');
      expect(r.seen[0].method).toBe('GET');
    });

    it('passes the environment and refresh=true', async () => {
      const r = record();
      server.use(
        http.get(`${entityBase}/readiness`, async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(paymentsApiReadiness);
        }),
      );
      await client.getEntityReadiness(ref, {
        environment: 'production',
        refresh: true,
      });
      expect(Object.fromEntries(r.seen[0].url.searchParams)).toEqual({
        environment: 'production',
        refresh: 'true',
      });
      // refresh: false is the default, not a parameter
      await client.getEntityReadiness(ref, { refresh: false });
      expect(r.seen[1].url.search).toBe('');
    });

    it('rejects with the backend message of a 400', async () => {
      server.use(
        http.get(`${entityBase}/readiness`, () =>
          backstageError(
            400,
            'InputError',
            "Invalid environment 'qa' in parameter 'environment' (known: dev, staging, production)",
          ),
        ),
      );
      await expect(
        client.getEntityReadiness(ref, { environment: 'qa' }),
      ).rejects.toMatchObject({
        statusCode: 400,
        body: {
          error: {
            message: expect.stringContaining("Invalid environment 'qa'"),
          },
        },
      });
    });
  });

  it('reads the history of one environment with a limit', async () => {
    const r = record();
    server.use(
      http.get(`${entityBase}/history`, async ({ request }) => {
        await r.push(request);
        return HttpResponse.json(paymentsApiHistory);
      }),
    );
    const history = await client.getEntityHistory(ref, {
      environment: 'production',
      limit: 30,
    });
    expect(history.items[0].failing).toEqual(['environment-parity']);
    expect(Object.fromEntries(r.seen[0].url.searchParams)).toEqual({
      environment: 'production',
      limit: '30',
    });
  });

  it('reads parity, refreshed on request', async () => {
    const r = record();
    server.use(
      http.get(
        `${baseUrl}/entities/component/default/catalog-web/parity`,
        async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(catalogWebParity);
        },
      ),
    );
    const parity = await client.getEntityParity(
      { kind: 'component', namespace: 'default', name: 'catalog-web' },
      { refresh: true },
    );
    expect(parity.desired.images[0].ahead?.environment).toBe('staging');
    expect(r.seen[0].url.search).toBe('?refresh=true');
  });

  describe('waivers', () => {
    it('lists the active waivers', async () => {
      server.use(
        http.get(`${entityBase}/waivers`, () =>
          HttpResponse.json({ items: [paymentsApiWaiver] }),
        ),
      );
      expect(await client.listWaivers(ref)).toEqual([paymentsApiWaiver]);
    });

    it('creates a waiver with a JSON body', async () => {
      const r = record();
      server.use(
        http.post(`${entityBase}/waivers`, async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(paymentsApiWaiver, { status: 201 });
        }),
      );
      const request = {
        environment: 'production',
        checkId: 'health-checks',
        justification: 'Readiness probe lands in 1.12.1, tracked in PAY-123',
        expiresAt: '2026-12-10T00:00:00.000Z',
      };
      const waiver = await client.createWaiver(ref, request);
      expect(waiver.id).toBe(paymentsApiWaiver.id);
      expect(r.seen[0]).toMatchObject({
        method: 'POST',
        contentType: 'application/json',
        auth: 'Bearer a-token',
        body: request,
      });
    });

    it("rejects a waiver with the backend's message, which names the field", async () => {
      server.use(
        http.post(`${entityBase}/waivers`, () =>
          backstageError(
            400,
            'InputError',
            "Field 'justification' is required: say why the check may be waived (at least 10 characters)",
          ),
        ),
      );
      const error = await client
        .createWaiver(ref, {
          environment: 'production',
          checkId: 'health-checks',
          justification: 'short',
          expiresAt: '2026-12-10T00:00:00.000Z',
        })
        .catch(e => e);
      expect(error.name).toBe('ResponseError');
      expect(error.statusCode).toBe(400);
      expect(error.body.error.message).toMatch(/^Field 'justification'/);
    });

    it('deletes a waiver by id and accepts the empty 204', async () => {
      const r = record();
      server.use(
        http.delete(`${entityBase}/waivers/:id`, async ({ request }) => {
          await r.push(request);
          return new HttpResponse(null, { status: 204 });
        }),
      );
      await expect(
        client.deleteWaiver(ref, paymentsApiWaiver.id),
      ).resolves.toBeUndefined();
      expect(r.seen[0].method).toBe('DELETE');
      expect(r.seen[0].url.pathname).toBe(
        `/api/preflight/entities/component/default/payments-api/waivers/${paymentsApiWaiver.id}`,
      );
    });

    it('reports a missing waiver as a 404 ResponseError', async () => {
      server.use(
        http.delete(`${entityBase}/waivers/:id`, () =>
          backstageError(404, 'NotFoundError', 'No waiver'),
        ),
      );
      await expect(client.deleteWaiver(ref, 'nope')).rejects.toMatchObject({
        statusCode: 404,
      });
    });
  });

  describe('overview', () => {
    it('encodes every filter and the paging in the query string', async () => {
      const r = record();
      server.use(
        http.get(`${baseUrl}/readiness`, async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(demoOverview);
        }),
      );
      const page = await client.getOverview(
        {
          owner: 'group:default/checkout-team',
          system: 'system:default/shop',
          lifecycle: 'production',
          environment: 'production',
          verdict: 'not-ready',
          failingCheck: 'health-checks',
        },
        { limit: 25, offset: 50 },
      );
      expect(page.totalCount).toBe(demoOverview.totalCount);
      expect(Object.fromEntries(r.seen[0].url.searchParams)).toEqual({
        owner: 'group:default/checkout-team',
        system: 'system:default/shop',
        lifecycle: 'production',
        environment: 'production',
        verdict: 'not-ready',
        failingCheck: 'health-checks',
        limit: '25',
        offset: '50',
      });
      // ':' and '/' of entity refs are percent-encoded
      expect(r.seen[0].url.search).toContain(
        'owner=group%3Adefault%2Fcheckout-team',
      );
    });

    it('leaves out empty filters and paging', async () => {
      const r = record();
      server.use(
        http.get(`${baseUrl}/readiness`, async ({ request }) => {
          await r.push(request);
          return HttpResponse.json(demoOverview);
        }),
      );
      await client.getOverview({ owner: '', verdict: undefined });
      expect(r.seen[0].url.search).toBe('');
    });
  });
});
