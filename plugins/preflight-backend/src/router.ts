import express from 'express';
import Router from 'express-promise-router';
import type {
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  preflightReadPermission,
  type EntityEnvironmentsResponse,
} from '@preflight/plugin-preflight-common';
import { parseEntityRefParams } from './service/entityRef';
import type { EnvironmentService } from './service/EnvironmentService';
import type { CheckRegistry } from './service/CheckRegistry';

export interface RouterOptions {
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  environments: EnvironmentService;
  checks: CheckRegistry;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, catalog, environments, checks } = options;
  const router = Router();
  router.use(express.json());

  // Unauthenticated (see plugin.ts auth policy): for load balancers and uptime checks.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/environments', async (_req, res) => {
    res.json({ environments: environments.list() });
  });

  router.get('/checks', async (_req, res) => {
    res.json({ checks: checks.definitions() });
  });

  router.get(
    '/entities/:kind/:namespace/:name/environments',
    async (req, res) => {
      const entityRef = parseEntityRefParams(req.params);
      const credentials = await httpAuth.credentials(req);

      const [decision] = await permissions.authorize(
        [{ permission: preflightReadPermission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError();
      }

      // The caller's credentials are passed on: the catalog applies its own permissions.
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(`No entity named '${entityRef}' found`);
      }
      const body: EntityEnvironmentsResponse = {
        entityRef,
        environments: environments.summarize(entity),
      };
      res.json(body);
    },
  );

  return router;
}
