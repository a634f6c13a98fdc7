/**
 * The one schema of `preflight.*`: every key the backend reads, its type, bounds and default, in
 * one place (one file per section). `readPreflightConfig` (`../readPreflightConfig.ts`) validates
 * the whole configuration at start-up with it and names every invalid key at once; the services
 * receive their typed section of the result.
 *
 * The keys are also declared, with their documentation and visibility, in the package's
 * `config.d.ts` (Backstage's configuration schema); a test keeps the two naming the same keys.
 */
import type { Config } from '@backstage/config';
import { z } from 'zod';
import { checksSchema } from './checks';
import { argocdSchema, desiredSchema } from './desired';
import { environmentsSchema } from './environments';
import { parseConfig } from './errors';
import {
  cacheSchema,
  configMapsSchema,
  evaluationSchema,
  historySchema,
  registryTimeoutMsSchema,
  scheduleSchema,
  waiversSchema,
} from './general';
import { liveSchema } from './live';
import { paritySchema, policySchema } from './policy';
import { registriesSchema } from './registries';

/** The schema of `preflight`. Keys it does not name are left to the modules that read them. */
export const preflightConfigSchema = z
  .object(
    {
      environments: environmentsSchema,
      cache: cacheSchema,
      live: liveSchema,
      registries: registriesSchema,
      registryTimeoutMs: registryTimeoutMsSchema,
      policy: policySchema,
      checks: checksSchema,
      schedule: scheduleSchema,
      evaluation: evaluationSchema,
      history: historySchema,
      configMaps: configMapsSchema,
      waivers: waiversSchema,
      parity: paritySchema,
      desired: desiredSchema,
      argocd: argocdSchema,
    },
    { error: 'expected an object' },
  )
  .prefault({});

/** The configuration of `preflight`, validated, with every default applied. */
export type PreflightConfig = z.output<typeof preflightConfigSchema>;

/** The sections (top-level keys) of `preflight`. */
export type PreflightConfigSection = keyof PreflightConfig;

/**
 * Some sections of `preflight`, validated by their part of the schema; throws an
 * `InvalidConfigError` naming every invalid key of those sections. For readers that are given a
 * `Config` outside the plugin's start-up (tests, modules); the plugin reads everything at once
 * (`readPreflightConfig`).
 */
export function readPreflightSections<K extends PreflightConfigSection>(
  config: Config,
  ...names: K[]
): Pick<PreflightConfig, K> {
  const mask = Object.fromEntries(names.map(name => [name, true]));
  // The mask names sections of the schema (K), so the picked output is Pick<PreflightConfig, K>.
  const schema: z.ZodType = preflightConfigSchema.unwrap().pick(mask as never);
  return parseConfig(
    schema,
    config.getOptional('preflight') ?? {},
    'preflight',
  ) as Pick<PreflightConfig, K>;
}

/** One section of `preflight` (see {@link readPreflightSections}). */
export function readPreflightSection<K extends PreflightConfigSection>(
  config: Config,
  name: K,
): PreflightConfig[K] {
  return readPreflightSections(config, name)[name];
}

export { InvalidConfigError, parseConfig, type ConfigIssue } from './errors';
export type { RegistryConfig } from './registries';
export { DOCKER_HUB_API_URL } from './registries';
export { DEFAULT_SCHEDULE } from './general';
export {
  ciTestsOptionsSchema,
  imageVulnerabilitiesOptionsSchema,
} from './checks';
