/*
 * Worker thread: the documents of a YAML stream (manifests from a catalog author's repository,
 * or rendered by kustomize), parsed with `yaml` off the backend's event loop.
 *
 * The host (src/util/SerialWorker.ts, the protocol: `{ id, input }` → `{ id, result | error }`) bounds each parse with a deadline and the thread with a
 * heap limit, so that a pathological document (a huge flow map: duplicate-key checks are
 * quadratic; deep nesting) costs this thread only. For each document it answers the plain value
 * and the 1-based line of its first content line (and of each item of a `v1` `List`), or the line
 * and message of the first syntax error — never the document's text.
 *
 * Plain JavaScript (not TypeScript) because a worker thread loads a file by path, both from the
 * source tree and from the published package (`files` in package.json).
 */
'use strict';

const { parentPort } = require('worker_threads');
const { isMap, isSeq, LineCounter, parseAllDocuments } = require('yaml');

function parse(text) {
  const lineCounter = new LineCounter();
  const lineAt = offset => lineCounter.linePos(offset).line;
  const documents = parseAllDocuments(text, {
    lineCounter,
    merge: true,
    uniqueKeys: true,
  });
  const out = [];
  for (const document of Array.isArray(documents) ? documents : []) {
    const [firstError] = document.errors;
    if (firstError) {
      out.push({
        errorLine: lineAt(firstError.pos[0]),
        message: firstError.message,
      });
      return out;
    }
    const contents = document.contents;
    if (!contents) continue; // empty document
    const line = lineAt(
      (contents.range && contents.range[0]) ||
        (document.range && document.range[0]) ||
        0,
    );
    let value;
    try {
      // Bounded alias expansion ("billion laughs").
      value = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      out.push({
        errorLine: line,
        message: String((error && error.message) || error),
      });
      return out;
    }
    let itemLines;
    if (isMap(contents)) {
      const items = contents.get('items', true);
      if (isSeq(items)) {
        itemLines = items.items.map(node =>
          node && node.range ? lineAt(node.range[0]) : line,
        );
      }
    }
    out.push(itemLines ? { value, line, itemLines } : { value, line });
  }
  return out;
}

parentPort.on('message', ({ id, input }) => {
  try {
    parentPort.postMessage({ id, result: parse(input) });
  } catch (error) {
    parentPort.postMessage({
      id,
      error: String((error && error.message) || error).slice(0, 200),
    });
  }
});
