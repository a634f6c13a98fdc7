import {
  MAX_STALL_MS,
  withEventLoopLag,
} from '../../__testUtils__/eventLoopLag';
import { MarkdownHeadingsReader, MarkdownParseError } from './headings';
import { markdownSections, ROLLBACK_HEADING, sectionNames } from './markdown';

const MIB = 1024 * 1024;

describe('markdownSections', () => {
  it('reads ATX headings, closing hashes removed, with what lies under them', async () => {
    const sections = await markdownSections(
      [
        '# Title',
        '',
        'Intro',
        '',
        '## Deploy ##',
        'Do it.',
        '',
        '## Rollback',
        '',
        '### With Argo CD',
        'argocd app rollback',
        '## Alerts',
      ].join('\n'),
    );
    expect(
      sections.map(s => [s.title, s.level, s.line, s.contentLines]),
    ).toEqual([
      ['Title', 1, 1, 3],
      ['Deploy', 2, 5, 1],
      ['Rollback', 2, 8, 1],
      ['With Argo CD', 3, 10, 1],
      ['Alerts', 2, 12, 0],
    ]);
  });

  it('reads setext headings, but not a thematic break after a blank line', async () => {
    const sections = await markdownSections(
      [
        'Runbook',
        '=======',
        '',
        'Roll back',
        '---------',
        'kubectl rollout undo',
        '',
        '---',
        '',
        'after the break',
      ].join('\n'),
    );
    expect(sections.map(s => [s.title, s.level, s.contentLines])).toEqual([
      ['Runbook', 1, 2],
      ['Roll back', 2, 2],
    ]);
  });

  it('ignores headings in fenced code blocks and front matter, and HTML comments as content', async () => {
    const sections = await markdownSections(
      [
        '---',
        'title: x',
        '# not a heading',
        '---',
        '## Deploy',
        '```sh',
        '# Rollback',
        '```',
        '## Rollback',
        '<!-- TODO -->',
        '~~~~',
        '## fenced',
        '~~~~',
      ].join('\r\n'),
    );
    expect(sections.map(s => [s.title, s.contentLines])).toEqual([
      ['Deploy', 3],
      ['Rollback', 3],
    ]);
  });

  it('reads a multi-line paragraph underlined as content, not as a heading', async () => {
    const sections = await markdownSections(
      '# Notes\n\nkind: Secret\npassword: x\n---\n## Rollback\nundo\n',
    );
    expect(sections.map(s => [s.title, s.contentLines])).toEqual([
      ['Notes', 4],
      ['Rollback', 1],
    ]);
  });

  it('matches the usual spellings of a rollback heading', async () => {
    for (const title of [
      'Rollback',
      'Roll back',
      'Roll-back',
      'Rolling back a release',
      'ROLLBACK plan',
    ]) {
      expect(ROLLBACK_HEADING.test(title)).toBe(true);
    }
    for (const title of ['Deploy', 'Backup and restore', 'Roll forward']) {
      expect(ROLLBACK_HEADING.test(title)).toBe(false);
    }
  });

  it('lists section names without the document title', async () => {
    expect(
      sectionNames(await markdownSections('# T\n## A\nx\n## B\n')),
    ).toEqual(['A', 'B']);
    expect(sectionNames(await markdownSections('# A\nx\n# B\n'))).toEqual([
      'A',
      'B',
    ]);
  });

  it('cuts long titles and removes control characters from them', async () => {
    const [section] = await markdownSections(
      `# Roll\u001b[31mback ${'x'.repeat(5000)}\nstep\n`,
    );
    expect(section.title).toHaveLength(200);
    expect(section.title.startsWith('Roll [31mback xxx')).toBe(true);
    expect(section.title.endsWith('…')).toBe(true);
    expect(section.contentLines).toBe(1);
  });
});

describe('markdownSections on hostile input', () => {
  const hostile: Record<string, string> = {
    'a heading line of 1 MiB of spaces': `# x${' '.repeat(
      MIB,
    )}y\n## Rollback\nundo\n`,
    'a heading line of 1 MiB of tabs and hashes': `#${' #\t'.repeat(
      MIB / 3,
    )}\n`,
    'a setext heading of 1 MiB': `a${' '.repeat(MIB)}b\n---\n`,
    'an HTML comment line of 1 MiB': `<!--${' -->'.repeat(MIB / 4)}x\n`,
    'nested block quotes': '> '.repeat(MIB / 2),
  };

  it.each(Object.entries(hostile))(
    'keeps the event loop responsive on %s',
    async (_name, markdown) => {
      const { outcome, maxLagMs } = await withEventLoopLag(() =>
        markdownSections(markdown),
      );
      // Either headings (capped) or a MarkdownParseError, never a stall of the loop.
      const wellFormed =
        outcome instanceof MarkdownParseError ||
        (Array.isArray(outcome) && outcome.every(s => s.title.length <= 200));
      expect(wellFormed).toBe(true);
      expect(maxLagMs).toBeLessThan(MAX_STALL_MS);
    },
  );

  it('stops a document that takes longer than the deadline, and reads the next one', async () => {
    const reader = new MarkdownHeadingsReader(1);
    try {
      await expect(reader.read(`# x${' '.repeat(MIB)}y\n`)).rejects.toThrow(
        'not read as Markdown within 1 ms',
      );
      const quick = new MarkdownHeadingsReader(5000);
      await expect(quick.read('# A\nx\n')).resolves.toEqual([
        { title: 'A', level: 1, line: 1, contentLines: 1 },
      ]);
      await quick.close();
    } finally {
      await reader.close();
    }
  });
});
