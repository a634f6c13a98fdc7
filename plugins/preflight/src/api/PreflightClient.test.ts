import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { mockApis } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PreflightClient } from './PreflightClient';

const baseUrl = 'http://localhost:7007/api/preflight';

describe('PreflightClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new PreflightClient({
    discoveryApi: mockApis.discovery.mock({
      getBaseUrl: async () => baseUrl,
    }),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'a-token' } }),
  });

  it('calls the entity route with the lower-cased, encoded ref and the identity token', async () => {
    let seen: { url: string; auth: string | null } | undefined;
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/environments`,
        ({ request }) => {
          seen = {
            url: request.url,
            auth: request.headers.get('authorization'),
          };
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
    expect(seen).toEqual({
      url: `${baseUrl}/entities/component/default/checkout%20api/environments`,
      auth: 'Bearer a-token',
    });
  });

  it('turns a Backstage error body into a ResponseError with its message', async () => {
    server.use(
      http.get(`${baseUrl}/environments`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotAllowedError', message: 'Not allowed' },
            request: { method: 'GET', url: '/environments' },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
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
});
