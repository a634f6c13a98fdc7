/**
 * Node.js library of the Preflight plugins: extension points for backend modules.
 *
 * @packageDocumentation
 */
export * from './extensions';
