import { escapeMarkdown, shortRevision } from './text';

describe('escapeMarkdown', () => {
  it('escapes Markdown syntax and HTML', () => {
    expect(escapeMarkdown('id_rsa <b>*x*</b> & [l](u)')).toBe(
      'id\\_rsa &lt;b&gt;\\*x\\*&lt;/b&gt; &amp; \\[l\\]\\(u\\)',
    );
  });
});

describe('shortRevision', () => {
  it('shortens full SHAs, bare or inside a Flux revision, and keeps versions', () => {
    const sha = '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098';
    expect(shortRevision(sha)).toBe('4f1c2a9b8e7d');
    expect(shortRevision(`main@sha1:${sha}`)).toBe('main@sha1:4f1c2a9b8e7d');
    expect(shortRevision('1.4.0')).toBe('1.4.0');
    expect(shortRevision('0a1b2c3')).toBe('0a1b2c3');
  });
});
