/**
 * Paged listing of one kind on a cluster (`limit`/`continue`, a 410 restarting it once; one
 * entity's label-scoped lists ask for up to `readPageSize` items at once, the catalog-wide listing
 * and the follow-ups `pageSize`), and the typing of a cluster's answers: a 2xx body parsed, any
 * other status a `LiveReadError` whose message quotes only a `Status` message. Shared by the read's
 * lists, the discovery and the follow-ups.
 */
import type { HttpLibrary } from '@kubernetes/client-node';
import type {
  KubernetesObject,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import type { ClusterClient } from './clusterClients';
import { PARTIAL_OBJECT_METADATA_LIST, type LiveKind } from './kinds';
import { toLiveObject } from './objects';
import type { LiveTarget } from './selectors';
import type { LiveSettings } from './settings';
import { SNAPSHOT_LABEL } from './snapshot';
import {
  LiveReadError,
  sendWithRetries,
  statusMessage,
  type RawResponse,
  type RequestScope,
} from './transport';
import { unreadKind, unreadReasonOf } from './unread';

/** Pages per kind after which a listing is considered runaway (a bad response). */
export const MAX_PAGES_PER_KIND = 1000;

/** A kind's listing: its objects, or why it could not be read. */
export type ListResult = KubernetesObject[] | UnreadKind;

/** What one list page item becomes (undefined: a bad item), and its identity in the listing. */
export type ItemConverter<T> = (
  item: unknown,
) => { key: string; value: T } | undefined;

/**
 * What requests are sent with: the source's client-node transport and its settings
 * (`pageSize`, `retries`, `timeoutMs`).
 */
export interface RequestDeps {
  httpApi: HttpLibrary;
  settings: LiveSettings;
  /**
   * What `listKind` makes of each object as it is received (a catalog-wide snapshot trims and
   * shares it at once, one page at a time); the sanitized object as listed when absent.
   */
  receive?: (object: KubernetesObject) => KubernetesObject;
}

export interface ReadContext {
  client: ClusterClient;
  target: LiveTarget;
  scope: RequestScope;
  fail: (error: LiveReadError) => void;
}

export function kindLabel(kind: LiveKind): string {
  return `${kind.kind} (${kind.apiVersion})`;
}

/**
 * Lists one kind, all pages. Returns an unread kind when the cluster denies the list (403) or
 * does not serve it (404), on any page. A 410 on a continued page restarts the listing once.
 *
 * One entity's read (its label selector) asks for `readPageSize` items per request (10,000 unless
 * `preflight.live.pageSize` is set): a component's Pods come in one round trip, not one per 500,
 * and a listing continues only beyond that. The catalog-wide listing (the snapshot's existence
 * selector, every component's objects) keeps pages of `pageSize`.
 */
export function listKind(
  deps: RequestDeps,
  context: ReadContext,
  kind: LiveKind,
): Promise<ListResult> {
  const { target } = context;
  const limit =
    target.labelSelector === SNAPSHOT_LABEL
      ? deps.settings.pageSize
      : deps.settings.readPageSize;
  return listPages(deps, context, kind, { ...target, limit }, item => {
    const object = toLiveObject(item, kind);
    return object
      ? {
          key:
            object.metadata.uid ??
            `${object.metadata.namespace ?? ''}/${object.metadata.name}`,
          value: deps.receive ? deps.receive(object) : object,
        }
      : undefined;
  });
}

/**
 * Lists one kind in a namespace (all namespaces when absent), with a label selector when given,
 * all pages of `limit` items (`pageSize` when absent), converting each item (an item the converter rejects is a bad response). Returns an
 * unread kind when the cluster denies the list (403) or does not serve it (404), on any page. A
 * 410 on a continued page restarts the listing once.
 */
export async function listPages<T>(
  deps: RequestDeps,
  context: ReadContext,
  kind: LiveKind,
  where: { namespace?: string; labelSelector?: string; limit?: number },
  convert: ItemConverter<T>,
): Promise<T[] | UnreadKind> {
  const { client, scope } = context;
  let restarted = false;
  let token: string | undefined;
  let pages = 0;
  let objects: T[] = [];
  const seen = new Set<string>();

  for (;;) {
    scope.signal.throwIfAborted();
    const params = {
      ...(where.labelSelector !== undefined
        ? { labelSelector: where.labelSelector }
        : {}),
      limit: where.limit ?? deps.settings.pageSize,
      ...(token ? { _continue: token } : {}),
    };
    const response = await sendWithRetries({
      call: options => kind.list(client.apis, where.namespace, params, options),
      scope,
      base: deps.httpApi,
      accept: kind.metadataOnly ? PARTIAL_OBJECT_METADATA_LIST : undefined,
      retries: deps.settings.retries,
      limit: client.limit,
    });

    if (response.status === 410 && token && !restarted) {
      restarted = true;
      token = undefined;
      pages = 0;
      objects = [];
      seen.clear();
      continue;
    }
    const unreadReason = unreadReasonOf(response.status);
    if (unreadReason) {
      return unreadKind(
        kind,
        unreadReason,
        failureOf(response, context, kindLabel(kind)),
      );
    }
    const body = parseBody(response, context, kindLabel(kind));
    if (!Array.isArray(body?.items)) {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${client.cluster.name}' answered the list of ${kindLabel(
          kind,
        )} with something that is not a list`,
      );
    }
    for (const item of body.items) {
      const converted = convert(item);
      if (!converted) {
        throw new LiveReadError(
          'BAD_RESPONSE',
          `Cluster '${client.cluster.name}' returned a ${kindLabel(
            kind,
          )} item without metadata.name`,
        );
      }
      if (!seen.has(converted.key)) {
        seen.add(converted.key);
        objects.push(converted.value);
      }
    }
    const next = body.metadata?.continue;
    if (typeof next !== 'string' || next === '') {
      return objects;
    }
    if (next === token || ++pages >= MAX_PAGES_PER_KIND) {
      throw new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${client.cluster.name}' kept paging the list of ${kindLabel(
          kind,
        )} (${pages} pages)`,
      );
    }
    token = next;
  }
}

/**
 * The JSON body of a 2xx answer; other answers become a typed `LiveReadError`. `any`: a
 * cluster's JSON, which every caller reads field by field and checks (lists, discovery, watches).
 */
export function parseBody(
  response: RawResponse & { attempts: number },
  context: ReadContext,
  what: string,
): any {
  const cluster = context.client.cluster.name;
  const { status } = response;
  if (status >= 200 && status < 300) {
    try {
      const body = JSON.parse(response.text);
      if (body && typeof body === 'object') return body;
    } catch {
      // fall through
    }
    throw new LiveReadError(
      'BAD_RESPONSE',
      `Cluster '${cluster}' answered with invalid JSON (HTTP ${status}) listing ${what}`,
    );
  }
  throw failureOf(response, context, what);
}

/** The typed error of a non-2xx answer; its message quotes only a `Status` message. */
export function failureOf(
  response: RawResponse & { attempts: number },
  context: ReadContext,
  what: string,
): LiveReadError {
  const cluster = context.client.cluster.name;
  const { status } = response;
  const detail = statusMessage(response.text);
  const suffix = detail ? `: ${detail}` : '';
  const scope = context.target.namespace
    ? `namespace '${context.target.namespace}'`
    : 'all namespaces';
  switch (status) {
    case 401:
      return new LiveReadError(
        'UNAUTHORIZED',
        `Cluster '${cluster}' rejected Preflight's credentials (HTTP 401) listing ${what}${suffix}`,
      );
    case 403:
      return new LiveReadError(
        'FORBIDDEN',
        `Preflight may not list ${what} in ${scope} on cluster '${cluster}' (HTTP 403)${suffix}`,
      );
    case 404:
      return new LiveReadError(
        'NOT_FOUND',
        `Cluster '${cluster}' does not serve ${what} (HTTP 404)${suffix}`,
      );
    case 429:
      return new LiveReadError(
        'RATE_LIMITED',
        `Cluster '${cluster}' is rate-limiting Preflight (HTTP 429 after ${response.attempts} attempts) listing ${what}${suffix}`,
      );
    case 502:
    case 503:
    case 504:
      return new LiveReadError(
        'UNREACHABLE',
        `The API server of cluster '${cluster}' is unavailable (HTTP ${status}${
          status === 503 ? ` after ${response.attempts} attempts` : ''
        }) listing ${what}${suffix}`,
      );
    case 410:
      return new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${cluster}' expired the list of ${what} again after a restart (HTTP 410)${suffix}`,
      );
    default:
      return new LiveReadError(
        'BAD_RESPONSE',
        `Cluster '${cluster}' answered HTTP ${status} listing ${what}${suffix}`,
      );
  }
}
