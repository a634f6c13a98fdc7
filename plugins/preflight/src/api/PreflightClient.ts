import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  CheckDefinition,
  EntityEnvironmentsResponse,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import type { PreflightApi } from './PreflightApi';

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
    const body = await this.get<{ environments: PreflightEnvironment[] }>(
      '/environments',
    );
    return body.environments;
  }

  async getEntityEnvironments(
    ref: CompoundEntityRef,
  ): Promise<EntityEnvironmentsResponse> {
    return this.get(`${entityPath(ref)}/environments`);
  }

  async getChecks(): Promise<CheckDefinition[]> {
    const body = await this.get<{ checks: CheckDefinition[] }>('/checks');
    return body.checks;
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('preflight');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}

function entityPath(ref: CompoundEntityRef): string {
  const part = (s: string) => encodeURIComponent(s.toLocaleLowerCase('en-US'));
  return `/entities/${part(ref.kind)}/${part(ref.namespace)}/${part(ref.name)}`;
}
