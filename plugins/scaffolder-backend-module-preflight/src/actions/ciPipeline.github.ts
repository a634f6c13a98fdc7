// The GitHub Actions writer of preflight:ci:pipeline: .github/workflows/deploy.yaml as an object.
import type { Runtime } from './dockerfile';
import {
  APPLY,
  PINS,
  PIN_IMAGE,
  READINESS_GATE,
  RECORD_IMAGE,
  ROLLOUT,
  testCommands,
} from './ciPipeline.common';
import type { PipelineInput } from './ciPipeline.schema';

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
