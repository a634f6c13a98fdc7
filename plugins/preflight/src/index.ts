/**
 * The Preflight frontend plugin (legacy frontend system exports; the new frontend system plugin
 * is the default export of `@preflight/plugin-preflight/alpha`).
 *
 * @packageDocumentation
 */
export {
  preflightPlugin,
  EntityDeployReadinessContent,
  DeployReadinessContentComponent,
} from './plugin';
export { preflightApiRef, type PreflightApi } from './api/PreflightApi';
export { PreflightClient } from './api/PreflightClient';
export { isPreflightAvailable } from './filters';
