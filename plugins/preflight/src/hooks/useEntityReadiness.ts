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
import { errorMessage } from '../components/shared/errors';
import { useRefreshable } from './useRefreshable';

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

  const loaded = useRefreshable<LoadedReadiness>(
    {
      load: async () => {
        const [environments, readiness] = await Promise.all([
          api.getEntityEnvironments(entityRef),
          api.getEntityReadiness(entityRef),
        ]);
        return { states: environments.environments, readiness };
      },
      refresh: async () => {
        const readiness = await api.getEntityReadiness(entityRef, {
          refresh: true,
        });
        // The sources were just read again; this answers from the fresh cache.
        const environments = await api.getEntityEnvironments(entityRef);
        return { states: environments.environments, readiness };
      },
      onRefreshed: () => setHistoryKey(k => k + 1),
    },
    [api, entityRef],
  );

  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string>();
  const waivers = useAsyncRetry(
    () => api.listWaivers(entityRef),
    [api, entityRef],
  );

  const reloadReadiness = async () => {
    const readiness = await api.getEntityReadiness(entityRef);
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
  };
}
