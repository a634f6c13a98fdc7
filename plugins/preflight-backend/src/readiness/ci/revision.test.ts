import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import type { Facts } from '@preflight/plugin-preflight-node';
import { deployedRevision, looksLikeSha, shaOfTag } from './revision';

const SHA = '3f2a9c1d4b5e6f708192a3b4c5d6e7f8091a2b3c';

const workload = (
  kind: string,
  name: string,
  images: string[],
  metadata: Partial<KubernetesObject['metadata']> = {},
): KubernetesObject => ({
  apiVersion: kind === 'Rollout' ? 'argoproj.io/v1alpha1' : 'apps/v1',
  kind,
  metadata: { name, ...metadata },
  spec: {
    template: {
      spec: {
        containers: images.map((image, i) => ({ name: `c${i}`, image })),
      },
    },
  },
});

const facts = (...objects: KubernetesObject[]): Facts => ({
  available: true,
  source: 'live',
  objects,
  origins: [],
});

describe('deployedRevision', () => {
  it('recognizes commit SHAs, not versions or build numbers', () => {
    expect(looksLikeSha('3f2a9c1')).toBe(true);
    expect(looksLikeSha(SHA)).toBe(true);
    expect(looksLikeSha('1234567')).toBe(false); // all digits: a build number or a date
    expect(looksLikeSha('2.4.1')).toBe(false);
    expect(looksLikeSha('3f2a9c')).toBe(false); // too short
    expect(looksLikeSha(`${SHA}0`)).toBe(false); // too long
    expect(shaOfTag('sha-3F2A9C1')).toBe('3f2a9c1');
    expect(shaOfTag('latest')).toBeUndefined();
  });

  it('reads preflight.dev/revision first, then a SHA image tag, then app.kubernetes.io/version', () => {
    const both = workload('Deployment', 'api', [`ghcr.io/acme/api:${SHA}`], {
      annotations: { 'preflight.dev/revision': 'abcdef1' },
      labels: { 'app.kubernetes.io/version': 'bcdef12' },
    });
    expect(deployedRevision(facts(both), 'api')).toEqual({
      sha: 'abcdef1',
      source: 'preflight.dev/revision of Deployment api',
      others: [],
    });
    const tagged = workload('Deployment', 'api', [`ghcr.io/acme/api:${SHA}`], {
      labels: { 'app.kubernetes.io/version': 'bcdef12' },
    });
    expect(deployedRevision(facts(tagged), 'api')).toMatchObject({
      sha: SHA,
      source: 'image tag of Deployment api (container c0)',
    });
    const versioned = workload(
      'StatefulSet',
      'api',
      ['ghcr.io/acme/api:2.4.1'],
      {
        labels: { 'app.kubernetes.io/version': 'bcdef12' },
      },
    );
    expect(deployedRevision(facts(versioned), 'api')).toMatchObject({
      sha: 'bcdef12',
    });
  });

  it("ignores sidecars' SHA tags when the component's own image is there", () => {
    const o = workload('Rollout', 'api', [
      'ghcr.io/acme/api:2.4.1',
      'docker.io/envoyproxy/envoy:deadbeefcafe',
    ]);
    expect(deployedRevision(facts(o), 'api')).toEqual({
      reason:
        'no commit SHA in the workloads (preflight.dev/revision, image tags, app.kubernetes.io/version)',
    });
    const other = workload('Deployment', 'worker', [
      'ghcr.io/acme/worker:bcdef12',
    ]);
    expect(deployedRevision(facts(other), 'api')).toMatchObject({
      sha: 'bcdef12',
    });
  });

  it('reports disagreeing workloads and missing facts', () => {
    const a = workload('Deployment', 'api', ['ghcr.io/acme/api:abcdef1']);
    const b = workload('Deployment', 'api-worker', [
      'ghcr.io/acme/api:bcdef12',
    ]);
    expect(deployedRevision(facts(a, b), 'api')).toMatchObject({
      sha: 'abcdef1',
      others: ['bcdef12'],
    });
    expect(
      deployedRevision(
        { available: false, reason: 'live error (TIMEOUT)' },
        'api',
      ),
    ).toEqual({
      reason: 'no workloads to read it from (live error (TIMEOUT))',
    });
    expect(deployedRevision(facts(), 'api')).toEqual({
      reason: 'no workload in the live state',
    });
  });
});
