/**
 * The regex-based heading reader Preflight used before `marked` (kept for `yarn bench:runbook`
 * only, to show the difference): its ATX pattern backtracks quadratically on a heading line
 * holding a long run of spaces, on the event loop.
 */
/* eslint-disable no-control-regex */
type Line =
  | { type: 'blank' }
  | { type: 'heading'; level: number; title: string }
  | { type: 'content'; paragraph: boolean };

const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_COMMENT_ONLY = /^\s*<!--.*-->\s*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;

/**
 * The sections of a markdown document (CommonMark headings: ATX `## Title` and setext
 * `Title` + `===`/`---`). Headings inside fenced code blocks and YAML front matter are ignored.
 */
export function regexMarkdownSections(
  markdown: string,
): Array<{ title: string; level: number; line: number; contentLines: number }> {
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const classified: Line[] = [];
  let fence: { char: string; length: number } | undefined;
  let start = 0;

  // YAML front matter (TechDocs / MkDocs pages may have one).
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
    if (end > 0) {
      for (let i = 0; i <= end; i++) classified.push({ type: 'blank' });
      start = end + 1;
    }
  }

  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      const close = line.match(FENCE);
      if (
        close &&
        close[1][0] === fence.char &&
        close[1].length >= fence.length &&
        line.trim() === close[1]
      ) {
        fence = undefined;
      }
      classified.push({ type: 'content', paragraph: false });
      continue;
    }
    const open = line.match(FENCE);
    if (open) {
      fence = { char: open[1][0], length: open[1].length };
      classified.push({ type: 'content', paragraph: false });
      continue;
    }
    if (line.trim() === '') {
      classified.push({ type: 'blank' });
      continue;
    }
    const atx = line.match(ATX);
    if (atx) {
      const title = (atx[2] ?? '').replace(/(?:^|[ \t]+)#+$/, '').trim();
      classified.push({ type: 'heading', level: atx[1].length, title });
      continue;
    }
    const previous = classified[classified.length - 1];
    const underline = line.match(SETEXT_UNDERLINE);
    if (underline && previous?.type === 'content' && previous.paragraph) {
      classified[classified.length - 1] = {
        type: 'heading',
        level: underline[1][0] === '=' ? 1 : 2,
        title: lines[i - 1].trim(),
      };
      classified.push({ type: 'blank' });
      continue;
    }
    if (HTML_COMMENT_ONLY.test(line) || THEMATIC_BREAK.test(line)) {
      classified.push({ type: 'blank' });
      continue;
    }
    // Indented code (4+ spaces after a blank line) and list items are content, not paragraphs
    // that a setext underline could turn into a heading.
    const paragraph =
      !/^( {4}|\t)/.test(line) && !/^ {0,3}([-*+>]|\d+[.)])(\s|$)/.test(line);
    classified.push({ type: 'content', paragraph });
  }

  const sections: Array<{
    title: string;
    level: number;
    line: number;
    contentLines: number;
  }> = [];
  classified.forEach((entry, index) => {
    if (entry.type !== 'heading') return;
    let contentLines = 0;
    for (let j = index + 1; j < classified.length; j++) {
      const next = classified[j];
      if (next.type === 'heading' && next.level <= entry.level) break;
      if (next.type === 'content') contentLines++;
    }
    sections.push({
      title: entry.title,
      level: entry.level,
      line: index + 1,
      contentLines,
    });
  });
  return sections;
}
