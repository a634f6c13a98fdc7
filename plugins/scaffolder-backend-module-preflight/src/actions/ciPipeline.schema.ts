// The input of preflight:ci:pipeline: its zod shape and parsePipelineInput, which applies it
// and checks the rules that span fields (secret names, registry credentials, backstageUrl).
import { InputError } from '@backstage/errors';
import { isSensitiveValue } from '@preflight/plugin-preflight-common';
import { RUNTIMES } from './dockerfile';
import {
  manifestsDirField,
  parseActionInput,
  type InputShape,
  type Zod,
} from './input';
import { DEFAULT_ENVIRONMENTS } from './kubernetesManifests.schema';
import {
  CI_SECRET_NAME,
  DNS_1035_LABEL,
  DNS_1123_LABEL,
  IMAGE_REPOSITORY,
  hasControlCharacters,
  registryOf,
} from './validation';

const GIT_BRANCH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const SEVERITIES =
  /^(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL)(,(UNKNOWN|LOW|MEDIUM|HIGH|CRITICAL))*$/;

const secretName = (z: Zod, what: string) =>
  z
    .string()
    .regex(
      CI_SECRET_NAME,
      'must be the NAME of a CI secret (letters, digits and _), never its value',
    )
    .describe(what);

/**
 * The input of `preflight:ci:pipeline`, as declared to the scaffolder. Internal: left out of
 * declaration files, where its inferred zod types cannot be named.
 *
 * @internal
 */
export const inputShape = {
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
  manifestsDir: manifestsDirField(
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

/** Parses the input and checks the rules that span fields; throws an `InputError` naming the field. */
export function parsePipelineInput(raw: unknown) {
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

/** The parsed input of `preflight:ci:pipeline`. */
export type PipelineInput = ReturnType<typeof parsePipelineInput>;
