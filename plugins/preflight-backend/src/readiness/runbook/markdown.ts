import { MarkdownHeadingsReader, MarkdownParseError } from './headings';

/** A heading of a markdown document and what lies under it. */
export interface MarkdownSection {
  /** Heading text, trimmed (closing `#`s removed), control characters removed, capped. */
  title: string;
  /** 1–6 (setext: `=` is 1, `-` is 2). */
  level: number;
  /** 1-based line of the heading. */
  line: number;
  /**
   * Non-blank lines under the heading, up to the next heading of the same or a higher level
   * (subsections and code blocks included; headings and lines holding only an HTML comment not).
   */
  contentLines: number;
}

/** Headings about rolling back: "Rollback", "Roll back", "Roll-back", "Rolling back". */
export const ROLLBACK_HEADING = /roll(?:ing)?[ -]?back/i;

let shared: MarkdownHeadingsReader | undefined;

/**
 * The sections of a markdown document (CommonMark headings at the top level: ATX `## Title` and
 * setext `Title` + `===`/`---`), read by the block lexer of `marked` in a worker thread within a
 * deadline ({@link MarkdownHeadingsReader}). Headings inside code blocks, block quotes, lists and
 * YAML front matter are ignored; titles are cut to 200 characters. Throws
 * {@link MarkdownParseError}.
 */
export function markdownSections(
  markdown: string,
  reader: MarkdownHeadingsReader = (shared ??= new MarkdownHeadingsReader()),
): Promise<MarkdownSection[]> {
  return reader.read(markdown);
}

/**
 * The sections of a runbook's content, or why they could not be read (undecidable: the
 * document may be fine and the reader busy). Nothing but the headings is kept.
 */
export async function runbookSections(
  content: Buffer,
): Promise<
  | { ok: true; sections: MarkdownSection[] }
  | { ok: false; decidable: false; reason: string }
> {
  try {
    return {
      ok: true,
      sections: await markdownSections(content.toString('utf8')),
    };
  } catch (error) {
    if (!(error instanceof MarkdownParseError)) throw error;
    return { ok: false, decidable: false, reason: error.message };
  }
}

/**
 * The section names worth listing to a reader: every heading except the document title (a lone
 * level-1 heading when the document also has lower-level headings).
 */
export function sectionNames(sections: MarkdownSection[]): string[] {
  const level1 = sections.filter(s => s.level === 1);
  const listed =
    level1.length === 1 && sections.length > 1
      ? sections.filter(s => s !== level1[0])
      : sections;
  return listed.map(s => s.title).filter(Boolean);
}
