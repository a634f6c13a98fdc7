/**
 * Label selector matching as the API server does it: `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x,y)`, `a`, `!a`, comma-separated. An unparsable selector throws (the simulator
 * answers 400 BadRequest, like the API server).
 */
export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new Error('unbalanced parentheses');
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (depth !== 0) throw new Error('unbalanced parentheses');
  parts.push(current);
  return parts.map(p => p.trim());
}

const KEY = '[A-Za-z0-9][-A-Za-z0-9_./]*';
const VALUE = '[-A-Za-z0-9_.]*';

export function parseLabelMatcher(selector: string): LabelMatcher {
  if (selector.trim() === '') return () => true;
  const tests = splitRequirements(selector).map(req => {
    let m = req.match(new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`));
    if (m) {
      const [, key, op, value] = m;
      return (l: Record<string, string>) =>
        op === '!=' ? l[key] !== value : l[key] === value;
    }
    m = req.match(new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`));
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      if (values.some(v => !new RegExp(`^${VALUE}$`).test(v))) {
        throw new Error(`invalid value in ${req}`);
      }
      return (l: Record<string, string>) =>
        op === 'in'
          ? key in l && values.includes(l[key])
          : !(key in l) || !values.includes(l[key]);
    }
    m = req.match(new RegExp(`^(!)?\\s*(${KEY})$`));
    if (m) {
      const [, not, key] = m;
      return (l: Record<string, string>) => (not ? !(key in l) : key in l);
    }
    throw new Error(`unable to parse requirement: ${JSON.stringify(req)}`);
  });
  return labels => tests.every(t => t(labels ?? {}));
}
