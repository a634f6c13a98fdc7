import fs from 'node:fs';
import path from 'node:path';
import {
  contextFor,
  createSandbox,
  exampleStep,
  expectInputError,
  hostilePaths,
  loggedText,
  readTree,
  rejection,
  secretForms,
} from '../__testUtils__';
import { classifyBaseImage } from '@preflight/plugin-preflight-node';
import {
  BASE_IMAGES,
  RUNTIMES,
  baseImageWarnings,
  createDockerfileAction,
} from './dockerfile';
import { examples } from './dockerfile.examples';

/** The instructions of a Dockerfile, grouped by stage. */
function stagesOf(dockerfile: string) {
  const stages: { from: string; name: string; lines: string[] }[] = [];
  for (const line of dockerfile.split('\n')) {
    const from = /^FROM (\S+) AS (\S+)$/.exec(line);
    if (from) stages.push({ from: from[1], name: from[2], lines: [] });
    else if (line && !line.startsWith('#'))
      stages[stages.length - 1]?.lines.push(line);
  }
  return stages;
}

describe('preflight:dockerfile', () => {
  const sandbox = createSandbox();
  const { workspacePath } = sandbox;
  const action = createDockerfileAction();

  beforeEach(() => sandbox.reset());

  const read = (file: string) =>
    fs.readFileSync(path.join(workspacePath, file), 'utf8');

  it.each(RUNTIMES)(
    'writes a multi-stage, non-root, secret-free Dockerfile for %s',
    async runtime => {
      const ctx = contextFor(workspacePath, { runtime });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('files', [
        'Dockerfile',
        '.dockerignore',
      ]);
      expect(ctx.output).toHaveBeenCalledWith(
        'baseImages',
        BASE_IMAGES[runtime],
      );

      const dockerfile = read('Dockerfile');
      expect(dockerfile.startsWith('# syntax=docker/dockerfile:1\n')).toBe(
        true,
      );
      const stages = stagesOf(dockerfile);
      expect(stages.map(s => [s.name, s.from])).toEqual([
        ['build', BASE_IMAGES[runtime].build],
        ['runtime', BASE_IMAGES[runtime].runtime],
      ]);
      // Exact version tags, never latest or a bare major version.
      for (const stage of stages) {
        expect(stage.from).toMatch(/:[^:@]*(\d+\.\d+|nonroot)/);
        expect(stage.from).not.toMatch(/:latest$/);
      }
      const runtimeStage = stages[1].lines;
      expect(runtimeStage).toContain('USER 10001:10001');
      expect(runtimeStage).toContain('EXPOSE 8080');
      expect(runtimeStage[runtimeStage.length - 1]).toMatch(/^CMD \[/);
      // The runtime stage only copies from the build stage.
      expect(runtimeStage.filter(l => l.startsWith('COPY'))).not.toHaveLength(
        0,
      );
      for (const copy of runtimeStage.filter(l => l.startsWith('COPY'))) {
        expect(copy).toMatch(/^COPY --from=build /);
      }
      // The user is the last word on who runs the process.
      expect(runtimeStage.indexOf('USER 10001:10001')).toBeGreaterThan(
        Math.max(
          ...runtimeStage.map((l, i) => (/^(COPY|RUN)/.test(l) ? i : -1)),
        ),
      );
      expect(dockerfile).not.toMatch(/^HEALTHCHECK/m);
      expect(dockerfile).not.toMatch(
        /^(ARG|ENV) \S*(SECRET|TOKEN|PASSWORD|KEY)/im,
      );

      const dockerignore = read('.dockerignore').split('\n');
      for (const entry of [
        '.git',
        '.env',
        '.env.*',
        '*.pem',
        '.npmrc',
        'deploy',
      ]) {
        expect(dockerignore).toContain(entry);
      }
    },
  );

  it('writes the exact Node.js Dockerfile', async () => {
    await action.handler(
      contextFor(workspacePath, { runtime: 'node', port: 3000 }),
    );
    expect(stagesOf(read('Dockerfile'))).toEqual([
      {
        name: 'build',
        from: 'node:22.14.0-alpine3.21',
        lines: [
          'WORKDIR /app',
          'COPY package.json package-lock.json ./',
          'RUN npm ci --no-audit --no-fund',
          'COPY . .',
          'RUN npm run build --if-present && npm prune --omit=dev',
        ],
      },
      {
        name: 'runtime',
        from: 'node:22.14.0-alpine3.21',
        lines: [
          'ENV NODE_ENV=production',
          'WORKDIR /app',
          'COPY --from=build /app ./',
          'USER 10001:10001',
          'EXPOSE 3000',
          'CMD ["node","dist/server.js"]',
        ],
      },
    ]);
    expect(read('.dockerignore')).toContain('\nnode_modules\ndist\n');
  });

  it.each(RUNTIMES)(
    'puts the %s runtime stage on a minimal base (policy rule minimalBaseImage)',
    async runtime => {
      expect(classifyBaseImage(BASE_IMAGES[runtime].runtime)).toMatchObject({
        verdict: 'minimal',
      });
      const ctx = contextFor(workspacePath, { runtime });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('warnings', []);
      expect(ctx.logger.warn).not.toHaveBeenCalled();
    },
  );

  it('writes the exact Python Dockerfile, build and runtime on the same Alpine (musl) base', async () => {
    await action.handler(contextFor(workspacePath, { runtime: 'python' }));
    const dockerfile = read('Dockerfile');
    expect(stagesOf(dockerfile)).toEqual([
      {
        name: 'build',
        from: 'python:3.12.8-alpine3.21',
        lines: [
          'ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
          'RUN python -m venv /opt/venv',
          'ENV PATH=/opt/venv/bin:$PATH',
          'WORKDIR /app',
          'COPY requirements.txt ./',
          'RUN pip install -r requirements.txt',
          'COPY . .',
        ],
      },
      {
        name: 'runtime',
        from: 'python:3.12.8-alpine3.21',
        lines: [
          'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH',
          'WORKDIR /app',
          'COPY --from=build /opt/venv /opt/venv',
          'COPY --from=build /app ./',
          'USER 10001:10001',
          'EXPOSE 8080',
          'CMD ["python","-m","app"]',
        ],
      },
    ]);
    // Nothing Debian-specific left (apt-get, useradd): Alpine has apk and adduser.
    expect(dockerfile).not.toMatch(/apt-get|useradd|groupadd/);
    expect(dockerfile).toContain('# RUN apk add --no-cache build-base');
  });

  it('warns, without failing, when the runtime base image override is not minimal', async () => {
    const ctx = contextFor(workspacePath, {
      runtime: 'node',
      baseImages: { runtime: 'ubuntu:24.04' },
    });
    await action.handler(ctx);
    expect(stagesOf(read('Dockerfile'))[1].from).toBe('ubuntu:24.04');
    const warning = expect.stringMatching(
      /^baseImages\.runtime: 'ubuntu:24\.04' is not a minimal base image: Ubuntu: a full distribution .*minimalBaseImage/,
    );
    expect(ctx.logger.warn).toHaveBeenCalledWith(warning);
    expect(ctx.output).toHaveBeenCalledWith('warnings', [warning]);
    expect(ctx.output).toHaveBeenCalledWith('baseImages', {
      build: BASE_IMAGES.node.build,
      runtime: 'ubuntu:24.04',
    });
  });

  it('does not warn about the build stage, which does not run', async () => {
    const ctx = contextFor(workspacePath, {
      runtime: 'go',
      baseImages: { build: 'golang:1.23.5-bookworm' },
    });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('warnings', []);
  });

  it('warns about a not-minimal base, not about one the classifier does not know', () => {
    expect(baseImageWarnings('python:3.12.8-slim-bookworm')).toEqual([
      expect.stringContaining('slim Debian still carries apt and bash'),
    ]);
    expect(baseImageWarnings('ghcr.io/acme/python-base:1.2.0')).toEqual([]);
    expect(baseImageWarnings('cgr.dev/chainguard/python:latest')).toEqual([]);
  });

  it('builds a static Go binary onto distroless', async () => {
    await action.handler(
      contextFor(workspacePath, {
        runtime: 'go',
        goMainPackage: './cmd/server',
      }),
    );
    const [build, runtime] = stagesOf(read('Dockerfile'));
    expect(build.lines).toContain(
      'RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server',
    );
    expect(runtime.from).toBe('gcr.io/distroless/static-debian12:nonroot');
    expect(runtime.lines).toEqual([
      'COPY --from=build /out/server /app/server',
      'USER 10001:10001',
      'EXPOSE 8080',
      'CMD ["/app/server"]',
    ]);
  });

  it('writes non-secret build arguments and a custom command', async () => {
    await action.handler(
      contextFor(workspacePath, {
        runtime: 'python',
        buildArgs: {
          PIP_INDEX_URL: 'https://pypi.org/simple',
          BUILD_FLAVOUR: '',
        },
        command: ['python', '-m', 'service', '--port', '"8080"'],
      }),
    );
    const [build, runtime] = stagesOf(read('Dockerfile'));
    expect(build.lines).toEqual(
      expect.arrayContaining([
        'ARG PIP_INDEX_URL=https://pypi.org/simple',
        'ARG BUILD_FLAVOUR',
      ]),
    );
    expect(runtime.lines[runtime.lines.length - 1]).toBe(
      'CMD ["python","-m","service","--port","\\"8080\\""]',
    );
  });

  describe('secrets', () => {
    const secret = `ghp_${'Zz9Yy8Xx7W'.repeat(4)}`;
    it.each<[Record<string, string>, string]>([
      [{ NPM_TOKEN: '' }, 'buildArgs.NPM_TOKEN'],
      [{ NPM_TOKEN: secret }, 'buildArgs.NPM_TOKEN'],
      [
        { REGISTRY: `https://ci:${secret}@registry.example.com` },
        'buildArgs.REGISTRY',
      ],
      [{ GREETING: secret }, 'buildArgs.GREETING'],
    ])(
      'refuses secret build arguments %j without echoing them',
      async (buildArgs, field) => {
        const ctx = contextFor(workspacePath, { runtime: 'node', buildArgs });
        const error = await rejection(action, ctx);
        expectInputError(error, `${field}: looks like a secret`);
        expect(error.message).toContain('--mount=type=secret');
        const seen = `${error.message}\n${loggedText(ctx)}`;
        for (const form of secretForms(secret))
          expect(seen).not.toContain(form);
        expect(fs.existsSync(path.join(workspacePath, 'Dockerfile'))).toBe(
          false,
        );
      },
    );
  });

  it.each<[Record<string, unknown>, string]>([
    [{ runtime: 'ruby' }, 'runtime: '],
    [{ runtime: 'node', port: 0 }, 'port: must be between 1 and 65535'],
    [
      { runtime: 'node', baseImages: { build: 'node:latest' } },
      'baseImages.build: must name an exact version',
    ],
    [
      { runtime: 'node', baseImages: { runtime: 'node' } },
      'baseImages.runtime: must name an exact version',
    ],
    [
      { runtime: 'node', baseImages: { runtime: 'node:22\nUSER root' } },
      'baseImages.runtime: must be an image reference',
    ],
    [
      { runtime: 'node', buildArgs: { 'BAD NAME': 'x' } },
      'buildArgs.BAD NAME: must be a build argument name',
    ],
    [
      { runtime: 'node', buildArgs: { FLAVOUR: 'a b' } },
      'buildArgs.FLAVOUR: the default may only contain',
    ],
    [
      { runtime: 'node', buildArgs: { FLAVOUR: 'x\nUSER root' } },
      'buildArgs.FLAVOUR: the default may only contain',
    ],
    [
      { runtime: 'node', command: ['node', 'a\nUSER root'] },
      'command.1: must not contain control characters',
    ],
    [
      { runtime: 'go', goMainPackage: '../other' },
      'goMainPackage: must be a relative Go package path',
    ],
    [
      { runtime: 'go', goMainPackage: '. && curl evil' },
      'goMainPackage: must be a relative Go package path',
    ],
  ])('rejects %j naming the field', async (input, message) => {
    expectInputError(
      await rejection(action, contextFor(workspacePath, input)),
      message,
    );
    expect(fs.existsSync(path.join(workspacePath, 'Dockerfile'))).toBe(false);
  });

  it('is idempotent', async () => {
    const input = { runtime: 'java', targetPath: 'service' };
    await action.handler(contextFor(workspacePath, input));
    const first = readTree(workspacePath);
    const ctx = contextFor(workspacePath, input);
    await action.handler(ctx);
    expect(readTree(workspacePath)).toEqual(first);
    expect(loggedText(ctx)).toContain('0 of 2 files changed');
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'service/Dockerfile',
      'service/.dockerignore',
    ]);
  });

  it('writes in a dry run (the workspace is a throw-away copy)', async () => {
    await action.handler(
      contextFor(workspacePath, { runtime: 'go' }, { isDryRun: true }),
    );
    expect(read('Dockerfile')).toContain('FROM golang:');
  });

  it('runs its documented examples', async () => {
    for (const example of examples) {
      sandbox.reset();
      const step = exampleStep(example);
      expect(step.action).toBe(action.id);
      await action.handler(contextFor(workspacePath, step.input));
      expect(read('Dockerfile')).toContain('USER 10001:10001');
    }
  });

  it('publishes a JSON schema with a description for every field', () => {
    for (const schema of [
      action.schema?.input,
      action.schema?.output,
    ] as any[]) {
      for (const [field, property] of Object.entries<any>(schema.properties)) {
        expect([field, typeof property.description]).toEqual([field, 'string']);
      }
    }
  });

  describe('path safety', () => {
    it.each(hostilePaths('/outside-placeholder'))(
      'refuses targetPath %j',
      async targetPath => {
        const resolved =
          targetPath === '/outside-placeholder'
            ? sandbox.outsidePath
            : targetPath;
        const before = sandbox.outsideSnapshot();
        const error = await rejection(
          action,
          contextFor(workspacePath, { runtime: 'node', targetPath: resolved }),
        );
        expectInputError(error, /^(Invalid input: )?targetPath: /);
        expect(sandbox.outsideSnapshot()).toEqual(before);
      },
    );

    it('refuses to write through a symlinked Dockerfile', async () => {
      fs.symlinkSync(
        path.join(sandbox.outsidePath, 'keep.txt'),
        path.join(workspacePath, 'Dockerfile'),
      );
      const before = sandbox.outsideSnapshot();
      expectInputError(
        await rejection(action, contextFor(workspacePath, { runtime: 'node' })),
        /^(Invalid input: )?targetPath: /,
      );
      expect(sandbox.outsideSnapshot()).toEqual(before);
      // All or nothing: .dockerignore was not written either.
      expect(fs.existsSync(path.join(workspacePath, '.dockerignore'))).toBe(
        false,
      );
    });
  });
});
