import type {
  EnvironmentState,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  findStateObject,
  MAX_POD_EXAMPLES,
  MAX_POD_PROBLEMS,
  podProblem,
  summarizeSourceState,
} from './podSummary';

const pod = (
  name: string,
  status: any,
  namespace = 'shop',
): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: { containers: [{ name: 'app', image: 'app:1' }] },
  status,
});
const ready = { type: 'Ready', status: 'True' };

describe('podProblem', () => {
  it.each([
    [
      'a Running, Ready pod',
      { phase: 'Running', conditions: [ready] },
      undefined,
    ],
    ['a completed pod', { phase: 'Succeeded' }, undefined],
    [
      'a pod still creating its containers',
      {
        phase: 'Pending',
        containerStatuses: [
          { state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
      'Pending: ContainerCreating',
    ],
    [
      'an init container that cannot pull',
      {
        phase: 'Pending',
        initContainerStatuses: [
          { state: { waiting: { reason: 'ErrImagePull' } } },
        ],
      },
      'ErrImagePull',
    ],
    [
      'an evicted pod',
      { phase: 'Failed', reason: 'Evicted' },
      'Failed: Evicted',
    ],
    ['a pod of a lost node', { phase: 'Unknown' }, 'Unknown'],
    ['a pod without status', undefined, 'Unknown'],
    [
      'a Running pod without a Ready condition',
      { phase: 'Running', conditions: [] },
      'Not Ready',
    ],
    [
      'a Ready pod restarted 4 times',
      {
        phase: 'Running',
        conditions: [ready],
        containerStatuses: [{ restartCount: 4 }],
      },
      undefined,
    ],
    [
      'a Ready pod restarted 5 times',
      {
        phase: 'Running',
        conditions: [ready],
        containerStatuses: [{ restartCount: 5 }],
      },
      'Restarting',
    ],
  ])('%s: %p', (_, status, expected) => {
    expect(podProblem(pod('p', status))).toBe(expected);
  });
});

describe('summarizeSourceState', () => {
  it('takes the Pods out of objects and origins, which stay parallel', () => {
    const deployment: KubernetesObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'app' },
    };
    const state = summarizeSourceState({
      status: 'ok',
      objects: [
        pod('a', { phase: 'Running', conditions: [ready] }),
        deployment,
      ],
      origins: [
        { source: 'live', location: 'pod-origin' },
        { source: 'live', location: 'deployment-origin' },
      ],
    });
    expect(state.objects).toEqual([deployment]);
    expect(state.origins).toEqual([
      { source: 'live', location: 'deployment-origin' },
    ]);
    expect(state.pods).toMatchObject({
      total: 1,
      ready: 1,
      notReady: 0,
      problems: [],
    });
  });

  it('leaves a state without Pods as it is', () => {
    const state = { status: 'ok' as const, objects: [] };
    expect(summarizeSourceState(state)).toBe(state);
  });

  it('lists at most 20 problems and 10 examples', () => {
    const pods = Array.from({ length: 30 }, (_, i) =>
      pod(`p${i}`, { phase: 'Failed', reason: `Reason${i}` }),
    );
    const { pods: summary } = summarizeSourceState({
      status: 'ok',
      objects: pods,
    });
    expect(summary!.problems).toHaveLength(MAX_POD_PROBLEMS);
    expect(summary!.examples).toHaveLength(MAX_POD_EXAMPLES);
    expect(summary!.notReady).toBe(30);
  });
});

describe('findStateObject', () => {
  const states: EnvironmentState[] = [
    {
      environment: { name: 'dev', title: 'Dev' },
      live: {
        status: 'ok',
        objects: [pod('same', {}, 'a'), pod('same', {}, 'b')],
      },
      desired: { status: 'not-configured', objects: [] },
    },
  ];

  it('asks for the namespace when the name is ambiguous', () => {
    const ref = {
      environment: 'dev',
      source: 'live' as const,
      kind: 'Pod',
      name: 'same',
    };
    expect(() => findStateObject(states, ref)).toThrow(
      "Several objects Pod same in the live state of 'dev' (namespaces a, b): give parameter 'objectNamespace'",
    );
    expect(
      findStateObject(states, { ...ref, namespace: 'b' }).metadata.namespace,
    ).toBe('b');
  });

  it('is not found in a source that is not ok', () => {
    expect(() =>
      findStateObject(states, {
        environment: 'dev',
        source: 'desired',
        kind: 'Pod',
        name: 'same',
      }),
    ).toThrow(
      "No Pod same in the desired state of 'dev': it is not-configured",
    );
  });
});
