import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  preflightReadPermission,
  type ReadinessOverviewFilters,
} from '@preflight/plugin-preflight-common';
import { chunks } from '../readiness/util/chunks';

/** The refs of the overview rows the filters select (the store answers this). */
export type OverviewCandidates = (
  filters: ReadinessOverviewFilters,
) => Promise<string[]>;

/** Who may read which overview rows: everything, nothing, or exactly these entities. */
export type OverviewScope =
  | { type: 'all' }
  | { type: 'none' }
  | { type: 'some'; entityRefs: Set<string> };

const BATCH = 500;
/** Scopes kept at most (oldest dropped first). */
const MAX_CACHED = 1000;

/**
 * Decides which rows of the catalog-wide overview a caller may see: the entities for which the
 * caller has **both** Preflight's read permission and the catalog's `catalog.entity.read` (rows
 * carry the entity's title, owner and system, which are catalog data). Unconditional decisions
 * cover the whole catalog at once; conditional ones (e.g. "owners only") are resolved for the
 * entities the filters select — Preflight's with `authorize` per entity, the catalog's by asking
 * the catalog with the caller's credentials, which applies the catalog's own conditions — before
 * paging, so pages stay full and counts leak nothing. A resolved scope is reused for the same
 * caller and filters for `ttlMs` (default 30 s), so paging through a large restricted overview
 * does not resolve it again on every page (only conditional decisions are resolved and cached).
 */
export class OverviewAccess {
  private readonly cache = new Map<
    string,
    { expires: number; scope: Promise<OverviewScope> }
  >();

  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      catalog: CatalogService;
      candidates: OverviewCandidates;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async scope(
    filters: ReadinessOverviewFilters,
    credentials: BackstageCredentials,
  ): Promise<OverviewScope> {
    const [own, catalogRead] = await this.deps.permissions.authorizeConditional(
      [
        { permission: preflightReadPermission },
        { permission: catalogEntityReadPermission },
      ],
      { credentials },
    );
    if (
      own.result === AuthorizeResult.DENY ||
      catalogRead.result === AuthorizeResult.DENY
    ) {
      return { type: 'none' };
    }
    if (
      own.result === AuthorizeResult.ALLOW &&
      catalogRead.result === AuthorizeResult.ALLOW
    ) {
      return { type: 'all' };
    }
    // Conditional: resolved per entity, which is what is worth reusing for a short while (the
    // decisions are part of the key, so a changed policy is not served from the cache).
    const now = (this.deps.now ?? Date.now)();
    const key = JSON.stringify([
      credentials.principal,
      filters,
      own,
      catalogRead,
    ]);
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.scope;
    const scope = this.resolve(
      filters,
      credentials,
      own.result === AuthorizeResult.CONDITIONAL,
      catalogRead.result === AuthorizeResult.CONDITIONAL,
    );
    this.cache.set(key, { expires: now + (this.deps.ttlMs ?? 30_000), scope });
    scope.catch(() => this.cache.delete(key));
    this.evictExpired(now);
    return scope;
  }

  private async resolve(
    filters: ReadinessOverviewFilters,
    credentials: BackstageCredentials,
    ownConditional: boolean,
    catalogConditional: boolean,
  ): Promise<OverviewScope> {
    let refs = await this.deps.candidates(filters);
    if (ownConditional) {
      refs = await this.authorized(preflightReadPermission, refs, credentials);
    }
    if (catalogConditional) {
      refs = await this.visibleInCatalog(refs, credentials);
    }
    return { type: 'some', entityRefs: new Set(refs) };
  }

  private async authorized(
    permission: ResourcePermission<'catalog-entity'>,
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const allowed: string[] = [];
    for (const batch of chunks(refs, BATCH)) {
      const decisions = await this.deps.permissions.authorize(
        batch.map(resourceRef => ({ permission, resourceRef })),
        { credentials },
      );
      batch.forEach((ref, i) => {
        if (decisions[i].result === AuthorizeResult.ALLOW) allowed.push(ref);
      });
    }
    return allowed;
  }

  /** The refs the catalog returns to the caller (it leaves out what the caller may not read). */
  private async visibleInCatalog(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const visible: string[] = [];
    for (const batch of chunks(refs, BATCH)) {
      const { items } = await this.deps.catalog.getEntitiesByRefs(
        { entityRefs: batch, fields: ['kind', 'metadata.name'] },
        { credentials },
      );
      batch.forEach((ref, i) => {
        if (items[i]) visible.push(ref);
      });
    }
    return visible;
  }

  private evictExpired(now: number) {
    if (this.cache.size <= MAX_CACHED) return;
    for (const [key, entry] of this.cache) {
      if (entry.expires <= now || this.cache.size > MAX_CACHED)
        this.cache.delete(key);
    }
  }
}
