/*
 * Worker thread: the headings of a Markdown document, read with the block lexer of `marked`.
 *
 * Runs off the backend's event loop (see src/readiness/runbook/headings.ts, which also bounds
 * it with a deadline). Only headings (title, level, line) and a count of the non-blank lines
 * under each are sent back: no other part of the document ever leaves this worker.
 *
 * Plain JavaScript (not TypeScript) because a worker thread loads a file by path, both from
 * the source tree and from the published package (`files` in package.json).
 */
'use strict';

const { parentPort } = require('worker_threads');
const { Lexer } = require('marked');

/** Heading titles longer than this are cut, ending with an ellipsis. */
const MAX_TITLE_LENGTH = 200;
/** At most this many headings are returned. */
const MAX_HEADINGS = 500;

function countNewlines(text) {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    count++;
  }
  return count;
}

/** Control characters and runs of white space become one space; then capped. */
function cleanTitle(text) {
  const clean = text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return clean.length > MAX_TITLE_LENGTH
    ? `${clean.slice(0, MAX_TITLE_LENGTH - 1)}…`
    : clean;
}

/** Non-blank lines of a block token that count as content under a heading. */
function contentLines(token) {
  if (token.type === 'space' || token.type === 'hr') return 0;
  let count = 0;
  for (const line of token.raw.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (
      token.type === 'html' &&
      trimmed.startsWith('<!--') &&
      trimmed.endsWith('-->')
    ) {
      continue;
    }
    count++;
  }
  return count;
}

/** YAML front matter (TechDocs / MkDocs pages may have one) becomes blank lines. */
function withoutFrontMatter(text) {
  const firstEnd = text.indexOf('\n');
  if (firstEnd === -1 || text.slice(0, firstEnd).trim() !== '---') return text;
  let start = firstEnd + 1;
  let lines = 1;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trimEnd();
    lines++;
    if (line === '---' || line === '...') {
      return '\n'.repeat(lines) + text.slice(end + 1);
    }
    start = end + 1;
  }
  return text;
}

/** The top-level headings of `markdown` (CommonMark ATX and setext). */
function markdownHeadings(markdown) {
  const text = withoutFrontMatter(
    markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
  );
  // Block structure only: the inline lexer (emphasis, links) is never run.
  const tokens = new Lexer({ gfm: true }).blockTokens(text, []);
  const sections = [];
  const open = [];
  let line = 1;
  for (const token of tokens) {
    // A multi-line setext heading (a paragraph underlined) is read as content: its lines are
    // more likely data (e.g. YAML before a `---`) than a title.
    if (token.type === 'heading' && !token.text.includes('\n')) {
      while (open.length && open[open.length - 1].level >= token.depth) {
        open.pop();
      }
      if (sections.length < MAX_HEADINGS) {
        const section = {
          title: cleanTitle(token.text),
          level: token.depth,
          line,
          contentLines: 0,
        };
        sections.push(section);
        open.push(section);
      }
    } else {
      const count = contentLines(token);
      if (count) for (const section of open) section.contentLines += count;
    }
    line += countNewlines(token.raw);
  }
  return sections;
}

parentPort.on('message', ({ id, input }) => {
  try {
    parentPort.postMessage({ id, result: markdownHeadings(input) });
  } catch (error) {
    // The error's name only: a message could quote the document.
    parentPort.postMessage({
      id,
      error: error instanceof RangeError ? 'too deeply nested' : 'unreadable',
    });
  }
});
