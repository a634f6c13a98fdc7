/**
 * Common types, permissions and pure logic shared by the Preflight plugins.
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
export * from './policy';
export * from './parity';
export * from './text';
