/**
 * Escapes what Markdown (GFM) or HTML would interpret, for text from outside (a catalog entry, a
 * scanner's report) put into Markdown that is rendered (check details, TechDocs).
 *
 * @public
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}()#+!|~])/g, '\\$1');
}

/**
 * A revision as people read it: every full commit SHA in it (SHA-1 or SHA-256, bare as Argo CD
 * reports it or inside Flux's `main@sha1:…`) shortened to 12 characters; versions and tags as they
 * are.
 *
 * @public
 */
export function shortRevision(revision: string): string {
  return revision.replace(/\b([0-9a-f]{12})[0-9a-f]{28,52}\b/g, '$1');
}
