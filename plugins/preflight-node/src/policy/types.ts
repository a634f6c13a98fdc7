import type {
  CheckSeverity,
  KubernetesObject,
} from '@preflight/plugin-preflight-common';

/**
 * The workload kinds whose pod spec the policy rules inspect.
 *
 * @public
 */
export type PolicyWorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'Job'
  | 'CronJob'
  | 'Pod';

/**
 * Identifies the Kubernetes object a violation or an exemption is about.
 *
 * @public
 */
export interface PolicyObjectRef {
  /** Kind of the object, e.g. `Deployment`. */
  kind: string;
  /** `metadata.name` of the object. */
  name: string;
  /** `metadata.namespace` of the object; absent when it has none. */
  namespace?: string;
}

/**
 * One rule broken by one object (for container rules: by one container of it).
 *
 * @public
 */
export interface PolicyViolation {
  /** Id of the rule, e.g. `runAsNonRoot`. */
  ruleId: string;
  /** The rule's severity, after `severityOverrides`. */
  severity: CheckSeverity;
  /** One line naming the container (when there is one) and the field, e.g. `container 'app' has no readinessProbe`. */
  message: string;
  /** JSON-path-like location in the object, e.g. `spec.template.spec.containers[0].readinessProbe`. */
  path: string;
  /** The object that breaks the rule. */
  object: PolicyObjectRef;
  /** How to fix it (markdown). */
  remediation: string;
}

/**
 * What a rule may look at besides the object under evaluation: the whole set of objects
 * evaluated together (e.g. the manifests of one component in one environment).
 *
 * @public
 */
export interface PolicyContext {
  /** Every object of the set, including the one under evaluation. */
  objects: readonly KubernetesObject[];
  /**
   * The tags that count as immutable (`imageTagMutable`, `imageDigestMissing`), each matching a
   * whole tag; absent: the built-in `DEFAULT_IMMUTABLE_TAG_PATTERNS`.
   */
  immutableTags?: readonly RegExp[];
  /**
   * What sources know about the images beyond their references (`minimalBaseImage`), keyed by
   * the container's `image` exactly as the pod spec writes it (no normalisation: `node:22` and
   * `docker.io/library/node:22` are different keys). Absent, or an image without an entry: the
   * rule decides from the reference alone.
   */
  imageFacts?: ReadonlyMap<string, ImageBaseFacts>;
}

/**
 * What a source knows about an image beyond its reference, e.g. from an SBOM or the image config.
 *
 * @public
 */
export interface ImageBaseFacts {
  /** The image's `org.opencontainers.image.base.name` annotation, e.g. `gcr.io/distroless/base-debian12`. */
  baseName?: string;
  /**
   * The operating system (an SBOM's operating-system component), e.g. family `alpine`, `debian`,
   * `ubuntu`, `wolfi`, `distroless`.
   */
  os?: { family: string; name?: string; version?: string };
  /**
   * Names of the notable packages found in the image: package managers and shells (`apk-tools`,
   * `dpkg`, `apt`, `rpm`, `yum`, `dnf`, `bash`, `dash`, `busybox`, …). Absent: not known; `[]`:
   * the package list was read and holds none of them.
   */
  packages?: readonly string[];
  /** Where the facts came from, used in messages, e.g. `SbomReport checkout-api-app in prod`. */
  source: string;
}

/**
 * A policy rule. Rules are pure: they never perform I/O and never mutate their input.
 *
 * @public
 */
export interface PolicyRule {
  /** Stable id, named after the Polaris / kube-score check users know (e.g. `runAsNonRoot`). */
  id: string;
  /** Human-readable name. */
  title: string;
  /** What the rule requires (markdown). */
  description: string;
  /** Default severity; `evaluatePolicies` can override it per rule. */
  severity: CheckSeverity;
  /** The kinds the rule inspects; other objects of the set are only context. */
  appliesTo: readonly PolicyWorkloadKind[];
  /** How to fix a violation (markdown). */
  remediation: string;
  /**
   * The annotation that exempts an object from this rule: `preflight.dev/exempt.<ruleId>`,
   * whose value is the justification. Honoured on the object's `metadata` and on its pod
   * template's `metadata`.
   */
  exemptionAnnotation: string;
  /**
   * The violations of this rule by `object` (exemptions are not applied here; see
   * `evaluatePolicies`). Returns an empty array for objects the rule does not apply to.
   */
  evaluate(object: KubernetesObject, context: PolicyContext): PolicyViolation[];
}

/**
 * A rule that an object would have broken but is exempted from by annotation.
 *
 * @public
 */
export interface PolicyExemption {
  /** Id of the rule the object is exempted from. */
  ruleId: string;
  /** The exempted object. */
  object: PolicyObjectRef;
  /** The annotation's value. */
  justification: string;
  /** Where the annotation was found (`metadata.annotations[...]` or the pod template's). */
  path: string;
}

/**
 * The outcome of evaluating the rules over a set of objects.
 *
 * @public
 */
export interface PolicyReport {
  /** Violations that are not exempted, in object order then rule order. */
  violations: PolicyViolation[];
  /** One entry per (rule, object) whose violations an exemption annotation suppressed. */
  exempted: PolicyExemption[];
  /**
   * Ids of the evaluated rules that applied to at least one object of the set and have no
   * (non-exempted) violation.
   */
  passedRules: string[];
  /** Ids of the evaluated rules that applied to no object of the set (e.g. no workload). */
  notApplicableRules: string[];
  /** What was evaluated: a report over no container is no evidence of anything. */
  subjects: PolicySubjects;
}

/**
 * The subjects a {@link PolicyReport} evaluated.
 *
 * @public
 */
export interface PolicySubjects {
  /** Workloads evaluated (controlled ones such as the Pods of a ReplicaSet are not subjects). */
  workloads: number;
  /** Containers (all lists) of those workloads. */
  containers: number;
  /** Names of Pods evaluated as workloads because nothing controls them (bare pods). */
  uncontrolledPods: string[];
}

/**
 * Options of {@link evaluatePolicies}.
 *
 * @public
 */
export interface EvaluatePoliciesOptions {
  /** Evaluate only these rules (default: all of {@link POLICY_RULES}). */
  rules?: readonly string[];
  /** Do not evaluate these rules. */
  disabled?: readonly string[];
  /** Severity per rule id, replacing the rule's default. */
  severityOverrides?: Readonly<Record<string, CheckSeverity>>;
  /**
   * Also evaluate workloads that another object controls (an `ownerReferences` entry with
   * `controller: true`, e.g. a Pod of a ReplicaSet, a Job of a CronJob). Default `false`:
   * live state holds both a Deployment and its Pods, and the Deployment is the object to fix.
   */
  includeControlledWorkloads?: boolean;
  /**
   * The image tags that count as immutable, as regular-expression sources each matched against
   * the whole tag (e.g. `v?\d+\.\d+\.\d+`). Replaces the built-in
   * `DEFAULT_IMMUTABLE_TAG_PATTERNS`; `[]` accepts only images pinned by digest. An invalid
   * source throws, naming its index (`immutableTags[2]`).
   */
  immutableTags?: readonly string[];
  /**
   * What sources know about the images (operating system, packages, base-image annotation),
   * keyed by the container's `image` exactly as written in the pod spec; becomes
   * `PolicyContext.imageFacts` (read by `minimalBaseImage`).
   */
  imageFacts?: ReadonlyMap<string, ImageBaseFacts>;
}

/**
 * What {@link classifyBaseImage} decides about the base of an image.
 *
 * @public
 */
export interface BaseImageVerdict {
  /**
   * `minimal`: scratch, distroless, Chainguard / Wolfi or Alpine; `not-minimal`: a full
   * distribution or an image built on one; `unknown`: neither the reference nor the facts say.
   */
  verdict: 'minimal' | 'not-minimal' | 'unknown';
  /** One line saying why, naming what was used (the reference, or the source of the facts). */
  reason: string;
  /** The base identified, e.g. `distroless`, `Alpine`, `Debian 12`, `Ubuntu`. */
  base?: string;
}
