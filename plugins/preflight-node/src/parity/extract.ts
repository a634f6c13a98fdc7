import {
  isControlled,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import { Collector, References, Scope } from './collector';
import type { ContainerImage } from './images';
import { effective, isRecord } from './normalize';
import {
  extractHpa,
  extractIngress,
  extractNetworkPolicy,
  extractService,
  extractWorkload,
  selectorText,
} from './objects';
import type { ParityAttribute, ParityOptions } from './types';

export { PARITY_IGNORED_METADATA } from './collector';

/**
 * Label keys compared by default: the Kubernetes recommended labels. `app.kubernetes.io/version`
 * is included and classified specially: expected when the images differ too, drift otherwise.
 *
 * @public
 */
export const DEFAULT_PARITY_LABELS: readonly string[] = ['app.kubernetes.io/*'];

/**
 * Annotation keys compared by default: Prometheus scrape annotations (a difference means an
 * environment is not monitored the same way).
 *
 * @public
 */
export const DEFAULT_PARITY_ANNOTATIONS: readonly string[] = [
  'prometheus.io/*',
];

/**
 * Kinds that are never compared: objects created by controllers, with generated names.
 * (Objects with a controller owner reference, e.g. Jobs created by a CronJob, are skipped too.)
 */
const SKIPPED_KINDS = new Set([
  'Pod',
  'ReplicaSet',
  'ControllerRevision',
  'Event',
  'Endpoints',
  'EndpointSlice',
  'Lease',
]);

const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'Rollout',
]);

/** What one environment's objects yield. */
export interface ExtractedEnvironment {
  attributes: Map<string, ParityAttribute>;
  images: Map<string, ContainerImage>;
  /** `Kind/name` of the objects an HPA scales. */
  hpaTargets: Set<string>;
}

/** Extracts the attributes (and images) of one environment's objects. */
export function extractEnvironment(
  objects: readonly KubernetesObject[],
  options: Pick<ParityOptions, 'labels' | 'annotations'> = {},
): ExtractedEnvironment {
  const c = new Collector(
    options.labels ?? DEFAULT_PARITY_LABELS,
    options.annotations ?? DEFAULT_PARITY_ANNOTATIONS,
  );
  const seen = new Set<string>();
  for (const object of objects) {
    if (!isRecord(object) || !isRecord(object.metadata)) continue;
    const { kind } = object;
    const name = object.metadata.name;
    if (typeof kind !== 'string' || typeof name !== 'string') continue;
    if (SKIPPED_KINDS.has(kind) || isControlled(object)) continue;
    // The same kind and name twice (e.g. in two namespaces): the first one is compared.
    if (seen.has(`${kind}/${name}`)) continue;
    seen.add(`${kind}/${name}`);

    const scope: Scope = { object: { kind, name } };
    const spec = isRecord(object.spec) ? object.spec : {};
    c.add(scope, 'objects', 'object', 'present');
    c.metadata(scope, object.metadata);

    if (WORKLOAD_KINDS.has(kind)) {
      extractWorkload(c, scope, object);
    } else if (kind === 'HorizontalPodAutoscaler') {
      extractHpa(c, scope, spec);
    } else if (kind === 'PodDisruptionBudget') {
      c.addIfSet(scope, 'replicas', 'pdb.minAvailable', spec.minAvailable);
      c.addIfSet(scope, 'replicas', 'pdb.maxUnavailable', spec.maxUnavailable);
      c.addIfSet(
        scope,
        'replicas',
        'pdb.unhealthyPodEvictionPolicy',
        spec.unhealthyPodEvictionPolicy,
      );
      const selector = selectorText(spec.selector);
      if (selector !== undefined)
        c.add(scope, 'workload', 'selector', selector);
    } else if (kind === 'Service') {
      extractService(c, scope, spec);
    } else if (kind === 'Ingress') {
      extractIngress(c, scope, object);
    } else if (kind === 'NetworkPolicy') {
      extractNetworkPolicy(c, scope, spec);
    } else if (kind === 'ServiceAccount') {
      c.addIfSet(
        scope,
        'service-account',
        'automountServiceAccountToken',
        object.automountServiceAccountToken,
      );
      const refs = new References();
      if (Array.isArray(object.imagePullSecrets)) {
        for (const s of object.imagePullSecrets) {
          refs.add('secret', s?.name, 'imagePullSecret');
        }
      }
      refs.emit(c, scope);
    } else if (kind === 'ConfigMap' || kind === 'Secret') {
      const prefix = kind === 'ConfigMap' ? 'configmap-key' : 'secret-key';
      // Key names only: values are never read (Secret values are masked anyway).
      const keys = new Set([
        ...Object.keys(isRecord(object.data) ? object.data : {}),
        ...Object.keys(isRecord(object.binaryData) ? object.binaryData : {}),
        ...Object.keys(isRecord(object.stringData) ? object.stringData : {}),
      ]);
      for (const key of [...keys].sort()) {
        c.add(scope, 'config', `${prefix}:${key}`, 'present');
      }
      if (kind === 'Secret') {
        c.add(scope, 'config', 'type', effective(object.type, 'Opaque'));
      }
      if (object.immutable === true)
        c.add(scope, 'config', 'immutable', 'true');
    }
  }
  return {
    attributes: c.attributes,
    images: c.images,
    hpaTargets: c.hpaTargets,
  };
}

/**
 * The attributes Preflight compares for the objects of one environment: one entry
 * per attribute, keyed by a stable id such as
 * `Deployment/checkout-api › container app › image.tag`. Pure; sensitive env literals are
 * masked.
 *
 * @public
 */
export function extractParityAttributes(
  objects: readonly KubernetesObject[],
  options: Pick<ParityOptions, 'labels' | 'annotations'> = {},
): ParityAttribute[] {
  return [...extractEnvironment(objects, options).attributes.values()];
}
