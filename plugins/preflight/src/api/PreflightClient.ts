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
  PreflightApiPaths,
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

/*
 * Every request is typed by the operation of openapi.yaml it calls (the types generated into
 * -common): its path template, method, query parameter names, request body and success body. A
 * route, parameter or body changed in the spec fails this file's compilation, not a user.
 */
type Paths = PreflightApiPaths;
type Method = 'get' | 'post' | 'delete';
type OperationOf<P extends keyof Paths, M extends Method> = NonNullable<
  Paths[P][M]
>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } }
  ? B
  : never;
/** The body of the operation's success answer (`void` for 204). */
type SuccessBody<O> = O extends { responses: infer R }
  ? R extends { 200: infer A }
    ? JsonOf<A>
    : R extends { 201: infer A }
    ? JsonOf<A>
    : R extends { 204: unknown }
    ? void
    : never
  : never;
type QueryOf<O> = O extends { parameters: { query?: infer Q } }
  ? {
      [K in keyof NonNullable<Q>]?: string | number;
    }
  : never;
type BodyOf<O> = O extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : undefined;

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

  /** {@inheritDoc PreflightApi.getEnvironments} */
  async getEnvironments(): Promise<PreflightEnvironment[]> {
    const body = await this.request('/environments', 'get');
    return body.environments;
  }

  /** {@inheritDoc PreflightApi.getChecks} */
  async getChecks(): Promise<CheckDefinition[]> {
    const body = await this.request('/checks', 'get');
    return body.checks;
  }

  /** {@inheritDoc PreflightApi.getEntityEnvironments} */
  async getEntityEnvironments(
    ref: CompoundEntityRef,
    options: { refresh?: boolean } & UserTokenOptions = {},
  ): Promise<EntityEnvironmentsResponse> {
    return this.request(
      '/entities/{kind}/{namespace}/{name}/environments',
      'get',
      {
        entity: ref,
        query: { refresh: options.refresh ? 'true' : undefined },
        headers: userTokenHeaders(options.userTokens),
      },
    );
  }

  /** {@inheritDoc PreflightApi.getEntityReadiness} */
  async getEntityReadiness(
    ref: CompoundEntityRef,
    options: {
      environment?: string;
      refresh?: boolean;
    } & UserTokenOptions = {},
  ): Promise<EntityReadiness> {
    return this.request(
      '/entities/{kind}/{namespace}/{name}/readiness',
      'get',
      {
        entity: ref,
        query: {
          environment: options.environment,
          refresh: options.refresh ? 'true' : undefined,
        },
        headers: userTokenHeaders(options.userTokens),
      },
    );
  }

  /** {@inheritDoc PreflightApi.getEntityHistory} */
  async getEntityHistory(
    ref: CompoundEntityRef,
    options: { environment?: string; limit?: number } = {},
  ): Promise<EntityHistoryResponse> {
    return this.request('/entities/{kind}/{namespace}/{name}/history', 'get', {
      entity: ref,
      query: { environment: options.environment, limit: options.limit },
    });
  }

  /** {@inheritDoc PreflightApi.getEntityParity} */
  async getEntityParity(
    ref: CompoundEntityRef,
    options: { refresh?: boolean } & UserTokenOptions = {},
  ): Promise<EntityParityResponse> {
    return this.request('/entities/{kind}/{namespace}/{name}/parity', 'get', {
      entity: ref,
      query: { refresh: options.refresh ? 'true' : undefined },
      headers: userTokenHeaders(options.userTokens),
    });
  }

  /** {@inheritDoc PreflightApi.listWaivers} */
  async listWaivers(ref: CompoundEntityRef): Promise<Waiver[]> {
    const body = await this.request(
      '/entities/{kind}/{namespace}/{name}/waivers',
      'get',
      { entity: ref },
    );
    return body.items;
  }

  /** {@inheritDoc PreflightApi.createWaiver} */
  async createWaiver(
    ref: CompoundEntityRef,
    request: CreateWaiverRequest,
  ): Promise<Waiver> {
    return this.request('/entities/{kind}/{namespace}/{name}/waivers', 'post', {
      entity: ref,
      body: request,
    });
  }

  /** {@inheritDoc PreflightApi.deleteWaiver} */
  async deleteWaiver(ref: CompoundEntityRef, waiverId: string): Promise<void> {
    await this.request(
      '/entities/{kind}/{namespace}/{name}/waivers/{id}',
      'delete',
      { entity: ref, params: { id: waiverId } },
    );
  }

  /** {@inheritDoc PreflightApi.getOverview} */
  async getOverview(
    filters: ReadinessOverviewFilters = {},
    paging: ReadinessOverviewPaging = {},
  ): Promise<ReadinessOverviewResponse> {
    return this.request('/readiness', 'get', {
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

  private async request<P extends keyof Paths, M extends Method>(
    template: P,
    method: M,
    options: {
      /** Fills `{kind}`, `{namespace}` and `{name}` (lower-cased, as entity refs compare). */
      entity?: CompoundEntityRef;
      /** Fills the template's other parameters. */
      params?: Record<string, string>;
      query?: QueryOf<OperationOf<P, M>>;
      body?: BodyOf<OperationOf<P, M>>;
      headers?: Record<string, string>;
    } = {},
  ): Promise<SuccessBody<OperationOf<P, M>>> {
    const baseUrl = await this.discoveryApi.getBaseUrl('preflight');
    const path = fillTemplate(template, options.entity, options.params);
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined && value !== '') params.set(key, String(value));
    }
    const search = params.toString();
    const init: RequestInit = { method: method.toUpperCase() };
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
      return undefined as SuccessBody<OperationOf<P, M>>;
    }
    // The body is the operation's, as the backend validates its answers against the same spec.
    return (await response.json()) as SuccessBody<OperationOf<P, M>>;
  }
}

function fillTemplate(
  template: string,
  entity: CompoundEntityRef | undefined,
  params: Record<string, string> = {},
): string {
  const values: Record<string, string> = { ...params };
  if (entity) {
    const lower = (s: string) => s.toLocaleLowerCase('en-US');
    values.kind = lower(entity.kind);
    values.namespace = lower(entity.namespace);
    values.name = lower(entity.name);
  }
  return template.replace(/\{(\w+)\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new Error(`PreflightClient: no value for {${key}} in ${template}`);
    }
    return encodeURIComponent(value);
  });
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
