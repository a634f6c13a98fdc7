import yaml from 'yaml';

/**
 * Serializes one object as a YAML file, with an optional header comment. Always through the
 * `yaml` serializer — never string templates — so any value, however hostile (newlines, `: `,
 * `---`, `&anchor`, `{`…), comes out as a quoted scalar and cannot change the document's
 * structure. Aliases are disabled so repeated objects are written out in full.
 */
export function toYamlFile(value: unknown, header?: string): string {
  const document = new yaml.Document(value, { aliasDuplicateObjects: false });
  if (header) document.commentBefore = ` ${header}`;
  return document.toString({ lineWidth: 0 });
}
