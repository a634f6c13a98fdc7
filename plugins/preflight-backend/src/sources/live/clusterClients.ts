/**
 * The live source's client pool: one {@link ClusterClient} per cluster, made on first use and kept
 * for the source's lifetime (typed APIs, the cluster's request limit, its cached discovery).
 */
import pLimit from 'p-limit';
import type { ClusterDirectory, KubernetesCluster } from './clusters';
import { makeClusterApis, type ClusterApis } from './kinds';
import type { LiveSettings } from './settings';

export interface ClusterClient {
  cluster: KubernetesCluster;
  apis: ClusterApis;
  limit: pLimit.Limit;
  /** Group/versions served (`apps/v1`, `monitoring.coreos.com/v1`, …), once known. */
  discovery?: Promise<Set<string>>;
}

/**
 * The clients of a source's clusters, by cluster name: at most `preflight.live.concurrency`
 * requests in flight per cluster, shared by all reads of that cluster.
 */
export class ClusterClients {
  private readonly clients = new Map<string, ClusterClient>();

  constructor(
    private readonly clusters: ClusterDirectory,
    private readonly settings: LiveSettings,
  ) {}

  /** The client of a cluster; undefined when the cluster is not defined (or not usable). */
  get(name: string): ClusterClient | undefined {
    const cluster = this.clusters.get(name);
    if (!cluster) return undefined;
    let client = this.clients.get(name);
    // A catalog cluster whose definition changed is a new cluster object: a new client.
    if (!client || client.cluster !== cluster) {
      client = {
        cluster,
        apis: makeClusterApis(cluster.kubeConfig),
        limit: pLimit(this.settings.concurrency),
      };
      this.clients.set(name, client);
    }
    return client;
  }
}
