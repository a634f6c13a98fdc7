/**
 * Node.js library of the Preflight plugins: extension points and helpers for backend modules, the
 * policy engine (rules over Kubernetes objects) and the parity engine (environments and desired
 * vs live compared).
 *
 * @packageDocumentation
 */
export * from './extensions';
export * from './facts';
export * from './policy';
export * from './parity';
export * from './desiredState';
export * from './kubernetesAuth';
