import { isRecord } from './workloads';

/**
 * Whether a Kubernetes `LabelSelector` (`matchLabels` and `matchExpressions` with `In`, `NotIn`,
 * `Exists`, `DoesNotExist`) selects the given labels. An empty selector selects everything; a
 * missing (null) one selects nothing; an unknown operator selects nothing.
 */
export function selectorMatches(
  selector: unknown,
  labels: Record<string, unknown> | undefined,
): boolean {
  if (!isRecord(selector)) return false;
  const have = isRecord(labels) ? labels : {};
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return false;
    for (const [key, value] of Object.entries(matchLabels)) {
      if (!(key in have) || String(have[key]) !== String(value)) return false;
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return false;
    for (const expression of matchExpressions) {
      if (!isRecord(expression) || typeof expression.key !== 'string') {
        return false;
      }
      const present = expression.key in have;
      const value = present ? String(have[expression.key]) : undefined;
      const values: unknown[] = Array.isArray(expression.values)
        ? expression.values
        : [];
      switch (expression.operator) {
        case 'In':
          if (!present || !values.map(String).includes(value!)) return false;
          break;
        case 'NotIn':
          if (present && values.map(String).includes(value!)) return false;
          break;
        case 'Exists':
          if (!present) return false;
          break;
        case 'DoesNotExist':
          if (present) return false;
          break;
        default:
          return false;
      }
    }
  }
  return true;
}
