/*
 * Report text made safe: everything a report holds beyond its labels comes from the scanned image
 * (package names, file paths) or from the vulnerability database (titles). Text that goes into a
 * result is stripped of control characters, capped, has credentials masked and markdown escaped.
 */
import {
  escapeMarkdown,
  maskSensitiveText,
} from '@preflight/plugin-preflight-common';

/** Longest title (and file path, package name) a result quotes from a report. */
export const MAX_REPORT_TEXT = 200;
/** Longest identifier (rule id, CVE id, category) a result quotes. */
export const ID_MAX = 64;
/** Longest package version a result quotes. */
export const VERSION_MAX = 100;

export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** C0/C1 controls, bidi overrides and zero-width characters: nothing a title needs. */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/**
 * A report's free text as one plain line for a result: unprintable characters become spaces,
 * the text is cut to `max` characters (`…` marks the cut), credentials are masked and markdown
 * is escaped, so that a value can neither break out of its line nor render as a link or image.
 */
export function reportText(value: unknown, max = MAX_REPORT_TEXT): string {
  if (typeof value !== 'string') return '';
  // Bound the work before anything else: the value may be as large as the object.
  const line = Array.from(value.slice(0, max * 4), ch =>
    isUnprintable(ch.charCodeAt(0)) ? ' ' : ch,
  )
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
  const cut = line.length > max ? `${line.slice(0, max - 1)}…` : line;
  return escapeMarkdown(maskSensitiveText(cut));
}

/** An `https` URL without credentials, at most 512 characters; anything else is dropped. */
export function safeLink(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 512) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.username || url.password) {
      return undefined;
    }
    return url.toString();
  } catch {
    return undefined;
  }
}
