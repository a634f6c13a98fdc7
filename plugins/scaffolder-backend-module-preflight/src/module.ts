import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogAnnotateAction } from './actions/catalogAnnotate';

/**
 * Registers the Preflight golden-path actions with the scaffolder.
 *
 * @public
 */
export const scaffolderModulePreflight = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'preflight',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(createCatalogAnnotateAction());
      },
    });
  },
});
