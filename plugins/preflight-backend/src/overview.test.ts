import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  type QueryPermissionRequest,
  type QueryPermissionResponse,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { demoEntities, startDemoBackend } from './__testUtils__/demoEstate';

/*
 * The catalog-wide overview lists only entities the caller may read in the catalog too: its
 * rows carry catalog data (title, owner, system). Here Preflight's own permission allows
 * everything, and the catalog lets the caller read checkout-team's entities only — as an
 * owner-only catalog policy does, by leaving the others out of the caller's answers.
 */
jest.setTimeout(60_000);

const OWN_GROUP = 'group:default/checkout-team';
const user = () => mockCredentials.user.header();
const owned = (e: Entity) =>
  e.relations?.some(r => r.type === 'ownedBy' && r.targetRef === OWN_GROUP);

/** A catalog that answers a user only with the entities their team owns, once `restricted`. */
function ownerOnlyCatalog(
  state: { restricted: boolean },
  calls: { refs: number },
) {
  return (entities: Entity[]) =>
    createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => {
        const all = catalogServiceMock({ entities });
        const restrict = (credentials: any) =>
          state.restricted && credentials?.principal?.type === 'user';
        return catalogServiceMock.mock({
          getEntityByRef: async (ref: any, options: any) => {
            const e = await all.getEntityByRef(ref, options);
            return e && (!restrict(options.credentials) || owned(e))
              ? e
              : undefined;
          },
          getEntitiesByRefs: async (req: any, options: any) => {
            calls.refs += req.entityRefs.length;
            const byRef = new Map(
              entities.map(e => [stringifyEntityRef(e), e]),
            );
            return {
              items: req.entityRefs.map((ref: string) => {
                const e = byRef.get(ref);
                return e && (!restrict(options.credentials) || owned(e))
                  ? e
                  : null;
              }),
            };
          },
          queryEntities: (req: any, options: any) =>
            all.queryEntities(req, options),
        });
      },
    });
}

/** Preflight's permission allowed; catalog reads conditional (owner-only) once `restricted`. */
function permissions(state: { restricted: boolean }) {
  return mockServices.permissions.mock({
    async authorize(requests: any[]) {
      return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
    },
    async authorizeConditional(
      requests: QueryPermissionRequest[],
    ): Promise<QueryPermissionResponse[]> {
      return requests.map(
        (r): QueryPermissionResponse =>
          state.restricted &&
          r.permission.name === catalogEntityReadPermission.name
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: [OWN_GROUP] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
      );
    },
  });
}

describe('GET /readiness (overview) and catalog read', () => {
  it('lists and counts only rows of entities the caller may read in the catalog, and reuses the resolution briefly', async () => {
    const state = { restricted: false };
    const calls = { refs: 0 };
    const perms = permissions(state);
    const { server } = await startDemoBackend({
      features: [perms.factory],
      catalog: ownerOnlyCatalog(state, calls),
    });
    // record every demo entity (as the scheduled run would, with the backend's own access)
    for (const e of demoEntities) {
      await request(server)
        .get(
          `/api/preflight/entities/component/default/${e.metadata.name}/readiness?refresh=true`,
        )
        .set('authorization', user())
        .expect(200);
    }
    const overview = () =>
      request(server)
        .get('/api/preflight/readiness?limit=500')
        .set('authorization', user());
    const everything = await overview();
    expect(everything.body.totalCount).toBe(demoEntities.length * 3);

    state.restricted = true;
    const mine = demoEntities.filter(owned).map(e => e.metadata.name);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(demoEntities.length);
    const restricted = await overview();
    expect(restricted.status).toBe(200);
    expect(restricted.body.totalCount).toBe(mine.length * 3);
    expect(
      [...new Set(restricted.body.items.map((i: any) => i.name))].sort(),
    ).toEqual(mine.sort());
    const sum = Object.values(
      restricted.body.counts as Record<string, number>,
    ).reduce((a, b) => a + b, 0);
    expect(sum).toBe(mine.length * 3);

    // the next page of the same overview does not resolve the catalog decision again
    const asked = calls.refs;
    expect(asked).toBeGreaterThan(0);
    await overview().expect(200);
    expect(calls.refs).toBe(asked);
  });
});
