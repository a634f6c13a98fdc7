import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  MockFetchApi,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  kubernetesAuthProvidersApiRef,
  type KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';
import type {
  EntityEnvironmentsResponse,
  EntityParityResponse,
} from '@preflight/plugin-preflight-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { preflightApiRef } from '../../api/PreflightApi';
import { PreflightClient } from '../../api/PreflightClient';
import {
  catalogWebParity,
  paymentsApiEnvironments,
  paymentsApiReadiness,
} from '../../__fixtures__';
import { demoEntity } from '../../__testUtils__';
import { DeployReadinessContent } from '../DeployReadinessContent/DeployReadinessContent';
import { EnvironmentsContent } from '../EnvironmentsContent/EnvironmentsContent';

/*
 * Staging's cluster is read with the signed-in user's OIDC token (authProvider oidc,
 * oidcTokenProvider okta). Through the real PreflightClient: the views send the token the
 * Kubernetes plugin's auth providers API gives, in the Kubernetes plugin's header, once the user
 * signed in; before that, and when the API is not there, they say what is missing.
 */
jest.setTimeout(30_000);

const baseUrl = 'http://localhost:7007/api/preflight';
const entityBase = `${baseUrl}/entities/component/default/payments-api`;
const HEADER = 'backstage-kubernetes-authorization-oidc-okta';
const TOKEN = 'okta-id-token-of-the-user';
const NEEDS_MESSAGE =
  "Live state cannot be read for environment 'staging': cluster 'staging-gke' uses authProvider 'oidc', which needs a signed-in user's token";

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}

/** The environments as the backend answers them: staging's live state with the token, or not. */
function environments(withToken: boolean): EntityEnvironmentsResponse {
  const answer = clone(paymentsApiEnvironments);
  const staging = answer.environments[1];
  staging.live = withToken
    ? {
        status: 'ok',
        objects: staging.desired.objects,
        location: 'staging-gke/shop',
        readAt: new Date().toISOString(),
      }
    : {
        status: 'not-configured',
        objects: [],
        message: NEEDS_MESSAGE,
        needsUserToken: { authProvider: 'oidc', oidcTokenProvider: 'okta' },
      };
  return answer;
}

function parity(withToken: boolean): EntityParityResponse {
  const answer = clone(catalogWebParity);
  const staging = answer.live.environments[1];
  staging.unavailable = withToken
    ? {
        status: 'error',
        reason: 'FORBIDDEN',
      }
    : {
        status: 'not-configured',
        reason: NEEDS_MESSAGE,
        needsUserToken: { authProvider: 'oidc', oidcTokenProvider: 'okta' },
      };
  return answer;
}

const server = setupServer();
registerMswTestHooks(server);

/** The backend double: answers by the token the request carries, and records what it got. */
function backend() {
  const seen: Array<{ path: string; refresh: boolean; token: string | null }> =
    [];
  const note = (request: Request) => {
    const url = new URL(request.url);
    seen.push({
      path: url.pathname.replace(/^.*\/payments-api/, ''),
      refresh: url.searchParams.get('refresh') === 'true',
      token: request.headers.get(HEADER),
    });
    return request.headers.get(HEADER) === TOKEN;
  };
  server.use(
    http.get(`${entityBase}/environments`, ({ request }) =>
      HttpResponse.json(environments(note(request))),
    ),
    http.get(`${entityBase}/readiness`, ({ request }) => {
      note(request);
      return HttpResponse.json(paymentsApiReadiness);
    }),
    http.get(`${entityBase}/parity`, ({ request }) =>
      HttpResponse.json(parity(note(request))),
    ),
    http.get(`${entityBase}/history`, () =>
      HttpResponse.json({ entityRef: 'x', items: [] }),
    ),
    http.get(`${entityBase}/waivers`, () =>
      HttpResponse.json({ entityRef: 'x', items: [] }),
    ),
  );
  return seen;
}

/** A fake of the Kubernetes plugin's auth providers: okta gives TOKEN once the user signed in. */
function fakeAuthProviders(answer: () => Promise<{ token?: string }>) {
  const getCredentials = jest.fn(async (provider: string) => {
    if (provider !== 'oidc.okta') {
      throw new Error(`no provider ${provider}`);
    }
    return answer();
  });
  const api: KubernetesAuthProvidersApi = {
    getCredentials,
    decorateRequestBodyForAuth: async (_provider, body) => body,
  };
  return { api, getCredentials };
}

async function render(
  children: JSX.Element,
  authProviders?: KubernetesAuthProvidersApi,
) {
  const client = new PreflightClient({
    discoveryApi: mockApis.discovery.mock({
      getBaseUrl: async () => baseUrl,
    }),
    fetchApi: new MockFetchApi(),
  });
  const element = (
    <EntityProvider entity={demoEntity('payments-api')}>
      {children}
    </EntityProvider>
  );
  await renderInTestApp(
    authProviders ? (
      <TestApiProvider
        apis={[
          [preflightApiRef, client],
          [kubernetesAuthProvidersApiRef, authProviders],
        ]}
      >
        {element}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[[preflightApiRef, client]]}>
        {element}
      </TestApiProvider>
    ),
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('clusters read with the signed-in user’s token', () => {
  it('Deploy readiness: asks to sign in, then sends the token in the Kubernetes plugin’s header, re-evaluation too', async () => {
    const seen = backend();
    const { api, getCredentials } = fakeAuthProviders(async () => ({
      token: TOKEN,
    }));
    await render(<DeployReadinessContent />, api);

    const notice = await screen.findByTestId('sign-in-staging');
    expect(notice).toHaveTextContent(
      'Staging: Sign in to okta to read this environment.',
    );
    // Nothing is asked of the provider before the user acts, and no token was sent.
    expect(getCredentials).not.toHaveBeenCalled();
    expect(seen.map(s => s.token)).toEqual([null, null]);
    expect(screen.queryByTestId('sign-in-dev')).not.toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', {
        name: 'Sign in to okta to read Staging',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('sign-in-staging')).not.toBeInTheDocument(),
    );
    expect(getCredentials).toHaveBeenCalledWith('oidc.okta');
    const afterSignIn = seen.slice(2);
    expect(afterSignIn).toEqual(
      expect.arrayContaining([
        { path: '/environments', refresh: false, token: TOKEN },
        { path: '/readiness', refresh: false, token: TOKEN },
      ]),
    );
    expect(afterSignIn).toHaveLength(2);

    // Re-evaluation (refresh=true) reads the sources again with the token.
    seen.length = 0;
    await userEvent.click(screen.getByRole('button', { name: 'Re-evaluate' }));
    await waitFor(() => expect(seen).toHaveLength(2));
    expect(seen).toEqual([
      { path: '/readiness', refresh: true, token: TOKEN },
      { path: '/environments', refresh: false, token: TOKEN },
    ]);
  });

  it('Environments: asks to sign in, then reads parity with the token, refresh too', async () => {
    const seen = backend();
    const { api } = fakeAuthProviders(async () => ({ token: TOKEN }));
    await render(<EnvironmentsContent />, api);

    expect(await screen.findByTestId('sign-in-staging')).toHaveTextContent(
      'Staging: Sign in to okta to read this environment.',
    );
    expect(seen).toEqual([{ path: '/parity', refresh: false, token: null }]);

    await userEvent.click(
      screen.getByRole('button', { name: 'Sign in to okta to read Staging' }),
    );
    await waitFor(() =>
      expect(screen.queryByTestId('sign-in-staging')).not.toBeInTheDocument(),
    );
    expect(seen[1]).toEqual({ path: '/parity', refresh: false, token: TOKEN });

    await userEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(seen).toHaveLength(3));
    expect(seen[2]).toEqual({ path: '/parity', refresh: true, token: TOKEN });
  });

  it('keeps asking, saying why, when the provider gives no token (the user refused the popup)', async () => {
    const seen = backend();
    const { api } = fakeAuthProviders(async () => {
      throw new Error('Login failed, rejected by user');
    });
    await render(<DeployReadinessContent />, api);

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Sign in to okta to read Staging',
      }),
    );
    const notice = await screen.findByTestId('sign-in-staging');
    await waitFor(() =>
      expect(notice).toHaveTextContent(
        'The last sign-in gave no token: Login failed, rejected by user',
      ),
    );
    expect(notice).toHaveTextContent(
      'Staging: Sign in to okta to read this environment.',
    );
    // Not an error of the page: the other environments are shown, nothing was read again.
    expect(screen.getByText('Promotion path')).toBeInTheDocument();
    expect(seen.every(s => s.token === null)).toBe(true);
    expect(seen).toHaveLength(2);
  });

  it('without the Kubernetes plugin’s auth providers: no token, no sign-in action, the backend’s reason', async () => {
    const seen = backend();
    await render(<DeployReadinessContent />);

    const notice = await screen.findByTestId('sign-in-staging');
    expect(notice).toHaveTextContent(`Staging: ${NEEDS_MESSAGE}.`);
    expect(notice).toHaveTextContent(
      'This app cannot ask for the token: it has no Kubernetes auth providers',
    );
    expect(
      screen.queryByRole('button', { name: /^Sign in to/ }),
    ).not.toBeInTheDocument();
    expect(seen.every(s => s.token === null)).toBe(true);
  });
});
