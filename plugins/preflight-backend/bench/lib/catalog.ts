import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogId } from './protocol';

const NAMESPACES = 20;
const OWNERS = 40;
const SYSTEMS = 100;

/**
 * The generated catalog of the benchmarks: `count` Components found in the clusters by
 * `backstage.io/kubernetes-id` (the objects `clusterServer.ts` generates for `catalog`).
 */
export function catalogEntities(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) => {
    const owner = `team-${i % OWNERS}`;
    const system = `system-${i % SYSTEMS}`;
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: catalogId(i),
        namespace: 'default',
        annotations: {
          'backstage.io/kubernetes-id': catalogId(i),
          'backstage.io/kubernetes-namespace': `team-${i % NAMESPACES}`,
        },
      },
      spec: {
        type: 'service',
        lifecycle: i % 3 === 0 ? 'experimental' : 'production',
        owner,
        system,
      },
      relations: [
        { type: 'ownedBy', targetRef: `group:default/${owner}` },
        { type: 'partOf', targetRef: `system:default/${system}` },
      ],
    };
  });
}

/** The namespaces `catalogEntities` spreads components over. */
export const CATALOG_NAMESPACES = NAMESPACES;

/** The catalog's `queryEntities`, paged by cursor like the real one. */
export function fakeCatalog(entities: Entity[]): CatalogService {
  return {
    async queryEntities(request: { cursor?: string; limit?: number }) {
      const offset = request?.cursor ? Number(request.cursor) : 0;
      const limit = request?.limit ?? 500;
      const items = entities.slice(offset, offset + limit);
      const next = offset + limit;
      return {
        items,
        totalItems: entities.length,
        pageInfo: next < entities.length ? { nextCursor: String(next) } : {},
      };
    },
  } as unknown as CatalogService;
}
