import { markdownSections, ROLLBACK_HEADING, sectionNames } from './markdown';

describe('markdownSections', () => {
  it('reads ATX headings, closing hashes removed, with what lies under them', () => {
    const sections = markdownSections(
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

  it('reads setext headings, but not a thematic break after a blank line', () => {
    const sections = markdownSections(
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

  it('ignores headings in fenced code blocks and front matter, and HTML comments as content', () => {
    const sections = markdownSections(
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

  it('matches the usual spellings of a rollback heading', () => {
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

  it('lists section names without the document title', () => {
    expect(sectionNames(markdownSections('# T\n## A\nx\n## B\n'))).toEqual([
      'A',
      'B',
    ]);
    expect(sectionNames(markdownSections('# A\nx\n# B\n'))).toEqual(['A', 'B']);
  });
});
