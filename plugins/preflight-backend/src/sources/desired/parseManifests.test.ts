import { MASKED_VALUE } from '@preflight/plugin-preflight-common';
import { DesiredStateError } from './errors';
import { isManifestPath, parseManifestFiles } from './parseManifests';

const file = (path: string, text: string | Buffer) => ({
  path,
  content: typeof text === 'string' ? Buffer.from(text) : text,
});

async function parseError(
  path: string,
  text: string | Buffer,
): Promise<DesiredStateError> {
  try {
    await parseManifestFiles([file(path, text)]);
  } catch (error) {
    expect(error).toBeInstanceOf(DesiredStateError);
    return error as DesiredStateError;
  }
  throw new Error('expected a parse error');
}

describe('parseManifestFiles', () => {
  it('reads every document with the line of its first content line', async () => {
    const text = [
      '# header', // 1
      'apiVersion: v1', // 2
      'kind: ConfigMap',
      'metadata:',
      '  name: a',
      '---', // 6
      '', // 7: empty document in between
      '---', // 8
      '# comment', // 9
      'apiVersion: v1', // 10
      'kind: Service',
      'metadata: { name: b, namespace: shop }',
      '--- just a string', // 13: not a mapping, skipped
      '---',
      '- a list', // skipped
      '---',
      'apiVersion: kustomize.config.k8s.io/v1beta1', // Kustomize config, skipped
      'kind: Kustomization',
      'resources: [a.yaml]',
      '',
    ].join('\n');
    const { objects, origins } = await parseManifestFiles([
      file('all.yaml', text),
    ]);
    expect(objects).toEqual([
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'b', namespace: 'shop' },
      },
    ]);
    expect(origins).toEqual([
      { source: 'desired', location: 'all.yaml', line: 2 },
      { source: 'desired', location: 'all.yaml', line: 10 },
    ]);
  });

  it('expands a v1 List with the line of each item', async () => {
    const text = [
      'apiVersion: v1', // 1
      'kind: List',
      'items:',
      '  - apiVersion: v1', // 4
      '    kind: ServiceAccount',
      '    metadata: { name: a }',
      '  - apiVersion: v1', // 7
      '    kind: ServiceAccount',
      '    metadata: { name: b }',
    ].join('\n');
    const { objects, origins } = await parseManifestFiles([
      file('list.yaml', text),
    ]);
    expect(objects.map(o => o.metadata.name)).toEqual(['a', 'b']);
    expect(origins.map(o => o.line)).toEqual([4, 7]);
  });

  it('keeps files in the given order', async () => {
    const { origins } = await parseManifestFiles([
      file('b.yaml', 'apiVersion: v1\nkind: A\nmetadata: { name: b }\n'),
      file('a.yml', 'apiVersion: v1\nkind: A\nmetadata: { name: a }\n'),
    ]);
    expect(origins.map(o => o.location)).toEqual(['b.yaml', 'a.yml']);
  });

  it('sanitizes every object: Secret values and sensitive env literals', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      '  name: db',
      '  annotations:',
      '    kubectl.kubernetes.io/last-applied-configuration: \'{"data":{"password":"aHVudGVyMg=="}}\'',
      'data:',
      '  password: aHVudGVyMg==',
      'stringData:',
      '  url: postgres://app:hunter2@db:5432/app',
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: web }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          env:',
      '            - { name: API_TOKEN, value: tok-123456 }',
      '            - { name: LOG_LEVEL, value: info }',
    ].join('\n');
    const { objects } = await parseManifestFiles([file('x.yaml', text)]);
    const json = JSON.stringify(objects);
    expect(json).not.toContain('aHVudGVyMg==');
    expect(json).not.toContain('hunter2');
    expect(json).not.toContain('tok-123456');
    expect(objects[0].data).toEqual({
      password: MASKED_VALUE,
      url: MASKED_VALUE,
    });
    expect(objects[1].spec.template.spec.containers[0].env).toEqual([
      { name: 'API_TOKEN', value: MASKED_VALUE },
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('names the file and line of a syntax error without quoting the source', async () => {
    const error = await parseError(
      'deploy/app.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n\tpassword: hunter2\n',
    );
    expect(error.reason).toBe('BAD_RESPONSE');
    expect(error.message).toBe(
      'deploy/app.yaml:6: invalid YAML: Tabs are not allowed as indentation',
    );
  });

  it('does not quote unresolved aliases', async () => {
    const error = await parseError(
      'a.yaml',
      'apiVersion: v1\nkind: A\nmetadata:\n  name: *sk_live_abcdefgh12345\n',
    );
    // Found while building the value: the line is the document's.
    expect(error.message).toBe(
      'a.yaml:1: invalid YAML: Unresolved alias (the anchor must be set before the alias)',
    );
    expect(error.message).not.toContain('sk_live');
  });

  it.each([
    ['kind: A\nmetadata: { name: a }\n', 'apiVersion'],
    ['apiVersion: v1\nmetadata: { name: a }\n', 'kind'],
    ['apiVersion: v1\nkind: A\n', 'metadata.name'],
    ['apiVersion: v1\nkind: A\nmetadata: { name: "" }\n', 'metadata.name'],
    [
      'apiVersion: 1\nkind: [A]\nmetadata: x\n',
      'apiVersion, kind, metadata.name',
    ],
  ])(
    'rejects a document without the required fields: %j',
    async (text, missing) => {
      const error = await parseError('m.yaml', `# c\n${text}`);
      expect(error.message).toBe(
        `m.yaml:2: not a Kubernetes object (missing ${missing})`,
      );
    },
  );

  it('rejects alias expansion bombs', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    }
    const error = await parseError('bomb.yaml', `${lines.join('\n')}\n`);
    expect(error.reason).toBe('BAD_RESPONSE');
    expect(error.message).toMatch(/^bomb\.yaml:1: invalid YAML: /);
  });

  it('rejects files that are not UTF-8', async () => {
    const error = await parseError(
      'bin.yaml',
      Buffer.from([0xff, 0xfe, 0x00, 0x41]),
    );
    expect(error.message).toBe('bin.yaml: not a UTF-8 text file');
  });

  it('returns nothing for empty files', async () => {
    expect(
      await parseManifestFiles([file('e.yaml', ''), file('c.yaml', '# c\n')]),
    ).toEqual({
      objects: [],
      origins: [],
    });
  });
});

describe('isManifestPath', () => {
  it.each([
    ['deployment.yaml', true],
    ['sub/svc.YML', true],
    ['./a.yaml', true],
    ['README.md', false],
    ['.hidden.yaml', false],
    ['.github/workflows/ci.yaml', false],
    ['a/.git/config.yaml', false],
    ['yaml', false],
    ['', false],
  ])('%s → %s', (p, expected) => {
    expect(isManifestPath(p)).toBe(expected);
  });
});
