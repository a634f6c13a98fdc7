import express from 'express';
import request from 'supertest';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from './openapi.generated';
// The frontend's captured API answers: its tests render them, so they must be what the backend
// answers. Each is served through a router that validates responses against openapi.yaml, as the
// plugin's own routes are in the API tests. The fixtures are read from the frontend's source tree
// by this test only (they are not published, and the backend does not depend on the frontend).
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  demoChecks,
  demoEnvironments,
  demoOverview,
} from '../../../preflight/src/__fixtures__/demo';
import {
  paymentsApiEnvironments,
  paymentsApiHistory,
  paymentsApiReadiness,
  paymentsApiWaiver,
} from '../../../preflight/src/__fixtures__/paymentsApi';
import { catalogWebParity } from '../../../preflight/src/__fixtures__/catalogWeb';
import { cartServiceParity } from '../../../preflight/src/__fixtures__/cartService';

const ENTITY = '/entities/component/default/payments-api';

const cases: Array<[string, string, unknown]> = [
  ['GET /environments', '/environments', { environments: demoEnvironments }],
  ['GET /checks', '/checks', { checks: demoChecks }],
  ['GET /readiness (the overview)', '/readiness', demoOverview],
  ['GET …/readiness', `${ENTITY}/readiness`, paymentsApiReadiness],
  ['GET …/environments', `${ENTITY}/environments`, paymentsApiEnvironments],
  ['GET …/history', `${ENTITY}/history`, paymentsApiHistory],
  ['GET …/waivers', `${ENTITY}/waivers`, { items: [paymentsApiWaiver] }],
  ['GET …/parity (catalog-web)', `${ENTITY}/parity`, catalogWebParity],
  ['GET …/parity (cart-service)', `${ENTITY}/parity`, cartServiceParity],
];

function appServing(path: string, body: unknown) {
  const router = createValidatedOpenApiRouter(spec, {
    validatorOptions: { validateResponses: true },
  });
  // The router's paths are typed by the spec; this test serves one at a time by its concrete path.
  (router as unknown as express.Router).get(path, (_req, res) => {
    res.json(body);
  });
  const app = express().use(router);
  // What the validator says when a response does not match the spec.
  app.use(
    (
      error: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      res.status(500).json({ error: error.message });
    },
  );
  return app;
}

describe("the frontend's fixtures answer as the API does (openapi.yaml)", () => {
  it.each(cases)('%s', async (_title, path, body) => {
    const response = await request(appServing(path, body)).get(path);
    expect(response.body.error).toBeUndefined();
    expect(response.status).toBe(200);
  });

  it('fails a fixture that does not match (the check is live)', async () => {
    const broken = { ...paymentsApiReadiness, evaluatedAt: 42 };
    const path = `${ENTITY}/readiness`;
    const response = await request(appServing(path, broken)).get(path);
    expect(response.status).toBe(500);
    expect(response.body.error).toMatch(/evaluatedAt|response/i);
  });

  it('fails a parity report that does not match (the report is described, not an open object)', async () => {
    const row = { ...catalogWebParity.desired.rows[0], category: 'bogus' };
    const broken = {
      ...catalogWebParity,
      desired: { ...catalogWebParity.desired, rows: [row] },
    };
    const path = `${ENTITY}/parity`;
    const response = await request(appServing(path, broken)).get(path);
    expect(response.status).toBe(500);
    expect(response.body.error).toMatch(/category/);
  });
});
