// What the GitHub Actions and GitLab CI writers of preflight:ci:pipeline share: the pinned
// third-party actions and images, the test commands and the deploy shell snippets.
import type { Runtime } from './dockerfile';
import type { PipelineInput } from './ciPipeline.schema';

/** Third-party actions and images of the pipeline, pinned to exact versions. */
export const PINS = {
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

const TEST_COMMANDS: Record<Runtime, string[]> = {
  node: ['npm ci', 'npm test'],
  python: ['pip install -r requirements.txt', 'python -m unittest discover -v'],
  go: ['go vet ./...', 'go test ./...'],
  java: ['mvn -B verify'],
};

/** The commands that run the tests: the input's, or the runtime's default. */
export function testCommands(input: PipelineInput): string[] {
  return input.testCommand ? [input.testCommand] : TEST_COMMANDS[input.runtime];
}

// Shell snippets shared by both providers. They read every value from environment variables
// set by the pipeline (never interpolated into the script), so nothing in a value can change
// what the script does.

export const PIN_IMAGE = `# Deploy exactly the image that was scanned: <repository>:<commit sha>@<digest>.
yq -i '(.spec.template.spec.containers[] | select(.name == strenv(COMPONENT))).image = strenv(PINNED_IMAGE)' "$MANIFESTS_DIR/$ENVIRONMENT/deployment.yaml"
yq -i '.spec.template.metadata.labels."app.kubernetes.io/version" = strenv(VERSION)' "$MANIFESTS_DIR/$ENVIRONMENT/deployment.yaml"
for file in "$MANIFESTS_DIR/$ENVIRONMENT"/*.yaml; do
  yq -i '.metadata.labels."app.kubernetes.io/version" = strenv(VERSION)' "$file"
done`;

export const APPLY = `kubectl apply -n "$NAMESPACE" -f "$MANIFESTS_DIR/$ENVIRONMENT/"`;

export const ROLLOUT = (
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
export const READINESS_GATE = `# Readiness gate: Preflight must say the component is ready in this environment.
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

export const RECORD_IMAGE = `# GitOps: keep the desired state in Git equal to what was deployed.
git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git add "$MANIFESTS_DIR/$ENVIRONMENT"
if git diff --cached --quiet; then exit 0; fi
git commit -m "deploy($ENVIRONMENT): $COMPONENT $GITHUB_SHA [skip ci]"
git fetch origin "$DEFAULT_BRANCH"
git rebase "origin/$DEFAULT_BRANCH"
git push origin "HEAD:$DEFAULT_BRANCH"`;
