// The GitLab CI writer of preflight:ci:pipeline: .gitlab-ci.yml as an object.
import { BASE_IMAGES } from './dockerfile';
import {
  APPLY,
  PINS,
  PIN_IMAGE,
  READINESS_GATE,
  ROLLOUT,
  testCommands,
} from './ciPipeline.common';
import type { PipelineInput } from './ciPipeline.schema';

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
