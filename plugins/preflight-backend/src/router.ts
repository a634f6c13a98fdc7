import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  preflightReadPermission,
  preflightRefreshPermission,
  preflightWaiverManagePermission,
  type CheckDefinition,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import type { Request, Response } from 'express';
import { audited, auditText } from './service/audit';
import { spec } from './schema/openapi.generated';
import { parseEntityRefParams } from './service/entityRef';
import {
  findStateObject,
  summarizeEnvironmentStates,
} from './service/podSummary';
import type { EnvironmentStateService } from './service/EnvironmentStateService';
import { requestAuthFromHeaders } from './sources/live/credentials';
import type { ParitySettings } from './config/parity';
import { computeEntityParity } from './service/ParityService';
import { OverviewAccess } from './service/OverviewAccess';
import type { ReadinessEngine } from './readiness/ReadinessEngine';
import type { ReadinessService } from './readiness/ReadinessService';
import type { ReadinessStore } from './readiness/ReadinessStore';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  /** Records waiver changes and manual refreshes (who, what, why). */
  auditor: AuditorService;
  permissions: PermissionsService;
  catalog: CatalogService;
  environments: PreflightEnvironment[];
  states: EnvironmentStateService;
  checks: () => CheckDefinition[];
  engine: ReadinessEngine;
  readiness: ReadinessService;
  store: ReadinessStore;
  /** `preflight.parity`: what counts as an expected difference. */
  parity?: ParitySettings;
  /** Longest a waiver may last, in days. */
  maxWaiverDays?: number;
  now?: () => Date;
  /** Validate responses against the OpenAPI document too (tests). */
  validateResponses?: boolean;
}

/** Longest waiver justification, in characters (also `maxLength` in openapi.yaml). */
export const MAX_JUSTIFICATION_LENGTH = 2000;

/**
 * The `/api/preflight` routes, validated against `src/schema/openapi.yaml`.
 */
export async function createRouter(options: RouterOptions) {
  const { auditor, httpAuth, permissions, catalog, states, store } = options;
  const now = options.now ?? (() => new Date());
  const overviewAccess = new OverviewAccess({
    permissions,
    catalog,
    candidates: filters => store.overviewEntityRefs(filters),
  });
  const router = createValidatedOpenApiRouter(spec, {
    // Responses are checked against the spec in tests (Jest sets NODE_ENV=test), not in production.
    validatorOptions: {
      validateResponses:
        options.validateResponses ?? process.env.NODE_ENV === 'test',
    },
  });

  /**
   * Resolves the entity of a `/entities/{kind}/{namespace}/{name}/...` request: validated
   * parameters (400), the permissions of the caller on that entity (403), the entity read from
   * the catalog with the caller's own credentials (404).
   */
  async function authorizedEntity(
    req: Request,
    ...required: ResourcePermission<'catalog-entity'>[]
  ): Promise<{ entity: Entity; entityRef: string }> {
    const entityRef = parseEntityRefParams(req.params);
    const credentials = await httpAuth.credentials(req);
    const decisions = await permissions.authorize(
      required.map(permission => ({ permission, resourceRef: entityRef })),
      { credentials },
    );
    const denied = decisions.findIndex(d => d.result !== AuthorizeResult.ALLOW);
    if (denied >= 0) {
      throw new NotAllowedError(
        `Missing permission ${required[denied].name} for ${entityRef}`,
      );
    }
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`No entity named '${entityRef}' found`);
    }
    return { entity, entityRef };
  }

  const isRefresh = (req: Request) => req.query.refresh === 'true';
  const readPermissions = (req: Request) => [
    preflightReadPermission,
    ...(isRefresh(req) ? [preflightRefreshPermission] : []),
  ];
  /**
   * The entity a request names, authorized for reading (and refreshing, when it asks to), and
   * its states along the promotion path, read with the Kubernetes tokens the request carries.
   */
  async function entityStates(req: Request) {
    const { entity, entityRef } = await authorizedEntity(
      req,
      ...readPermissions(req),
    );
    const path = await states.getStates(entity, {
      refresh: isRefresh(req),
      auth: requestAuthFromHeaders(req.headers),
    });
    return { entityRef, path };
  }
  /** The entity of a request as given (for audit events, before it is validated). */
  const requestedEntity = (req: Request) =>
    auditText(`${req.params.kind}:${req.params.namespace}/${req.params.name}`);
  /** Runs a route, as an audited `refresh` event when the caller asked for a refresh. */
  function maybeRefresh(
    req: Request,
    route: string,
    work: () => Promise<void>,
  ) {
    if (!isRefresh(req)) return work();
    return audited(
      auditor,
      {
        eventId: 'refresh',
        severityLevel: 'low',
        request: req,
        meta: { route, entityRef: requestedEntity(req) },
      },
      async () => ({ value: await work() }),
    );
  }
  function checkEnvironment(name: unknown): string | undefined {
    if (name === undefined) return undefined;
    if (!options.environments.some(e => e.name === name)) {
      throw new InputError(
        `Invalid environment '${String(
          name,
        )}' in parameter 'environment' (known: ${options.environments
          .map(e => e.name)
          .join(', ')})`,
      );
    }
    return String(name);
  }

  // Unauthenticated (see the auth policy in plugin.ts): for load balancers and uptime checks.
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/environments', async (_req, res) => {
    res.json({ environments: options.environments });
  });

  router.get('/checks', async (_req, res) => {
    res.json({ checks: options.checks() });
  });

  router.get('/entities/:kind/:namespace/:name/environments', (req, res) =>
    maybeRefresh(req, 'environments', async () => {
      const { entityRef, path } = await entityStates(req);
      // Pods are counted, not listed: see podSummary.ts
      res.json({ entityRef, environments: summarizeEnvironmentStates(path) });
    }),
  );

  router.get(
    '/entities/:kind/:namespace/:name/environments/:environment/objects/:source/:objectKind/:objectName',
    async (req, res) => {
      const environment = checkEnvironment(req.params.environment)!;
      const { entity } = await authorizedEntity(req, preflightReadPermission);
      const q = req.query;
      res.json(
        findStateObject(
          await states.getStates(entity, {
            auth: requestAuthFromHeaders(req.headers),
          }),
          {
            environment,
            source: req.params.source,
            kind: req.params.objectKind,
            name: req.params.objectName,
            namespace: q.objectNamespace,
          },
        ),
      );
    },
  );

  router.get('/entities/:kind/:namespace/:name/readiness', (req, res) =>
    maybeRefresh(req, 'readiness', () => readiness(req, res)),
  );
  async function readiness(req: Request, res: Response) {
    const environment = checkEnvironment(req.query.environment);
    const { entity } = await authorizedEntity(req, ...readPermissions(req));
    // A refresh is a new evaluation of record; a plain read does not write history.
    // The user's Kubernetes provider tokens, for clusters read with them (google, oidc, aks).
    const auth = requestAuthFromHeaders(req.headers);
    const result = isRefresh(req)
      ? await options.readiness.evaluateAndRecord(entity, {
          refresh: true,
          auth,
        })
      : await options.engine.evaluate(entity, { auth });
    res.json(
      environment
        ? {
            ...result,
            environments: result.environments.filter(
              e => e.environment === environment,
            ),
          }
        : result,
    );
  }

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const environment = checkEnvironment(req.query.environment);
    const { entityRef } = await authorizedEntity(req, preflightReadPermission);
    const limit = req.query.limit ? Number(req.query.limit) : 100;
    res.json({
      entityRef,
      items: await store.history(entityRef, { environment, limit }),
    });
  });

  router.get('/entities/:kind/:namespace/:name/parity', (req, res) =>
    maybeRefresh(req, 'parity', async () => {
      const { entityRef, path } = await entityStates(req);
      res.json({
        entityRef,
        ...computeEntityParity(path, options.parity),
      });
    }),
  );

  router.get('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const { entityRef } = await authorizedEntity(req, preflightReadPermission);
    res.json({ items: await store.listActive(entityRef, now()) });
  });

  router.post('/entities/:kind/:namespace/:name/waivers', async (req, res) => {
    const body = req.body;
    const waiver = await audited(
      auditor,
      {
        eventId: 'waiver-create',
        severityLevel: 'medium',
        request: req,
        meta: {
          entityRef: requestedEntity(req),
          environment: auditText(body.environment),
          checkId: auditText(body.checkId),
          justification: auditText(body.justification),
          expiresAt: auditText(body.expiresAt),
        },
      },
      async () => {
        // Who may not manage waivers learns nothing about the input.
        const { entityRef } = await authorizedEntity(
          req,
          preflightWaiverManagePermission,
        );
        const environment = checkEnvironment(body.environment)!;
        if (!options.checks().some(c => c.id === body.checkId)) {
          throw new InputError(
            `Unknown check '${body.checkId}' in field 'checkId'`,
          );
        }
        const justification = body.justification.trim();
        if (justification.length < 10) {
          throw new InputError(
            `Field 'justification' is required: say why the check may be waived (at least 10 characters)`,
          );
        }
        if (justification.length > MAX_JUSTIFICATION_LENGTH) {
          throw new InputError(
            `Field 'justification' must be at most ${MAX_JUSTIFICATION_LENGTH} characters`,
          );
        }
        const expiresAt = new Date(body.expiresAt);
        const at = now();
        if (Number.isNaN(expiresAt.getTime())) {
          throw new InputError(
            `Field 'expiresAt' must be an ISO 8601 date-time`,
          );
        }
        if (expiresAt.getTime() <= at.getTime()) {
          throw new InputError(`Field 'expiresAt' must be in the future`);
        }
        const maxDays = options.maxWaiverDays ?? 90;
        if (expiresAt.getTime() > at.getTime() + maxDays * 86_400_000) {
          throw new InputError(
            `Field 'expiresAt' must be at most ${maxDays} days ahead`,
          );
        }
        const credentials = await httpAuth.credentials(req, {
          allow: ['user', 'service'],
        });
        const createdBy =
          credentials.principal.type === 'user'
            ? credentials.principal.userEntityRef
            : `service:${credentials.principal.subject}`;
        const added = await store.addWaiver(
          {
            entityRef,
            environment,
            checkId: body.checkId,
            justification,
            expiresAt: expiresAt.toISOString(),
            createdBy,
          },
          at,
        );
        return { value: added, meta: { waiverId: added.id, createdBy } };
      },
    );
    res.status(201).json(waiver);
  });

  router.delete(
    '/entities/:kind/:namespace/:name/waivers/:id',
    async (req, res) => {
      await audited(
        auditor,
        {
          eventId: 'waiver-delete',
          severityLevel: 'medium',
          request: req,
          meta: {
            entityRef: requestedEntity(req),
            waiverId: auditText(req.params.id),
          },
        },
        async () => {
          const { entityRef } = await authorizedEntity(
            req,
            preflightWaiverManagePermission,
          );
          const waiver = await store.getWaiver(req.params.id);
          if (!waiver || waiver.entityRef !== entityRef) {
            throw new NotFoundError(
              `No waiver '${req.params.id}' for ${entityRef}`,
            );
          }
          await store.deleteWaiver(waiver.id);
          const { environment, checkId, justification, createdBy } = waiver;
          return {
            value: undefined,
            meta: { environment, checkId, justification, createdBy },
          };
        },
      );
      res.status(204).end();
    },
  );

  router.get('/readiness', async (req, res) => {
    const q = req.query;
    const query = {
      owner: q.owner,
      system: q.system,
      lifecycle: q.lifecycle,
      environment: q.environment,
      verdict: q.verdict,
      failingCheck: q.failingCheck,
      limit: q.limit ? Number(q.limit) : 50,
      offset: q.offset ? Number(q.offset) : 0,
    };
    // Only what the caller may read — in Preflight and in the catalog — is listed and counted
    // (see OverviewAccess).
    const scope = await overviewAccess.scope(
      query,
      await httpAuth.credentials(req),
    );
    if (scope.type === 'none') {
      res.json({
        items: [],
        totalCount: 0,
        counts: { ready: 0, 'not-ready': 0, unknown: 0 },
      });
      return;
    }
    res.json(
      await store.overview(
        query,
        scope.type === 'some' ? { entityRefs: scope.entityRefs } : undefined,
      ),
    );
  });

  return router;
}
