/*
 * A loopback Kubernetes API server for the browser cases that need live state (run.js starts it
 * with the backend's TypeScript transform; it listens on 127.0.0.1 only, on a free port, and
 * prints `kubernetes-double listening on http://127.0.0.1:<port>`).
 *
 * It answers through the backend's test simulator (SimulatedCluster: the real list, discovery
 * and Status shapes) and holds one component of the demo, `E2E_K8S_COMPONENT` (default
 * checkout-api): its Development manifests from examples/deploy, labelled
 * `backstage.io/kubernetes-id`, in namespace `shop`, plus one Secret. The role it simulates may
 * not list Secrets (403), and the cluster announces monitoring.coreos.com/v1 but does not serve
 * PrometheusRules (404): the two reasons a kind is unread (FORBIDDEN, NOT_SERVED).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { SimulatedCluster } from '../plugins/preflight-backend/src/__testUtils__/kubernetes';

const ROOT = path.resolve(__dirname, '..');
const COMPONENT = process.env.E2E_K8S_COMPONENT || 'checkout-api';
const TOKEN = process.env.E2E_K8S_TOKEN || 'e2e-kubernetes-double-token';
const NAMESPACE = 'shop';

function manifests(component: string): KubernetesObject[] {
  const dir = path.join(ROOT, 'examples', 'deploy', component, 'dev');
  const objects: KubernetesObject[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(file)) continue;
    for (const doc of parseAllDocuments(
      fs.readFileSync(path.join(dir, file), 'utf8'),
    )) {
      const object = doc.toJS() as KubernetesObject | null;
      if (!object?.kind) continue;
      objects.push({
        ...object,
        metadata: {
          ...object.metadata,
          namespace: NAMESPACE,
          labels: {
            ...(object.metadata?.labels ?? {}),
            'backstage.io/kubernetes-id': component,
          },
        },
      });
    }
  }
  if (objects.length === 0) throw new Error(`no manifests in ${dir}`);
  return objects;
}

const secret: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: `${COMPONENT}-db`,
    namespace: NAMESPACE,
    labels: { 'backstage.io/kubernetes-id': COMPONENT },
  },
  type: 'Opaque',
  data: { DATABASE_URL: Buffer.from('not-a-real-url').toString('base64') },
} as KubernetesObject;

function main() {
  const server = http.createServer();
  // The simulator routes by URL: its base URL is set once the port is known.
  let cluster: SimulatedCluster | undefined;
  server.on('request', async (req, res) => {
    try {
      if (!cluster) throw new Error('not listening yet');
      const url = new URL(req.url ?? '/', cluster.baseUrl);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string') headers.set(name, value);
      }
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const response = await cluster.handle(
        new Request(url, {
          method: req.method,
          headers,
          signal: abort.signal,
        }),
      );
      res.writeHead(
        response.status,
        Object.fromEntries(response.headers.entries()),
      );
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;
    cluster = new SimulatedCluster(
      {
        name: 'e2e-dev',
        baseUrl,
        token: TOKEN,
        objects: [...manifests(COMPONENT), secret],
        customResourceGroups: ['monitoring.coreos.com'],
        faults: [
          { resource: 'secrets', status: 403 },
          { resource: 'prometheusrules', status: 404 },
        ],
      },
      new Set(),
    );
    // eslint-disable-next-line no-console
    console.log(`kubernetes-double listening on ${baseUrl}`);
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
