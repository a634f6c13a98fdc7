import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type {
  RecordedRequest,
  SimulatedFault,
} from '../../src/__testUtils__/kubernetes';
import type { ClusterSpec, Command, Reply } from './protocol';

type Distribute<T> = T extends any ? Omit<T, 'id'> : never;

/**
 * Simulated clusters served over HTTP by a child process (see `clusterServer.ts`): their CPU and
 * memory are not the measured process's, and requests go through real sockets.
 */
export class SimulatedClusters {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL of every cluster, by name. */
    readonly urls: Record<string, string>,
  ) {}

  static async start(specs: ClusterSpec[]): Promise<SimulatedClusters> {
    const child = fork(path.join(__dirname, 'clusterServer.ts'), [], {
      execArgv: ['-r', require.resolve('../register.js')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', code =>
        reject(new Error(`the cluster server exited (${code})`)),
      );
    });
    const clusters = new SimulatedClusters(child, {});
    child.on('message', (reply: Reply) => {
      clusters.pending.get(reply.id)?.(reply);
      clusters.pending.delete(reply.id);
    });
    const { urls } = await clusters.send({ type: 'start', clusters: specs });
    Object.assign(clusters.urls, urls);
    return clusters;
  }

  private send(command: Distribute<Command>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, reply =>
        reply.ok ? resolve(reply) : reject(new Error(reply.error)),
      );
      this.child.send({ ...command, id });
    });
  }

  /** Requests received so far, by cluster name. */
  async requests(): Promise<Record<string, RecordedRequest[]>> {
    return (await this.send({ type: 'requests' })).requests!;
  }

  /** TCP connections accepted since the last `clear`, by cluster name. */
  async connections(): Promise<Record<string, number>> {
    return (await this.send({ type: 'connections' })).connections!;
  }

  /** Forgets the requests (and connections) received so far. */
  async clear(): Promise<void> {
    await this.send({ type: 'clear' });
  }

  async setDelay(delayMs: number): Promise<void> {
    await this.send({ type: 'set-delay', delayMs });
  }

  async setFaults(cluster: string, faults: SimulatedFault[]): Promise<void> {
    await this.send({ type: 'set-faults', cluster, faults });
  }

  /** RSS of the cluster server process. */
  async rss(): Promise<number> {
    return (await this.send({ type: 'memory' })).rss!;
  }

  close(): void {
    this.child.disconnect();
  }
}

/** Total requests, and list requests by resource, of a request log. */
export function summarize(requests: RecordedRequest[]) {
  const byResource: Record<string, number> = {};
  for (const r of requests) {
    const key = r.resource ?? r.path;
    byResource[key] = (byResource[key] ?? 0) + 1;
  }
  return { total: requests.length, byResource };
}
