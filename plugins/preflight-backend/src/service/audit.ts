import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

/** Longest text kept in an audit event's metadata (longer input is cut, with an ellipsis). */
const MAX_META_TEXT = 2000;

/** `value` as audit metadata: strings capped, anything else dropped unless a number/boolean. */
export function auditText(value: unknown): string | number | boolean | null {
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value !== 'string') return null;
  return value.length > MAX_META_TEXT
    ? `${value.slice(0, MAX_META_TEXT - 1)}…`
    : value;
}

/**
 * Runs `work` as one event of Backstage's auditor service: created first (with the request,
 * from which the auditor takes who made it, and `meta`), then `success` with what `work`
 * returns, or `fail` with its error (which is rethrown) — refused and invalid requests are
 * recorded too.
 */
export async function audited<T>(
  auditor: AuditorService,
  options: {
    eventId: string;
    severityLevel: AuditorServiceEventSeverityLevel;
    request: Request;
    meta: JsonObject;
  },
  work: () => Promise<{ value: T; meta?: JsonObject }>,
): Promise<T> {
  const event = await auditor.createEvent(options);
  let outcome: { value: T; meta?: JsonObject };
  try {
    outcome = await work();
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
  await event.success(outcome.meta ? { meta: outcome.meta } : undefined);
  return outcome.value;
}
