// Mapping a Flux Kustomization or HelmRelease to the DeliveryStatus it reports (conditions,
// revisions, HelmRelease history), and sanitizing what leaves the source.
import {
  maskSensitiveText,
  type DeliveryHealth,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliverySync,
} from '@preflight/plugin-preflight-common';
import type { FluxKind } from './fluxKinds';
import { isRecord } from './objects';

/** Most characters of a message kept (`DeliveryStatus.message`). */
export const MAX_MESSAGE_LENGTH = 500;
/** Most records of a history kept (`DeliveryStatus.history`). */
export const MAX_HISTORY = 20;
const MAX_REVISION_LENGTH = 200;

const DEGRADED_REASONS = new Set([
  'HealthCheckFailed',
  'ReconciliationFailed',
  'InstallFailed',
  'UpgradeFailed',
  'TestFailed',
  'RollbackFailed',
  'UninstallFailed',
  'BuildFailed',
  'PruneFailed',
]);

function text(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean ? truncate(clean, max) : undefined;
}

export function truncate(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * A message as it may leave the source: control characters removed, credentials masked (the whole
 * text, before it is cut), at most 500 characters.
 */
export function sanitizeFluxMessage(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return truncate(
    maskSensitiveText(clean.slice(0, 65_536)),
    MAX_MESSAGE_LENGTH,
  );
}

function revision(value: unknown): string | undefined {
  const found = text(value, MAX_REVISION_LENGTH);
  return found === undefined ? undefined : maskSensitiveText(found);
}

interface Condition {
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function conditionsOf(status: Record<string, any>): Map<string, Condition> {
  const conditions = new Map<string, Condition>();
  for (const c of Array.isArray(status.conditions) ? status.conditions : []) {
    if (isRecord(c) && typeof c.type === 'string' && !conditions.has(c.type)) {
      conditions.set(c.type, {
        status: typeof c.status === 'string' ? c.status : undefined,
        reason: text(c.reason, 128),
        message: typeof c.message === 'string' ? c.message : undefined,
        lastTransitionTime: text(c.lastTransitionTime, 64),
      });
    }
  }
  return conditions;
}

/** `HealthCheckFailed: timeout waiting for …` */
function wordsOf(condition: Condition | undefined): string | undefined {
  if (!condition) return undefined;
  const words = [condition.reason, condition.message?.trim()]
    .filter(Boolean)
    .join(': ');
  return words || undefined;
}

interface HelmSnapshot {
  version?: number;
  status?: string;
  revision: string;
  /** The revision as Flux writes `lastAttemptedRevision` (chart version, `+<digest>` for OCI). */
  fluxRevision: string;
  deployedAt?: string;
}

/** `1.2.3+1234567890ab` for an OCI chart (as Flux writes `lastAttemptedRevision`), else `1.2.3`. */
function helmFluxRevision(chartVersion: string, ociDigest?: string): string {
  const hex = ociDigest?.replace(/^[a-z0-9]+:/, '').slice(0, 12);
  return hex ? `${chartVersion}+${hex}` : chartVersion;
}

/** HelmRelease `status.history` (Helm release snapshots), newest first. */
function helmHistory(status: Record<string, any>): HelmSnapshot[] {
  if (!Array.isArray(status.history)) return [];
  const snapshots: HelmSnapshot[] = [];
  for (const s of status.history) {
    if (!isRecord(s)) continue;
    const chartVersion = text(s.chartVersion, 100);
    if (!chartVersion) continue;
    const ociDigest = text(s.ociDigest, 100);
    const appVersion = text(s.appVersion, 100);
    const fluxRevision = helmFluxRevision(chartVersion, ociDigest);
    snapshots.push({
      version:
        typeof s.version === 'number' && Number.isInteger(s.version)
          ? s.version
          : undefined,
      status: text(s.status, 40),
      fluxRevision: maskSensitiveText(fluxRevision),
      revision: maskSensitiveText(
        appVersion ? `${fluxRevision} (app ${appVersion})` : fluxRevision,
      ),
      deployedAt: text(s.lastDeployed, 64) ?? text(s.firstDeployed, 64),
    });
  }
  // Newest first: by Helm release version when known (Flux keeps them so already).
  return snapshots
    .map((s, i) => ({ s, i }))
    .sort(
      (a, b) =>
        (b.s.version ?? -Infinity) - (a.s.version ?? -Infinity) || a.i - b.i,
    )
    .map(({ s }) => s);
}

/**
 * The delivery status a Flux Kustomization or HelmRelease reports, from its `spec.suspend` and
 * `status` (conditions `Ready`, `Reconciling`, `Stalled`; `lastAttemptedRevision`,
 * `lastAppliedRevision`; a HelmRelease's `history`), or undefined for an item that is not an
 * object with `metadata.name`.
 *
 * - sync: `out-of-sync` when `Ready` is `False`, or when the last attempted revision is not the
 *   last applied one; else `synced` when `Ready` is `True`; else `unknown`.
 * - health: `suspended` (`spec.suspend: true`); `degraded` when `Stalled` is `True` or `Ready` is
 *   `False` for a failure (`HealthCheckFailed`, `ReconciliationFailed`, `InstallFailed`,
 *   `UpgradeFailed`, …); `progressing` while `Reconciling` is `True`; `healthy` when `Ready` is
 *   `True`; else `unknown`.
 * - targetRevision: `lastAttemptedRevision`; appliedRevision: `lastAppliedRevision`, for a
 *   HelmRelease v2 (which no longer sets it) the newest `deployed` release of its history;
 *   appliedAt: when `Ready` became `True` (for a HelmRelease that is not `Ready`, when its applied
 *   release was deployed).
 * - message: `Ready`'s reason and message when it is not `True` (else `Stalled`'s), else why it is
 *   out of sync or suspended: sanitized, at most 500 characters.
 * - history (HelmRelease): its releases, newest first, at most 20, with the Helm release version as
 *   `id`.
 */
export function fluxDelivery(
  kind: FluxKind,
  item: unknown,
): DeliveryStatus | undefined {
  if (
    !isRecord(item) ||
    !isRecord(item.metadata) ||
    typeof item.metadata.name !== 'string'
  ) {
    return undefined;
  }
  const { name } = item.metadata;
  const namespace =
    typeof item.metadata.namespace === 'string' ? item.metadata.namespace : '';
  const spec = isRecord(item.spec) ? item.spec : {};
  const status = isRecord(item.status) ? item.status : {};
  const conditions = conditionsOf(status);
  const ready = conditions.get('Ready');
  const stalled = conditions.get('Stalled')?.status === 'True';
  const reconciling = conditions.get('Reconciling')?.status === 'True';
  const suspended = spec.suspend === true;

  const history = kind.kind === 'HelmRelease' ? helmHistory(status) : [];
  const appliedRelease = history.find(s => s.status === 'deployed');
  const targetRevision = revision(status.lastAttemptedRevision);
  const appliedRevision =
    revision(status.lastAppliedRevision) ?? appliedRelease?.fluxRevision;
  const drifted =
    targetRevision !== undefined &&
    appliedRevision !== undefined &&
    targetRevision !== appliedRevision;

  let sync: DeliverySync = 'unknown';
  if (ready?.status === 'False' || drifted) sync = 'out-of-sync';
  else if (ready?.status === 'True') sync = 'synced';

  let health: DeliveryHealth = 'unknown';
  if (suspended) health = 'suspended';
  else if (
    stalled ||
    (ready?.status === 'False' &&
      ready.reason !== undefined &&
      DEGRADED_REASONS.has(ready.reason))
  )
    health = 'degraded';
  else if (reconciling) health = 'progressing';
  else if (ready?.status === 'True') health = 'healthy';

  let message =
    ready?.status !== 'True'
      ? wordsOf(ready) ?? wordsOf(conditions.get('Stalled'))
      : undefined;
  if (!message && drifted) {
    message = `The last attempted revision (${targetRevision}) is not the last applied one (${appliedRevision})`;
  }
  if (!message && suspended) {
    message = 'Reconciliation is suspended (spec.suspend: true)';
  }

  const appliedAt =
    ready?.status === 'True'
      ? ready.lastTransitionTime
      : appliedRelease?.deployedAt;

  const records: DeliveryRecord[] = history.slice(0, MAX_HISTORY).map(s => ({
    ...(s.version !== undefined ? { id: String(s.version) } : {}),
    revision: s.revision,
    ...(s.deployedAt ? { deployedAt: s.deployedAt } : {}),
  }));

  return {
    tool: 'flux',
    name: `${kind.kind} ${namespace}/${name}`,
    sync,
    health,
    ...(targetRevision ? { targetRevision } : {}),
    ...(appliedRevision ? { appliedRevision } : {}),
    ...(appliedAt ? { appliedAt } : {}),
    ...(message ? { message: sanitizeFluxMessage(message) } : {}),
    ...(records.length > 0 ? { history: records } : {}),
  };
}

/** A copy of a delivery status (those of a snapshot are frozen and shared). */
export function copyDelivery(delivery: DeliveryStatus): DeliveryStatus {
  return {
    ...delivery,
    ...(delivery.history
      ? { history: delivery.history.map(r => ({ ...r })) }
      : {}),
  };
}
