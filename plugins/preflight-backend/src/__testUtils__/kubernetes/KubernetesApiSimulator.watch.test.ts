import http from 'node:http';
import https from 'node:https';
import * as fixtures from './fixtures';
import { KubernetesApiSimulator } from './KubernetesApiSimulator';

/** A watch as a client sees it: the status, then events as they arrive, line by line. */
function openWatch(url: string, headers: Record<string, string> = {}) {
  const events: any[] = [];
  const waiters: Array<() => void> = [];
  let ended = false;
  let request: http.ClientRequest;
  const status = new Promise<number>((resolve, reject) => {
    request = (url.startsWith('https:') ? https : http).get(
      url,
      { headers },
      response => {
        resolve(response.statusCode ?? 0);
        let buffered = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline);
            buffered = buffered.slice(newline + 1);
            if (line.trim()) events.push(JSON.parse(line));
            newline = buffered.indexOf('\n');
          }
          waiters.splice(0).forEach(w => w());
        });
        response.on('end', () => {
          ended = true;
          waiters.splice(0).forEach(w => w());
        });
        response.on('error', () => undefined);
      },
    );
    request.on('error', reject);
  });
  return {
    status,
    events,
    get ended() {
      return ended;
    },
    /** Resolves once `count` events arrived (or the stream ended). */
    async next(count: number) {
      while (events.length < count && !ended) {
        await new Promise<void>(resolve => waiters.push(resolve));
      }
      return events.slice(0, count);
    },
    async untilEnded() {
      while (!ended) await new Promise<void>(resolve => waiters.push(resolve));
    },
    abort: () => request.destroy(),
  };
}

const k8s = new KubernetesApiSimulator();
beforeAll(() => k8s.listen());
afterEach(() => k8s.reset());
afterAll(() => k8s.close());

const BASE = 'https://watch.k8s.test';

describe('KubernetesApiSimulator watches', () => {
  it('streams ADDED for every object, then changes, with increasing resourceVersions', async () => {
    const cluster = k8s.addCluster({
      name: 'dev',
      baseUrl: BASE,
      objects: [
        fixtures.deployment('a', { namespace: 'ns' }),
        fixtures.deployment('b', { namespace: 'other' }),
        fixtures.service('a', { namespace: 'ns' }),
      ],
    });
    const watch = openWatch(
      `${BASE}/apis/apps/v1/deployments?watch=1&allowWatchBookmarks=true`,
    );
    expect(await watch.status).toBe(200);
    const initial = await watch.next(2);
    expect(initial.map(e => [e.type, e.object.metadata.name])).toEqual([
      ['ADDED', 'a'],
      ['ADDED', 'b'],
    ]);
    // Watch events carry apiVersion and kind, unlike list items.
    expect(initial[0].object).toMatchObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });

    cluster.update(
      fixtures.deployment('a', { namespace: 'ns', labels: { tier: 'web' } }),
    );
    cluster.remove({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'b', namespace: 'other' },
    });
    cluster.add(fixtures.deployment('c', { namespace: 'ns' }));
    cluster.bookmark();
    const all = await watch.next(6);
    expect(all.slice(2).map(e => e.type)).toEqual([
      'MODIFIED',
      'DELETED',
      'ADDED',
      'BOOKMARK',
    ]);
    expect(all[2].object.metadata.labels.tier).toBe('web');
    const versions = all
      .slice(0, 5)
      .map(e => Number(e.object.metadata.resourceVersion));
    expect(versions[2]).toBeLessThan(versions[3]);
    expect(versions[3]).toBeLessThan(versions[4]);
    expect(all[5].object.metadata.resourceVersion).toBe(
      cluster.currentResourceVersion,
    );
    expect(cluster.openWatches).toBe(1);
    watch.abort();
  });

  it('resumes after a resourceVersion, and answers a compacted one with an ERROR event of code 410', async () => {
    const cluster = k8s.addCluster({
      name: 'dev',
      baseUrl: BASE,
      objects: [fixtures.pod('p-1', { namespace: 'ns' })],
    });
    const list = await (await fetch(`${BASE}/api/v1/pods`)).json();
    const listed = list.metadata.resourceVersion;
    cluster.add(fixtures.pod('p-2', { namespace: 'ns' }));

    const resumed = openWatch(
      `${BASE}/api/v1/pods?watch=1&resourceVersion=${listed}`,
    );
    expect(await resumed.status).toBe(200);
    expect(
      (await resumed.next(1)).map(e => [e.type, e.object.metadata.name]),
    ).toEqual([['ADDED', 'p-2']]);
    resumed.abort();

    cluster.compact();
    const expired = openWatch(
      `${BASE}/api/v1/pods?watch=1&resourceVersion=${listed}`,
    );
    expect(await expired.status).toBe(200);
    await expired.untilEnded();
    expect(expired.events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({ kind: 'Status', code: 410 }),
      },
    ]);
    const recorded = cluster.requests.filter(r => r.watch);
    expect(recorded.map(r => r.resourceVersion)).toEqual([listed, listed]);
  });

  it('filters by namespace and label selector, serves metadata only when asked, and is ended by the server', async () => {
    const cluster = k8s.addCluster({
      name: 'dev',
      baseUrl: BASE,
      objects: [
        fixtures.secret(
          's-1',
          { password: 'hunter2' },
          {
            namespace: 'ns',
            labels: { 'backstage.io/kubernetes-id': 'x' },
          },
        ),
        fixtures.secret('s-2', { password: 'hunter2' }, { namespace: 'ns' }),
        fixtures.secret(
          's-3',
          { password: 'hunter2' },
          {
            namespace: 'other',
            labels: { 'backstage.io/kubernetes-id': 'x' },
          },
        ),
      ],
    });
    const watch = openWatch(
      `${BASE}/api/v1/namespaces/ns/secrets?watch=true&labelSelector=backstage.io%2Fkubernetes-id`,
      {
        accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1',
      },
    );
    const [event] = await watch.next(1);
    expect(event.object.kind).toBe('PartialObjectMetadata');
    expect(event.object.metadata.name).toBe('s-1');
    expect(event.object.data).toBeUndefined();
    cluster.closeWatches();
    await watch.untilEnded();
    expect(watch.events).toHaveLength(1);
    expect(cluster.openWatches).toBe(0);
    expect(cluster.requests[0]).toMatchObject({
      watch: true,
      metadataOnly: true,
      allowWatchBookmarks: false,
    });
  });

  it('answers a watch that asks for the list form of metadata with full objects, as some API servers do, and records it as a full Secret request', async () => {
    const cluster = k8s.addCluster({
      name: 'dev',
      baseUrl: BASE,
      objects: [
        fixtures.secret('s-1', { password: 'hunter2' }, { namespace: 'ns' }),
      ],
    });
    const watch = openWatch(`${BASE}/api/v1/namespaces/ns/secrets?watch=true`, {
      accept:
        'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    });
    const [event] = await watch.next(1);
    expect(event.object.kind).toBe('Secret');
    cluster.closeWatches();
    await watch.untilEnded();
    expect(cluster.fullSecretRequests()).toHaveLength(1);
  });

  it('applies faults to watches only when asked (HTTP 410, 403)', async () => {
    const cluster = k8s.addCluster({
      name: 'dev',
      baseUrl: BASE,
      faults: [
        { resource: 'pods', watch: true, status: 410, times: 1 },
        { resource: 'services', watch: true, status: 403 },
      ],
    });
    expect((await fetch(`${BASE}/api/v1/services`)).status).toBe(200);
    const gone = openWatch(`${BASE}/api/v1/pods?watch=1&resourceVersion=1`);
    expect(await gone.status).toBe(410);
    const denied = openWatch(`${BASE}/api/v1/services?watch=1`);
    expect(await denied.status).toBe(403);
    expect(cluster.requests.map(r => [r.resource, r.watch, r.status])).toEqual([
      ['services', false, 200],
      ['pods', true, 410],
      ['services', true, 403],
    ]);
  });
});
