import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Fail the template when the manifests it generated break a blocking policy rule (run after preflight:kubernetes:manifests)',
    example: yaml.stringify({
      steps: [
        {
          id: 'policy',
          action: 'preflight:policy:validate',
          name: 'Validate the manifests',
          input: { path: 'deploy' },
        },
      ],
    }),
  },
];
