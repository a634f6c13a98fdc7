import {
  gitlabAuthApiRef,
  googleAuthApiRef,
  microsoftAuthApiRef,
  oktaAuthApiRef,
  oneloginAuthApiRef,
  type OpenIdConnectApi,
} from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  KubernetesAuthProviders,
  kubernetesAuthProvidersApiRef,
} from '@backstage/plugin-kubernetes-react';
import { z } from 'zod/v4';

/**
 * An OIDC provider that signs nobody in: it gives the fixed token of its configuration. For the
 * browser tests only (e2e/run.js), which have no identity provider to sign in to.
 */
function fixedTokenProvider(token: string): OpenIdConnectApi {
  return { getIdToken: async () => token };
}

/**
 * The Kubernetes plugin's auth providers (`api:kubernetes/auth-providers`), made exactly as
 * `@backstage/plugin-kubernetes` makes them (Google, Microsoft, and the OIDC providers gitlab,
 * google, microsoft, okta, onelogin). With `testOidcToken` in its configuration it also has an
 * OIDC token provider `e2e` that gives that token: the browser tests set it, to read a cluster of
 * `authProvider: oidc`, `oidcTokenProvider: e2e` with the user's token
 * (`app.extensions: [{ api:kubernetes/auth-providers: { config: { testOidcToken } } }]`).
 * Without it, nothing differs from the plugin's own extension.
 */
const kubernetesAuthProvidersApi = ApiBlueprint.makeWithOverrides({
  name: 'auth-providers',
  configSchema: {
    testOidcToken: z.string().optional(),
  },
  factory(originalFactory, { config }) {
    return originalFactory(defineParams =>
      defineParams({
        api: kubernetesAuthProvidersApiRef,
        deps: {
          gitlabAuthApi: gitlabAuthApiRef,
          googleAuthApi: googleAuthApiRef,
          microsoftAuthApi: microsoftAuthApiRef,
          oktaAuthApi: oktaAuthApiRef,
          oneloginAuthApi: oneloginAuthApiRef,
        },
        factory: deps =>
          new KubernetesAuthProviders({
            microsoftAuthApi: deps.microsoftAuthApi,
            googleAuthApi: deps.googleAuthApi,
            oidcProviders: {
              gitlab: deps.gitlabAuthApi,
              google: deps.googleAuthApi,
              microsoft: deps.microsoftAuthApi,
              okta: deps.oktaAuthApi,
              onelogin: deps.oneloginAuthApi,
              ...(config.testOidcToken
                ? { e2e: fixedTokenProvider(config.testOidcToken) }
                : {}),
            },
          }),
      }),
    );
  },
});

/** Overrides the Kubernetes plugin's auth providers API (see above). */
export const kubernetesAuthModule = createFrontendModule({
  pluginId: 'kubernetes',
  extensions: [kubernetesAuthProvidersApi],
});
