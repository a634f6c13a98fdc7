/**
 * Types, permissions, annotation names and small isomorphic helpers shared by the Preflight
 * frontend, backend and API clients. The policy and parity engines live in
 * `@preflight/plugin-preflight-node`.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './annotations';
export * from './permissions';
export * from './checks';
export * from './api';
export * from './kubernetes';
export * from './environments';
export * from './imageReference';
export * from './quantity';
export * from './secrets';
export * from './parityReport';
export * from './text';
export type {
  paths as PreflightApiPaths,
  operations as PreflightApiOperations,
  components as PreflightApiComponents,
} from './schema/openapi.generated';
