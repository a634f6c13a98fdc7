import {
  createPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Read an entity's readiness, environments and parity. A resource permission on catalog
 * entities, so conditional policies such as "owner only" apply.
 *
 * @public
 */
export const preflightReadPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'preflight.readiness.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  });

/**
 * Force a re-evaluation of an entity (bypasses caches, calls clusters).
 *
 * @public
 */
export const preflightRefreshPermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'preflight.readiness.refresh',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/**
 * Create or remove waivers of checks for an entity.
 *
 * @public
 */
export const preflightWaiverManagePermission: ResourcePermission<'catalog-entity'> =
  createPermission({
    name: 'preflight.waiver.manage',
    attributes: { action: 'update' },
    resourceType: 'catalog-entity',
  });

/**
 * All Preflight permissions, for registration with the permissions registry.
 *
 * @public
 */
export const preflightPermissions = [
  preflightReadPermission,
  preflightRefreshPermission,
  preflightWaiverManagePermission,
];
