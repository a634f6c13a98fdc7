import type { Entity } from '@backstage/catalog-model';
import { DesiredStateError } from '../errors';

// The community Argo CD plugins' annotations are shared with the frontend, in -common.
export { ARGOCD_ANNOTATIONS } from '@preflight/plugin-preflight-common';
import { ARGOCD_ANNOTATIONS } from '@preflight/plugin-preflight-common';

/** Annotation values longer than this are rejected. */
export const MAX_ARGOCD_ANNOTATION_LENGTH = 2048;

/** What an entity asks the source to read. */
export type ArgoCdTarget = (
  | { kind: 'name'; name: string }
  | { kind: 'selector'; selector: string }
) & {
  /** `argocd/instance-name`, when set. */
  instanceName?: string;
};

// Application names are Kubernetes object names (DNS-1123 subdomains).
const APP_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const MAX_APP_NAME_LENGTH = 253;
// Label selector syntax: keys, values, `=`, `==`, `!=`, `!`, `in`/`notin` lists, commas.
const SELECTOR = /^[A-Za-z0-9._/\-=!,() ]+$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

function annotation(entity: Entity, key: string): string | undefined {
  const value = entity.metadata.annotations?.[key];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A hostile value, quoted for a message: bounded, control characters escaped. */
export function quote(value: string): string {
  return JSON.stringify(
    value.length > 100 ? `${value.slice(0, 100)}...` : value,
  );
}

function checked(key: string, value: string): string {
  if (value.length > MAX_ARGOCD_ANNOTATION_LENGTH) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${key} is longer than ${MAX_ARGOCD_ANNOTATION_LENGTH} characters`,
    );
  }
  if (CONTROL_CHARACTERS.test(value)) {
    throw new DesiredStateError(
      'BAD_RESPONSE',
      `${key} ${quote(value)} contains a control character`,
    );
  }
  return value;
}

/** Whether the entity names Argo CD Applications (`argocd/app-name` or `argocd/app-selector`). */
export function hasArgoCdAnnotations(entity: Entity): boolean {
  return Boolean(
    annotation(entity, ARGOCD_ANNOTATIONS.appName) ||
      annotation(entity, ARGOCD_ANNOTATIONS.appSelector),
  );
}

/**
 * The Applications an entity names: `argocd/app-name` when set (it wins over a selector), else
 * `argocd/app-selector`; with `argocd/instance-name`. An invalid value throws a `BAD_RESPONSE`
 * `DesiredStateError` naming the annotation.
 */
export function readArgoCdTarget(entity: Entity): ArgoCdTarget {
  const rawInstance = annotation(entity, ARGOCD_ANNOTATIONS.instanceName);
  const instanceName =
    rawInstance === undefined
      ? undefined
      : checked(ARGOCD_ANNOTATIONS.instanceName, rawInstance);

  const rawName = annotation(entity, ARGOCD_ANNOTATIONS.appName);
  if (rawName !== undefined) {
    const name = checked(ARGOCD_ANNOTATIONS.appName, rawName);
    if (name.length > MAX_APP_NAME_LENGTH || !APP_NAME.test(name)) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ARGOCD_ANNOTATIONS.appName} ${quote(
          name,
        )} is not an Application name (lowercase letters, digits, '-' and '.', at most ${MAX_APP_NAME_LENGTH} characters)`,
      );
    }
    return { kind: 'name', name, instanceName };
  }

  const rawSelector = annotation(entity, ARGOCD_ANNOTATIONS.appSelector);
  if (rawSelector !== undefined) {
    const selector = checked(ARGOCD_ANNOTATIONS.appSelector, rawSelector);
    if (!SELECTOR.test(selector)) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${ARGOCD_ANNOTATIONS.appSelector} ${quote(
          selector,
        )} is not a label selector (e.g. app.kubernetes.io/name=payments)`,
      );
    }
    return { kind: 'selector', selector, instanceName };
  }

  throw new DesiredStateError(
    'BAD_RESPONSE',
    `The entity has neither ${ARGOCD_ANNOTATIONS.appName} nor ${ARGOCD_ANNOTATIONS.appSelector}`,
  );
}
