/*
 * Resources: requests let the scheduler place pods; a memory limit bounds what one pod can take
 * from its node. Regular and init containers are checked (init containers are scheduled too);
 * ephemeral containers cannot declare resources.
 */
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { PolicyRule } from './types';
import { defineContainerRule } from './rule';
import { ContainerList, POLICY_WORKLOAD_KINDS, isRecord } from './workloads';

const SCHEDULED: readonly ContainerList[] = ['containers', 'initContainers'];

function quantity(
  container: IContainer,
  kind: 'requests' | 'limits',
  resource: string,
): unknown {
  const section: unknown = container.resources?.[kind];
  if (!isRecord(section)) return undefined;
  const value = section[resource];
  return value === null || value === '' ? undefined : value;
}

/**
 * Every container requests cpu and memory explicitly.
 */
export const resourceRequestsMissingRule: PolicyRule = defineContainerRule({
  id: 'resourceRequestsMissing',
  title: 'CPU and memory requests are set',
  description:
    'Every regular and init container must set `resources.requests.cpu` and `resources.requests.memory` explicitly, so that the scheduler places pods where they fit. (Kubernetes copies a limit into a missing request, but that request is then the worst case, not the expected usage, and it is not what the manifest says.)',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `resources.requests.cpu` and `resources.requests.memory` from observed usage (e.g. the p95 over a week).',
  containers: SCHEDULED,
  checkContainer(c) {
    const missing = ['cpu', 'memory'].filter(
      r => quantity(c.container, 'requests', r) === undefined,
    );
    if (missing.length === 0) return undefined;
    return {
      message: `${c.label} has no ${missing.join(
        ' and ',
      )} request (resources.requests)`,
      path:
        missing.length === 1
          ? `${c.path}.resources.requests.${missing[0]}`
          : `${c.path}.resources.requests`,
    };
  },
});

/**
 * Every container has a memory limit.
 */
export const resourceLimitsMissingRule: PolicyRule = defineContainerRule({
  id: 'resourceLimitsMissing',
  title: 'A memory limit is set',
  description:
    'Every regular and init container must set `resources.limits.memory`, so that a leak is killed in its own container instead of starving the node. CPU limits are the separate, advisory rule `cpuLimitsMissing`.',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `resources.limits.memory` (commonly equal to, or a little above, the memory request).',
  containers: SCHEDULED,
  checkContainer(c) {
    if (quantity(c.container, 'limits', 'memory') !== undefined) {
      return undefined;
    }
    return {
      message: `${c.label} has no memory limit (resources.limits.memory)`,
      path: `${c.path}.resources.limits.memory`,
    };
  },
});

/**
 * Every container has a CPU limit (advisory: CPU limits throttle, they do not protect the node).
 */
export const cpuLimitsMissingRule: PolicyRule = defineContainerRule({
  id: 'cpuLimitsMissing',
  title: 'A CPU limit is set',
  description:
    'Every regular and init container should set `resources.limits.cpu`. Advisory: CPU is compressible (an unlimited container is throttled, not killed, under contention) and many teams deliberately run without CPU limits to avoid throttling latency.',
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `resources.limits.cpu`, or disable/exempt this rule if the cluster relies on requests only.',
  containers: SCHEDULED,
  checkContainer(c) {
    if (quantity(c.container, 'limits', 'cpu') !== undefined) return undefined;
    return {
      message: `${c.label} has no cpu limit (resources.limits.cpu)`,
      path: `${c.path}.resources.limits.cpu`,
    };
  },
});

/** @internal */
export const resourceRules: readonly PolicyRule[] = [
  resourceRequestsMissingRule,
  resourceLimitsMissingRule,
  cpuLimitsMissingRule,
];
