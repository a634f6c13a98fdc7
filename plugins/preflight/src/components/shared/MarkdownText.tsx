import { MarkdownContent } from '@backstage/core-components';

/** Markdown from the backend (check details, remediation), GitHub-flavoured, links in a new tab. */
export function MarkdownText({ content }: { content: string }) {
  return (
    <MarkdownContent content={content} dialect="gfm" linkTarget="_blank" />
  );
}
