import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  CheckDefinition,
  CreateWaiverRequest,
  EntityEnvironmentsResponse,
  EntityHistoryResponse,
  EntityParityResponse,
  EntityReadiness,
  EntityWaiversResponse,
  PreflightEnvironment,
  ReadinessOverviewFilters,
  ReadinessOverviewPaging,
  ReadinessOverviewResponse,
  Waiver,
} from '@preflight/plugin-preflight-common';
import type {
  KubernetesUserToken,
  PreflightApi,
  UserTokenOptions,
} from './PreflightApi';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * {@link PreflightApi} over the backend's HTTP API, through the app's discovery and
 * (authenticated) fetch APIs.
 *
 * @public
 */
export class PreflightClient implements PreflightApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEnvironments(): Promise<PreflightEnvironment[]> {
    const body = await this.request<{ environments: PreflightEnvironment[] }>(
      '/environments',
    );
    return body.environments;
  }

  async getChecks(): Promise<CheckDefinition[]> {
    const body = await this.request<{ checks: CheckDefinition[] }>('/checks');
    return body.checks;
  }

  async getEntityEnvironments(
    ref: CompoundEntityRef,
    options: { refresh?: boolean } & UserTokenOptions = {},
  ): Promise<EntityEnvironmentsResponse> {
    return this.request(`${entityPath(ref)}/environments`, {
      query: { refresh: options.refresh ? 'true' : undefined },
      headers: userTokenHeaders(options.userTokens),
    });
  }

  async getEntityReadiness(
    ref: CompoundEntityRef,
    options: {
      environment?: string;
      refresh?: boolean;
    } & UserTokenOptions = {},
  ): Promise<EntityReadiness> {
    return this.request(`${entityPath(ref)}/readiness`, {
      query: {
        environment: options.environment,
        refresh: options.refresh ? 'true' : undefined,
      },
      headers: userTokenHeaders(options.userTokens),
    });
  }

  async getEntityHistory(
    ref: CompoundEntityRef,
    options: { environment?: string; limit?: number } = {},
  ): Promise<EntityHistoryResponse> {
    return this.request(`${entityPath(ref)}/history`, {
      query: { environment: options.environment, limit: options.limit },
    });
  }

  async getEntityParity(
    ref: CompoundEntityRef,
    options: { refresh?: boolean } & UserTokenOptions = {},
  ): Promise<EntityParityResponse> {
    return this.request(`${entityPath(ref)}/parity`, {
      query: { refresh: options.refresh ? 'true' : undefined },
      headers: userTokenHeaders(options.userTokens),
    });
  }

  async listWaivers(ref: CompoundEntityRef): Promise<Waiver[]> {
    const body = await this.request<EntityWaiversResponse>(
      `${entityPath(ref)}/waivers`,
    );
    return body.items;
  }

  async createWaiver(
    ref: CompoundEntityRef,
    request: CreateWaiverRequest,
  ): Promise<Waiver> {
    return this.request(`${entityPath(ref)}/waivers`, {
      method: 'POST',
      body: request,
    });
  }

  async deleteWaiver(ref: CompoundEntityRef, waiverId: string): Promise<void> {
    await this.request(
      `${entityPath(ref)}/waivers/${encodeURIComponent(waiverId)}`,
      { method: 'DELETE' },
    );
  }

  async getOverview(
    filters: ReadinessOverviewFilters = {},
    paging: ReadinessOverviewPaging = {},
  ): Promise<ReadinessOverviewResponse> {
    return this.request('/readiness', {
      query: {
        owner: filters.owner,
        system: filters.system,
        lifecycle: filters.lifecycle,
        environment: filters.environment,
        verdict: filters.verdict,
        failingCheck: filters.failingCheck,
        limit: paging.limit,
        offset: paging.offset,
      },
    });
  }

  private async request<T>(
    path: string,
    options: {
      method?: 'GET' | 'POST' | 'DELETE';
      query?: Query;
      body?: unknown;
      headers?: Record<string, string>;
    } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('preflight');
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    const init: RequestInit = { method: options.method ?? 'GET' };
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (Object.keys(headers).length > 0) init.headers = headers;
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${search ? `?${search}` : ''}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}

function entityPath(ref: CompoundEntityRef): string {
  const part = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
  return `/entities/${part(ref.kind)}/${part(ref.namespace)}/${part(ref.name)}`;
}

/**
 * The header the Kubernetes plugin's frontend sends a user's provider token in
 * (`KubernetesBackendClient.getKubernetesAuthHeaderByAuthProvider`):
 * `Backstage-Kubernetes-Authorization-<authProvider>[-<oidcTokenProvider>]`.
 */
function userTokenHeaderName(
  token: Pick<KubernetesUserToken, 'authProvider' | 'oidcTokenProvider'>,
): string {
  return [
    'Backstage-Kubernetes-Authorization',
    token.authProvider,
    ...(token.oidcTokenProvider ? [token.oidcTokenProvider] : []),
  ].join('-');
}

function userTokenHeaders(
  tokens: readonly KubernetesUserToken[] = [],
): Record<string, string> | undefined {
  if (tokens.length === 0) return undefined;
  return Object.fromEntries(tokens.map(t => [userTokenHeaderName(t), t.token]));
}
