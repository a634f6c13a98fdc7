/*
 * Container security: the Pod Security Standards *restricted* profile (which includes
 * *baseline*), https://kubernetes.io/docs/concepts/security/pod-security-standards/.
 * Controls of the profile are `blocking`; hardening beyond it is `advisory`.
 */
import type { PolicyRule } from './types';
import { Finding, defineContainerRule, definePodRule } from './rule';
import {
  ALL_CONTAINERS,
  POLICY_WORKLOAD_KINDS,
  isRecord,
  isWindowsPod,
  listContainers,
  sameNamespace,
} from './workloads';

const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];
const ALLOWED_ADDED_CAPABILITIES = ['NET_BIND_SERVICE'];

/**
 * `runAsNonRoot` must be true for every container, set on the container or inherited from the
 * pod (a container-level `false` overrides the pod); the effective `runAsUser` must not be 0.
 */
export const runAsNonRootRule: PolicyRule = defineContainerRule({
  id: 'runAsNonRoot',
  title: 'Containers run as a non-root user',
  description:
    'Every container (init and ephemeral included) must run with `runAsNonRoot: true`, set in its securityContext or inherited from the pod securityContext, and must not run as UID 0 (PSS restricted: "Running as Non-root", "Running as Non-root user").',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `securityContext.runAsNonRoot: true` and a non-zero `runAsUser` (e.g. 10001) on the pod, and make sure the image has a numeric non-root `USER`. Do not set `runAsNonRoot: false` or `runAsUser: 0` on a container.',
  containers: ALL_CONTAINERS,
  checkContainer(c, pod) {
    const own = c.container.securityContext;
    const inherited = pod.podSpec.securityContext;
    const findings: Finding[] = [];
    if (own?.runAsNonRoot === false) {
      findings.push({
        message: `${c.label} sets securityContext.runAsNonRoot to false`,
        path: `${c.path}.securityContext.runAsNonRoot`,
      });
    } else if (own?.runAsNonRoot !== true) {
      if (inherited?.runAsNonRoot === false) {
        findings.push({
          message: `${c.label} inherits runAsNonRoot: false from the pod securityContext`,
          path: `${pod.path}.securityContext.runAsNonRoot`,
        });
      } else if (inherited?.runAsNonRoot !== true) {
        findings.push({
          message: `${c.label} does not set securityContext.runAsNonRoot: true (neither does the pod securityContext)`,
          path: `${c.path}.securityContext.runAsNonRoot`,
        });
      }
    }
    const ownUser = own?.runAsUser;
    const user = ownUser ?? inherited?.runAsUser;
    if (user === 0) {
      findings.push({
        message: `${c.label} runs as root (securityContext.runAsUser: 0)`,
        path:
          ownUser === 0
            ? `${c.path}.securityContext.runAsUser`
            : `${pod.path}.securityContext.runAsUser`,
      });
    }
    return findings;
  },
});

/**
 * `allowPrivilegeEscalation` must be explicitly false on every container.
 */
export const privilegeEscalationAllowedRule: PolicyRule = defineContainerRule({
  id: 'privilegeEscalationAllowed',
  title: 'Privilege escalation is disallowed',
  description:
    'Every container must set `securityContext.allowPrivilegeEscalation: false`; the Kubernetes default is true (PSS restricted: "Privilege Escalation"; not required for Windows pods).',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  containers: ALL_CONTAINERS,
  skipPod: isWindowsPod,
  checkContainer(c) {
    if (c.container.securityContext?.allowPrivilegeEscalation === false) {
      return undefined;
    }
    return {
      message: `${c.label} does not set securityContext.allowPrivilegeEscalation: false`,
      path: `${c.path}.securityContext.allowPrivilegeEscalation`,
    };
  },
});

/**
 * No privileged container, and no Windows HostProcess container.
 */
export const privilegedContainerRule: PolicyRule = defineContainerRule({
  id: 'privilegedContainer',
  title: 'No privileged containers',
  description:
    'No container may set `securityContext.privileged: true` or run as a Windows HostProcess container (PSS baseline: "Privileged Containers", "HostProcess").',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Remove `privileged: true` (and `windowsOptions.hostProcess: true`); grant the specific capability or device the workload needs instead, or exempt the workload with a justification.',
  containers: ALL_CONTAINERS,
  checkContainer(c, pod) {
    const findings: Finding[] = [];
    const sc = c.container.securityContext;
    if (sc?.privileged === true) {
      findings.push({
        message: `${c.label} sets securityContext.privileged: true`,
        path: `${c.path}.securityContext.privileged`,
      });
    }
    const ownHostProcess = sc?.windowsOptions?.hostProcess;
    if (
      (ownHostProcess ??
        pod.podSpec.securityContext?.windowsOptions?.hostProcess) === true
    ) {
      findings.push({
        message: `${c.label} runs as a Windows HostProcess container (windowsOptions.hostProcess: true)`,
        path:
          ownHostProcess === true
            ? `${c.path}.securityContext.windowsOptions.hostProcess`
            : `${pod.path}.securityContext.windowsOptions.hostProcess`,
      });
    }
    return findings;
  },
});

/**
 * Every container drops `ALL` capabilities.
 */
export const capabilitiesNotDroppedRule: PolicyRule = defineContainerRule({
  id: 'capabilitiesNotDropped',
  title: 'All capabilities are dropped',
  description:
    'Every container must list `ALL` in `securityContext.capabilities.drop` (PSS restricted: "Capabilities"; not required for Windows pods).',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `securityContext.capabilities.drop: [ALL]` on every container; add back only `NET_BIND_SERVICE` if the process binds a port below 1024.',
  containers: ALL_CONTAINERS,
  skipPod: isWindowsPod,
  checkContainer(c) {
    const drop: unknown = c.container.securityContext?.capabilities?.drop;
    if (Array.isArray(drop) && drop.includes('ALL')) return undefined;
    return {
      message: `${c.label} does not drop ALL capabilities (securityContext.capabilities.drop)`,
      path: `${c.path}.securityContext.capabilities.drop`,
    };
  },
});

/**
 * No capability is added except `NET_BIND_SERVICE`.
 */
export const capabilitiesAddedRule: PolicyRule = defineContainerRule({
  id: 'capabilitiesAdded',
  title: 'No capabilities are added',
  description:
    'Containers may add no capability other than `NET_BIND_SERVICE` (PSS restricted: "Capabilities"; not required for Windows pods).',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Remove the capabilities from `securityContext.capabilities.add` (only `NET_BIND_SERVICE` is allowed), or exempt the workload with a justification.',
  containers: ALL_CONTAINERS,
  skipPod: isWindowsPod,
  checkContainer(c) {
    const add: unknown = c.container.securityContext?.capabilities?.add;
    if (!Array.isArray(add)) return undefined;
    const extra = add.filter(cap => !ALLOWED_ADDED_CAPABILITIES.includes(cap));
    if (extra.length === 0) return undefined;
    return {
      message: `${c.label} adds capabilities ${extra.join(
        ', ',
      )} (securityContext.capabilities.add)`,
      path: `${c.path}.securityContext.capabilities.add`,
    };
  },
});

/**
 * A `RuntimeDefault` or `Localhost` seccomp profile applies to every container.
 */
export const seccompProfileMissingRule: PolicyRule = definePodRule({
  id: 'seccompProfileMissing',
  title: 'A seccomp profile is set',
  description:
    'Every container must run with a `RuntimeDefault` or `Localhost` seccomp profile, set on the container or inherited from the pod; `Unconfined` is not allowed at either level (PSS restricted and baseline: "Seccomp"; not required for Windows pods).',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (containers inherit it), and do not set `Unconfined` on a container.',
  checkPod(pod) {
    if (isWindowsPod(pod)) return [];
    const podType = pod.podSpec.securityContext?.seccompProfile?.type;
    const findings: Finding[] = [];
    for (const c of listContainers(pod, ALL_CONTAINERS)) {
      const ownType = c.container.securityContext?.seccompProfile?.type;
      const type = ownType ?? podType;
      if (type !== undefined && ALLOWED_SECCOMP.includes(type)) continue;
      findings.push(
        type === undefined
          ? {
              message: `${c.label} has no seccomp profile (securityContext.seccompProfile, neither on the container nor on the pod)`,
              path: `${c.path}.securityContext.seccompProfile`,
            }
          : {
              message: `${c.label} runs with seccomp profile ${type} (securityContext.seccompProfile.type)`,
              path:
                ownType === undefined
                  ? `${pod.path}.securityContext.seccompProfile.type`
                  : `${c.path}.securityContext.seccompProfile.type`,
            },
      );
    }
    if (
      findings.length === 0 &&
      podType !== undefined &&
      !ALLOWED_SECCOMP.includes(podType)
    ) {
      findings.push({
        message: `the pod securityContext sets seccomp profile ${podType} (every container overrides it)`,
        path: `${pod.path}.securityContext.seccompProfile.type`,
      });
    }
    return findings;
  },
});

/**
 * Containers have a read-only root filesystem (hardening beyond PSS restricted: advisory).
 */
export const readOnlyRootFilesystemRule: PolicyRule = defineContainerRule({
  id: 'readOnlyRootFilesystem',
  title: 'Root filesystem is read-only',
  description:
    'Every container should set `securityContext.readOnlyRootFilesystem: true`, so that a compromised process cannot modify the image. Not part of the PSS restricted profile, hence advisory. Not applicable to Windows pods.',
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` and mount an `emptyDir` volume where the process needs to write (e.g. `/tmp`).',
  containers: ALL_CONTAINERS,
  skipPod: isWindowsPod,
  checkContainer(c) {
    if (c.container.securityContext?.readOnlyRootFilesystem === true) {
      return undefined;
    }
    return {
      message: `${c.label} does not set securityContext.readOnlyRootFilesystem: true`,
      path: `${c.path}.securityContext.readOnlyRootFilesystem`,
    };
  },
});

/**
 * The pod shares no host namespace.
 */
export const hostNamespacesRule: PolicyRule = definePodRule({
  id: 'hostNamespaces',
  title: 'No host namespaces',
  description:
    'The pod must not set `hostNetwork`, `hostPID` or `hostIPC` to true (PSS baseline: "Host Namespaces").',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec (expose ports through a Service instead of the host network).',
  checkPod(pod) {
    return (['hostNetwork', 'hostPID', 'hostIPC'] as const)
      .filter(field => pod.podSpec[field] === true)
      .map(field => ({
        message: `the pod spec sets ${field}: true`,
        path: `${pod.path}.${field}`,
      }));
  },
});

/**
 * No hostPath volume.
 */
export const hostPathVolumeRule: PolicyRule = definePodRule({
  id: 'hostPathVolume',
  title: 'No hostPath volumes',
  description:
    'The pod must not mount `hostPath` volumes, which expose the node filesystem (PSS baseline: "HostPath Volumes").',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Replace `hostPath` volumes with `emptyDir`, a `persistentVolumeClaim`, a `configMap`/`secret` or a CSI volume.',
  checkPod(pod) {
    const volumes: unknown = pod.podSpec.volumes;
    if (!Array.isArray(volumes)) return [];
    return volumes.flatMap((volume: unknown, index) =>
      isRecord(volume) && volume.hostPath !== undefined
        ? [
            {
              message: `volume '${String(
                volume.name,
              )}' is a hostPath volume (${String(
                volume.hostPath?.path ?? '?',
              )})`,
              path: `${pod.path}.volumes[${index}].hostPath`,
            },
          ]
        : [],
    );
  },
});

/**
 * No container port is bound on the host.
 */
export const hostPortsRule: PolicyRule = defineContainerRule({
  id: 'hostPorts',
  title: 'No host ports',
  description:
    'Containers must not set `ports[].hostPort` (PSS baseline: "Host Ports").',
  severity: 'blocking',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Remove `hostPort` and expose the port through a Service (or an Ingress/Gateway).',
  containers: ALL_CONTAINERS,
  checkContainer(c) {
    const ports: unknown = c.container.ports;
    if (!Array.isArray(ports)) return undefined;
    return ports.flatMap((port: unknown, index) =>
      isRecord(port) && port.hostPort !== undefined && port.hostPort !== 0
        ? [
            {
              message: `${c.label} binds host port ${String(
                port.hostPort,
              )} (ports[${index}].hostPort)`,
              path: `${c.path}.ports[${index}].hostPort`,
            },
          ]
        : [],
    );
  },
});

/**
 * The pod does not get a Kubernetes API token it does not need.
 */
export const serviceAccountTokenAutomountRule: PolicyRule = definePodRule({
  id: 'serviceAccountTokenAutomount',
  title: 'Service account token is not mounted',
  description:
    '`automountServiceAccountToken` must be false on the pod spec, or — when the pod spec leaves it unset — on the ServiceAccount the pod uses, if that ServiceAccount is part of the evaluated set. A pod-level `true` overrides the ServiceAccount. Not part of PSS, hence advisory.',
  severity: 'advisory',
  appliesTo: POLICY_WORKLOAD_KINDS,
  remediation:
    'Set `automountServiceAccountToken: false` on the pod spec and on the ServiceAccount; mount a projected token explicitly if the workload calls the Kubernetes API.',
  checkPod(pod, object, context) {
    const podValue = pod.podSpec.automountServiceAccountToken;
    const path = `${pod.path}.automountServiceAccountToken`;
    if (podValue === false) return [];
    if (podValue === true) {
      return [
        {
          message: 'the pod spec sets automountServiceAccountToken: true',
          path,
        },
      ];
    }
    const saName =
      pod.podSpec.serviceAccountName || pod.podSpec.serviceAccount || 'default';
    const sa = context.objects.find(
      o =>
        o.kind === 'ServiceAccount' &&
        o.metadata?.name === saName &&
        sameNamespace(o, object),
    );
    if (sa?.automountServiceAccountToken === false) return [];
    return [
      {
        message: sa
          ? `neither the pod spec nor ServiceAccount '${saName}' sets automountServiceAccountToken: false`
          : `the pod spec does not set automountServiceAccountToken: false (ServiceAccount '${saName}' is not in the evaluated set)`,
        path,
      },
    ];
  },
});

/** @internal */
export const securityRules: readonly PolicyRule[] = [
  runAsNonRootRule,
  privilegeEscalationAllowedRule,
  privilegedContainerRule,
  capabilitiesNotDroppedRule,
  capabilitiesAddedRule,
  seccompProfileMissingRule,
  readOnlyRootFilesystemRule,
  hostNamespacesRule,
  hostPathVolumeRule,
  hostPortsRule,
  serviceAccountTokenAutomountRule,
];
