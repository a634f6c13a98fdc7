/**
 * Cluster credentials through the Backstage Kubernetes plugin's own authentication strategies
 * (`@backstage/plugin-kubernetes-backend`): Preflight signs nothing and mints no token itself.
 *
 * - **Server-side providers** (`serviceAccount`, `aws`, `googleServiceAccount`, `azure`,
 *   `localKubectlProxy`): the backend's own credentials, for the Deploy readiness tab and the
 *   scheduled catalog-wide evaluation alike.
 * - **User-delegated providers** (`google`, `oidc`, `aks`): the signed-in user's provider token.
 *   Without one (the scheduled evaluation has no user) the cluster is unavailable, saying so —
 *   not an error, which would read as an outage.
 *
 * A credential is asked for at every read (the strategies cache their tokens themselves: AWS
 * presigns locally, Azure refreshes 15 minutes before expiry); it is never logged nor put in a
 * message.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  DispatchStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER,
  type KubernetesRequestAuth,
} from '@backstage/plugin-kubernetes-common';
import type {
  AuthenticationStrategy,
  KubernetesCredential,
} from '@backstage/plugin-kubernetes-node';
import { KubeConfig } from '@kubernetes/client-node';
import type { UserTokenNeed } from '@preflight/plugin-preflight-common';
import type { KubernetesCluster } from './clusters';

/** Auth providers whose credentials the backend holds: usable in the tab and the scheduled run. */
export const SERVER_SIDE_AUTH_PROVIDERS: readonly string[] = [
  'serviceAccount',
  'aws',
  'googleServiceAccount',
  'azure',
  'localKubectlProxy',
];

/** Auth providers whose credential is the signed-in user's token (the Kubernetes plugin's frontend sends it). */
export const USER_AUTH_PROVIDERS: readonly string[] = ['google', 'oidc', 'aks'];

export const ALL_AUTH_PROVIDERS: readonly string[] = [
  ...SERVER_SIDE_AUTH_PROVIDERS,
  ...USER_AUTH_PROVIDERS,
];

/** The message of a user-delegated cluster read without the user's token. */
export const NEEDS_USER_TOKEN = "needs a signed-in user's token";

/**
 * Strategies added by backend modules through `preflightKubernetesAuthExtensionPoint`
 * (`-node`), by the `authProvider` they serve.
 */
export type ModuleAuthStrategies = ReadonlyMap<string, AuthenticationStrategy>;

/**
 * The strategies modules added, in order, checked: a key is a word without dashes (the
 * Kubernetes plugin's rule: the user-token header `…-oidc-<tokenProvider>` splits on them), is
 * not a provider Preflight has a strategy for, and is added once. Throws at start-up, naming the
 * key.
 */
export function moduleAuthStrategies(
  added: ReadonlyArray<readonly [string, AuthenticationStrategy]>,
): ModuleAuthStrategies {
  const strategies = new Map<string, AuthenticationStrategy>();
  const where = 'added through preflightKubernetesAuthExtensionPoint';
  for (const [key, strategy] of added) {
    if (!key || key.includes('-')) {
      throw new Error(
        `Kubernetes auth strategy '${key}' ${where}: the key must be a non-empty word without dashes`,
      );
    }
    if (ALL_AUTH_PROVIDERS.includes(key)) {
      throw new Error(
        `Kubernetes auth strategy '${key}' ${where}: '${key}' is a built-in authProvider, which a module cannot replace (built-in: ${ALL_AUTH_PROVIDERS.join(
          ', ',
        )})`,
      );
    }
    if (strategies.has(key)) {
      throw new Error(
        `Kubernetes auth strategy '${key}' ${where}: added twice`,
      );
    }
    strategies.set(key, strategy);
  }
  return strategies;
}

/**
 * The Kubernetes plugin's strategies for the providers Preflight supports, by provider name, as
 * its `buildDefaultAuthStrategyMap` makes them (that function is not exported), and the modules'
 * strategies (checked by {@link moduleAuthStrategies}: they never replace a built-in one).
 */
export function defaultAuthStrategy(
  config: Config,
  logger: LoggerService,
  moduleStrategies: ModuleAuthStrategies = new Map(),
): AuthenticationStrategy {
  return new DispatchStrategy({
    authStrategyMap: {
      ...Object.fromEntries(moduleStrategies),
      serviceAccount: serviceAccountStrategy(),
      aws: new AwsIamStrategy({ config }),
      googleServiceAccount: new GoogleServiceAccountStrategy({ config }),
      azure: new AzureIdentityStrategy(logger),
      localKubectlProxy: new AnonymousStrategy(),
      google: new GoogleStrategy(),
      oidc: new OidcStrategy(),
      aks: new AksStrategy(),
    },
  });
}

/**
 * The Kubernetes plugin's `ServiceAccountStrategy`, given client-node the way its own tests do:
 * it otherwise loads client-node with a dynamic `import()` at every call, which fails where there
 * is no ESM loader (Jest's CommonJS sandbox). The strategy's logic is unchanged: the configured
 * `serviceAccountToken`, else the pod's own token file.
 */
function serviceAccountStrategy(): ServiceAccountStrategy {
  return Object.assign(new ServiceAccountStrategy(), {
    injectedKubernetesClient: { KubeConfig },
  });
}

/**
 * Whether `auth` carries the user's token a user-delegated cluster needs (always true for
 * server-side providers). The strategies are not asked without it: `aks` would answer
 * `anonymous` and the cluster a misleading 401.
 */
export function hasUserToken(
  cluster: KubernetesCluster,
  auth: KubernetesRequestAuth | undefined,
): boolean {
  switch (cluster.authProvider) {
    case 'google':
    case 'aks':
      return typeof auth?.[cluster.authProvider] === 'string';
    case 'oidc': {
      const provider =
        cluster.details.authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER];
      const oidc = auth?.oidc;
      return (
        !!provider &&
        !!oidc &&
        typeof oidc === 'object' &&
        !Array.isArray(oidc) &&
        typeof oidc[provider] === 'string'
      );
    }
    default:
      return true;
  }
}

/**
 * The user's token a user-delegated cluster is read with (its `authProvider` and, for `oidc`, its
 * `oidcTokenProvider`): what the frontend signs in to and sends. Undefined for server-side
 * providers.
 */
export function userTokenNeed(
  cluster: KubernetesCluster,
): UserTokenNeed | undefined {
  const authProvider = cluster.authProvider;
  if (
    authProvider !== 'google' &&
    authProvider !== 'oidc' &&
    authProvider !== 'aks'
  ) {
    return undefined;
  }
  const oidcTokenProvider =
    cluster.authProvider === 'oidc'
      ? cluster.details.authMetadata[ANNOTATION_KUBERNETES_OIDC_TOKEN_PROVIDER]
      : undefined;
  return {
    authProvider,
    ...(oidcTokenProvider ? { oidcTokenProvider } : {}),
  };
}

/**
 * A credential error's message, safe to show: bounded, control characters removed, and quoted
 * fragments elided (a JSON parse error of a service account key quotes the key).
 */
export function describeCredentialError(error: unknown): string {
  const raw =
    error instanceof Error ? error.message : String(error ?? 'unknown error');
  const clean = raw
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/"[^"]*"/g, '"…"')
    .replace(/'[^']{20,}'/g, "'…'")
    .trim();
  return clean.length > 200 ? `${clean.slice(0, 197)}...` : clean;
}

export type { KubernetesCredential, KubernetesRequestAuth };

/** The header prefix the Kubernetes plugin's frontend sends a user's provider token under. */
const AUTH_HEADER_PREFIX = 'backstage-kubernetes-authorization-';

/**
 * The user's provider tokens from a request's headers, read as the Kubernetes plugin's proxy reads
 * them (`KubernetesProxy`): `Backstage-Kubernetes-Authorization-<provider>: <token>` gives
 * `{ <provider>: token }` (`google`, `aks`), and
 * `Backstage-Kubernetes-Authorization-oidc-<tokenProvider>: <token>` gives
 * `{ oidc: { <tokenProvider>: token } }`. Undefined when there is none.
 */
export function requestAuthFromHeaders(
  headers: Record<string, string | string[] | undefined>,
): KubernetesRequestAuth | undefined {
  const auth: Record<string, string | Record<string, string>> = {};
  for (const [name, value] of Object.entries(headers)) {
    const header = name.toLowerCase();
    if (!header.startsWith(AUTH_HEADER_PREFIX) || typeof value !== 'string') {
      continue;
    }
    const [framework, ...rest] = header
      .slice(AUTH_HEADER_PREFIX.length)
      .split('-');
    if (!framework || !value) continue;
    if (rest.length > 0) {
      const previous = auth[framework];
      auth[framework] = {
        ...(typeof previous === 'object' ? previous : {}),
        [rest.join('-')]: value,
      };
    } else {
      auth[framework] = value;
    }
  }
  return Object.keys(auth).length > 0 ? auth : undefined;
}
