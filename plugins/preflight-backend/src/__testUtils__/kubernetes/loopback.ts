/**
 * A simulated cluster served over real HTTP on 127.0.0.1 (not through msw): a client that closes
 * its connection is seen by the server, as with a real API server (msw does not pass a client's
 * abort on to a streamed answer). Used where a test must see watches end.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  SimulatedCluster,
  type SimulatedClusterOptions,
} from './KubernetesApiSimulator';

/** Starts a simulated cluster on a loopback port; `close` ends its watches and the server. */
export async function startLoopbackCluster(
  options: Omit<SimulatedClusterOptions, 'baseUrl'>,
): Promise<{
  cluster: SimulatedCluster;
  url: string;
  close: () => Promise<void>;
}> {
  const hangs = new Set<() => void>();
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cluster = new SimulatedCluster({ ...options, baseUrl: url }, hangs);
  server.on('request', (request, response) => {
    const controller = new AbortController();
    response.on('close', () => controller.abort());
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (typeof value === 'string') headers.set(name, value);
    }
    (async () => {
      const answer = await cluster.handle(
        new Request(`${url}${request.url}`, {
          method: request.method,
          headers,
          signal: controller.signal,
        }),
      );
      if (answer.type === 'error' || answer.status === 0) {
        response.destroy();
        return;
      }
      response.writeHead(answer.status, Object.fromEntries(answer.headers));
      if (answer.body) {
        const reader = answer.body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          response.write(value);
        }
      }
      response.end();
    })().catch(() => response.destroy());
  });
  return {
    cluster,
    url,
    close: async () => {
      for (const release of hangs) release();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
