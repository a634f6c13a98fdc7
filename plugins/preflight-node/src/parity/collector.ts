import { findMatchingGlob } from './glob';
import type { ContainerImage } from './images';
import { Effective, isRecord, scalarText } from './normalize';
import type { ParityAttribute, ParityCategory, ParityObjectRef } from './types';

/*
 * Where extracted attributes are collected: row ids, labels, and the ConfigMap / Secret
 * references of a pod template.
 */

/**
 * Metadata that is never compared, whatever `labels` / `annotations` say: written by the API
 * server, controllers or tools (not by the author of the manifests), or able to embed secret
 * values (`last-applied-configuration`).
 *
 * @public
 */
export const PARITY_IGNORED_METADATA: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'kubectl.kubernetes.io/restartedAt',
  'deployment.kubernetes.io/*',
  'argocd.argoproj.io/tracking-id',
  'pod-template-hash',
  'pod-template-generation',
  'controller-revision-hash',
  'controller-uid',
  'job-name',
  'batch.kubernetes.io/*',
  'statefulset.kubernetes.io/*',
  'apps.kubernetes.io/pod-index',
];

export interface Scope {
  object: ParityObjectRef;
  container?: string;
  initContainer?: boolean;
  scope?: 'pod-template';
}

const EXACT_LABELS: Record<string, string> = {
  object: 'Object exists',
  'image.repository': 'Image repository',
  'image.tag': 'Image tag',
  'image.digest': 'Image digest',
  imagePullPolicy: 'Image pull policy',
  replicas: 'Replicas',
  'hpa.minReplicas': 'HPA min replicas',
  'hpa.maxReplicas': 'HPA max replicas',
  'hpa.target': 'HPA target',
  'pdb.minAvailable': 'PDB minAvailable',
  'pdb.maxUnavailable': 'PDB maxUnavailable',
  serviceAccountName: 'Service account',
  readinessProbe: 'Readiness probe',
  livenessProbe: 'Liveness probe',
  startupProbe: 'Startup probe',
};

const PREFIX_LABELS: Array<[string, string]> = [
  ['env-value:', 'Env value '],
  ['env:', 'Env '],
  ['envFrom:', 'envFrom '],
  ['configMapRef:', 'Referenced ConfigMap '],
  ['configMapKeyRef:', 'Referenced ConfigMap key '],
  ['secretRef:', 'Referenced Secret '],
  ['secretKeyRef:', 'Referenced Secret key '],
  ['configmap-key:', 'ConfigMap key '],
  ['secret-key:', 'Secret key '],
  ['port:', 'Container port '],
  ['service.port:', 'Service port '],
  ['volume:', 'Volume '],
  ['volumeMount:', 'Volume mount '],
  ['nodeSelector:', 'Node selector '],
  ['toleration:', 'Toleration '],
  ['hpa-metric:', 'HPA metric '],
  ['label:', 'Label '],
  ['annotation:', 'Annotation '],
];

function labelOf(attribute: string): string {
  if (EXACT_LABELS[attribute]) return EXACT_LABELS[attribute];
  for (const [prefix, label] of PREFIX_LABELS) {
    if (attribute.startsWith(prefix)) {
      return label + attribute.slice(prefix.length);
    }
  }
  return attribute;
}

/** Labels already made: every environment of every entity repeats the same attributes. */
const labelCache = new Map<string, string>();

function attributeLabel(attribute: string): string {
  let label = labelCache.get(attribute);
  if (label === undefined) {
    label = labelOf(attribute);
    if (labelCache.size >= 5000) labelCache.clear(); // bounded: attribute names come from manifests
    labelCache.set(attribute, label);
  }
  return label;
}

/** The stable row id: `Kind/name[ › container c | › init container c][ › pod template] › attribute`. */
export function rowId(scope: Scope, attribute: string): string {
  let id = `${scope.object.kind}/${scope.object.name}`;
  if (scope.container !== undefined) {
    id += ` › ${scope.initContainer ? 'init container' : 'container'} ${
      scope.container
    }`;
  }
  if (scope.scope) id += ' › pod template';
  return `${id} › ${attribute}`;
}

export class Collector {
  readonly attributes = new Map<string, ParityAttribute>();
  readonly images = new Map<string, ContainerImage>();
  readonly hpaTargets = new Set<string>();

  constructor(
    readonly labels: readonly string[],
    readonly annotations: readonly string[],
  ) {}

  add(
    scope: Scope,
    category: ParityCategory,
    attribute: string,
    value: string | Effective,
    compare?: string,
  ) {
    const id = rowId(scope, attribute);
    const display = typeof value === 'string' ? value : value.value;
    const key = typeof value === 'string' ? compare : value.compare;
    // Built field by field, in this order (no object spread per attribute: this runs for every
    // attribute of every environment of every entity).
    const row = { id, category, object: scope.object } as ParityAttribute;
    if (scope.container !== undefined) row.container = scope.container;
    if (scope.initContainer) row.initContainer = true;
    if (scope.scope) row.scope = scope.scope;
    row.attribute = attribute;
    row.label = attributeLabel(attribute);
    row.value = display;
    if (key !== undefined && key !== display) row.compare = key;
    this.attributes.set(id, row);
  }

  /** Adds `value` when it is set (not undefined/null). */
  addIfSet(
    scope: Scope,
    category: ParityCategory,
    attribute: string,
    value: unknown,
  ) {
    if (value !== undefined && value !== null) {
      this.add(scope, category, attribute, scalarText(value));
    }
  }

  metadata(scope: Scope, metadata: unknown) {
    if (!isRecord(metadata)) return;
    const pick = (
      kind: 'label' | 'annotation',
      map: unknown,
      globs: readonly string[],
    ) => {
      if (!isRecord(map)) return;
      for (const key of Object.keys(map).sort()) {
        if (
          findMatchingGlob(globs, key) &&
          !findMatchingGlob(PARITY_IGNORED_METADATA, key)
        ) {
          this.add(scope, 'metadata', `${kind}:${key}`, String(map[key]));
        }
      }
    };
    pick('label', metadata.labels, this.labels);
    pick('annotation', metadata.annotations, this.annotations);
  }
}

/** Collects the ConfigMaps / Secrets a pod template references, with how (env, envFrom, volume…). */
export class References {
  private readonly refs = new Map<string, Set<string>>();

  add(kind: 'configMap' | 'secret', name: unknown, how: string, key?: unknown) {
    if (typeof name !== 'string' || !name) return;
    this.push(`${kind}Ref:${name}`, how);
    if (typeof key === 'string' && key) {
      this.push(`${kind}KeyRef:${name}/${key}`, how);
    }
  }

  private push(attribute: string, how: string) {
    const set = this.refs.get(attribute) ?? new Set<string>();
    set.add(how);
    this.refs.set(attribute, set);
  }

  emit(c: Collector, scope: Scope) {
    for (const attribute of [...this.refs.keys()].sort()) {
      c.add(
        scope,
        'config',
        attribute,
        [...this.refs.get(attribute)!].sort().join(', '),
      );
    }
  }
}
