import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'manifests',
        action: 'preflight:kubernetes:manifests',
        name: 'Write Kubernetes manifests',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'A new service whose image CI has not built yet: the repository and a commit-SHA tag, which the generated pipeline replaces with the pinned <repo>:<sha>@<digest> on every deploy',
    example: step({
      name: 'checkout-api',
      namespace: 'shop',
      partOf: 'shop',
      imageRepository: 'ghcr.io/acme/checkout-api',
      initialTag: '0000000',
    }),
  },
  {
    description:
      'An image pinned by digest, per-environment values and replica bounds, a secret from a Kubernetes Secret, a ConfigMap and ingress from the ingress controller',
    example: step({
      name: 'payments',
      namespace: 'shop',
      image:
        'ghcr.io/acme/payments:4f1c2b7@sha256:3b5f1e0a9c7d2e4f6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f',
      port: 3000,
      environments: ['dev', 'staging', 'production'],
      replicas: {
        dev: { min: 1, max: 2 },
        production: { min: 3, max: 12 },
      },
      resources: {
        requests: { cpu: '250m', memory: '256Mi' },
        limits: { cpu: '1', memory: '512Mi' },
      },
      env: {
        common: { LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
        perEnvironment: {
          dev: { LOG_LEVEL: 'debug' },
          production: { LOG_LEVEL: 'warn' },
        },
      },
      secretEnv: [
        { name: 'DATABASE_URL', secretName: 'payments-db', key: 'url' },
      ],
      configMap: { FEATURE_FLAGS: 'checkout-v2' },
      ingressFrom: {
        namespaceLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
      },
    }),
  },
  {
    description:
      'A service that exposes Prometheus metrics: a ServiceMonitor scraping /metrics and, besides the availability alerts, an alert when the target is down; both labelled for the Prometheus of kube-prometheus-stack',
    example: step({
      name: 'orders',
      namespace: 'shop',
      imageRepository: 'ghcr.io/acme/orders',
      initialTag: '4f1c2b7',
      monitoring: {
        metricsPath: '/metrics',
        labels: { release: 'kube-prometheus-stack' },
      },
    }),
  },
];
