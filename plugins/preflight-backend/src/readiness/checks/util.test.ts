import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { Facts } from '@preflight/plugin-preflight-node';
import { policyResult } from './util';

type AvailableFacts = Extract<Facts, { available: true }>;

const facts = (
  objects: KubernetesObject[],
  source: 'live' | 'desired' = 'live',
): AvailableFacts => ({
  available: true,
  source,
  objects,
  origins: [],
  readAt: '2026-12-05T00:00:00Z',
});

const probes = [
  'readinessProbeMissing',
  'livenessProbeMissing',
  'probesIdentical',
] as const;
const texts = { pass: 'Every container has probes', subject: 'probe' };

/** A pod nothing controls, without probes. */
function barePod(name: string): KubernetesObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'shop' },
    spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/app:1.2.3' }] },
  };
}

describe('policyResult', () => {
  it('is unknown, not pass, when there is nothing to evaluate', () => {
    const none = policyResult(
      facts([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } }]),
      probes,
      texts,
    );
    expect(none).toMatchObject({
      status: 'unknown',
      summary: 'No workloads found in the live state',
      evaluated: { subject: 'containers', count: 0 },
    });

    const patch = policyResult(
      facts(
        [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'checkout-api' },
            spec: { replicas: 3 },
          },
        ],
        'desired',
      ),
      probes,
      texts,
    );
    expect(patch).toMatchObject({
      status: 'unknown',
      summary: 'No containers found in the desired state (manifests)',
    });
  });

  it('states how many containers a pass is about', () => {
    const pod = barePod('debug');
    pod.spec.containers[0].readinessProbe = { httpGet: { path: '/ready' } };
    pod.spec.containers[0].livenessProbe = { httpGet: { path: '/live' } };
    const result = policyResult(facts([pod]), probes, texts);
    expect(result).toMatchObject({
      status: 'pass',
      summary: 'Every container has probes (1 container, live state)',
      evaluated: { subject: 'containers', count: 1 },
    });
  });

  it('says once that pods have no controller, and caps identical findings', () => {
    const pods = Array.from({ length: 1261 }, (_, i) => barePod(`job-${i}`));
    const result = policyResult(facts(pods), probes, texts);
    expect(result.status).toBe('fail');
    expect(result.evaluated).toEqual({ subject: 'containers', count: 1261 });
    const lines = result.details!.split('\n');
    for (const rule of ['readinessProbeMissing', 'livenessProbeMissing']) {
      expect(lines.filter(l => l.includes(`**${rule}**`))).toHaveLength(10);
    }
    expect(lines.filter(l => l === '- … and 1,251 more')).toHaveLength(2);
    const bare = lines.filter(l => l.includes('not controlled by a workload'));
    expect(bare).toEqual([
      expect.stringMatching(
        /^1261 Pods are not controlled by a workload and evaluated on their own: `job-0`, .*`job-9` … and 1,251 more\.$/,
      ),
    ]);
    expect(result.evidence).toHaveLength(10);
    expect(result.details!.length).toBeLessThan(5_000);
  });

  it('does not mention controllers when every pod has one', () => {
    const pod = barePod('checkout-api-7d9f-abcde');
    pod.metadata.ownerReferences = [
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        name: 'rs',
        uid: 'u',
        controller: true,
      },
    ];
    const deployment: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'checkout-api' },
      spec: { template: { metadata: {}, spec: pod.spec } },
    };
    const result = policyResult(facts([deployment, pod]), probes, texts);
    expect(result.status).toBe('fail');
    expect(result.details).not.toContain('not controlled');
    expect(result.evaluated).toEqual({ subject: 'containers', count: 1 });
  });
});
