import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createCatalogAnnotateAction } from './actions/catalogAnnotate';
import { createCiPipelineAction } from './actions/ciPipeline';
import { createDockerfileAction } from './actions/dockerfile';
import { createDocsRunbookAction } from './actions/docsRunbook';
import { createKubernetesManifestsAction } from './actions/kubernetesManifests';
import { createPolicyValidateAction } from './actions/policyValidate';
import { readImmutableTags } from '@preflight/plugin-preflight-node';

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
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, config }) {
        // Invalid configuration stops the backend here, with the key in the message.
        const immutableTags = readImmutableTags(config);
        scaffolder.addActions(
          createKubernetesManifestsAction(),
          createDockerfileAction(),
          createCiPipelineAction(),
          createDocsRunbookAction(),
          createCatalogAnnotateAction(),
          createPolicyValidateAction(immutableTags ? { immutableTags } : {}),
        );
      },
    });
  },
});
