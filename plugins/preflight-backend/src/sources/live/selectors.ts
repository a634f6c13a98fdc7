import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  DNS_1123_SUBDOMAIN,
  isDns1123Label,
  KUBERNETES_ANNOTATIONS,
  LABEL_NAME,
  LABEL_VALUE,
  PREFLIGHT_ANNOTATIONS,
  type PreflightEnvironment,
} from '@preflight/plugin-preflight-common';

/** Annotation values longer than this are rejected (same bound as the desired state source). */
export const MAX_SELECTOR_LENGTH = 2048;

// The Kubernetes name grammar (label names and values, prefixes, namespaces) is -common's.
export { isDns1123Label };

/**
 * One requirement of a label selector: `key=value` / `key==value` (`=`), `key!=value`, `key in
 * (…)`, `key notin (…)`, `key` (`exists`) and `!key` (`!`).
 */
export type LabelRequirement =
  | { key: string; operator: '=' | '!='; values: [string] }
  | { key: string; operator: 'in' | 'notin'; values: string[] }
  | { key: string; operator: 'exists' | '!'; values: [] };

type Requirement = LabelRequirement;

type Operator = '=' | '==' | '!=' | '!' | '(' | ')' | ',';

type Token = { type: 'word'; text: string } | { type: 'op'; text: Operator };

class SelectorSyntaxError extends Error {}

function describe(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(shown);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(==|!=|=|!|\(|\)|,)|([^\s!=(),]+))/y;
  let index = 0;
  while (index < input.length) {
    if (/^\s*$/.test(input.slice(index))) break;
    re.lastIndex = index;
    const match = re.exec(input);
    if (!match) {
      throw new SelectorSyntaxError(
        `unexpected character ${describe(input.slice(index).trim())}`,
      );
    }
    index = re.lastIndex;
    if (match[1]) {
      // The pattern's first group matches exactly the operators.
      tokens.push({ type: 'op', text: match[1] as Operator });
    } else {
      tokens.push({ type: 'word', text: match[2] });
    }
  }
  return tokens;
}

function checkKey(key: string) {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (
    prefix !== undefined &&
    (prefix.length === 0 ||
      prefix.length > 253 ||
      !DNS_1123_SUBDOMAIN.test(prefix))
  ) {
    throw new SelectorSyntaxError(
      `${describe(
        key,
      )} is not a valid label key (the prefix must be a DNS subdomain)`,
    );
  }
  if (!LABEL_NAME.test(name)) {
    throw new SelectorSyntaxError(
      `${describe(
        key,
      )} is not a valid label key (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)`,
    );
  }
}

function checkValue(value: string) {
  if (!LABEL_VALUE.test(value)) {
    throw new SelectorSyntaxError(
      `${describe(
        value,
      )} is not a valid label value (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)`,
    );
  }
}

function parseRequirements(input: string): Requirement[] {
  const tokens = tokenize(input);
  const requirements: Requirement[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => tokens[i++];
  const expectWord = (what: string): string => {
    const token = next();
    if (!token || token.type !== 'word') {
      throw new SelectorSyntaxError(
        token
          ? `expected ${what}, found ${describe(token.text)}`
          : `expected ${what} at the end`,
      );
    }
    return token.text;
  };

  while (i < tokens.length) {
    const first = peek();
    if (first.type === 'op' && first.text === '!') {
      next();
      const key = expectWord('a label key after "!"');
      checkKey(key);
      requirements.push({ key, operator: '!', values: [] });
    } else {
      const key = expectWord('a label key');
      checkKey(key);
      const op = peek();
      if (!op || (op.type === 'op' && op.text === ',')) {
        requirements.push({ key, operator: 'exists', values: [] });
      } else if (
        op.type === 'op' &&
        (op.text === '=' || op.text === '==' || op.text === '!=')
      ) {
        next();
        // An empty value (`key=`) is valid: it matches an empty label value.
        const valueToken = peek();
        let value = '';
        if (valueToken && valueToken.type === 'word') {
          value = valueToken.text;
          next();
        }
        checkValue(value);
        requirements.push({
          key,
          operator: op.text === '!=' ? '!=' : '=',
          values: [value],
        });
      } else if (
        op.type === 'word' &&
        (op.text === 'in' || op.text === 'notin')
      ) {
        next();
        const open = next();
        if (!open || open.type !== 'op' || open.text !== '(') {
          throw new SelectorSyntaxError(
            `expected "(" after ${describe(op.text)}`,
          );
        }
        const values: string[] = [];
        for (;;) {
          const value = expectWord('a value in the set');
          checkValue(value);
          values.push(value);
          const sep = next();
          if (!sep) {
            throw new SelectorSyntaxError('the value set is not closed by ")"');
          }
          if (sep.type === 'op' && sep.text === ')') break;
          if (sep.type !== 'op' || sep.text !== ',') {
            throw new SelectorSyntaxError(
              `expected "," or ")" in the value set, found ${describe(
                sep.text,
              )}`,
            );
          }
        }
        requirements.push({ key, operator: op.text, values });
      } else {
        throw new SelectorSyntaxError(
          `unsupported operator ${describe(
            op.text,
          )} (supported: =, ==, !=, in, notin, exists, !)`,
        );
      }
    }
    const sep = next();
    if (sep && !(sep.type === 'op' && sep.text === ',')) {
      throw new SelectorSyntaxError(
        `expected "," between requirements, found ${describe(sep.text)}`,
      );
    }
    if (sep && i >= tokens.length) {
      throw new SelectorSyntaxError('trailing ","');
    }
  }
  if (requirements.length === 0) {
    throw new SelectorSyntaxError('the selector is empty');
  }
  return requirements;
}

function formatRequirement(r: Requirement): string {
  switch (r.operator) {
    case '=':
    case '!=':
      return `${r.key}${r.operator}${r.values[0]}`;
    case 'in':
    case 'notin':
      return `${r.key} ${r.operator} (${r.values.join(',')})`;
    case '!':
      return `!${r.key}`;
    default:
      return r.key;
  }
}

/**
 * Parses a Kubernetes label selector (the syntax of `kubectl get -l`: `key=value`, `key==value`,
 * `key!=value`, `key in (a,b)`, `key notin (a,b)`, `key`, `!key`, comma-separated) and returns it
 * in canonical form. Keys and values must follow the label syntax. Throws an `Error` describing the
 * first problem; the value itself is quoted (bounded) in the message.
 */
export function parseLabelSelector(input: string): string {
  return parseLabelRequirements(input).map(formatRequirement).join(',');
}

/**
 * Parses a label selector (same syntax and validation as {@link parseLabelSelector}) into its
 * requirements, in order. Throws an `Error` describing the first problem.
 */
export function parseLabelRequirements(input: string): LabelRequirement[] {
  if (input.length > MAX_SELECTOR_LENGTH) {
    throw new SelectorSyntaxError(
      `longer than ${MAX_SELECTOR_LENGTH} characters`,
    );
  }
  return parseRequirements(input);
}

/** Tells whether an object's labels satisfy a label selector. */
export type LabelMatcher = (
  labels: Readonly<Record<string, unknown>> | undefined,
) => boolean;

const hasOwn = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key);

/** The value of a label, or undefined when the object does not carry it (or it is not a string). */
function labelValue(
  labels: Readonly<Record<string, unknown>> | undefined,
  key: string,
): string | undefined {
  if (!labels || typeof labels !== 'object' || !hasOwn(labels, key)) {
    return undefined;
  }
  const value = labels[key];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Whether labels satisfy one requirement, with the API server's semantics: `=` and `in` need the
 * label to be present with one of the values; `!=` and `notin` also match when the label is
 * absent; `exists` needs it present (any value, empty included); `!` needs it absent. Only own
 * properties count (a label named `constructor` is a label like any other).
 */
export function matchesRequirement(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, unknown>> | undefined,
): boolean {
  const value = labelValue(labels, requirement.key);
  switch (requirement.operator) {
    case '=':
      return value !== undefined && value === requirement.values[0];
    case '!=':
      return value === undefined || value !== requirement.values[0];
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
      return value === undefined || !requirement.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!':
      return value === undefined;
    default:
      return false;
  }
}

/**
 * A matcher for a label selector: a selector string (parsed and validated as by
 * {@link parseLabelSelector}, throwing on a malformed one) or parsed requirements. Labels match
 * when every requirement holds (requirements are ANDed, as in Kubernetes).
 */
export function labelSelectorMatcher(
  selector: string | readonly LabelRequirement[],
): LabelMatcher {
  const requirements =
    typeof selector === 'string' ? parseLabelRequirements(selector) : selector;
  return labels => requirements.every(r => matchesRequirement(r, labels));
}

/** What to list for an entity in an environment. */
export interface LiveTarget {
  /** Canonical label selector, validated. */
  labelSelector: string;
  /** Namespace, validated; undefined lists across all namespaces. */
  namespace?: string;
}

/**
 * Resolves and validates the label selector and namespace of an entity in an environment, as the
 * Kubernetes plugin does:
 *
 * - selector: `backstage.io/kubernetes-label-selector`, else `backstage.io/kubernetes-id=<id>`;
 * - namespace: `preflight.dev/namespace.<env>`, else the environment's namespace, else
 *   `backstage.io/kubernetes-namespace`; none means all namespaces.
 *
 * Returns undefined when the entity has neither Kubernetes annotation. Throws an `InputError`
 * naming the annotation when a value is malformed, before anything is sent to a cluster.
 */
export function resolveLiveTarget(
  entity: Entity,
  environment: PreflightEnvironment,
): LiveTarget | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const selectorAnnotation =
    annotations[KUBERNETES_ANNOTATIONS.labelSelector]?.trim();
  const id = annotations[KUBERNETES_ANNOTATIONS.id]?.trim();

  let labelSelector: string;
  if (selectorAnnotation) {
    try {
      labelSelector = parseLabelSelector(selectorAnnotation);
    } catch (error) {
      throw new InputError(
        `Invalid ${KUBERNETES_ANNOTATIONS.labelSelector} annotation: ${
          (error as Error).message
        }`,
      );
    }
  } else if (id) {
    if (id.length > 63 || !LABEL_VALUE.test(id)) {
      throw new InputError(
        `Invalid ${KUBERNETES_ANNOTATIONS.id} annotation: ${describe(
          id,
        )} is not a valid label value (at most 63 characters: letters, digits, '-', '_', '.', starting and ending with a letter or digit)`,
      );
    }
    labelSelector = `${KUBERNETES_ANNOTATIONS.id}=${id}`;
  } else {
    return undefined;
  }

  const perEnvironmentKey = `${PREFLIGHT_ANNOTATIONS.namespacePrefix}${environment.name}`;
  const candidates: Array<[string, string | undefined]> = [
    [perEnvironmentKey, annotations[perEnvironmentKey]],
    ['preflight.environments[].namespace', environment.namespace],
    [
      KUBERNETES_ANNOTATIONS.namespace,
      annotations[KUBERNETES_ANNOTATIONS.namespace],
    ],
  ];
  const found = candidates.find(([, value]) => value !== undefined);
  if (!found) {
    return { labelSelector };
  }
  const [source, raw] = found;
  const namespace = raw!.trim();
  if (!isDns1123Label(namespace)) {
    const what =
      source === 'preflight.environments[].namespace'
        ? `namespace of environment '${environment.name}'`
        : `${source} annotation`;
    throw new InputError(
      `Invalid ${what}: ${describe(
        namespace,
      )} is not a valid Kubernetes namespace name (a DNS-1123 label: lowercase letters, digits and '-', at most 63 characters)`,
    );
  }
  return { labelSelector, namespace };
}
