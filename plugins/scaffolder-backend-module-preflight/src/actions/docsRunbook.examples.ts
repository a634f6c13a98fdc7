import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'runbook',
        action: 'preflight:docs:runbook',
        name: 'Write the runbook',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description: 'The runbook of a new service, with the default alerts',
    example: step({
      name: 'checkout-api',
      namespace: 'shop',
      owner: 'group:default/checkout-team',
      description: 'Checkout API of the shop',
    }),
  },
  {
    description:
      'A service synced by Argo CD that depends on a PostgreSQL database, with its own alerts',
    example: step({
      name: 'payments',
      namespace: 'shop',
      owner: 'group:default/payments-team',
      argoCdApplication: 'payments-{env}',
      backup: {
        schedule: '30 1 * * *',
        dataStores: [{ name: 'payments-db', type: 'postgres' }],
      },
      alerts: [
        {
          name: 'PaymentsFailing',
          severity: 'critical',
          summary: 'More than 1% of payments fail for 5 minutes.',
          action:
            'Check the payment provider status page, then roll back the latest deploy.',
        },
      ],
    }),
  },
];
