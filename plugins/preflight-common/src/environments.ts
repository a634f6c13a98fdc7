import type { PreflightEnvironment } from './types';

/**
 * The promotion path used when `preflight.environments` is not configured, and the environments
 * the scaffolder's golden path writes by default: dev → staging → production.
 *
 * @public
 */
export const DEFAULT_ENVIRONMENTS: readonly PreflightEnvironment[] = [
  { name: 'dev', title: 'Development' },
  { name: 'staging', title: 'Staging' },
  { name: 'production', title: 'Production' },
];
