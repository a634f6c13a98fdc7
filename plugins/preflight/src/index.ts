/**
 * The Preflight frontend plugin (legacy frontend system exports; the new frontend system plugin
 * is the default export of `@preflight/plugin-preflight/alpha`).
 *
 * @packageDocumentation
 */
export {
  preflightPlugin,
  EntityDeployReadinessContent,
  EntityEnvironmentsContent,
  EntityDeployReadinessCard,
  PreflightPage,
  DeployReadinessContentComponent,
} from './plugin';
export {
  rootRouteRef,
  deployReadinessRouteRef,
  environmentsRouteRef,
} from './routes';
export {
  preflightApiRef,
  type KubernetesUserToken,
  type PreflightApi,
  type UserTokenOptions,
} from './api/PreflightApi';
export { PreflightClient } from './api/PreflightClient';
export { isPreflightAvailable } from './filters';
