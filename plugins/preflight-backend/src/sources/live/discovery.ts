/**
 * API discovery: the group/versions a cluster serves, from one `GET /apis` per cluster, cached on
 * its client for the source's lifetime (a failed discovery is not cached). Custom resources are
 * listed, and follow-ups made, only for the group/versions it announces.
 */
import { parseBody, type ReadContext, type RequestDeps } from './lister';
import {
  LiveReadError,
  sendWithRetries,
  TransportError,
  type RawResponse,
} from './transport';

/** One discovery request per cluster (`GET /apis`), cached; a failure is not cached. */
export function discover(
  deps: RequestDeps,
  context: ReadContext,
): Promise<Set<string>> {
  const { client } = context;
  if (!client.discovery) {
    const promise = requestDiscovery(deps, context);
    client.discovery = promise;
    promise.catch(() => {
      if (client.discovery === promise) client.discovery = undefined;
    });
  }
  // Another read may have started it; this read still times out on its own deadline.
  return client.discovery;
}

async function requestDiscovery(
  deps: RequestDeps,
  context: ReadContext,
): Promise<Set<string>> {
  const { client, scope } = context;
  // The discovery is shared by the reads of the cluster: it is bounded by its own deadline, not
  // aborted with the read that happened to start it.
  const { timeoutMs } = deps.settings;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: RawResponse & { attempts: number };
  try {
    response = await sendWithRetries({
      call: options => client.apis.apis.getAPIVersions({}, options),
      scope: {
        signal,
        deadline: Date.now() + timeoutMs,
        onRequest: scope.onRequest,
        credential: scope.credential,
      },
      base: deps.httpApi,
      retries: deps.settings.retries,
      limit: client.limit,
    });
  } catch (error) {
    if (error instanceof TransportError && error.aborted) {
      // Its own deadline, whichever read is waiting for it.
      throw new LiveReadError(
        'TIMEOUT',
        `Cluster '${client.cluster.name}' did not answer the API discovery (/apis) within ${timeoutMs} ms`,
      );
    }
    throw error;
  }
  if (response.status === 404) {
    return new Set(); // no /apis: no API groups, so no custom resources
  }
  const body = parseBody(response, context, 'the API groups (/apis)');
  const served = new Set<string>();
  const groups = Array.isArray(body?.groups) ? body.groups : undefined;
  if (!groups) {
    throw new LiveReadError(
      'BAD_RESPONSE',
      `Cluster '${client.cluster.name}' answered the API discovery (/apis) with something that is not an APIGroupList`,
    );
  }
  for (const group of groups) {
    for (const version of Array.isArray(group?.versions)
      ? group.versions
      : []) {
      if (typeof version?.groupVersion === 'string') {
        served.add(version.groupVersion);
      }
    }
  }
  return served;
}
