import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { CacheManager } from '@backstage/backend-defaults/cache';
import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import { EnvironmentStateService } from '../../src/service/EnvironmentStateService';
import { DesiredStateSource } from '../../src/sources/desired';
import { LiveStateSource } from '../../src/sources/live';
import { createBuiltinChecks } from '../../src/readiness/checks';
import { createCiTestsCheck } from '../../src/readiness/ci';
import { OciRegistryVerifier } from '../../src/readiness/registry';
import { createRollbackPlanCheck } from '../../src/readiness/runbook';
import { readCheckSettings } from '../../src/readiness/settings';

/** The checklist as `plugin.ts` builds it (no registry, CI or runbook is configured here). */
export function benchChecks(config: Config, logger: LoggerService) {
  const urlReader = {
    async readUrl() {
      throw new Error('no URL is read in the benchmarks');
    },
  } as unknown as UrlReaderService;
  const checks = createBuiltinChecks({
    registry: OciRegistryVerifier.fromConfig(config, { logger }),
    extra: {
      ciTests: createCiTestsCheck({ config, logger }),
      rollbackPlan: createRollbackPlanCheck({ urlReader, config, logger }),
    },
  });
  return { checks, settings: readCheckSettings(config, checks), urlReader };
}

/** The environments' state service as `plugin.ts` builds it: live and desired sources, a cache. */
export function benchStates(
  config: Config,
  logger: LoggerService,
  environments: PreflightEnvironment[],
  urlReader: UrlReaderService,
) {
  return new EnvironmentStateService({
    environments,
    sources: {
      live: new LiveStateSource({ config, logger }),
      desired: new DesiredStateSource({ config, logger, urlReader }),
    },
    cache: CacheManager.fromConfig(config).forPlugin('preflight'),
    logger,
    ttlMs: 30_000,
  });
}
