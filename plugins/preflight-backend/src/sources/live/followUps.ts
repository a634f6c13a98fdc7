/**
 * The follow-ups of a read, made after its lists within the same deadline and built on the lister:
 * Flux's (a read's one `GET` of the Flux object its workloads name, a snapshot's listings of the
 * Flux objects named; see `flux.ts`) and the Trivy Operator's (the reports of the workloads read;
 * see `trivy.ts`). None throws for the cluster's answers: they never fail the read.
 */
import type {
  DeliveryStatus,
  KubernetesObject,
  UnreadKind,
} from '@preflight/plugin-preflight-common';
import type { FollowUp } from './clusterRead';
import {
  fluxDelivery,
  FluxIndex,
  fluxListingKey,
  fluxLiveKind,
  fluxOutcome,
  fluxOwnerName,
  fluxOwnersOf,
  isObjectNotFound,
  type FluxLookup,
  type FluxNamespaceListing,
  type FluxOutcome,
  type FluxOwner,
} from './flux';
import type { LiveKind } from './kinds';
import { listPages, type ReadContext, type RequestDeps } from './lister';
import { isRecord } from './objects';
import {
  ALL_NAMESPACES,
  ReportOwners,
  toReportObject,
  TrivyIndex,
  TRIVY_LIVE_KINDS,
  TRIVY_REPORT_SELECTOR,
  unreadReports,
  type ReportListing,
  type ReportScope,
} from './trivy';
import {
  describeTransportCode,
  LiveReadError,
  sendWithRetries,
  statusMessage,
  TransportError,
  type RawResponse,
} from './transport';

/**
 * A read's Flux status: the Flux object the workloads name, read with one `GET` when they name
 * one of a kind the cluster serves (see `flux.ts`). Never throws for the cluster's answer.
 */
export function fluxReader(deps: RequestDeps): FollowUp<FluxOutcome> {
  let owners: FluxOwner[] = [];
  let cluster = '';
  return {
    run: async (context, objects, served) => {
      cluster = context.client.cluster.name;
      owners = fluxOwnersOf(objects, served);
      if (owners.length === 0) {
        return undefined;
      }
      const lookup = await getFluxObject(deps, context, owners[0]);
      return fluxOutcome(owners, lookup, cluster);
    },
    onTimeout: message =>
      owners.length > 0
        ? fluxOutcome(owners, { failed: message }, cluster)
        : undefined,
  };
}

async function getFluxObject(
  deps: RequestDeps,
  context: ReadContext,
  owner: FluxOwner,
): Promise<FluxLookup> {
  const { client, scope } = context;
  const { kind, version, namespace, name } = owner;
  let response: RawResponse & { attempts: number };
  try {
    response = await sendWithRetries({
      call: options =>
        client.apis.custom.getNamespacedCustomObject(
          {
            group: kind.group,
            version,
            namespace,
            plural: kind.plural,
            name,
          },
          options,
        ),
      scope,
      base: deps.httpApi,
      retries: deps.settings.retries,
      limit: client.limit,
    });
  } catch (error) {
    if (error instanceof TransportError && !error.aborted) {
      return {
        failed: `Cannot reach cluster '${
          client.cluster.name
        }': ${describeTransportCode(error.code)}`,
      };
    }
    throw error; // aborted: the read's deadline or its caller
  }
  const { status } = response;
  if (status === 403) return { unread: 'FORBIDDEN' };
  if (status === 404) {
    return isObjectNotFound(response.text, name)
      ? { missing: true }
      : { unread: 'NOT_SERVED' };
  }
  if (status >= 200 && status < 300) {
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      // reported below
    }
    const delivery = fluxDelivery(kind, body);
    return delivery
      ? { found: delivery }
      : {
          failed: `Cluster '${client.cluster.name}' answered with something that is not a ${kind.kind}`,
        };
  }
  const detail = statusMessage(response.text);
  return {
    failed: `Cluster '${client.cluster.name}' answered HTTP ${status}${
      response.attempts > 1 ? ` after ${response.attempts} attempts` : ''
    } reading ${fluxOwnerName(owner)}${detail ? `: ${detail}` : ''}`,
  };
}

/**
 * A snapshot's Flux objects: for each Flux kind and namespace the workloads name (of a kind the
 * cluster serves), one listing (paged), reduced to the delivery status of the objects named.
 * Never throws for the cluster's answers: a listing that fails is kept as such.
 */
export function fluxLister(deps: RequestDeps): FollowUp<FluxIndex> {
  const wanted = new Map<string, { owner: FluxOwner; names: Set<string> }>();
  const listings = new Map<string, FluxNamespaceListing>();
  let served: ReadonlySet<string> | undefined;
  let cluster = '';
  return {
    run: async (context, objects, discovered) => {
      served = discovered;
      cluster = context.client.cluster.name;
      for (const owner of fluxOwnersOf(objects, discovered)) {
        const key = fluxListingKey(owner);
        const entry = wanted.get(key);
        if (entry) entry.names.add(owner.name);
        else wanted.set(key, { owner, names: new Set([owner.name]) });
      }
      await Promise.all(
        [...wanted].map(async ([key, { owner, names }]) => {
          listings.set(
            key,
            await listFluxNamespace(deps, context, owner, names),
          );
        }),
      );
      return new FluxIndex(cluster, discovered, listings);
    },
    onTimeout: message => {
      if (!served) return undefined;
      // The listings that did not finish in time are failed ones.
      for (const key of wanted.keys()) {
        if (!listings.has(key)) listings.set(key, { failed: message });
      }
      return new FluxIndex(cluster, served, listings);
    },
  };
}

async function listFluxNamespace(
  deps: RequestDeps,
  context: ReadContext,
  owner: FluxOwner,
  names: ReadonlySet<string>,
): Promise<FluxNamespaceListing> {
  const kind = fluxLiveKind(owner.kind, owner.version);
  let listed: Array<[string, DeliveryStatus] | undefined> | UnreadKind;
  try {
    listed = await listPages(
      deps,
      context,
      kind,
      { namespace: owner.namespace },
      item => {
        if (!isRecord(item) || !isRecord(item.metadata)) return undefined;
        const { name, namespace, uid } = item.metadata;
        if (typeof name !== 'string') return undefined;
        // Only the objects named are kept, reduced to their delivery status.
        const delivery = names.has(name)
          ? fluxDelivery(owner.kind, item)
          : undefined;
        return {
          key: typeof uid === 'string' ? uid : `${namespace}/${name}`,
          value: delivery ? [name, delivery] : undefined,
        };
      },
    );
  } catch (error) {
    if (error instanceof LiveReadError) return { failed: error.message };
    if (error instanceof TransportError && !error.aborted) {
      return {
        failed: `Cannot reach cluster '${
          context.client.cluster.name
        }': ${describeTransportCode(error.code)}`,
      };
    }
    throw error; // aborted: the snapshot's deadline or its caller
  }
  if (!Array.isArray(listed)) return { unread: listed.reason };
  return {
    deliveries: new Map(
      listed.filter((e): e is [string, DeliveryStatus] => e !== undefined),
    ),
  };
}

/**
 * The Trivy Operator's reports for the workloads read (see `trivy.ts`): each report kind the
 * cluster serves, listed in the scopes `scopesOf` names, keeping the reports that stand for a
 * workload read. Never throws for the cluster's answers: a listing that fails is an unread kind.
 */
export function trivyFollowUp(
  deps: RequestDeps,
  scopesOf: (context: ReadContext, owners: ReportOwners) => ReportScope[],
): FollowUp<TrivyIndex | undefined> {
  const planned: Array<{ kind: LiveKind; scope: ReportScope }> = [];
  const done = new Map<string, ReportListing>();
  const id = (kind: LiveKind, scope: ReportScope) => `${kind.kind} ${scope}`;
  const index = () =>
    new TrivyIndex(
      planned.map(({ kind, scope }) => ({
        kind,
        scope,
        listing: done.get(id(kind, scope))!,
      })),
    );
  return {
    run: async (context, objects, served) => {
      if (!served.has(TRIVY_LIVE_KINDS[0].apiVersion)) return undefined;
      const owners = new ReportOwners(objects);
      for (const scope of scopesOf(context, owners)) {
        for (const kind of TRIVY_LIVE_KINDS) planned.push({ kind, scope });
      }
      await Promise.all(
        planned.map(async ({ kind, scope }) => {
          done.set(
            id(kind, scope),
            await listReports(deps, context, kind, scope, owners),
          );
        }),
      );
      return index();
    },
    onTimeout: message => {
      if (planned.length === 0) return undefined;
      // The listings that did not finish in time are unread.
      for (const { kind, scope } of planned) {
        if (!done.has(id(kind, scope))) {
          done.set(
            id(kind, scope),
            unreadReports(kind, 'UNAVAILABLE', message),
          );
        }
      }
      return index();
    },
  };
}

async function listReports(
  deps: RequestDeps,
  context: ReadContext,
  kind: LiveKind,
  scope: ReportScope,
  owners: ReportOwners,
): Promise<ReportListing> {
  const cluster = context.client.cluster.name;
  let listed: Array<KubernetesObject | undefined> | UnreadKind;
  try {
    listed = await listPages(
      deps,
      context,
      kind,
      {
        namespace: scope === ALL_NAMESPACES ? undefined : scope,
        labelSelector: TRIVY_REPORT_SELECTOR,
      },
      item => {
        const report = toReportObject(item, kind);
        if (!report) return undefined;
        const { uid, namespace, name } = report.metadata;
        return {
          key: uid ?? `${namespace ?? ''}/${name}`,
          // Only the reports of the workloads read are kept.
          value: owners.owns(report) ? report : undefined,
        };
      },
    );
  } catch (error) {
    if (error instanceof LiveReadError) {
      return unreadReports(kind, 'UNAVAILABLE', error.message);
    }
    if (error instanceof TransportError && !error.aborted) {
      return unreadReports(
        kind,
        'UNAVAILABLE',
        `Cannot reach cluster '${cluster}': ${describeTransportCode(
          error.code,
        )}`,
      );
    }
    throw error; // aborted: the read's deadline or its caller
  }
  if (!Array.isArray(listed)) return { unread: listed };
  return {
    reports: listed.filter((r): r is KubernetesObject => r !== undefined),
  };
}
