/* Reads the entries of a .tgz (ustar, as npm and yarn pack write them). Node built-ins only. */
'use strict';
const fs = require('node:fs');
const zlib = require('node:zlib');

/** [{ name, type, body }] of a gzipped tarball; `type` '0' is a regular file. */
function readTarball(file) {
  const tar = zlib.gunzipSync(fs.readFileSync(file));
  const entries = [];
  let offset = 0;
  let longName;
  let paxPath;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every(b => b === 0)) break;
    const field = (start, len) =>
      header
        .subarray(start, start + len)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    let name = field(0, 100);
    const prefix = field(345, 155);
    if (prefix) name = `${prefix}/${name}`;
    if (longName || paxPath) {
      name = longName || paxPath;
      longName = undefined;
      paxPath = undefined;
    }
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = body.toString('utf8').match(/\d+ path=([^\n]*)\n/);
      if (m) paxPath = m[1];
    } else entries.push({ name, type, body });
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

module.exports = { readTarball };
