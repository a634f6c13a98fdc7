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
 *
 * A second cluster, on a second port, is Production: the component's production manifests with
 * the Trivy Operator installed, whose VulnerabilityReport for the image that runs (matched by its
 * digest) lists critical vulnerabilities over the default threshold, the Job's report is clean,
 * and an ExposedSecretReport finds nothing. It prints
 * `kubernetes-double production listening on http://127.0.0.1:<port>`.
 *
 * A third cluster is Staging, read with the signed-in user's token (run.js configures it as
 * `authProvider: oidc`, `oidcTokenProvider: e2e`): it answers only requests bearing
 * `E2E_K8S_USER_TOKEN` and holds the component's staging manifests. It prints
 * `kubernetes-double staging listening on http://127.0.0.1:<port>`.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import {
  SimulatedCluster,
  type SimulatedClusterOptions,
} from '../plugins/preflight-backend/src/__testUtils__/kubernetes';
import {
  cleanReport,
  criticalReport,
  exposedSecretReport,
  POD_TEMPLATE_HASH,
} from '../plugins/preflight-backend/src/__testUtils__/kubernetes/trivy';

const ROOT = path.resolve(__dirname, '..');
const COMPONENT = process.env.E2E_K8S_COMPONENT || 'checkout-api';
const TOKEN = process.env.E2E_K8S_TOKEN || 'e2e-kubernetes-double-token';
const USER_TOKEN = process.env.E2E_K8S_USER_TOKEN || 'e2e-user-oidc-token';
const NAMESPACE = 'shop';

function manifests(component: string, environment = 'dev'): KubernetesObject[] {
  const dir = path.join(ROOT, 'examples', 'deploy', component, environment);
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

/** The image of a container, as the Trivy Operator records what it scanned. */
function scanned(image: string) {
  const [name, digest] = image.split('@');
  const colon = name.lastIndexOf(':');
  const repository =
    colon > name.lastIndexOf('/') ? name.slice(0, colon) : name;
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : 'latest';
  const slash = repository.indexOf('/');
  return {
    registry: repository.slice(0, slash),
    repository: repository.slice(slash + 1),
    tag,
    digest: digest ?? '',
  };
}

/**
 * The Trivy Operator's reports for the production objects: critical findings for the Deployment's
 * container (scanned through its ReplicaSet), a clean report for the migration Job.
 */
function trivyReports(objects: KubernetesObject[]): KubernetesObject[] {
  const reports: KubernetesObject[] = [];
  for (const object of objects) {
    if (object.kind !== 'Deployment' && object.kind !== 'Job') continue;
    const resource =
      object.kind === 'Deployment'
        ? {
            kind: 'ReplicaSet',
            name: `${object.metadata.name}-${POD_TEMPLATE_HASH}`,
          }
        : { kind: 'Job', name: object.metadata.name };
    for (const container of object.spec.template.spec.containers) {
      const options = {
        namespace: NAMESPACE,
        resource,
        container: container.name,
        ...scanned(container.image),
      };
      reports.push(
        object.kind === 'Deployment'
          ? criticalReport(options)
          : cleanReport(options),
        exposedSecretReport({ ...options, secrets: [] }),
      );
    }
  }
  return reports;
}

/** Serves one simulated cluster on a free loopback port; prints `<label> listening on <url>`. */
function serve(
  label: string,
  options: Omit<SimulatedClusterOptions, 'baseUrl'>,
) {
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
    cluster = new SimulatedCluster({ ...options, baseUrl }, new Set());
    // eslint-disable-next-line no-console
    console.log(`${label} listening on ${baseUrl}`);
  });
  return server;
}

function main() {
  const dev = serve('kubernetes-double', {
    name: 'e2e-dev',
    token: TOKEN,
    objects: [...manifests(COMPONENT), secret],
    customResourceGroups: ['monitoring.coreos.com'],
    faults: [
      { resource: 'secrets', status: 403 },
      { resource: 'prometheusrules', status: 404 },
    ],
  });
  const production = manifests(COMPONENT, 'production');
  const prod = serve('kubernetes-double production', {
    name: 'e2e-prod',
    token: TOKEN,
    objects: [...production, ...trivyReports(production)],
    customResourceGroups: ['aquasecurity.github.io'],
  });
  const staging = serve('kubernetes-double staging', {
    name: 'e2e-staging',
    token: USER_TOKEN,
    objects: manifests(COMPONENT, 'staging'),
  });
  const stop = () => {
    prod.close();
    staging.close();
    dev.close(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
