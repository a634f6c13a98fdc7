/*
 * A deliberately tiny glob matcher: `*` matches any run of characters (including `/`, `.` and
 * `:`), everything else is literal, and the whole string must match.
 *
 * Why not minimatch: it is not a declared dependency of this package (it is only present in
 * node_modules through other packages), and its path semantics (`*` stops at `/`, `**`, braces,
 * `?`, character classes, negation) are wrong for what is matched here — attribute paths and
 * row ids such as `label:app.kubernetes.io/version` or `configMapKeyRef:app-config/URL`, where a
 * single `*` must be able to cross `/`.
 */

const cache = new Map<string, RegExp>();

/** Compiles a glob into an anchored, case-sensitive RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const source = glob
      .split('*')
      .map(part => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${source}$`, 's');
    if (cache.size > 500) cache.clear();
    cache.set(glob, re);
  }
  return re;
}

/** Whether `text` matches `glob` (only `*` is special). */
export function matchesGlob(glob: string, text: string): boolean {
  return globToRegExp(glob).test(text);
}

/** The first glob of `globs` that matches one of `texts`. */
export function findMatchingGlob(
  globs: readonly string[],
  ...texts: string[]
): string | undefined {
  return globs.find(glob => texts.some(text => matchesGlob(glob, text)));
}
