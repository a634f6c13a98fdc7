import { PassThrough } from 'node:stream';
import { splitLines } from './watchStream';

async function lines(chunks: Buffer[], maxBytes?: number) {
  const stream = new PassThrough();
  const out: string[] = [];
  const reading = (async () => {
    for await (const line of splitLines(stream, maxBytes)) out.push(line);
  })();
  for (const chunk of chunks) stream.write(chunk);
  stream.end();
  await reading;
  return out;
}

describe('splitLines', () => {
  it('splits newline-delimited events across chunks, a character split between chunks kept whole', async () => {
    const text = Buffer.from(
      '{"type":"ADDED","object":{"name":"café"}}\r\n\n{"type":"BOOKMARK"}\n{"type":"DELETED"}',
    );
    const at = text.indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    expect(
      await lines([
        text.subarray(0, at),
        text.subarray(at, at + 5),
        text.subarray(at + 5),
      ]),
    ).toEqual([
      '{"type":"ADDED","object":{"name":"café"}}',
      '{"type":"BOOKMARK"}',
      '{"type":"DELETED"}',
    ]);
  });

  it('gives up on a line longer than the bound', async () => {
    await expect(lines([Buffer.from('x'.repeat(50))], 10)).rejects.toThrow(
      'longer than 10 characters',
    );
  });
});
