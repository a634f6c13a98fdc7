/**
 * The Preflight backend plugin.
 *
 * @packageDocumentation
 */
export { preflightPlugin as default } from './plugin';
