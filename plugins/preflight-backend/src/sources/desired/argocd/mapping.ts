import type { PreflightEnvironment } from '@preflight/plugin-preflight-common';
import type { ArgoApplication } from './types';

/**
 * How an Argo CD Application is mapped to an environment of the promotion path, in this order;
 * the first rule that any Application meets decides:
 *
 * 1. its label `preflight.argocd.environmentLabel` (default `environment`) equals the
 *    environment's name;
 * 2. else its `spec.destination.namespace` equals the environment's `namespace`, when exactly one
 *    Application does;
 * 3. else its name ends with `-<environment name>`.
 *
 * Two Applications meeting rule 1 or rule 3 for one environment are an error naming both.
 */
export const ARGOCD_ENVIRONMENT_MAPPING =
  "An Argo CD Application maps to an environment, in this order: (1) its label named by preflight.argocd.environmentLabel (default 'environment') equals the environment's name; (2) else its spec.destination.namespace equals the environment's namespace, when exactly one Application's does; (3) else its name ends with '-<environment name>'. Two Applications for one environment by rule 1 or 3 are an error.";

/** Which rule mapped an Application. */
export type MappingRule = 'label' | 'namespace' | 'name-suffix';

export type EnvironmentMapping =
  | { kind: 'mapped'; application: ArgoApplication; rule: MappingRule }
  | { kind: 'ambiguous'; rule: MappingRule; names: string[] }
  | {
      kind: 'none';
      /** The rules that were tried, for the message, e.g. `label environment=dev, …`. */
      tried: string;
    };

function nameOf(application: ArgoApplication): string {
  return application.metadata?.name ?? '';
}

function decide(
  matches: ArgoApplication[],
  rule: MappingRule,
): EnvironmentMapping | undefined {
  if (matches.length === 1) {
    return { kind: 'mapped', application: matches[0], rule };
  }
  if (matches.length > 1) {
    return {
      kind: 'ambiguous',
      rule,
      names: matches.map(nameOf).sort(),
    };
  }
  return undefined;
}

/** The Application of `applications` that maps to `environment` (see {@link ARGOCD_ENVIRONMENT_MAPPING}). */
export function mapApplicationToEnvironment(
  applications: ArgoApplication[],
  environment: PreflightEnvironment,
  environmentLabel: string,
): EnvironmentMapping {
  const byLabel = applications.filter(
    app => app.metadata?.labels?.[environmentLabel] === environment.name,
  );
  const labelled = decide(byLabel, 'label');
  if (labelled) return labelled;

  if (environment.namespace) {
    const byNamespace = applications.filter(
      app => app.spec?.destination?.namespace === environment.namespace,
    );
    if (byNamespace.length === 1) {
      return {
        kind: 'mapped',
        application: byNamespace[0],
        rule: 'namespace',
      };
    }
  }

  const suffix = `-${environment.name}`;
  const bySuffix = applications.filter(app => nameOf(app).endsWith(suffix));
  const suffixed = decide(bySuffix, 'name-suffix');
  if (suffixed) return suffixed;

  const tried = [
    `label ${environmentLabel}=${environment.name}`,
    ...(environment.namespace
      ? [`destination namespace ${environment.namespace}`]
      : []),
    `name suffix ${suffix}`,
  ].join(', ');
  return { kind: 'none', tried };
}

/** How a rule reads in messages. */
export function describeRule(
  rule: MappingRule,
  environment: PreflightEnvironment,
  environmentLabel: string,
): string {
  switch (rule) {
    case 'label':
      return `label ${environmentLabel}=${environment.name}`;
    case 'namespace':
      return `destination namespace ${environment.namespace}`;
    default:
      return `name suffix -${environment.name}`;
  }
}
