import {
  sanitizeObject,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import type { LiveKind } from './kinds';

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns a list item into a sanitized object of the listed kind, or undefined when the item is not
 * an object with `metadata.name` (the caller reports a bad response).
 *
 * - `apiVersion`/`kind` are set from the listed kind (list items lack them; metadata-only items
 *   say `meta.k8s.io/v1` `PartialObjectMetadata`).
 * - `metadata.managedFields` (large, no use here) is dropped.
 * - Metadata-only kinds (Secrets) keep only `metadata` (and `type`/key names if a server ignored the
 *   metadata-only request; values are then masked by `sanitizeObject`).
 * - Finally `sanitizeObject`, as every source does: Secret values, sensitive env literals and
 *   ConfigMap values, `last-applied-configuration`.
 */
export function toLiveObject(
  item: unknown,
  kind: LiveKind,
): KubernetesObject | undefined {
  if (
    !isRecord(item) ||
    !isRecord(item.metadata) ||
    typeof item.metadata.name !== 'string'
  ) {
    return undefined;
  }
  const { managedFields: _managedFields, ...metadata } = item.metadata;

  let object: KubernetesObject;
  if (kind.metadataOnly) {
    object = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: metadata as KubernetesObject['metadata'],
      ...(typeof item.type === 'string' ? { type: item.type } : {}),
      ...(isRecord(item.data) ? { data: item.data } : {}),
      ...(isRecord(item.stringData) ? { stringData: item.stringData } : {}),
    };
  } else {
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = item;
    object = {
      apiVersion: kind.apiVersion,
      kind: kind.kind,
      metadata: metadata as KubernetesObject['metadata'],
      ...rest,
    };
  }

  return sanitizeObject(object);
}
