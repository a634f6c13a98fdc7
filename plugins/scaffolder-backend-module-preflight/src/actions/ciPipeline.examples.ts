import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'pipeline',
        action: 'preflight:ci:pipeline',
        name: 'Write the CI pipeline',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'GitHub Actions for a Node.js service pushing to ghcr.io; kubeconfigs in the secrets KUBECONFIG_DEV, KUBECONFIG_STAGING, KUBECONFIG_PRODUCTION and the Backstage token in BACKSTAGE_TOKEN',
    example: step({
      name: 'checkout-api',
      namespace: 'shop',
      runtime: 'node',
      imageRepository: 'ghcr.io/acme/checkout-api',
      backstageUrl: 'https://backstage.example.com',
    }),
  },
  {
    description:
      'GitLab CI for a Go service, with custom secret names (names only: the values live in GitLab CI/CD variables)',
    example: step({
      provider: 'gitlab',
      name: 'inventory',
      namespace: 'shop',
      runtime: 'go',
      imageRepository: 'registry.gitlab.com/acme/inventory',
      environments: ['dev', 'production'],
      secrets: {
        backstageToken: 'PREFLIGHT_GATE_TOKEN',
        kubeconfig: { dev: 'KUBE_DEV', production: 'KUBE_PROD' },
      },
      scanSeverity: 'CRITICAL',
    }),
  },
];
