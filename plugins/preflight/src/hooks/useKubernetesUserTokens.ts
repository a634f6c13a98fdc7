import { useCallback, useMemo, useState } from 'react';
import { useApiHolder } from '@backstage/core-plugin-api';
import {
  kubernetesAuthProvidersApiRef,
  type KubernetesAuthProvidersApi,
} from '@backstage/plugin-kubernetes-react';
import type {
  EnvironmentState,
  ParityReport,
  UserTokenNeed,
} from '@preflight/plugin-preflight-common';
import type {
  KubernetesUserToken,
  UserTokenOptions,
} from '../api/PreflightApi';
import { errorMessage } from '../api/errorMessage';

/**
 * The Kubernetes plugin's name of an auth provider in `kubernetesAuthProvidersApi`, as its
 * `KubernetesBackendClient` asks for credentials: `google`, `aks`, `oidc.<oidcTokenProvider>`.
 */
export function authProviderKey(need: UserTokenNeed): string {
  return need.authProvider === 'oidc'
    ? `oidc.${need.oidcTokenProvider ?? ''}`
    : need.authProvider;
}

/** What the user signs in to: `Google`, `Microsoft`, or the OIDC token provider (`okta`, …). */
export function authProviderLabel(need: UserTokenNeed): string {
  switch (need.authProvider) {
    case 'google':
      return 'Google';
    case 'aks':
      return 'Microsoft';
    default:
      return need.oidcTokenProvider ?? 'your OIDC provider';
  }
}

/** An environment whose live state needs a user's token this request did not carry. */
export interface EnvironmentNeedingToken {
  name: string;
  title: string;
  need: UserTokenNeed;
  /** The backend's reason (shown when the token cannot be asked for here). */
  message?: string;
}

/**
 * The trailing options argument of a read: `options` with the user's tokens when there are any,
 * and no argument at all when there is nothing to pass (the reads stay as they were for users
 * without user-delegated clusters).
 */
export function readOptions<T extends object>(
  userTokens: readonly KubernetesUserToken[],
  options?: T,
): [] | [T & UserTokenOptions] {
  if (userTokens.length > 0) return [{ ...(options as T), userTokens }];
  return options ? [options] : [];
}

/** The environments of an `/environments` answer that need a user's token. */
export function needsOfStates(
  states: readonly EnvironmentState[] | undefined,
): EnvironmentNeedingToken[] {
  return (states ?? []).flatMap(s =>
    s.live.needsUserToken
      ? [
          {
            name: s.environment.name,
            title: s.environment.title,
            need: s.live.needsUserToken,
            message: s.live.message,
          },
        ]
      : [],
  );
}

/** The environments of a parity report (live) that need a user's token. */
export function needsOfParity(
  report: ParityReport | undefined,
): EnvironmentNeedingToken[] {
  return (report?.environments ?? []).flatMap(e =>
    e.unavailable?.needsUserToken
      ? [
          {
            name: e.name,
            title: e.title,
            need: e.unavailable.needsUserToken,
            message: e.unavailable.reason,
          },
        ]
      : [],
  );
}

/**
 * The providers the user signed in to from a Preflight view, per auth providers API (so, in
 * practice, per app session): their tokens are asked for and sent with every later read.
 */
const signedIn = new WeakMap<
  KubernetesAuthProvidersApi,
  Map<string, UserTokenNeed>
>();

function signedInTo(api: KubernetesAuthProvidersApi) {
  let providers = signedIn.get(api);
  if (!providers) {
    providers = new Map();
    signedIn.set(api, providers);
  }
  return providers;
}

/** The state of the user's cluster tokens in a view. */
export interface KubernetesUserTokens {
  /**
   * Whether the app has the Kubernetes plugin's auth providers API
   * (`kubernetesAuthProvidersApiRef`, registered by `@backstage/plugin-kubernetes`). Without it
   * no token is sent and environments that need one show the backend's reason.
   */
  available: boolean;
  /**
   * The tokens of the providers the user signed in to, asked for now (the auth APIs keep and
   * refresh their sessions); a provider that does not give one any more is dropped, and its
   * failure kept in `failures`.
   */
  tokens: () => Promise<KubernetesUserToken[]>;
  /**
   * Asks the provider for the user's token (its sign-in popup when there is no session). Resolves
   * true when one was given: the provider's token is then sent with every read of this session.
   */
  signIn: (need: UserTokenNeed) => Promise<boolean>;
  /** Why the last sign-in or token request failed, by `authProviderKey`. */
  failures: Record<string, string>;
  /** The provider being signed in to, by `authProviderKey`. */
  signingIn?: string;
}

/**
 * The Kubernetes plugin's auth providers API when the app has it and it can be made. Creating it
 * makes the auth APIs it depends on (Google, Okta, …); an app where one of them cannot be made
 * (e.g. it misses `backend.baseUrl`) gets Preflight's views without user tokens, as an app without
 * the Kubernetes plugin does, not an error page.
 */
function useOptionalKubernetesAuthProviders() {
  const holder = useApiHolder();
  return useMemo(() => {
    try {
      return holder.get(kubernetesAuthProvidersApiRef);
    } catch {
      return undefined;
    }
  }, [holder]);
}

/**
 * The user's Kubernetes provider tokens for Preflight's reads, through the Kubernetes plugin's
 * own `kubernetesAuthProvidersApi` (the same credentials its frontend sends). Nothing is asked for
 * until the user signs in from a view ("Sign in to Google to read this environment"); after that,
 * every read sends that provider's token.
 */
export function useKubernetesUserTokens(): KubernetesUserTokens {
  const api = useOptionalKubernetesAuthProviders();
  const [failures, setFailures] = useState<Record<string, string>>({});
  const [signingIn, setSigningIn] = useState<string>();

  const fail = useCallback(
    (key: string, message: string | undefined) =>
      setFailures(current => {
        const next = { ...current };
        if (message === undefined) delete next[key];
        else next[key] = message;
        return next;
      }),
    [],
  );

  const tokens = useCallback(async (): Promise<KubernetesUserToken[]> => {
    if (!api) return [];
    const providers = signedInTo(api);
    const result = await Promise.all(
      [...providers.entries()].map(async ([key, need]) => {
        try {
          const { token } = await api.getCredentials(key);
          if (token) return [{ ...need, token }];
          throw new Error('the provider gave no token');
        } catch (e) {
          providers.delete(key);
          fail(key, errorMessage(e));
          return [];
        }
      }),
    );
    return result.flat();
  }, [api, fail]);

  const signIn = useCallback(
    async (need: UserTokenNeed): Promise<boolean> => {
      if (!api) return false;
      const key = authProviderKey(need);
      setSigningIn(key);
      try {
        const { token } = await api.getCredentials(key);
        if (!token) throw new Error('the provider gave no token');
        signedInTo(api).set(key, need);
        fail(key, undefined);
        return true;
      } catch (e) {
        fail(key, errorMessage(e));
        return false;
      } finally {
        setSigningIn(undefined);
      }
    },
    [api, fail],
  );

  return useMemo(
    () => ({ available: !!api, tokens, signIn, failures, signingIn }),
    [api, tokens, signIn, failures, signingIn],
  );
}
