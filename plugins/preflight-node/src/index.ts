/**
 * Node.js library of the Preflight plugins: extension points and helpers for backend modules.
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './facts';
export * from './policy';
export * from './desiredState';
export * from './kubernetesAuth';
