import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
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
