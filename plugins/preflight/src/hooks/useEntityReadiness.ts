import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  getCompoundEntityRef,
  type CompoundEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CreateWaiverRequest,
  EntityReadiness,
  EnvironmentState,
} from '@preflight/plugin-preflight-common';
import { preflightApiRef } from '../api/PreflightApi';
import { errorMessage } from '../api/errorMessage';
import { useRefreshable } from './useRefreshable';
import {
  needsOfStates,
  readOptions,
  useKubernetesUserTokens,
} from './useKubernetesUserTokens';

/** The environments of an entity with their state, and its readiness. */
export interface LoadedReadiness {
  states: EnvironmentState[];
  readiness: EntityReadiness;
}

/**
 * The readiness of one entity for its Deploy readiness view: the environments and readiness
 * (loaded together), re-evaluation, and the waivers with their actions. Errors of the first load
 * are in `error`; of re-evaluation in `refreshError`; of waiver actions in `actionError`.
 */
export function useEntityReadiness(entity: Entity) {
  const api = useApi(preflightApiRef);
  const entityRef: CompoundEntityRef = useMemo(
    () => getCompoundEntityRef(entity),
    [entity],
  );
  // Bumped after each re-evaluation: the history trend reloads with it.
  const [historyKey, setHistoryKey] = useState(0);

  // The user's tokens for clusters read with them (google, oidc, aks), once signed in.
  const auth = useKubernetesUserTokens();
  const { tokens } = auth;

  const load = async () => {
    const userTokens = await tokens();
    const [environments, readiness] = await Promise.all([
      api.getEntityEnvironments(entityRef, ...readOptions(userTokens)),
      api.getEntityReadiness(entityRef, ...readOptions(userTokens)),
    ]);
    return { states: environments.environments, readiness };
  };

  const loaded = useRefreshable<LoadedReadiness>(
    {
      load,
      refresh: async () => {
        const userTokens = await tokens();
        const readiness = await api.getEntityReadiness(
          entityRef,
          ...readOptions(userTokens, { refresh: true }),
        );
        // The sources were just read again; this answers from the fresh cache.
        const environments = await api.getEntityEnvironments(
          entityRef,
          ...readOptions(userTokens),
        );
        return { states: environments.environments, readiness };
      },
      onRefreshed: () => setHistoryKey(k => k + 1),
    },
    [api, entityRef, tokens],
  );

  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();

  /** After a sign-in: reads the environments and readiness again, with the new token. */
  const reloadWithTokens = async () => {
    try {
      const value = await load();
      loaded.update(() => value);
    } catch (e) {
      setActionError(
        `Signed in, but the environments could not be read again: ${errorMessage(
          e,
        )}`,
      );
    }
  };

  const waivers = useAsyncRetry(
    () => api.listWaivers(entityRef),
    [api, entityRef],
  );

  const reloadReadiness = async () => {
    const readiness = await api.getEntityReadiness(
      entityRef,
      ...readOptions(await tokens()),
    );
    loaded.update(base => ({ ...base, readiness }));
    waivers.retry();
  };

  const removeWaiver = async (waiverId: string) => {
    setBusy(true);
    setActionError(undefined);
    try {
      await api.deleteWaiver(entityRef, waiverId);
      await reloadReadiness();
    } catch (e) {
      setActionError(`The waiver could not be removed: ${errorMessage(e)}`);
    } finally {
      setBusy(false);
    }
  };

  /** Creates a waiver; rejects when it could not be created (the dialog shows why). */
  const createWaiver = async (request: CreateWaiverRequest) => {
    await api.createWaiver(entityRef, request);
  };

  /** Reloads the checklist after a waiver was created; a failure lands in `actionError`. */
  const reloadAfterWaiver = () =>
    reloadReadiness().catch(e =>
      setActionError(
        `The waiver was created, but the checklist could not be reloaded: ${errorMessage(
          e,
        )}`,
      ),
    );

  return {
    entityRef,
    /** The environments and readiness: the latest re-evaluation or reload, else the first load. */
    value: loaded.value,
    loading: loaded.loading,
    error: loaded.error,
    reevaluate: loaded.refresh,
    refreshing: loaded.refreshing,
    refreshError: loaded.refreshError,
    historyKey,
    waivers,
    busy,
    actionError,
    clearActionError: () => setActionError(undefined),
    removeWaiver,
    createWaiver,
    reloadAfterWaiver,
    /** The user's cluster tokens: sign-in state and action. */
    auth,
    /** Environments whose live state needs a user's token that was not sent. */
    needingToken: needsOfStates(loaded.value?.states),
    reloadWithTokens,
  };
}
