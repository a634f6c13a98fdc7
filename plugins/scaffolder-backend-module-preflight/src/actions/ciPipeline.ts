import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { isSensitiveValue } from '@preflight/plugin-preflight-common';
import { examples } from './ciPipeline.examples';
import { BASE_IMAGES, RUNTIMES, type Runtime } from './dockerfile';
import { parseActionInput, type InputShape } from './input';
import { DEFAULT_ENVIRONMENTS } from './kubernetesManifests';
import {
  CI_SECRET_NAME,
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  IMAGE_REPOSITORY,
  hasControlCharacters,
  registryOf,
} from './validation';
import {
  resolveWorkspacePath,
  workspaceRelative,
  writeWorkspaceFiles,
} from './workspace';
import { toYamlFile } from './yamlFile';

/** Where each provider's pipeline is written. */
export const PIPELINE_PATHS = {
  github: '.github/workflows/deploy.yaml',
  gitlab: '.gitlab-ci.yml',
} as const;

/** Third-party actions and images of the pipeline, pinned to exact versions. */
const PINS = {
  checkout: 'actions/checkout@v4',
  setupNode: 'actions/setup-node@v4',
  setupPython: 'actions/setup-python@v5',
  setupGo: 'actions/setup-go@v5',
  setupJava: 'actions/setup-java@v4',
  setupKubectl: 'azure/setup-kubectl@v4',
  dockerLogin: 'docker/login-action@v3',
  trivyAction: 'aquasecurity/trivy-action@0.28.0',
  trivyImage: 'aquasec/trivy:0.58.1',
  docker: 'docker:27.4.1',
  dockerDind: 'docker:27.4.1-dind',
  // kubectl with yq, jq and curl, for the GitLab deploy jobs.
  kubectlTools: 'alpine/k8s:1.31.4',
};

const SAFE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const GIT_BRANCH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const SEVERITIES =
  /^(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL)(,(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL))*$/;

const secretName = (z: any, what: string) =>
  z
    .string()
    .regex(
      CI_SECRET_NAME,
      'must be the NAME of a CI secret (letters, digits and _), never its value',
    )
    .describe(what);

const inputShape = {
  provider: z =>
    z
      .enum(['github', 'gitlab'])
      .default('github')
      .describe(
        'CI system: github (.github/workflows/deploy.yaml) or gitlab (.gitlab-ci.yml). Defaults to github',
      ),
  name: z =>
    z
      .string()
      .regex(
        DNS_1035_LABEL,
        'must be a DNS-1035 label (the Deployment and catalog entity name)',
      )
      .describe('Name of the component: its Deployment and its catalog entity'),
  namespace: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .describe('Kubernetes namespace it is deployed to'),
  entityNamespace: z =>
    z
      .string()
      .regex(DNS_1123_LABEL, 'must be a DNS-1123 label')
      .default('default')
      .describe(
        'Catalog namespace of the component, for the readiness gate. Defaults to default',
      ),
  runtime: z =>
    z
      .enum(RUNTIMES)
      .describe(
        'Runtime, which decides how tests run: node, python, go or java',
      ),
  testCommand: z =>
    z
      .string()
      .min(1)
      .refine(v => !hasControlCharacters(v), 'must be a single line')
      .optional()
      .describe(
        'Command that runs the tests, replacing the runtime default (npm ci && npm test; python -m unittest; go test ./...; mvn -B verify)',
      ),
  imageRepository: z =>
    z
      .string()
      .regex(
        IMAGE_REPOSITORY,
        'must be an image repository without tag or digest, e.g. ghcr.io/acme/checkout-api',
      )
      .describe(
        'Image repository the pipeline pushes to; every image is tagged with its commit SHA and deployed pinned by digest',
      ),
  environments: z =>
    z
      .array(z.string().regex(DNS_1123_LABEL, 'must be a DNS-1123 label'))
      .min(1)
      .max(20)
      .refine(list => new Set(list).size === list.length, {
        message: 'must not repeat an environment',
      })
      .default(DEFAULT_ENVIRONMENTS)
      .describe(
        'Promotion path, in order: each environment is deployed and gated before the next. Defaults to dev, staging, production',
      ),
  manifestsDir: z =>
    z
      .string()
      .regex(
        SAFE_PATH,
        'must be a relative path of letters, digits, . _ - and /',
      )
      .default('deploy')
      .describe(
        'Directory of the per-environment manifests (<dir>/<env>/), as written by preflight:kubernetes:manifests. Defaults to deploy',
      ),
  defaultBranch: z =>
    z
      .string()
      .regex(GIT_BRANCH, 'must be a branch name')
      .default('main')
      .describe('Branch whose pushes deploy. Defaults to main'),
  backstageUrl: z =>
    z
      .string()
      .url('must be a URL')
      .optional()
      .describe(
        'Base URL of Backstage for the readiness gate, e.g. https://backstage.example.com. Defaults to the CI variable BACKSTAGE_URL',
      ),
  secrets: z =>
    z
      .object({
        backstageToken: secretName(
          z,
          'Name of the CI secret holding a Backstage external-access token for the readiness gate. Defaults to BACKSTAGE_TOKEN',
        ).default('BACKSTAGE_TOKEN'),
        kubeconfig: z
          .record(z.string(), secretName(z, 'Name of the CI secret'))
          .default({})
          .describe(
            'Per environment, the name of the CI secret holding its kubeconfig (base64 on GitHub; a File variable on GitLab). Defaults to KUBECONFIG_<ENV>',
          ),
        registryUsername: secretName(
          z,
          'Name of the CI secret with the registry user. Not needed for ghcr.io on GitHub (GITHUB_TOKEN) or the GitLab registry (CI_REGISTRY_USER)',
        ).optional(),
        registryPassword: secretName(
          z,
          'Name of the CI secret with the registry password or token. Not needed for ghcr.io on GitHub or the GitLab registry',
        ).optional(),
      })
      .default({})
      .describe(
        'NAMES of the CI secrets the pipeline uses — never their values, which live only in the CI system',
      ),
  scanSeverity: z =>
    z
      .string()
      .regex(
        SEVERITIES,
        'must be a comma-separated list of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL',
      )
      .default('CRITICAL,HIGH')
      .describe(
        'Vulnerability severities that fail the scan (fixable ones only). Defaults to CRITICAL,HIGH',
      ),
  rolloutTimeout: z =>
    z
      .string()
      .regex(/^[1-9][0-9]{0,4}[smh]$/, 'must be a duration such as 300s or 10m')
      .default('300s')
      .describe(
        'How long a rollout may take before it is rolled back. Defaults to 300s',
      ),
  recordDeployedImage: z =>
    z
      .boolean()
      .default(true)
      .describe(
        'GitHub only: after a successful deploy, commit the pinned image reference into <manifestsDir>/<env>/ so the desired state in Git matches the cluster (GitOps). Defaults to true',
      ),
} satisfies InputShape;

function parseInput(raw: unknown) {
  const input = parseActionInput(inputShape, raw);
  const names: [string, string | undefined][] = [
    ['secrets.backstageToken', input.secrets.backstageToken],
    ['secrets.registryUsername', input.secrets.registryUsername],
    ['secrets.registryPassword', input.secrets.registryPassword],
    ...Object.entries(input.secrets.kubeconfig).map(
      ([env, name]): [string, string] => [`secrets.kubeconfig.${env}`, name],
    ),
  ];
  for (const [field, name] of names) {
    if (name === undefined) continue;
    if (isSensitiveValue(name)) {
      throw new InputError(
        `${field}: looks like a secret value; give the NAME of the CI secret that holds it, never the value`,
      );
    }
    if (input.provider === 'github' && /^GITHUB_/i.test(name)) {
      throw new InputError(
        `${field}: GitHub secret names cannot start with GITHUB_`,
      );
    }
  }
  for (const env of Object.keys(input.secrets.kubeconfig)) {
    if (!input.environments.includes(env)) {
      throw new InputError(
        `secrets.kubeconfig.${env}: is not one of the environments (${input.environments.join(
          ', ',
        )})`,
      );
    }
  }
  if (
    (input.secrets.registryUsername === undefined) !==
    (input.secrets.registryPassword === undefined)
  ) {
    throw new InputError(
      'secrets.registryPassword: give both registryUsername and registryPassword, or neither',
    );
  }
  const registry = registryOf(input.imageRepository);
  if (
    input.provider === 'github' &&
    registry !== 'ghcr.io' &&
    input.secrets.registryUsername === undefined
  ) {
    throw new InputError(
      `secrets.registryUsername: the registry ${registry} needs the names of the CI secrets with its credentials (only ghcr.io works with GITHUB_TOKEN)`,
    );
  }
  if (input.backstageUrl !== undefined) {
    const url = new URL(input.backstageUrl);
    if (!/^https?:$/.test(url.protocol) || url.username || url.password) {
      throw new InputError(
        'backstageUrl: must be an http(s) URL without credentials (the token comes from a CI secret)',
      );
    }
    if (url.search || url.hash) {
      throw new InputError('backstageUrl: must not have a query or fragment');
    }
  }
  return {
    ...input,
    registry,
    backstageUrl: input.backstageUrl?.replace(/\/+$/, ''),
    kubeconfigSecret: (env: string) =>
      input.secrets.kubeconfig[env] ??
      `KUBECONFIG_${env.toUpperCase().replace(/-/g, '_')}`,
  };
}

type PipelineInput = ReturnType<typeof parseInput>;

const TEST_COMMANDS: Record<Runtime, string[]> = {
  node: ['npm ci', 'npm test'],
  python: ['pip install -r requirements.txt', 'python -m unittest discover -v'],
  go: ['go vet ./...', 'go test ./...'],
  java: ['mvn -B verify'],
};

function testCommands(input: PipelineInput): string[] {
  return input.testCommand ? [input.testCommand] : TEST_COMMANDS[input.runtime];
}

// Shell snippets shared by both providers. They read every value from environment variables
// set by the pipeline (never interpolated into the script), so nothing in a value can change
// what the script does.

const PIN_IMAGE = `# Deploy exactly the image that was scanned: <repository>:<commit sha>@<digest>.
yq -i '(.spec.template.spec.containers[] | select(.name == strenv(COMPONENT))).image = strenv(PINNED_IMAGE)' "$MANIFESTS_DIR/$ENVIRONMENT/deployment.yaml"
yq -i '.spec.template.metadata.labels."app.kubernetes.io/version" = strenv(VERSION)' "$MANIFESTS_DIR/$ENVIRONMENT/deployment.yaml"
for file in "$MANIFESTS_DIR/$ENVIRONMENT"/*.yaml; do
  yq -i '.metadata.labels."app.kubernetes.io/version" = strenv(VERSION)' "$file"
done`;

const APPLY = `kubectl apply -n "$NAMESPACE" -f "$MANIFESTS_DIR/$ENVIRONMENT/"`;

const ROLLOUT = (
  timeout: string,
) => `# Automatic rollback: a rollout that does not complete is undone, and the job fails.
if ! kubectl rollout status "deployment/$COMPONENT" -n "$NAMESPACE" --timeout=${timeout}; then
  echo "Rollout of $COMPONENT in $ENVIRONMENT failed; rolling back"
  kubectl rollout undo "deployment/$COMPONENT" -n "$NAMESPACE"
  kubectl rollout status "deployment/$COMPONENT" -n "$NAMESPACE" --timeout=${timeout} || true
  exit 1
fi`;

// BACKSTAGE_TOKEN comes from a CI secret (an external-access token of Backstage), never from an
// input of the template.
const READINESS_GATE = `# Readiness gate: Preflight must say the component is ready in this environment.
url="$BACKSTAGE_URL/api/preflight/entities/$ENTITY_REF/readiness?environment=$ENVIRONMENT&refresh=true"
for attempt in 1 2 3 4 5 6; do
  if curl -fsS -H "Authorization: Bearer $BACKSTAGE_TOKEN" "$url" -o readiness.json &&
    jq -e '.environments[0].verdict == "ready"' readiness.json > /dev/null; then
    echo "$COMPONENT is ready in $ENVIRONMENT"
    exit 0
  fi
  echo "Attempt $attempt: verdict $(jq -r '.environments[0].verdict // "unknown"' readiness.json 2> /dev/null || echo unavailable)"
  sleep 20
done
echo "$COMPONENT is not ready in $ENVIRONMENT: see the Deploy readiness tab in Backstage"
exit 1`;

const RECORD_IMAGE = `# GitOps: keep the desired state in Git equal to what was deployed.
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add "$MANIFESTS_DIR/$ENVIRONMENT"
if git diff --cached --quiet; then exit 0; fi
git commit -m "deploy($ENVIRONMENT): $COMPONENT $GITHUB_SHA [skip ci]"
git fetch origin "$DEFAULT_BRANCH"
git rebase "origin/$DEFAULT_BRANCH"
git push origin "HEAD:$DEFAULT_BRANCH"`;

const HEADER = (input: PipelineInput) =>
  [
    'Generated by preflight:ci:pipeline.',
    `test → build → tag with the commit SHA → vulnerability scan → push → ${input.environments
      .map(env => `deploy ${env} → readiness gate`)
      .join(' → ')}.`,
    'A rollout that does not complete is rolled back automatically. Secrets are referenced by name only.',
  ].join('\n ');

function githubSetupSteps(runtime: Runtime): object[] {
  switch (runtime) {
    case 'node':
      return [
        {
          uses: PINS.setupNode,
          with: { 'node-version': '22', cache: 'npm' },
        },
      ];
    case 'python':
      return [{ uses: PINS.setupPython, with: { 'python-version': '3.12' } }];
    case 'go':
      return [{ uses: PINS.setupGo, with: { 'go-version-file': 'go.mod' } }];
    case 'java':
    default:
      return [
        {
          uses: PINS.setupJava,
          with: {
            distribution: 'temurin',
            'java-version': '21',
            cache: 'maven',
          },
        },
      ];
  }
}

/** The GitHub Actions workflow, as an object for the YAML serializer. */
export function buildGithubWorkflow(input: PipelineInput): object {
  const secret = (name: string) => `\${{ secrets.${name} }}`;
  const onDefaultBranch = `github.event_name != 'pull_request' && github.ref == 'refs/heads/${input.defaultBranch}'`;
  const registryLogin =
    input.secrets.registryUsername !== undefined
      ? {
          registry: input.registry,
          username: secret(input.secrets.registryUsername),
          password: secret(input.secrets.registryPassword!),
        }
      : {
          registry: 'ghcr.io',
          username: '${{ github.actor }}',
          password: '${{ secrets.GITHUB_TOKEN }}',
        };

  const jobs: Record<string, object> = {
    test: {
      name: 'Test',
      'runs-on': 'ubuntu-latest',
      steps: [
        { uses: PINS.checkout },
        ...githubSetupSteps(input.runtime),
        ...testCommands(input).map(run => ({ run })),
      ],
    },
    build: {
      name: 'Build, tag, scan and push',
      needs: 'test',
      'runs-on': 'ubuntu-latest',
      permissions: { contents: 'read', packages: 'write' },
      outputs: { image: '${{ steps.push.outputs.image }}' },
      steps: [
        { uses: PINS.checkout },
        {
          name: 'Tag with the commit SHA',
          id: 'tag',
          run: 'echo "image=$IMAGE_REPOSITORY:$GITHUB_SHA" >> "$GITHUB_OUTPUT"',
        },
        {
          name: 'Build',
          env: { IMAGE: '${{ steps.tag.outputs.image }}' },
          run: 'docker build --pull -t "$IMAGE" .',
        },
        {
          name: 'Scan for vulnerabilities',
          uses: PINS.trivyAction,
          with: {
            'image-ref': '${{ steps.tag.outputs.image }}',
            format: 'table',
            'exit-code': '1',
            'ignore-unfixed': true,
            severity: input.scanSeverity,
          },
        },
        {
          name: 'Log in to the registry',
          if: onDefaultBranch,
          uses: PINS.dockerLogin,
          with: registryLogin,
        },
        {
          name: 'Push',
          id: 'push',
          if: onDefaultBranch,
          env: { IMAGE: '${{ steps.tag.outputs.image }}' },
          run: [
            'docker push "$IMAGE"',
            `digest="$(docker inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$IMAGE" | grep "^$IMAGE_REPOSITORY@" | head -n 1)"`,
            'echo "image=$IMAGE@${digest#*@}" >> "$GITHUB_OUTPUT"',
          ].join('\n'),
        },
      ],
    },
  };

  let previous = 'build';
  for (const environment of input.environments) {
    const id = `deploy-${environment}`;
    jobs[id] = {
      name: `Deploy to ${environment}`,
      needs: previous === 'build' ? 'build' : [previous, 'build'],
      if: onDefaultBranch,
      'runs-on': 'ubuntu-latest',
      // GitHub environments let you add protection rules (e.g. reviewers for production).
      environment: environment,
      permissions: {
        contents: input.recordDeployedImage ? 'write' : 'read',
      },
      env: {
        ENVIRONMENT: environment,
        PINNED_IMAGE: '${{ needs.build.outputs.image }}',
        VERSION: '${{ github.sha }}',
      },
      steps: [
        {
          uses: PINS.checkout,
          ...(input.recordDeployedImage ? { with: { 'fetch-depth': 0 } } : {}),
        },
        { uses: PINS.setupKubectl },
        {
          name: 'Configure cluster access',
          env: {
            KUBECONFIG_DATA: secret(input.kubeconfigSecret(environment)),
          },
          run: [
            'umask 077',
            'printf \'%s\' "$KUBECONFIG_DATA" | base64 -d > "$RUNNER_TEMP/kubeconfig"',
            'echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"',
          ].join('\n'),
        },
        { name: 'Pin the image in the manifests', run: PIN_IMAGE },
        { name: 'Apply', run: APPLY },
        {
          name: 'Wait for the rollout (roll back if it fails)',
          run: ROLLOUT(input.rolloutTimeout),
        },
        {
          name: 'Readiness gate',
          env: { BACKSTAGE_TOKEN: secret(input.secrets.backstageToken) },
          run: READINESS_GATE,
        },
        ...(input.recordDeployedImage
          ? [{ name: 'Record the deployed image', run: RECORD_IMAGE }]
          : []),
      ],
    };
    previous = id;
  }

  return {
    name: 'Build and deploy',
    on: {
      push: { branches: [input.defaultBranch] },
      pull_request: {},
      workflow_dispatch: {},
    },
    permissions: { contents: 'read' },
    concurrency: {
      group: 'deploy-${{ github.ref }}',
      'cancel-in-progress': false,
    },
    env: {
      COMPONENT: input.name,
      NAMESPACE: input.namespace,
      IMAGE_REPOSITORY: input.imageRepository,
      MANIFESTS_DIR: input.manifestsDir,
      DEFAULT_BRANCH: input.defaultBranch,
      ENTITY_REF: `component/${input.entityNamespace}/${input.name}`,
      BACKSTAGE_URL: input.backstageUrl ?? '${{ vars.BACKSTAGE_URL }}',
    },
    jobs,
  };
}

/** The GitLab CI pipeline, as an object for the YAML serializer. */
export function buildGitlabPipeline(input: PipelineInput): object {
  const onDefaultBranch = [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' }];
  const dind = {
    image: PINS.docker,
    services: [PINS.dockerDind],
    variables: { DOCKER_TLS_CERTDIR: '/certs' },
  };
  const username = input.secrets.registryUsername ?? 'CI_REGISTRY_USER';
  const password = input.secrets.registryPassword ?? 'CI_REGISTRY_PASSWORD';

  const pipeline: Record<string, unknown> = {
    workflow: {
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH' },
      ],
    },
    stages: [
      'test',
      'build',
      'scan',
      'push',
      ...input.environments.map(env => `deploy-${env}`),
    ],
    variables: {
      COMPONENT: input.name,
      NAMESPACE: input.namespace,
      IMAGE_REPOSITORY: input.imageRepository,
      IMAGE: '$IMAGE_REPOSITORY:$CI_COMMIT_SHA',
      MANIFESTS_DIR: input.manifestsDir,
      ENTITY_REF: `component/${input.entityNamespace}/${input.name}`,
      ...(input.backstageUrl ? { BACKSTAGE_URL: input.backstageUrl } : {}),
    },
    test: {
      stage: 'test',
      image: BASE_IMAGES[input.runtime].build,
      script: testCommands(input),
    },
    build: {
      stage: 'build',
      ...dind,
      script: [
        'docker build --pull -t "$IMAGE" .',
        'docker save "$IMAGE" -o image.tar',
      ],
      artifacts: { paths: ['image.tar'], expire_in: '1 day' },
    },
    scan: {
      stage: 'scan',
      image: { name: PINS.trivyImage, entrypoint: [''] },
      dependencies: ['build'],
      script: [
        `trivy image --input image.tar --exit-code 1 --ignore-unfixed --no-progress --severity ${input.scanSeverity}`,
      ],
    },
    push: {
      stage: 'push',
      ...dind,
      dependencies: ['build'],
      rules: onDefaultBranch,
      script: [
        'docker load -i image.tar',
        `printf '%s' "$${password}" | docker login --username "$${username}" --password-stdin ${input.registry}`,
        'docker push "$IMAGE"',
        `digest="$(docker inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "$IMAGE" | grep "^$IMAGE_REPOSITORY@" | head -n 1)"`,
        'echo "PINNED_IMAGE=$IMAGE@${digest#*@}" > image.env',
      ],
      artifacts: { reports: { dotenv: 'image.env' } },
    },
  };

  for (const environment of input.environments) {
    pipeline[`deploy-${environment}`] = {
      stage: `deploy-${environment}`,
      image: { name: PINS.kubectlTools, entrypoint: [''] },
      environment: { name: environment },
      rules: onDefaultBranch,
      dependencies: ['push'],
      variables: { ENVIRONMENT: environment, VERSION: '$CI_COMMIT_SHA' },
      script: [
        // A CI/CD variable of type File: the variable holds the kubeconfig's path.
        `export KUBECONFIG="$${input.kubeconfigSecret(environment)}"`,
        PIN_IMAGE,
        APPLY,
        ROLLOUT(input.rolloutTimeout),
        `export BACKSTAGE_TOKEN="$${input.secrets.backstageToken}"`,
        READINESS_GATE,
      ],
    };
  }
  return pipeline;
}

/**
 * `preflight:ci:pipeline`: writes the CI pipeline of the golden path (GitHub Actions, or GitLab
 * CI): test → build → tag with the commit SHA → vulnerability scan → push → deploy and gate each
 * environment in promotion order, rolling back a failed rollout.
 *
 * @public
 */
export function createCiPipelineAction() {
  return createTemplateAction({
    id: 'preflight:ci:pipeline',
    description:
      'Writes the CI pipeline (GitHub Actions or GitLab CI): test, build, tag with the commit SHA, vulnerability scan, push, then per environment deploy, readiness gate and promotion, with automatic rollback of a failed rollout',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        files: z =>
          z
            .array(z.string())
            .describe('The files written, relative to the workspace'),
        pipelinePath: z =>
          z.string().describe('Path of the pipeline file in the repository'),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      // Only checked for safety: the directory is referenced by the pipeline, not written here.
      resolveWorkspacePath(
        ctx.workspacePath,
        input.manifestsDir,
        'manifestsDir',
      );
      const target = resolveWorkspacePath(
        ctx.workspacePath,
        PIPELINE_PATHS[input.provider],
        'provider',
      );
      const content =
        input.provider === 'github'
          ? toYamlFile(buildGithubWorkflow(input), HEADER(input))
          : toYamlFile(buildGitlabPipeline(input), HEADER(input));
      const result = await writeWorkspaceFiles(ctx.workspacePath, [
        { path: target, field: 'provider', content },
      ]);
      ctx.logger.info(
        `${input.provider} pipeline for ${
          input.name
        } (${input.environments.join(' → ')}) ${
          result.changed.length ? 'written' : 'unchanged'
        }`,
      );
      ctx.output('files', result.files);
      ctx.output('pipelinePath', workspaceRelative(ctx.workspacePath, target));
    },
  });
}
