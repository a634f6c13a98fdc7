import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Annotate the generated catalog-info.yaml for the readiness checks',
    example: yaml.stringify({
      steps: [
        {
          id: 'annotate',
          action: 'preflight:catalog:annotate',
          name: 'Add Preflight annotations',
          input: {
            kubernetesId: 'checkout-api',
            namespace: 'shop',
            manifests: './deploy/{env}',
            runbook: './docs/runbook.md',
            requiredEnv: ['DATABASE_URL', 'LOG_LEVEL'],
          },
        },
      ],
    }),
  },
];
