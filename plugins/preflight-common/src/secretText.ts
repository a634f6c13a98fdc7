/*
 * Finding credentials in text: variable names, and values such as URLs with userinfo, bearer
 * tokens, JWTs, provider tokens and `name=value` assignments in args and property files.
 *
 * Every scan here is linear in the length of the text: the text is catalog content (manifests
 * anyone can register), so no regular expression in this file can backtrack over an unbounded
 * run. Regular expressions only start at literal prefixes and their quantifiers are bounded, or
 * the scan is done by hand.
 */

/**
 * The value shown instead of a sensitive literal. Never the value itself, its length or a hash.
 *
 * @public
 */
export const MASKED_VALUE = '••••••';

// Names that hold credentials in practice (12-factor env vars, Spring/Node conventions), as
// substrings of the whole name.
const SENSITIVE_NAME =
  /(PASSW(OR)?D|PASSPHRASE|SECRET|TOKEN|API[-_]?KEY|ACCESS[-_]?KEY|PRIVATE[-_]?KEY|CREDENTIAL|(^|[-_])AUTH([-_]|$)|SESSION[-_]?KEY|SIGNING[-_]?KEY|ENCRYPTION[-_]?KEY|CLIENT[-_]?SECRET|DSN|CONNECTION[-_]?STRING)/i;

// Words of a name (split at `_`, `-`, `.`, camelCase) that make it sensitive on their own.
const SENSITIVE_WORDS = new Set([
  'pass',
  'passwd',
  'password',
  'passwords',
  'pwd',
  'pgpass',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'auth',
  'authorization',
  'dsn',
  'apikey',
  'webhook',
  'cookie',
  'jwt',
  'bearer',
  'privatekey',
]);

// `<word>_KEY` is sensitive after these words (API_KEY, JWT_KEY, MASTER_KEY; not CACHE_KEY).
const KEY_QUALIFIERS = new Set([
  'api',
  'access',
  'private',
  'secret',
  'signing',
  'encryption',
  'session',
  'master',
  'license',
  'ssh',
  'gpg',
  'hmac',
  'client',
  'account',
  'storage',
  'service',
  'app',
]);

function words(name: string): string[] {
  return name
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a name (an environment variable, a header, a flag, a property key) looks like it holds
 * a credential: `DB_PASSWORD`, `dbPass`, `MYSQL_PWD`, `PGPASS`, `JWT_KEY`, `SLACK_WEBHOOK_URL`,
 * `Authorization`, `--db-password`.
 *
 * @public
 */
export function isSensitiveEnvName(name: string): boolean {
  if (SENSITIVE_NAME.test(name.slice(0, 256))) return true;
  const w = words(name);
  return w.some(
    (word, i) =>
      SENSITIVE_WORDS.has(word) ||
      (word === 'key' && i > 0 && KEY_QUALIFIERS.has(w[i - 1])),
  );
}

// Credentials recognisable by their form, each starting with a literal prefix (bounded scans).
const TOKEN_PATTERNS: RegExp[] = [
  /\bsk_(?:live|test)_[A-Za-z0-9_]{8,256}/g, // Stripe
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{20,256}/g, // GitHub
  /\bgithub_pat_[A-Za-z0-9_]{20,256}/g,
  /\bglpat-[A-Za-z0-9_-]{20,256}/g, // GitLab
  /\bxox[abpr]-[A-Za-z0-9-]{10,256}/g, // Slack
  /\bAKIA[0-9A-Z]{16}\b/g, // AWS access key id
  /\bAIza[0-9A-Za-z_-]{35}\b/g, // Google API key
  /\bnpm_[A-Za-z0-9]{36}\b/g, // npm
  /\b(?:Bearer|Basic|Token)[ \t]{1,16}[A-Za-z0-9._~+/=-]{8,4096}/gi, // auth headers
];

const PEM_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/;

const B64URL = /[A-Za-z0-9_-]/;

/** End (exclusive) of the run of base64url characters starting at `from`. */
function runEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && B64URL.test(text[i])) i++;
  return i;
}

/** Spans `[start, end)` of JWTs (`eyJ….….…`), found in one pass. */
function jwtSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('eyJ', from);
    if (start < 0) return spans;
    const first = runEnd(text, start);
    from = Math.max(first, start + 1);
    if (first - start < 10 || text[first] !== '.') continue;
    const second = runEnd(text, first + 1);
    if (second - first - 1 < 10 || text[second] !== '.') continue;
    const end = runEnd(text, second + 1);
    spans.push([start, end]);
    from = end;
  }
}

/** Spans of the userinfo of URLs that carry a password (`scheme://user:pw@host`, `redis://:pw@`). */
function userinfoSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  let from = 0;
  for (;;) {
    const sep = text.indexOf('://', from);
    if (sep < 0) return spans;
    const start = sep + 3;
    let i = start;
    let colon = -1;
    // userinfo ends at '@'; a '/', whitespace or end first means there is none
    while (i < text.length && i - start <= 512) {
      const c = text[i];
      if (c === '@' || c === '/' || c === ' ' || c === '\n' || c === '\t')
        break;
      if (c === ':' && colon < 0) colon = i;
      i++;
    }
    if (text[i] === '@' && colon >= 0) spans.push([start, i]);
    from = Math.max(i, start);
  }
}

const KEY_CHAR = /[A-Za-z0-9_.-]/;
const VALUE_END = /[\s,;&}\]]/;

/**
 * Spans of the values of `name=value` / `name: value` assignments whose name is sensitive
 * (`--db-password=…`, `token=…` in a properties file, `"password": "…"` in JSON).
 */
function assignmentSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '=' && c !== ':') continue;
    if (c === ':' && text.startsWith('//', i + 1)) continue; // a URL scheme
    // the name: back over spaces and one closing quote, then name characters
    let k = i - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t')) k--;
    if (k >= 0 && (text[k] === '"' || text[k] === "'")) k--;
    const nameEnd = k + 1;
    while (k >= 0 && KEY_CHAR.test(text[k]) && nameEnd - k <= 256) k--;
    const name = text.slice(k + 1, nameEnd);
    if (!name || !isSensitiveEnvName(name)) continue;
    // the value: after spaces, quoted or up to a separator
    let v = i + 1;
    while (v < text.length && (text[v] === ' ' || text[v] === '\t')) v++;
    let end = v;
    const quote = text[v];
    if (quote === '"' || quote === "'") {
      end = v + 1;
      while (end < text.length && text[end] !== quote && text[end] !== '\n')
        end++;
      if (end > v + 1) spans.push([v + 1, end]);
    } else {
      while (end < text.length && !VALUE_END.test(text[end])) end++;
      if (end > v) spans.push([v, end]);
    }
    i = Math.max(i, end);
  }
  return spans;
}

function patternSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const re of TOKEN_PATTERNS) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) {
      spans.push([m.index!, m.index! + m[0].length]);
    }
  }
  const pem = PEM_BEGIN.exec(text);
  if (pem) spans.push([pem.index, text.length]);
  return spans;
}

function credentialSpans(text: string): [number, number][] {
  return [
    ...patternSpans(text),
    ...jwtSpans(text),
    ...userinfoSpans(text),
    ...assignmentSpans(text),
  ];
}

/**
 * Whether a literal value holds a credential, whatever its name: a provider token (GitHub,
 * GitLab, Slack, Stripe, AWS, Google, npm), a JWT, a bearer/basic token, a private key, a URL with
 * a password, or a `name=value` assignment with a sensitive name — anywhere in the value.
 *
 * @public
 */
export function isSensitiveValue(value: string): boolean {
  return credentialSpans(value).length > 0;
}

/**
 * The text with every credential found by {@link isSensitiveValue} replaced by
 * {@link MASKED_VALUE}, keeping the rest (`redis://••••••@cache:6379`,
 * `--db-password=••••••`, `Authorization: Bearer ••••••` becomes `Authorization: ••••••`).
 *
 * @public
 */
export function maskSensitiveText(text: string): string {
  const spans = credentialSpans(text).sort((a, b) => a[0] - b[0]);
  if (spans.length === 0) return text;
  // overlapping or touching spans are one credential
  const merged: [number, number][] = [];
  for (const [start, end] of spans) {
    const last = merged[merged.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let at = 0;
  for (const [start, end] of merged) {
    out += text.slice(at, start) + MASKED_VALUE;
    at = end;
  }
  return out + text.slice(at);
}
