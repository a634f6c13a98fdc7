import fs from 'fs';

/** Why {@link readPinnedFile} refused a file. */
export type PinnedReadRefusal = 'changed' | 'too-large';

/**
 * Reads a file that was found (and checked) at `realPath` as the file with `expected` device and
 * inode, at most `maxBytes`: it is opened without following a final symbolic link, and refused when
 * what was opened is another file than the one checked (swapped since) or grows beyond the bound.
 * `refuse` makes the caller's error for a refusal; filesystem errors are thrown as they are.
 */
export async function readPinnedFile(
  realPath: string,
  expected: { dev: number; ino: number },
  maxBytes: number,
  refuse: (why: PinnedReadRefusal) => Error,
): Promise<Buffer> {
  const handle = await fs.promises.open(
    realPath,
    fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0),
  );
  try {
    const opened = await handle.stat();
    if (opened.dev !== expected.dev || opened.ino !== expected.ino) {
      throw refuse('changed');
    }
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        null,
      );
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes) throw refuse('too-large');
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}
