import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

const step = (input: Record<string, unknown>) =>
  yaml.stringify({
    steps: [
      {
        id: 'dockerfile',
        action: 'preflight:dockerfile',
        name: 'Write the Dockerfile',
        input,
      },
    ],
  });

export const examples: TemplateExample[] = [
  {
    description:
      'A Node.js service built with npm (the build script compiles to dist/)',
    example: step({ runtime: 'node', port: 8080 }),
  },
  {
    description: 'A Go service whose main package is in cmd/server',
    example: step({ runtime: 'go', goMainPackage: './cmd/server' }),
  },
  {
    description:
      'A Python service with a non-secret build argument and a newer base image',
    example: step({
      runtime: 'python',
      command: ['python', '-m', 'service'],
      buildArgs: { PIP_INDEX_URL: 'https://pypi.org/simple' },
      baseImages: {
        build: 'python:3.13.1-alpine3.21',
        runtime: 'python:3.13.1-alpine3.21',
      },
    }),
  },
];
