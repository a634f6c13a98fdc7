import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { fixtures } from '../../src/__testUtils__/kubernetes';

/**
 * The i-th Pod of a component's Deployment as an API server answers it: owned by its ReplicaSet,
 * scheduled on a node, with conditions and a container status (about 2 KB of JSON, where the
 * test fixture's Pod has only a phase).
 */
export function benchPod(
  id: string,
  i: number,
  options: { namespace?: string; labels: Record<string, string> },
): KubernetesObject {
  const replicaSet = `${id}-7d9f8c`;
  const name = `${replicaSet}-${String(i).padStart(5, '0')}`;
  const base = fixtures.pod(name, {
    namespace: options.namespace,
    labels: { ...options.labels, 'pod-template-hash': '7d9f8c' },
  });
  const container = base.spec.containers[0];
  const started = '2026-12-01T10:00:00Z';
  return {
    ...base,
    metadata: {
      ...base.metadata,
      generateName: `${replicaSet}-`,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      resourceVersion: String(100000 + i),
      creationTimestamp: started,
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: replicaSet,
          uid: '11111111-1111-4111-8111-111111111111',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...base.spec,
      nodeName: `node-${i % 40}`,
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      phase: 'Running',
      hostIP: `10.0.0.${i % 40}`,
      podIP: `10.1.${Math.floor(i / 250) % 250}.${i % 250}`,
      startTime: started,
      qosClass: 'Burstable',
      conditions: [
        'Initialized',
        'Ready',
        'ContainersReady',
        'PodScheduled',
      ].map(type => ({ type, status: 'True', lastTransitionTime: started })),
      containerStatuses: [
        {
          name: container.name,
          image: container.image,
          imageID: `${container.image}@sha256:${'0'.repeat(64)}`,
          containerID: `containerd://${String(i).padStart(64, '0')}`,
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: started } },
        },
      ],
    },
  };
}
