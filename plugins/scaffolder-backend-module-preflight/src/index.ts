/**
 * Preflight golden-path actions for the Backstage scaffolder.
 *
 * @packageDocumentation
 */
export { scaffolderModulePreflight as default } from './module';
export { createCatalogAnnotateAction } from './actions/catalogAnnotate';
