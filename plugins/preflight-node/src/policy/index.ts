/*
 * The policy engine: one set of rules over Kubernetes objects, used by the scaffolder
 * (validate generated manifests) and by the readiness checks (desired and live workloads).
 */
export type {
  EvaluatePoliciesOptions,
  ImageBaseFacts,
  PolicyContext,
  PolicyExemption,
  PolicyObjectRef,
  PolicyReport,
  PolicySubjects,
  PolicyRule,
  PolicyViolation,
  PolicyWorkloadKind,
} from './types';
export { POLICY_RULES, evaluatePolicies, getPolicyRule } from './engine';
export {
  DEFAULT_IMMUTABLE_TAG_PATTERNS,
  classifyImageTag,
  compileImmutableTagPatterns,
} from './images';
export type { ImageTagVerdict } from './images';
export { classifyBaseImage, NOTABLE_IMAGE_PACKAGES } from './baseImage';
export type { BaseImageVerdict } from './baseImage';
export {
  POLICY_EXEMPTION_ANNOTATION_PREFIX,
  policyExemptionAnnotation,
} from './rule';
export { POLICY_WORKLOAD_KINDS, getPodTemplate } from './workloads';
export type { PodTemplate, TemplateMetadata } from './workloads';
export { MANIFEST_SCHEMA_TYPES, validateManifestSchema } from './schema';
export type { ManifestSchemaError, ManifestSchemaResult } from './schema';
export {
  IMMUTABLE_TAGS_CONFIG_KEY,
  immutableTagsSchema,
  readImmutableTags,
} from './config';
