import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AddressInfo } from 'node:net';
import { preflightPlugin } from '../../src/plugin';

/** What one HTTP call cost and answered. */
export interface HttpAnswer {
  ms: number;
  bytes: number;
  body: any;
}

/**
 * A test backend as an install runs it: the Preflight backend plugin and the Kubernetes plugin's
 * backend side by side, the catalog (mock) serving the entities, every other service the test
 * backend's default (an in-memory cache, as `backend.cache` unset gives; SQLite in memory).
 */
export async function startBenchBackend(options: {
  entities: Entity[];
  config: JsonObject;
}) {
  const backend = await startTestBackend({
    features: [
      preflightPlugin,
      // The baseline, as the example backend installs it.
      import('@backstage/plugin-kubernetes-backend'),
      catalogServiceMock.factory({ entities: options.entities }),
      mockServices.rootConfig.factory({ data: options.config }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://localhost:${port}/api`;

  async function call(
    path: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<HttpAnswer> {
    const started = process.hrtime.bigint();
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: mockCredentials.user.header(),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await response.text();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (!response.ok) {
      throw new Error(`${path} answered ${response.status}: ${text}`);
    }
    if (response.headers.get('content-encoding')) {
      throw new Error(`${path} answered compressed: sizes would be wrong`);
    }
    return { ms, bytes: Buffer.byteLength(text), body: JSON.parse(text) };
  }

  const entityPath = (entity: Entity) =>
    `/preflight/entities/component/${entity.metadata.namespace ?? 'default'}/${
      entity.metadata.name
    }`;
  return {
    /** `GET /api/preflight/entities/…/environments` (the Environments view). */
    environments: (entity: Entity, refresh = false) =>
      call(
        `${entityPath(entity)}/environments${refresh ? '?refresh=true' : ''}`,
      ),
    /** `GET /api/preflight/entities/…/readiness` (the Deploy readiness view). */
    readiness: (entity: Entity, refresh = false) =>
      call(`${entityPath(entity)}/readiness${refresh ? '?refresh=true' : ''}`),
    /** `POST /api/kubernetes/services/:id` (the Kubernetes plugin's tab). */
    kubernetes: (entity: Entity, id: string) =>
      call(`/kubernetes/services/${id}`, { method: 'POST', body: { entity } }),
    stop: () => backend.stop(),
  };
}

export type BenchBackend = Awaited<ReturnType<typeof startBenchBackend>>;
