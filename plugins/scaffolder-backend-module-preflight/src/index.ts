/**
 * Preflight golden-path actions for the Backstage scaffolder.
 *
 * @packageDocumentation
 */
export { scaffolderModulePreflight as default } from './module';
export { createCatalogAnnotateAction } from './actions/catalogAnnotate';
export { createKubernetesManifestsAction } from './actions/kubernetesManifests';
export { createDockerfileAction } from './actions/dockerfile';
export { createCiPipelineAction } from './actions/ciPipeline';
export { createDocsRunbookAction } from './actions/docsRunbook';
export { createPolicyValidateAction } from './actions/policyValidate';
export type { PolicyValidateOptions } from './actions/policyValidate';
