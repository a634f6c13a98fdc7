import fs from 'fs';
import path from 'path';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readKustomizeSettings, type KustomizeSettings } from './config';
import {
  errorText,
  findExecutable,
  KustomizeRenderer,
} from './KustomizeRenderer';
import { isRemoteReference } from './references';

const FIXTURE = path.join(__dirname, '__fixtures__', 'web');

const settings = (
  more: Partial<KustomizeSettings> = {},
): KustomizeSettings => ({
  timeoutMs: 20_000,
  maxOutputBytes: 1024 * 1024,
  allowRemoteBases: false,
  ...more,
});

/** `kustomize` or `kubectl` on PATH, found once: the builds below need one of them. */
const available = (() => {
  for (const name of ['kustomize', 'kubectl']) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        return candidate;
      } catch {
        // next
      }
    }
  }
  return undefined;
})();
const SKIP_REASON =
  'skipped: neither kustomize nor kubectl is on PATH (install kubectl to run these)';
const withKustomize = available ? describe : describe.skip;

describe('the kustomize binary', () => {
  it('is on PATH when tests run under CI=true (builds are not silently skipped)', () => {
    const required = process.env.CI === 'true';
    expect({ kustomizeOrKubectl: Boolean(available) || !required }).toEqual({
      kustomizeOrKubectl: true,
    });
  });
});

withKustomize(
  available ? 'KustomizeRenderer with the real kustomize' : SKIP_REASON,
  () => {
    const renderer = new KustomizeRenderer(settings());

    it.each([
      ['dev', '1.3.0', 1, 'web-dev'],
      ['staging', '1.3.0', 2, 'web-staging'],
      ['production', '1.2.0', 3, 'web'],
    ])(
      'builds overlays/%s: image tag, generator, patch and namespace applied',
      async (env, tag, replicas, namespace) => {
        const result = await renderer.render(FIXTURE, `overlays/${env}`);
        if (!result.ok) throw result.error;
        expect(result.renderer).toEqual({
          name: 'kustomize',
          version: expect.stringMatching(/^v\d+\.\d+/),
        });
        expect(result.text).toContain(`image: ghcr.io/acme/web:${tag}`);
        expect(result.text).toContain(`replicas: ${replicas}`);
        expect(result.text).toContain(`namespace: ${namespace}\n`);
        expect(result.text).toMatch(/name: web-config-[a-z0-9]{10}\n/);
        expect(result.text).toContain(`GREETING: hello from ${env}`);
      },
    );

    it("reports a kustomization that fails to build with kustomize's own text, no server path", async () => {
      const mock = createMockDirectory();
      mock.setContent({
        'app/kustomization.yaml':
          'resources:\n  - deployment.yaml\npatches:\n  - path: missing-patch.yaml\n',
        'app/deployment.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n',
      });
      const result = await renderer.render(mock.path, 'app');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.reason).toBe('RENDER_FAILED');
      expect(result.error.message).toMatch(/^kustomize build failed: /);
      expect(result.error.message).toContain('missing-patch.yaml');
      expect(result.error.message).not.toContain(mock.path);
    });

    it('refuses a remote base before building, naming the setting', async () => {
      const mock = createMockDirectory();
      mock.setContent({
        'app/kustomization.yaml': 'resources:\n  - ../base\n',
        'base/kustomization.yaml':
          'resources:\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v1.0.6\n',
      });
      const result = await renderer.render(mock.path, 'app');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.reason).toBe('FORBIDDEN');
      expect(result.error.message).toContain('base/kustomization.yaml');
      expect(result.error.message).toContain(
        'preflight.desired.kustomize.allowRemoteBases',
      );
    });

    it('refuses a base outside the tree (kustomize would load it)', async () => {
      const mock = createMockDirectory();
      mock.setContent({
        'tree/app/kustomization.yaml': 'resources:\n  - ../../outside\n',
        'outside/kustomization.yaml': 'resources: []\n',
      });
      const result = await renderer.render(path.join(mock.path, 'tree'), 'app');
      expect(!result.ok && result.error.reason).toBe('FORBIDDEN');
      expect(!result.ok && result.error.message).toContain(
        'outside the manifests tree',
      );
    });

    it('builds a local base whose directory name looks like a host (local paths first, as kustomize does)', async () => {
      const mock = createMockDirectory();
      mock.setContent({
        'app/kustomization.yaml': 'resources:\n  - web.v2/base\n',
        'app/web.v2/base/kustomization.yaml': 'resources:\n  - cm.yaml\n',
        'app/web.v2/base/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: local\n',
      });
      expect(isRemoteReference('web.v2/base')).toBe(true);
      const result = await renderer.render(mock.path, 'app');
      expect(result.ok && result.text).toContain('name: local');
    });

    it('kills a build whose output exceeds the size limit', async () => {
      const result = await renderer.render(FIXTURE, 'overlays/dev', {
        maxBytes: 200,
      });
      expect(!result.ok && result.error.reason).toBe('RENDER_FAILED');
      expect(!result.ok && result.error.message).toContain(
        'exceeds 200 bytes (preflight.desired.kustomize.maxOutputBytes)',
      );
    });

    it('stops when the signal aborts', async () => {
      const controller = new AbortController();
      controller.abort();
      const result = await renderer.render(FIXTURE, 'overlays/dev', {
        signal: controller.signal,
      });
      expect(!result.ok && result.error.reason).toBe('TIMEOUT');
    });

    it('builds many overlays at once, a few processes at a time, each with its own result', async () => {
      const envs = ['dev', 'staging', 'production'];
      const results = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          renderer.render(FIXTURE, `overlays/${envs[i % 3]}`),
        ),
      );
      expect(
        results.map(r => (r.ok ? /hello from (\w+)/.exec(r.text)?.[1] : r)),
      ).toEqual([...envs, ...envs, ...envs]);
    });

    it('builds in well under a second per overlay', async () => {
      const started = Date.now();
      const result = await renderer.render(FIXTURE, 'overlays/staging');
      expect(result.ok).toBe(true);
      expect(Date.now() - started).toBeLessThan(5000);
    });
  },
);

describe('KustomizeRenderer without kustomize', () => {
  it('is a typed error naming the config key and what to install', async () => {
    const renderer = new KustomizeRenderer(
      settings({ command: '/nonexistent/kustomize' }),
    );
    const result = await renderer.render(FIXTURE, 'overlays/dev');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.reason).toBe('RENDERER_MISSING');
    expect(result.error.message).toContain(
      'preflight.desired.kustomize.command',
    );
    expect(result.error.message).toContain('install kustomize (or kubectl)');
  });

  it('finds executables on a given PATH only', async () => {
    const mock = createMockDirectory();
    mock.setContent({ 'bin/tool': '#!/bin/sh\n' });
    fs.chmodSync(path.join(mock.path, 'bin/tool'), 0o755);
    await expect(
      findExecutable('tool', path.join(mock.path, 'bin')),
    ).resolves.toBe(path.join(mock.path, 'bin/tool'));
    await expect(findExecutable('tool', '/nonexistent')).resolves.toBe(
      undefined,
    );
  });

  it('kills a build that exceeds the deadline (a stand-in kustomize that hangs)', async () => {
    const mock = createMockDirectory();
    mock.setContent({
      'bin/kustomize': '#!/bin/sh\nexec sleep 30\n',
      'tree/app/kustomization.yaml': 'resources: []\n',
    });
    fs.chmodSync(path.join(mock.path, 'bin/kustomize'), 0o755);
    const renderer = new KustomizeRenderer(
      settings({
        command: path.join(mock.path, 'bin/kustomize'),
        timeoutMs: 300,
      }),
    );
    const started = Date.now();
    const result = await renderer.render(path.join(mock.path, 'tree'), 'app');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(!result.ok && result.error.reason).toBe('TIMEOUT');
    expect(!result.ok && result.error.message).toContain(
      'within 300 ms (preflight.desired.kustomize.timeoutMs)',
    );
  });

  it('runs the stand-in with an environment reduced to PATH, no shell', async () => {
    const mock = createMockDirectory();
    mock.setContent({
      'bin/kustomize':
        '#!/bin/sh\necho "apiVersion: v1"\necho "kind: ConfigMap"\necho "metadata: {name: env}"\necho "data: {args: \\"$*\\", home: \\"${HOME:-none}\\", secret: \\"${PREFLIGHT_TEST_SECRET:-none}\\"}"\n',
      'tree/app/kustomization.yaml': 'resources: []\n',
    });
    fs.chmodSync(path.join(mock.path, 'bin/kustomize'), 0o755);
    process.env.PREFLIGHT_TEST_SECRET = 'do-not-pass';
    try {
      const result = await new KustomizeRenderer(
        settings({ command: path.join(mock.path, 'bin/kustomize') }),
      ).render(path.join(mock.path, 'tree'), 'app');
      expect(result.ok && result.text).toContain(
        'args: "build app --load-restrictor LoadRestrictionsRootOnly", home: "none", secret: "none"',
      );
    } finally {
      delete process.env.PREFLIGHT_TEST_SECRET;
    }
  });
});

describe('isRemoteReference', () => {
  it.each([
    ['https://github.com/org/repo//deploy?ref=v1', true],
    ['github.com/org/repo//deploy?ref=v1', true],
    ['git::https://example.com/org/repo', true],
    ['git@github.com:org/repo.git//base', true],
    ['ssh://git@github.com/org/repo', true],
    ['gitlab.example.com/team/repo/base', true],
    ['../../base', false],
    ['base', false],
    ['deployment.yaml', false],
    ['./components/probes', false],
  ])('%s: %s', (entry, remote) => {
    expect(isRemoteReference(entry)).toBe(remote);
  });
});

describe('errorText', () => {
  it("removes the root directory and keeps kustomize's message", () => {
    expect(
      errorText(
        "Error: accumulating resources: accumulation err='accumulating resources from '../base': '/tmp/x/base' must resolve to a file'\n",
        '/tmp/x',
      ),
    ).toBe(
      "accumulating resources: accumulation err='accumulating resources from '../base': 'base' must resolve to a file'",
    );
  });
});

describe('readKustomizeSettings', () => {
  it('has defaults', () => {
    expect(readKustomizeSettings(new ConfigReader({}))).toEqual({
      command: undefined,
      timeoutMs: 10_000,
      maxOutputBytes: 8 * 1024 * 1024,
      allowRemoteBases: false,
    });
  });

  it.each([
    [{ timeoutMs: 0 }, 'timeoutMs'],
    [{ timeoutMs: 'soon' }, 'timeoutMs'],
    [{ maxOutputBytes: 10 }, 'maxOutputBytes'],
    [{ allowRemoteBases: 'yes' }, 'allowRemoteBases'],
    [{ command: 'kubectl kustomize' }, 'command'],
    [{ command: '' }, 'command'],
  ])('rejects %j naming the key', (value, key) => {
    expect(() =>
      readKustomizeSettings(
        new ConfigReader({ preflight: { desired: { kustomize: value } } }),
      ),
    ).toThrow(`Invalid config at 'preflight.desired.kustomize.${key}'`);
  });
});
