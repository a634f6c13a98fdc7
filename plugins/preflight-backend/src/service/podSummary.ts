import { InputError, NotFoundError } from '@backstage/errors';
import type {
  EnvironmentState,
  KubernetesObject,
  PodProblem,
  PodSummary,
  SourceState,
} from '@preflight/plugin-preflight-common';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';

/*
 * Answers sized for a browser: a component may run thousands of Pods, and every one in full made
 * `/environments` several megabytes. The readiness checks keep every Pod (they are computed from
 * the states before this); the answer counts them, keeps one Pod in full per distinct problem,
 * and any object can be read on its own (`findStateObject`).
 */

/** Distinct problems listed in a summary. */
export const MAX_POD_PROBLEMS = 20;
/** Problems whose example Pod is given in full. */
export const MAX_POD_EXAMPLES = 10;
/** Distinct images listed in a summary. */
export const MAX_POD_IMAGES = 50;
/** Restarts (of one container) from which a running, Ready Pod counts as a problem. */
export const HIGH_RESTARTS = 5;

/** Waiting reasons of a container that are a normal step of starting, not a problem. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

// A cluster's answer is read defensively (any field may be missing or of another type); the
// model types name the fields, `Partial` keeps every access optional.
const listOf = <T>(value: unknown): Array<Partial<T> | undefined> =>
  Array.isArray(value) ? value : [];

const containerStatuses = (pod: KubernetesObject) => [
  ...listOf<IContainerStatus>(pod.status?.initContainerStatuses),
  ...listOf<IContainerStatus>(pod.status?.containerStatuses),
];

const condition = (pod: KubernetesObject, type: string) =>
  listOf<IPodCondition>(pod.status?.conditions).find(c => c?.type === type);

const isReady = (pod: KubernetesObject) =>
  condition(pod, 'Ready')?.status === 'True';

const restartsOf = (pod: KubernetesObject) =>
  containerStatuses(pod).reduce(
    (sum, c) =>
      sum + (Number.isFinite(c?.restartCount) ? Number(c?.restartCount) : 0),
    0,
  );

/**
 * The first problem of a Pod, from reason codes only (never a message, which may be long or
 * name values), or undefined for a healthy or completed Pod.
 */
export function podProblem(pod: KubernetesObject): string | undefined {
  const phase = String(pod.status?.phase ?? 'Unknown');
  if (phase === 'Succeeded') return undefined;
  const statuses = containerStatuses(pod);
  const waiting = statuses
    .map(c => c?.state?.waiting?.reason)
    .find(r => typeof r === 'string' && !STARTING.has(r));
  if (waiting) return String(waiting);
  if (phase === 'Pending') {
    const scheduled = condition(pod, 'PodScheduled');
    const reason =
      (scheduled?.status === 'False' && scheduled.reason) ||
      statuses.map(c => c?.state?.waiting?.reason).find(Boolean);
    return reason ? `Pending: ${reason}` : 'Pending';
  }
  if (phase === 'Failed') {
    return pod.status?.reason ? `Failed: ${pod.status.reason}` : 'Failed';
  }
  if (phase !== 'Running') return phase;
  if (!isReady(pod)) {
    const reason = condition(pod, 'Ready')?.reason;
    return reason ? `Not Ready: ${reason}` : 'Not Ready';
  }
  const restarting = statuses.find(
    c => Number(c?.restartCount ?? 0) >= HIGH_RESTARTS,
  );
  if (restarting) {
    const last = restarting.lastState?.terminated?.reason;
    return last ? `Restarting: ${last}` : 'Restarting';
  }
  return undefined;
}

/** The summary of some Pods (see `PodSummary`). */
export function summarizePods(pods: readonly KubernetesObject[]): PodSummary {
  const byPhase: Record<string, number> = {};
  const images = new Set<string>();
  const problems = new Map<string, PodProblem & { pod: KubernetesObject }>();
  let ready = 0;
  let completed = 0;
  let restarts = 0;
  for (const pod of pods) {
    const phase = String(pod.status?.phase ?? 'Unknown');
    byPhase[phase] = (byPhase[phase] ?? 0) + 1;
    if (isReady(pod)) ready++;
    else if (phase === 'Succeeded') completed++;
    restarts += restartsOf(pod);
    for (const c of [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
    ]) {
      if (typeof c?.image === 'string') images.add(c.image);
    }
    const problem = podProblem(pod);
    if (!problem) continue;
    const known = problems.get(problem);
    if (known) known.count++;
    else {
      problems.set(problem, {
        problem,
        count: 1,
        example: pod.metadata.name,
        pod,
      });
    }
  }
  const listed = [...problems.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, MAX_POD_PROBLEMS);
  return {
    total: pods.length,
    byPhase,
    ready,
    notReady: pods.length - ready - completed,
    restarts,
    images: [...images].sort().slice(0, MAX_POD_IMAGES),
    problems: listed.map(({ problem, count, example }) => ({
      problem,
      count,
      example,
    })),
    examples: listed.slice(0, MAX_POD_EXAMPLES).map(p => p.pod),
  };
}

/**
 * A source state as answered by `/environments`: its Pods summarized in `pods` and left out of
 * `objects` (and of `origins`, which stays parallel). A state without Pods is unchanged.
 */
export function summarizeSourceState(state: SourceState): SourceState {
  const isPod = state.objects.map(o => o.kind === 'Pod');
  if (!isPod.includes(true)) return state;
  const { origins } = state;
  return {
    ...state,
    objects: state.objects.filter((_, i) => !isPod[i]),
    ...(origins ? { origins: origins.filter((_, i) => !isPod[i]) } : {}),
    pods: summarizePods(state.objects.filter((_, i) => isPod[i])),
  };
}

/** Every environment's states with their Pods summarized (see {@link summarizeSourceState}). */
export function summarizeEnvironmentStates(
  states: readonly EnvironmentState[],
): EnvironmentState[] {
  return states.map(s => ({
    ...s,
    live: summarizeSourceState(s.live),
    desired: summarizeSourceState(s.desired),
  }));
}

/**
 * One object of an environment's state, in full (sanitized like the state): 404 when the
 * environment, source or object is not there; 400 naming the parameter when the object's
 * namespace is needed to tell several apart.
 */
export function findStateObject(
  states: readonly EnvironmentState[],
  ref: {
    environment: string;
    source: 'live' | 'desired';
    kind: string;
    name: string;
    namespace?: string;
  },
): KubernetesObject {
  const state = states.find(s => s.environment.name === ref.environment);
  if (!state) {
    throw new NotFoundError(
      `No environment '${ref.environment}' (known: ${states
        .map(s => s.environment.name)
        .join(', ')})`,
    );
  }
  const source = state[ref.source];
  const what = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${
    ref.name
  }`;
  if (source.status !== 'ok') {
    throw new NotFoundError(
      `No ${what} in the ${ref.source} state of '${ref.environment}': it is ${source.status}`,
    );
  }
  const found = source.objects.filter(
    o =>
      o.kind === ref.kind &&
      o.metadata.name === ref.name &&
      (ref.namespace === undefined || o.metadata.namespace === ref.namespace),
  );
  if (found.length === 0) {
    throw new NotFoundError(
      `No ${what} in the ${ref.source} state of '${ref.environment}'`,
    );
  }
  const namespaces = new Set(found.map(o => o.metadata.namespace));
  if (namespaces.size > 1) {
    throw new InputError(
      `Several objects ${what} in the ${ref.source} state of '${
        ref.environment
      }' (namespaces ${[...namespaces]
        .map(n => n ?? '(none)')
        .join(', ')}): give parameter 'objectNamespace'`,
    );
  }
  return found[0];
}
