/*
 * The demo estate's answers (examples/, served as `make start` serves it), written to
 * demoEstate.json by `yarn capture:fixtures` in plugins/preflight-backend: regenerate, never edit.
 * The backend's src/schema/fixtures.contract.test.ts checks the file against openapi.yaml; JSON
 * widens string unions to string, hence the casts to the API's types.
 */
import type {
  CheckDefinition,
  EntityParityResponse,
  PreflightEnvironment,
} from '@preflight/plugin-preflight-common';
import captured from './demoEstate.json';

/** `GET /environments` of the demo: dev, staging, production. */
export const demoEnvironments: PreflightEnvironment[] = captured.environments;
/** `GET /checks` of the demo. */
export const demoChecks = captured.checks as CheckDefinition[];
/**
 * `GET …/parity` of catalog-web: desired state only (no cluster), drift in production (image
 * behind staging, FEATURE_FLAGS_URL missing), expected differences (replicas, LOG_LEVEL, …).
 */
export const catalogWebParity = captured.catalogWeb
  .parity as EntityParityResponse;
export { demoOverview } from './demo';
export * from './paymentsApi';
