import type {
  DeliveryHealth,
  DeliveryRecord,
  DeliveryStatus,
  DeliverySync,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { DesiredStateError, redactUrls } from '../errors';
import type {
  ArgoApplication,
  ArgoApplicationStatus,
  ArgoManifestResponse,
  ArgoRevisionHistory,
} from './types';

/** Most manifests accepted from one Application. */
export const MAX_MANIFESTS = 2000;
/** Most history records kept (`DeliveryStatus.history`). */
export const MAX_DELIVERY_HISTORY = 20;
/** Longest `DeliveryStatus.message`. */
export const MAX_DELIVERY_MESSAGE = 500;

const SYNC: Record<string, DeliverySync> = {
  Synced: 'synced',
  OutOfSync: 'out-of-sync',
  Unknown: 'unknown',
};

const HEALTH: Record<string, DeliveryHealth> = {
  Healthy: 'healthy',
  Progressing: 'progressing',
  Degraded: 'degraded',
  Suspended: 'suspended',
  Missing: 'missing',
  Unknown: 'unknown',
};

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]+/g;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object (answers are parsed defensively). */
function objectOr<T>(value: T | undefined): T | undefined {
  return isPlainObject(value) ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : undefined;
}

/** A `v1Time`: an RFC 3339 string on the wire (or `{ seconds }` as the OpenAPI document has it). */
export function timeOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return Number.isNaN(Date.parse(value)) ? undefined : value;
  }
  if (isPlainObject(value) && value.seconds !== undefined) {
    const seconds = Number(value.seconds);
    if (!Number.isFinite(seconds)) return undefined;
    const date = new Date(seconds * 1000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return undefined;
}

/** `revision`, or the `revisions` of a multi-source Application joined with `, `. */
export function revisionOf(
  value: { revision?: unknown; revisions?: unknown } | undefined,
): string | undefined {
  if (!value) return undefined;
  const single = nonEmpty(value.revision);
  if (single) return single;
  if (Array.isArray(value.revisions)) {
    const all = value.revisions.map(nonEmpty).filter((r): r is string => !!r);
    return all.length > 0 ? all.join(', ') : undefined;
  }
  return undefined;
}

/** Argo CD's words, on one line, without URL credentials, at most 500 characters. */
export function deliveryMessage(text: string): string {
  const clean = redactUrls(text.replace(CONTROL_CHARACTERS, ' ')).trim();
  return clean.length > MAX_DELIVERY_MESSAGE
    ? `${clean.slice(0, MAX_DELIVERY_MESSAGE - 3)}...`
    : clean;
}

function historyRecord(entry: ArgoRevisionHistory): DeliveryRecord | undefined {
  if (!isPlainObject(entry)) return undefined;
  const revision = revisionOf(entry);
  if (!revision) return undefined;
  const id =
    typeof entry.id === 'number' || typeof entry.id === 'string'
      ? String(entry.id)
      : undefined;
  const deployedAt = timeOf(entry.deployedAt);
  return {
    ...(id ? { id } : {}),
    revision,
    ...(deployedAt ? { deployedAt } : {}),
  };
}

/**
 * What Argo CD says of an Application: sync and health, the target revision
 * (`status.sync.revision`), the applied one (the newest `status.history` entry, else
 * `status.operationState.syncResult.revision`) and when, its words when it is not synced and
 * healthy (the message of an operation that did not succeed, else the health message, else a
 * condition's), its history newest first, and its page on the instance.
 */
export function deliveryStatusOf(
  application: ArgoApplication,
  instanceUrl: string,
): DeliveryStatus {
  const name = application.metadata?.name ?? '';
  const status: ArgoApplicationStatus = objectOr(application.status) ?? {};
  const sync = SYNC[String(status.sync?.status)] ?? 'unknown';
  const healthStatus = status.health?.status;
  const health =
    healthStatus === undefined
      ? undefined
      : HEALTH[String(healthStatus)] ?? 'unknown';

  const history = Array.isArray(status.history) ? status.history : [];
  const records = history
    .map(historyRecord)
    .filter((r): r is DeliveryRecord => !!r)
    .reverse();
  const newest = records[0];
  const operation = objectOr(status.operationState);
  const appliedRevision =
    newest?.revision ?? revisionOf(objectOr(operation?.syncResult));
  let appliedAt: string | undefined;
  if (newest) appliedAt = newest.deployedAt;
  else if (appliedRevision) appliedAt = timeOf(operation?.finishedAt);

  const operationFailed =
    operation?.phase === 'Failed' || operation?.phase === 'Error';
  let message: string | undefined;
  if (
    sync !== 'synced' ||
    (health !== undefined && health !== 'healthy') ||
    operationFailed
  ) {
    const conditions = Array.isArray(status.conditions)
      ? status.conditions
      : [];
    const candidates = [
      operation?.phase !== 'Succeeded' ? operation?.message : undefined,
      status.health?.message,
      ...conditions.map(c => (isPlainObject(c) ? c.message : undefined)),
    ];
    const found = candidates.map(nonEmpty).find(Boolean);
    if (found) message = deliveryMessage(found);
  }

  const targetRevision = revisionOf(objectOr(status.sync));
  return {
    tool: 'argocd',
    name: `Application ${name}`,
    sync,
    ...(health ? { health } : {}),
    ...(targetRevision ? { targetRevision } : {}),
    ...(appliedRevision ? { appliedRevision } : {}),
    ...(appliedAt ? { appliedAt } : {}),
    ...(message ? { message } : {}),
    history: records.slice(0, MAX_DELIVERY_HISTORY),
    url: `${instanceUrl}/applications/${encodeURIComponent(name)}`,
  };
}

/** The renderer Argo CD used (`Helm`, `Kustomize`, `Directory`, `Plugin`), when known. */
export function sourceTypeOf(
  application: ArgoApplication,
  manifests: ArgoManifestResponse,
): string | undefined {
  return (
    nonEmpty(manifests.sourceType) ??
    nonEmpty(application.status?.sourceType) ??
    (Array.isArray(application.status?.sourceTypes)
      ? application.status?.sourceTypes
          .map(nonEmpty)
          .filter(Boolean)
          .join(', ') || undefined
      : undefined)
  );
}

/**
 * The objects of a `ManifestResponse`: every manifest is the JSON of one object. More than
 * {@link MAX_MANIFESTS}, a manifest that is not JSON, or not a Kubernetes object, is a
 * `BAD_RESPONSE` naming the Application and the manifest's position (never its content).
 */
export function parseArgoManifests(
  response: ArgoManifestResponse,
  what: string,
): KubernetesObject[] {
  const manifests = response.manifests ?? [];
  if (!Array.isArray(manifests)) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${what}: manifests is not a list`,
    );
  }
  if (manifests.length > MAX_MANIFESTS) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${what} renders ${manifests.length} manifests (at most ${MAX_MANIFESTS})`,
    );
  }
  return manifests.map((manifest, index) => {
    const position = `manifest ${index + 1} of ${manifests.length}`;
    let value: unknown;
    try {
      value = typeof manifest === 'string' ? JSON.parse(manifest) : undefined;
    } catch {
      value = undefined;
    }
    if (!isPlainObject(value)) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${what}: ${position} is not the JSON of an object`,
      );
    }
    const missing = [
      ...(nonEmpty(value.apiVersion) ? [] : ['apiVersion']),
      ...(nonEmpty(value.kind) ? [] : ['kind']),
      ...(isPlainObject(value.metadata) && nonEmpty(value.metadata.name)
        ? []
        : ['metadata.name']),
    ];
    if (missing.length > 0) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${what}: ${position} is not a Kubernetes object (missing ${missing.join(
          ', ',
        )})`,
      );
    }
    return value as KubernetesObject;
  });
}
