import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  isSensitiveEnvName,
  isSensitiveValue,
} from '@preflight/plugin-preflight-common';
import { classifyBaseImage } from '@preflight/plugin-preflight-node';
import { examples } from './dockerfile.examples';
import {
  parseActionInput,
  type InputShape,
  filesOutput,
  portField,
  type Zod,
  workspaceDirField,
} from './input';
import { RUN_AS_USER } from './kubernetesManifests';
import {
  ENV_NAME,
  hasControlCharacters,
  parseImageReference,
  sensitiveLiteralMessage,
} from './validation';
import { resolveWorkspacePath, writeWorkspaceFiles } from './workspace';

/** The runtimes the action writes a Dockerfile for. */
export const RUNTIMES = ['node', 'python', 'go', 'java'] as const;

/** A runtime of {@link RUNTIMES}. */
export type Runtime = (typeof RUNTIMES)[number];

/**
 * Default base images: pinned to an exact version (not a floating `22` or `3`), and the runtime
 * stage on a minimal base (Alpine or distroless: the policy rule `minimalBaseImage` passes them).
 * The build and runtime stages of Python share their libc (musl), so that the wheels pip installs
 * in the build stage run in the runtime stage. Digest pinning (`@sha256:…`) is left to
 * CI/Renovate, which can also keep it current; a digest written here once would silently miss
 * every security patch.
 */
export const BASE_IMAGES: Record<Runtime, { build: string; runtime: string }> =
  {
    node: {
      build: 'node:22.14.0-alpine3.21',
      runtime: 'node:22.14.0-alpine3.21',
    },
    python: {
      build: 'python:3.12.8-alpine3.21',
      runtime: 'python:3.12.8-alpine3.21',
    },
    go: {
      build: 'golang:1.23.4-bookworm',
      // Static binary on distroless: no shell, no package manager.
      runtime: 'gcr.io/distroless/static-debian12:nonroot',
    },
    java: {
      build: 'maven:3.9.9-eclipse-temurin-21',
      runtime: 'eclipse-temurin:21.0.5_11-jre-alpine',
    },
  };

const DEFAULT_COMMAND: Record<Runtime, string[]> = {
  node: ['node', 'dist/server.js'],
  python: ['python', '-m', 'app'],
  go: ['/app/server'],
  java: ['java', '-jar', '/app/app.jar'],
};

// Build-arg values are written unquoted, so they are limited to characters that need no quoting.
const BUILD_ARG_VALUE = /^[A-Za-z0-9._:/@+=,-]*$/;
const GO_PACKAGE = /^\.(\/[A-Za-z0-9._-]+)*$/;

const imageInput = (z: Zod, what: string) =>
  z
    .string()
    .optional()
    .describe(
      `${what} base image override, with an exact tag or a digest (never latest)`,
    );

const inputShape = {
  runtime: z =>
    z
      .enum(RUNTIMES)
      .describe('Language runtime: node, python, go or java (Maven)'),
  port: portField(
    8080,
    'Port the service listens on (EXPOSE). Defaults to 8080',
  ),
  command: z =>
    z
      .array(
        z
          .string()
          .min(1)
          .refine(
            v => !hasControlCharacters(v),
            'must not contain control characters',
          ),
      )
      .min(1)
      .optional()
      .describe(
        'Command of the runtime image, exec form. Defaults: node ["node","dist/server.js"], python ["python","-m","app"], go ["/app/server"], java ["java","-jar","/app/app.jar"]',
      ),
  goMainPackage: z =>
    z
      .string()
      .regex(
        GO_PACKAGE,
        'must be a relative Go package path such as . or ./cmd/server',
      )
      .default('.')
      .describe('Go only: the main package to build. Defaults to .'),
  baseImages: z =>
    z
      .object({
        build: imageInput(z, 'Build stage'),
        runtime: imageInput(z, 'Runtime stage'),
      })
      .default({})
      .describe(
        'Override the default base images (exact version tags; digest pinning is left to CI/Renovate)',
      ),
  buildArgs: z =>
    z
      .record(
        z
          .string()
          .regex(
            ENV_NAME,
            'must be a build argument name ([A-Za-z_][A-Za-z0-9_]*)',
          ),
        z.string(),
      )
      .default({})
      .describe(
        'Non-secret build arguments (ARG) of the build stage with their defaults. Names or values that look like credentials are refused: use BuildKit secret mounts (RUN --mount=type=secret) instead',
      ),
  targetPath: workspaceDirField(
    '.',
    'Directory, relative to the workspace, that receives Dockerfile and .dockerignore. Defaults to the workspace root',
  ),
} satisfies InputShape;

function parseInput(raw: unknown) {
  const input = parseActionInput(inputShape, raw);
  const images = { ...BASE_IMAGES[input.runtime] };
  for (const stage of ['build', 'runtime'] as const) {
    const override = input.baseImages[stage];
    if (override === undefined) continue;
    const reference = parseImageReference(override);
    if (!reference) {
      throw new InputError(
        `baseImages.${stage}: must be an image reference such as node:22.14.0-alpine3.21`,
      );
    }
    if (reference.tag === 'latest' || (!reference.tag && !reference.digest)) {
      throw new InputError(
        `baseImages.${stage}: must name an exact version (or digest), never latest`,
      );
    }
    images[stage] = override;
  }
  for (const [name, value] of Object.entries(input.buildArgs)) {
    if (isSensitiveEnvName(name) || isSensitiveValue(value)) {
      // A build argument is recorded in the image history: even without a default, a
      // secret-named ARG invites passing a secret through it.
      throw new InputError(
        sensitiveLiteralMessage(
          `buildArgs.${name}`,
          'build arguments end up in the image history; mount secrets at build time with RUN --mount=type=secret,id=<id> and docker build --secret',
        ),
      );
    }
    if (!BUILD_ARG_VALUE.test(value)) {
      throw new InputError(
        `buildArgs.${name}: the default may only contain letters, digits and . _ : / @ + = , -`,
      );
    }
  }
  return { ...input, images };
}

type DockerfileInput = ReturnType<typeof parseInput>;

const HEADER = [
  '# syntax=docker/dockerfile:1',
  '# Generated by preflight:dockerfile.',
  '# - Multi-stage: build tools stay in the build stage; the runtime image holds only what runs.',
  '# - Base images are pinned to exact versions; CI/Renovate pins and refreshes their digests.',
  `# - Runs as the numeric non-root user ${RUN_AS_USER} (matches runAsUser in deploy/).`,
  '# - No secrets: no secret ARG/ENV; use RUN --mount=type=secret for build-time credentials.',
  '# - No HEALTHCHECK: Kubernetes ignores it; the readiness (/readyz) and liveness (/livez)',
  '#   probes of the Deployment take its place.',
];

function argLines(input: DockerfileInput): string[] {
  return Object.entries(input.buildArgs).map(([name, value]) =>
    value === '' ? `ARG ${name}` : `ARG ${name}=${value}`,
  );
}

function stages(input: DockerfileInput): string[] {
  const { build, runtime } = input.images;
  const user = `USER ${RUN_AS_USER}:${RUN_AS_USER}`;
  const expose = `EXPOSE ${input.port}`;
  const command = `CMD ${JSON.stringify(
    input.command ?? DEFAULT_COMMAND[input.runtime],
  )}`;
  const args = argLines(input);
  switch (input.runtime) {
    case 'node':
      return [
        `FROM ${build} AS build`,
        ...args,
        'WORKDIR /app',
        'COPY package.json package-lock.json ./',
        'RUN npm ci --no-audit --no-fund',
        'COPY . .',
        'RUN npm run build --if-present && npm prune --omit=dev',
        '',
        `FROM ${runtime} AS runtime`,
        'ENV NODE_ENV=production',
        'WORKDIR /app',
        '# Owned by root and read-only for the service user.',
        'COPY --from=build /app ./',
        user,
        expose,
        command,
      ];
    case 'python':
      return [
        `FROM ${build} AS build`,
        ...args,
        'ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1',
        '# Alpine (musl): a package without a musllinux wheel builds from source and needs',
        '# RUN apk add --no-cache build-base (and its -dev libraries) here, in the build stage only.',
        'RUN python -m venv /opt/venv',
        'ENV PATH=/opt/venv/bin:$PATH',
        'WORKDIR /app',
        'COPY requirements.txt ./',
        'RUN pip install -r requirements.txt',
        'COPY . .',
        '',
        `FROM ${runtime} AS runtime`,
        'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/venv/bin:$PATH',
        'WORKDIR /app',
        'COPY --from=build /opt/venv /opt/venv',
        'COPY --from=build /app ./',
        user,
        expose,
        command,
      ];
    case 'go':
      return [
        `FROM ${build} AS build`,
        ...args,
        'WORKDIR /src',
        'COPY go.mod go.sum* ./',
        'RUN go mod download',
        'COPY . .',
        `RUN CGO_ENABLED=0 GOOS=linux go build -trimpath -ldflags="-s -w" -o /out/server ${input.goMainPackage}`,
        '',
        `FROM ${runtime} AS runtime`,
        'COPY --from=build /out/server /app/server',
        user,
        expose,
        command,
      ];
    case 'java':
    default:
      return [
        `FROM ${build} AS build`,
        ...args,
        'WORKDIR /src',
        'COPY pom.xml ./',
        'RUN mvn -B -q dependency:go-offline',
        'COPY src ./src',
        '# Expects one jar in target/ (Spring Boot keeps the original as *.jar.original).',
        'RUN mvn -B -q package -DskipTests && mkdir -p /out && cp target/*.jar /out/app.jar',
        '',
        `FROM ${runtime} AS runtime`,
        'ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=/tmp"',
        'WORKDIR /app',
        'COPY --from=build /out/app.jar /app/app.jar',
        user,
        expose,
        command,
      ];
  }
}

/**
 * Advisories about the runtime base image: one when it is not minimal (the policy rule
 * `minimalBaseImage` is advisory, so the action writes the Dockerfile anyway). A base the
 * classifier does not know (e.g. an in-house image) is not reported, as the rule does not.
 */
export function baseImageWarnings(runtime: string): string[] {
  const verdict = classifyBaseImage(runtime);
  if (verdict.verdict !== 'not-minimal') return [];
  return [
    `baseImages.runtime: '${runtime}' is not a minimal base image: ${verdict.reason}. The policy rule minimalBaseImage will report the workloads that run it (advisory); prefer distroless, Chainguard or an -alpine variant`,
  ];
}

/** The Dockerfile text for a parsed input. */
export function buildDockerfile(input: DockerfileInput): string {
  return `${[...HEADER, '', ...stages(input)].join('\n')}\n`;
}

const IGNORE_COMMON = [
  '# Generated by preflight:dockerfile: keeps the build context small and credentials out of it.',
  '.git',
  '.github',
  '.gitlab-ci.yml',
  '.env',
  '.env.*',
  '!.env.example',
  '.npmrc',
  '.pypirc',
  '.netrc',
  '.aws',
  '.docker',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  'id_rsa*',
  'Dockerfile',
  '.dockerignore',
  'deploy',
  'docs',
  'mkdocs.yml',
  'catalog-info.yaml',
  'coverage',
  '*.log',
  '.DS_Store',
  '.idea',
  '.vscode',
];

const IGNORE_RUNTIME: Record<Runtime, string[]> = {
  node: ['node_modules', 'dist'],
  python: [
    '__pycache__',
    '**/__pycache__',
    '*.pyc',
    '.venv',
    'venv',
    '.pytest_cache',
    '.mypy_cache',
  ],
  go: ['bin', '*.test', '*.out'],
  java: ['target', 'build', '.gradle'],
};

/** The .dockerignore text for a runtime. */
export function buildDockerignore(runtime: Runtime): string {
  return `${[...IGNORE_COMMON, ...IGNORE_RUNTIME[runtime]].join('\n')}\n`;
}

/**
 * `preflight:dockerfile`: writes a multi-stage Dockerfile and a .dockerignore for a runtime —
 * minimal pinned base images, a numeric non-root user, no secrets.
 *
 * @public
 */
export function createDockerfileAction() {
  return createTemplateAction({
    id: 'preflight:dockerfile',
    description:
      'Writes a multi-stage Dockerfile and .dockerignore (Node.js, Python, Go, Java): minimal version-pinned base images, numeric non-root user, no secrets',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        files: filesOutput(),
        baseImages: z =>
          z
            .object({
              build: z.string().describe('Base image of the build stage'),
              runtime: z.string().describe('Base image of the runtime stage'),
            })
            .describe('The base images used'),
        warnings: z =>
          z
            .array(z.string())
            .describe(
              'Advisories about the Dockerfile written, e.g. a runtime base image override that is not minimal (the policy rule minimalBaseImage will report it); empty when none',
            ),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const dir = resolveWorkspacePath(
        ctx.workspacePath,
        input.targetPath,
        'targetPath',
      );
      const result = await writeWorkspaceFiles(ctx.workspacePath, [
        {
          path: path.join(dir, 'Dockerfile'),
          field: 'targetPath',
          content: buildDockerfile(input),
        },
        {
          path: path.join(dir, '.dockerignore'),
          field: 'targetPath',
          content: buildDockerignore(input.runtime),
        },
      ]);
      ctx.logger.info(
        `Dockerfile for ${input.runtime} (${input.images.build} → ${input.images.runtime}): ${result.changed.length} of ${result.files.length} files changed`,
      );
      const warnings = baseImageWarnings(input.images.runtime);
      for (const warning of warnings) ctx.logger.warn(warning);
      ctx.output('files', result.files);
      ctx.output('baseImages', input.images);
      ctx.output('warnings', warnings);
    },
  });
}
