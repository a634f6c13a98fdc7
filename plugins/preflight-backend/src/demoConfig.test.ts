import { mockServices } from '@backstage/backend-test-utils';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { ConfigReader } from '@backstage/config';
import { demoAppConfig } from './__testUtils__/demoEstate';

/*
 * The demo's app-config.yaml must not let catalog content make the backend fetch from its own
 * host: a runbook link or manifests URL at localhost is refused by the URL reader.
 */
describe('the demo app-config.yaml', () => {
  it('gives the URL reader no localhost', async () => {
    const reader = UrlReaders.default({
      config: new ConfigReader(demoAppConfig),
      logger: mockServices.logger.mock(),
    });
    for (const url of [
      'http://localhost/runbook.md',
      'http://localhost:7007/api/preflight/health.md',
      'http://127.0.0.1:7007/runbook.md',
    ]) {
      await expect(reader.readUrl(url)).rejects.toThrow(/not allowed/);
    }
  });
});
