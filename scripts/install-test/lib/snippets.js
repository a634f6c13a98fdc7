/*
 * Markdown and TypeScript snippet helpers of the install test: find the fenced code blocks of a
 * README section, and apply a README snippet to a file of a Backstage app the way a reader would
 * (add the imports, insert `backend.add(...)` before `backend.start()`, add JSX children to the
 * element a `const x = (<Element>...</Element>)` snippet shows, add plugins to `createApp`'s
 * `features`). Anything it does not understand is an error: a snippet the test cannot apply is a
 * snippet a reader may not be able to apply either.
 */
'use strict';

/** Code blocks of a markdown file, each with the `##` section it is in ('' = before any). */
function parseMarkdown(text) {
  const lines = text.split('\n');
  const blocks = [];
  let section = '';
  let fence;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (fence) {
      if (line.trim().startsWith(fence.marker)) {
        blocks.push({ ...fence.block, code: fence.lines.join('\n') });
        fence = undefined;
      } else {
        fence.lines.push(
          line.slice(Math.min(fence.indent, line.search(/\S|$/))),
        );
      }
      continue;
    }
    const open = line.match(/^(\s*)(```+|~~~+)\s*([\w-]*)/);
    if (open) {
      fence = {
        marker: open[2],
        indent: open[1].length,
        lines: [],
        block: { section, lang: open[3].toLowerCase(), line: i + 1 },
      };
      continue;
    }
    const heading = line.match(/^(#{2,6})\s+(.*?)\s*#*\s*$/);
    if (heading && heading[1].length === 2) section = heading[2];
  }
  return blocks;
}

const FILE_COMMENT =
  /^\/\/\s*((?:packages|plugins)\/[\w./@-]+\.(?:tsx?|jsx?))\s*(?::.*)?$/;

/** The file a snippet names in its first line (`// packages/backend/src/index.ts`). */
function snippetTarget(code) {
  const m = code.split('\n')[0].trim().match(FILE_COMMENT);
  return m ? m[1] : undefined;
}

/**
 * The parts of a snippet, one per file it names: a `// packages/...` comment line (optionally
 * followed by `: what`) starts the part for that file.
 */
function snippetParts(code) {
  const parts = [];
  for (const line of code.split('\n')) {
    const m = line.trim().match(FILE_COMMENT);
    if (m) parts.push({ target: m[1], lines: [] });
    else if (parts.length) parts[parts.length - 1].lines.push(line);
  }
  return parts.map(p => ({ target: p.target, code: p.lines.join('\n') }));
}

/** Splits code into top-level statements (`;` at bracket depth 0), keeping comments out. */
function splitStatements(code) {
  const statements = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    // line comments at depth 0 (JSX comments are inside braces, depth > 0)
    if (depth === 0 && c === '/' && code[i + 1] === '/') {
      while (i < code.length && code[i] !== '\n') i++;
      continue;
    }
    if (depth === 0 && c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      i = end < 0 ? code.length : end + 1;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    current += c;
    if (c === ';' && depth === 0) {
      if (current.trim()) statements.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

function parseImport(statement) {
  const m = statement.match(
    /^import\s+(type\s+)?(?:(\w+)\s*,?\s*)?(?:\{([^}]*)\})?\s*from\s*['"]([^'"]+)['"]\s*;?$/s,
  );
  if (!m) return undefined;
  return {
    typeOnly: Boolean(m[1]),
    defaultName: m[2],
    named: (m[3] || '')
      .split(',')
      .map(s => s.trim())
      .filter(Boolean),
    module: m[4],
  };
}

function formatImport({ typeOnly, defaultName, named, module }) {
  const parts = [];
  if (defaultName) parts.push(defaultName);
  if (named.length) parts.push(`{\n${named.map(n => `  ${n},`).join('\n')}\n}`);
  return `import ${typeOnly ? 'type ' : ''}${parts.join(
    ', ',
  )} from '${module}';`;
}

/** Import statements at the top of a file: [{ start, end, statement }]. */
function findImports(source) {
  const result = [];
  const re =
    /^import\s[\s\S]*?from\s*['"][^'"]+['"];?[ \t]*$|^import\s+['"][^'"]+['"];?[ \t]*$/gm;
  let m;
  while ((m = re.exec(source))) {
    result.push({
      start: m.index,
      end: m.index + m[0].length,
      statement: m[0],
    });
  }
  return result;
}

function addImport(source, statement) {
  const wanted = parseImport(statement);
  if (!wanted) throw new Error(`cannot read the import \`${statement}\``);
  const imports = findImports(source);
  const existing = imports.find(i => {
    const parsed = parseImport(i.statement);
    return (
      parsed &&
      parsed.module === wanted.module &&
      parsed.typeOnly === wanted.typeOnly
    );
  });
  if (existing) {
    const parsed = parseImport(existing.statement);
    if (
      wanted.defaultName &&
      parsed.defaultName &&
      wanted.defaultName !== parsed.defaultName
    ) {
      throw new Error(
        `the file already imports ${wanted.module} as ${parsed.defaultName}`,
      );
    }
    const merged = {
      ...parsed,
      defaultName: parsed.defaultName || wanted.defaultName,
      named: [
        ...parsed.named,
        ...wanted.named.filter(n => !parsed.named.includes(n)),
      ],
    };
    return (
      source.slice(0, existing.start) +
      formatImport(merged) +
      source.slice(existing.end)
    );
  }
  const at = imports.length ? imports[imports.length - 1].end : 0;
  const prefix = at ? '\n' : '';
  return `${source.slice(0, at)}${prefix}${formatImport(wanted)}${
    at ? '' : '\n'
  }${source.slice(at)}`;
}

/** The end (index past the last character) of the `{...}` expression starting at `i`. */
function skipBraces(source, i) {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    if (source[j] === '{') depth++;
    else if (source[j] === '}' && --depth === 0) return j + 1;
  }
  throw new Error('unbalanced braces');
}

/**
 * The JSX tag starting at `i` (a `<`): its name ('' for fragments), whether it is a closing or a
 * self-closing tag, and the index past its `>`. `undefined` when `<` does not start a tag.
 */
function readTag(source, i) {
  const m = source.slice(i).match(/^<(\/?)([A-Za-z][\w.]*)?/);
  if (!m || (!m[2] && !/^<\/?>/.test(source.slice(i)))) return undefined;
  let j = i + m[0].length;
  while (j < source.length && source[j] !== '>') {
    if (source[j] === '{') j = skipBraces(source, j);
    else if (source[j] === '"' || source[j] === "'")
      j = source.indexOf(source[j], j + 1) + 1;
    else j++;
  }
  return {
    name: m[2] || '',
    closing: m[1] === '/',
    selfClosing: source[j - 1] === '/',
    end: j + 1,
  };
}

/**
 * From `open` (the index of a `<Tag` at JSX child level): where its matching closing tag starts
 * and the index past it (for a self-closing tag, the tag itself).
 */
function findMatchingClose(source, open) {
  const stack = [];
  let i = open;
  while (i < source.length) {
    if (source[i] === '{') {
      i = skipBraces(source, i); // a JSX expression: skipped whole
      continue;
    }
    const tag = source[i] === '<' ? readTag(source, i) : undefined;
    if (!tag) {
      i++;
      continue;
    }
    if (tag.closing) {
      const top = stack.pop();
      if (top !== tag.name)
        throw new Error(`unbalanced JSX: </${tag.name}> closes <${top}>`);
      if (stack.length === 0) return { closeStart: i, closeEnd: tag.end };
    } else if (!tag.selfClosing) {
      stack.push(tag.name);
    } else if (stack.length === 0) {
      return { closeStart: i, closeEnd: tag.end };
    }
    i = tag.end;
  }
  throw new Error('no matching closing tag');
}

function indentOf(source, index) {
  const lineStart = source.lastIndexOf('\n', index - 1) + 1;
  return source.slice(lineStart, index).match(/^\s*/)[0];
}

function reindent(text, indent) {
  const lines = text.split('\n');
  const min = Math.min(
    ...lines.filter(l => l.trim()).map(l => l.match(/^\s*/)[0].length),
  );
  return lines.map(l => (l.trim() ? indent + l.slice(min) : '')).join('\n');
}

const normalize = s => s.replace(/\s+/g, '');

const PLACEHOLDER = /^\{\/\*[\s\S]*\*\/\}$/;

/** The top-level children of a JSX fragment of text: elements, `{...}` expressions, text. */
function jsxChildren(text) {
  const children = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let end;
    if (text[i] === '{') {
      end = skipBraces(text, i);
    } else if (text[i] === '<') {
      end = findMatchingClose(text, i).closeEnd;
    } else {
      end = text.indexOf('<', i);
      if (end < 0) end = text.length;
      const brace = text.indexOf('{', i);
      if (brace >= 0 && brace < end) end = brace;
    }
    // keep the element's column, so that its lines keep their relative indentation
    const column = i - (text.lastIndexOf('\n', i - 1) + 1);
    children.push(' '.repeat(column) + text.slice(i, end).trimEnd());
    i = end;
  }
  return children;
}

/**
 * `const name = (<Root ...> children </Root>);` → the file's `name` gets the children it does not
 * have yet, at the end of its root element. Children before a `{/* ... *\/}` placeholder are the
 * context the reader already has (added only when they are missing and come after it).
 */
function addJsxChildren(source, statement) {
  const m = statement.match(/^const\s+(\w+)\s*=\s*\(\s*<([A-Za-z][\w.]*)/s);
  if (!m) throw new Error(`cannot read \`${statement.split('\n')[0]}\``);
  const [, name, root] = m;
  const snippetOpen = statement.indexOf(`<${root}`);
  const snippetClose = findMatchingClose(statement, snippetOpen);
  const children = jsxChildren(
    statement.slice(
      readTag(statement, snippetOpen).end,
      snippetClose.closeStart,
    ),
  );
  const placeholder = children.findIndex(c => PLACEHOLDER.test(c.trim()));
  const additions = children.filter(
    (c, i) => i > placeholder && !PLACEHOLDER.test(c.trim()),
  );
  if (!additions.length) throw new Error(`the snippet adds nothing to ${name}`);

  const target = source.match(new RegExp(`const\\s+${name}\\s*=\\s*\\(\\s*`));
  if (!target) throw new Error(`the file has no \`const ${name} = (...)\``);
  const open = target.index + target[0].length;
  const targetRoot = source.slice(open).match(/^<([A-Za-z][\w.]*)/);
  if (!targetRoot || targetRoot[1] !== root) {
    throw new Error(
      `\`${name}\` in the file is a <${
        targetRoot ? targetRoot[1] : '?'
      }>, the snippet shows a <${root}>`,
    );
  }
  const { closeStart } = findMatchingClose(source, open);
  const existing = normalize(source.slice(open, closeStart));
  const missing = additions.filter(c => !existing.includes(normalize(c)));
  if (!missing.length) return source;
  const indent = `${indentOf(source, closeStart)}  `;
  const lineStart = source.lastIndexOf('\n', closeStart - 1) + 1;
  const text = missing.map(c => reindent(c, indent)).join('\n');
  return `${source.slice(0, lineStart)}${text}\n${source.slice(lineStart)}`;
}

/** `<Tag ... />;` → next to the file's last <Tag>, as a sibling. */
function addSiblingElement(source, statement) {
  const element = statement.replace(/;\s*$/, '').trim();
  const tag = element.match(/^<([A-Za-z][\w.]*)/)[1];
  if (normalize(source).includes(normalize(element))) return source;
  const re = new RegExp(`<${tag.replace('.', '\\.')}\\b`, 'g');
  let last;
  let m;
  while ((m = re.exec(source))) last = m.index;
  if (last === undefined)
    throw new Error(`the file has no <${tag}> to put \`${element}\` next to`);
  const { closeEnd } = findMatchingClose(source, last);
  const indent = indentOf(source, last);
  return `${source.slice(0, closeEnd)}\n${reindent(
    element,
    indent,
  )}${source.slice(closeEnd)}`;
}

/** `backend.add(import('x'));` → before `backend.start();`. */
function addBackendFeature(source, statement) {
  if (normalize(source).includes(normalize(statement))) return source;
  const start = source.match(/^([ \t]*)backend\.start\(\);/m);
  if (!start) throw new Error('the file has no `backend.start();`');
  return `${source.slice(0, start.index)}${
    start[1]
  }${statement}\n\n${source.slice(start.index)}`;
}

/** `createApp({ features: [a /* , ... *\/] })` → add a to the file's createApp features. */
function addAppFeatures(source, statement) {
  const m = statement.match(/features\s*:\s*\[([\s\S]*?)\]/);
  if (!m) throw new Error('cannot read the features of the createApp snippet');
  const wanted = m[1]
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
  const target = source.match(/createApp\(\s*\{[\s\S]*?features\s*:\s*\[/);
  if (!target)
    throw new Error('the file has no `createApp({ features: [...] })`');
  const at = target.index + target[0].length;
  const existing = source.slice(at, source.indexOf(']', at));
  const missing = wanted.filter(w => !new RegExp(`\\b${w}\\b`).test(existing));
  if (!missing.length) return source;
  return `${source.slice(0, at)}${missing.join(', ')}, ${source.slice(at)}`;
}

/** Applies a README snippet (without its `// path` line) to the source of that file. */
function applySnippet(source, code) {
  let result = source;
  for (const statement of splitStatements(code)) {
    if (/^import\s/.test(statement)) result = addImport(result, statement);
    else if (/^backend\.add\(/.test(statement))
      result = addBackendFeature(result, statement);
    else if (/^const\s+\w+\s*=\s*\(\s*</.test(statement))
      result = addJsxChildren(result, statement);
    else if (/^export\s+default\s+createApp\(/.test(statement))
      result = addAppFeatures(result, statement);
    else if (/^<[A-Za-z]/.test(statement))
      result = addSiblingElement(result, statement);
    else {
      throw new Error(
        `the install test does not know how to apply \`${
          statement.split('\n')[0]
        }\``,
      );
    }
  }
  return result;
}

module.exports = {
  parseMarkdown,
  snippetTarget,
  snippetParts,
  splitStatements,
  applySnippet,
};
