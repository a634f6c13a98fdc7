import express from 'express';
import request from 'supertest';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { spec } from './openapi.generated';
// The frontend's API answers: the demo estate's, captured by `yarn capture:fixtures`
// (demoEstate.json), those kept by hand, and what the frontend's test builders make. Its tests
// render them, so they must be what the backend answers. Each is served through a router that
// validates responses against openapi.yaml, as the plugin's own routes are in the API tests. They
// are read from the frontend's source tree by this test only (they are not published, and the
// backend does not depend on the frontend).
/* eslint-disable @backstage/no-relative-monorepo-imports */
import {
  catalogWebParity,
  demoChecks,
  demoEnvironments,
  demoOverview,
  paymentsApiEnvironments,
  paymentsApiHistory,
  paymentsApiReadiness,
  paymentsApiWaiver,
} from '../../../preflight/src/__fixtures__';
import {
  imageValue,
  imagePromotion,
  parityReport,
  parityResponse,
} from '../../../preflight/src/__testUtils__/parity';

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
  [
    'GET …/parity (the test builders)',
    `${ENTITY}/parity`,
    parityResponse(
      'cart-service',
      parityReport({
        images: [
          imagePromotion(
            'cart-service',
            {
              dev: imageValue('ghcr.io/acme/cart-service:latest'),
              staging: imageValue(
                `ghcr.io/acme/cart-service:3.1.0@sha256:${'0'.repeat(64)}`,
              ),
              production: { present: false },
            },
            {
              steps: [{ from: 'dev', to: 'staging', status: 'differs' }],
              ahead: {
                environment: 'dev',
                of: 'staging',
                basis: 'promotion-order',
              },
            },
          ),
        ],
      }),
    ),
  ],
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
