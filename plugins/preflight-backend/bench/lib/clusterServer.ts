/**
 * Child process of the benchmarks: serves simulated Kubernetes API servers (the test suite's
 * `SimulatedCluster`, same shapes, paging, delays and request log) over real HTTP on 127.0.0.1,
 * so that the simulated clusters' CPU time and memory are not counted as Preflight's. Driven by
 * `clusters.ts` over IPC.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import {
  fixtures,
  SimulatedCluster,
  type CustomResourceGroup,
} from '../../src/__testUtils__/kubernetes';
import { benchPod } from './pods';
import {
  catalogId,
  type ClusterSpec,
  type Command,
  type Reply,
} from './protocol';

const clusters = new Map<string, SimulatedCluster>();
/** TCP connections accepted, by cluster name. */
const connections = new Map<string, number>();
const servers: http.Server[] = [];
const hangs = new Set<() => void>();

function generate(spec: ClusterSpec): KubernetesObject[] {
  const objects: KubernetesObject[] = [];
  for (const id of spec.componentIds ?? []) {
    const labels = { 'backstage.io/kubernetes-id': id };
    objects.push(
      ...fixtures.componentObjects(id, { namespace: spec.namespace, pods: 0 }),
    );
    // Pushed one by one: thousands of Pods spread into a call would be as many arguments.
    const pods = spec.pods?.[id] ?? 2;
    for (let i = 0; i < pods; i++) {
      objects.push(benchPod(id, i, { namespace: spec.namespace, labels }));
    }
  }
  if (spec.catalog) {
    const { components, namespaces } = spec.catalog;
    for (let i = 0; i < components; i++) {
      const id = catalogId(i);
      const options = {
        namespace: `team-${i % namespaces}`,
        labels: { 'backstage.io/kubernetes-id': id },
      };
      objects.push(
        fixtures.deployment(id, options),
        fixtures.service(id, options),
        fixtures.pod(`${id}-7d9f8c-0`, options),
      );
    }
  }
  // The simulator sorts each list by namespace/name; adding objects in that order keeps its sort
  // linear (a real API server serves lists from its sorted watch cache).
  const key = (o: KubernetesObject) =>
    `${o.metadata.namespace}/${o.metadata.name}`;
  return objects
    .map(o => ({ o, k: key(o) }))
    .sort((a, b) => a.k.localeCompare(b.k))
    .map(({ o }) => o);
}

async function serve(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  cluster: SimulatedCluster,
) {
  const controller = new AbortController();
  response.on('close', () => {
    if (!response.writableFinished) controller.abort();
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(', '));
  }
  const answer = await cluster.handle(
    new Request(`${cluster.baseUrl}${request.url}`, {
      method: request.method,
      headers,
      signal: controller.signal,
    }),
  );
  if (answer.type === 'error' || answer.status === 0) {
    response.destroy();
    return;
  }
  if (/[?&]watch=(1|true)(&|$)/.test(request.url ?? '') && answer.body) {
    // A watch: its events are written as they come, until the cluster or the client ends it.
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    const reader = answer.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      response.write(value);
    }
    response.end();
    return;
  }
  const body = Buffer.from(await answer.arrayBuffer());
  response.writeHead(answer.status, {
    ...Object.fromEntries(answer.headers),
    'content-length': String(body.length),
  });
  response.end(body);
}

async function start(specs: ClusterSpec[]): Promise<Record<string, string>> {
  const urls: Record<string, string> = {};
  for (const spec of specs) {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    const cluster = new SimulatedCluster(
      {
        name: spec.name,
        baseUrl,
        token: spec.token,
        delayMs: spec.delayMs,
        customResourceGroups:
          spec.customResourceGroups as CustomResourceGroup[],
        objects: generate(spec),
      },
      hangs,
    );
    server.on('request', (req, res) => {
      serve(req, res, cluster).catch(error => {
        process.stderr.write(`simulated cluster ${spec.name}: ${error}\n`);
        res.destroy();
      });
    });
    connections.set(spec.name, 0);
    server.on('connection', () =>
      connections.set(spec.name, (connections.get(spec.name) ?? 0) + 1),
    );
    servers.push(server);
    clusters.set(spec.name, cluster);
    urls[spec.name] = baseUrl;
  }
  return urls;
}

process.on('message', async (command: Command) => {
  let reply: Reply;
  try {
    switch (command.type) {
      case 'start':
        reply = {
          id: command.id,
          ok: true,
          urls: await start(command.clusters),
        };
        break;
      case 'requests':
        reply = {
          id: command.id,
          ok: true,
          requests: Object.fromEntries(
            [...clusters].map(([name, c]) => [name, c.requests]),
          ),
        };
        break;
      case 'connections':
        reply = {
          id: command.id,
          ok: true,
          connections: Object.fromEntries(connections),
        };
        break;
      case 'clear':
        for (const c of clusters.values()) c.requests.length = 0;
        for (const name of connections.keys()) connections.set(name, 0);
        reply = { id: command.id, ok: true };
        break;
      case 'set-delay':
        for (const c of clusters.values()) c.delayMs = command.delayMs;
        reply = { id: command.id, ok: true };
        break;
      case 'set-faults':
        clusters.get(command.cluster)?.setFaults(command.faults);
        reply = { id: command.id, ok: true };
        break;
      case 'memory':
        reply = { id: command.id, ok: true, rss: process.memoryUsage().rss };
        break;
      default:
        reply = {
          id: (command as any).id,
          ok: false,
          error: 'unknown command',
        };
    }
  } catch (error) {
    reply = { id: command.id, ok: false, error: String(error) };
  }
  process.send!(reply);
});

process.on('disconnect', () => {
  for (const release of hangs) release();
  for (const server of servers) server.close();
  process.exit(0);
});

process.send!({ id: 0, ok: true });
