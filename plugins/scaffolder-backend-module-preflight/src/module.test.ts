import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { scaffolderModulePreflight } from './module';

describe('scaffolderModulePreflight', () => {
  const start = (preflight: object) =>
    startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModulePreflight,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: { preflight } }),
      ],
    });

  it('stops at start-up on an invalid preflight.policy.immutableTags entry, naming it', async () => {
    await expect(
      start({ policy: { immutableTags: ['v\\d+\\.\\d+\\.\\d+', '[a-f'] } }),
    ).rejects.toThrow(
      "Invalid config at 'preflight.policy.immutableTags[1]': '[a-f' is not a valid regular expression",
    );
  }, 60_000);

  it('starts with valid immutable tags', async () => {
    const backend = await start({
      policy: { immutableTags: ['[0-9a-f]{40}'] },
    });
    expect(backend.server.listening).toBe(true);
    await backend.stop();
  }, 60_000);
});
