import type {
  ParityOptions,
  PreflightCheck,
} from '@preflight/plugin-preflight-node';
import { backupVerifiedCheck } from './backupVerified';
import { createContainerSecurityCheck } from './containerSecurity';
import { envConfiguredCheck } from './envConfigured';
import { createEnvironmentParityCheck } from './environmentParity';
import { gitopsSyncCheck } from './gitopsSync';
import { healthChecksCheck } from './healthChecks';
import { createImageVulnerabilitiesCheck } from './imageVulnerabilities';
import {
  createImageTaggedCheck,
  type ImageRegistryVerifier,
  type ImageTaggedOptions,
} from './imageTagged';
import { migrationsReadyCheck } from './migrationsReady';
import { monitoringCheck } from './monitoring';
import { tlsCertificatesCheck } from './tlsCertificates';

export type { ImageRegistryVerifier } from './imageTagged';
export { validateImageVulnerabilityOptions } from './imageVulnerabilities';

/** What the built-in checks need from outside. */
export interface BuiltinCheckDeps {
  registry: ImageRegistryVerifier;
  parity?: ParityOptions;
  /** `preflight.policy`: e.g. the image tags that count as immutable. */
  policy?: ImageTaggedOptions;
  /** Checks provided elsewhere (ci-tests, rollback-plan), in checklist order. */
  extra?: { ciTests?: PreflightCheck; rollbackPlan?: PreflightCheck };
}

/** The deployment checklist, in its order. */
export function createBuiltinChecks(deps: BuiltinCheckDeps): PreflightCheck[] {
  return [
    deps.extra?.ciTests,
    createImageTaggedCheck(deps.registry, deps.policy),
    migrationsReadyCheck,
    envConfiguredCheck,
    healthChecksCheck,
    monitoringCheck,
    deps.extra?.rollbackPlan,
    backupVerifiedCheck,
    createEnvironmentParityCheck(deps.parity),
    gitopsSyncCheck,
    createContainerSecurityCheck(deps.registry),
    createImageVulnerabilitiesCheck(),
    tlsCertificatesCheck,
  ].filter((c): c is PreflightCheck => Boolean(c));
}
