import {
  MAX_STALL_MS,
  withEventLoopLag,
} from '../../__testUtils__/eventLoopLag';
import { WorkerTaskError } from '../../util/SerialWorker';
import { YamlDocumentsReader } from './yamlDocuments';

jest.setTimeout(60_000);

describe('YamlDocumentsReader', () => {
  const reader = new YamlDocumentsReader(1500);
  afterAll(() => reader.close());

  it('answers each document with its value and first line, and the lines of List items', async () => {
    const docs = await reader.read(
      [
        '# a comment',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: a }',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '  - apiVersion: v1',
        '    kind: Service',
        '    metadata: { name: s }',
        '  - apiVersion: v1',
        '    kind: Service',
        '    metadata: { name: t }',
        '---',
        '',
      ].join('\n'),
    );
    expect(docs).toEqual([
      {
        value: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
        line: 2,
      },
      {
        value: expect.objectContaining({ kind: 'List' }),
        line: 6,
        itemLines: [9, 12],
      },
      // an empty document after the last separator (skipped by the caller)
      { value: null, line: 15 },
    ]);
  });

  it('answers the line of the first syntax error', async () => {
    const [doc] = await reader.read('a: 1\nb: [1, 2\nc: 3\n');
    expect(doc).toMatchObject({ errorLine: expect.any(Number) });
  });

  it('gives up on a pathological document within its deadline, without stalling the event loop, and parses the next one', async () => {
    // A 1 MiB flow map of short keys: the duplicate-key check of `yaml` is quadratic on it.
    const keys = Array.from({ length: 110_000 }, (_, i) => `k${i}: 1`);
    const bomb = `{${keys.join(', ')}}`;
    expect(bomb.length).toBeGreaterThan(1 << 20);
    const { outcome, maxLagMs, elapsedMs } = await withEventLoopLag(() =>
      reader.read(bomb),
    );
    expect(outcome).toBeInstanceOf(WorkerTaskError);
    expect((outcome as Error).message).toBe(
      'not parsed as YAML within 1500 ms',
    );
    expect(elapsedMs).toBeLessThan(5000);
    expect(maxLagMs).toBeLessThan(MAX_STALL_MS);
    expect(await reader.read('a: 1\n')).toEqual([{ value: { a: 1 }, line: 1 }]);
  });
});
