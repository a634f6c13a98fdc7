import type { KubernetesObject } from '@preflight/plugin-preflight-common';

/*
 * A corpus of objects with a unique canary string in every place a credential hides in real
 * manifests. Whatever reads these objects — a source, a route, a log line — must never let a
 * canary out. Each canary is `cnry` + a two-digit number + filler, so a leak names its place.
 */

const filler = 'Zq7Xw2Vb9Lm4Np8Rt';
/** The canary for place `n`. */
export const canary = (n: number) =>
  `cnry${String(n).padStart(2, '0')}${filler}`;

/** Every canary planted by {@link canaryObjects}. */
export const CANARY_PATTERN = /cnry\d\d/;

const pod = (containers: object[]) => ({
  metadata: { labels: { app: 'vault-app' } },
  spec: { containers },
});

/** The objects of one environment of a component whose manifests hide credentials everywhere. */
export function canaryObjects(
  labels: Record<string, string> = {},
): KubernetesObject[] {
  const meta = (name: string, extra: object = {}) => ({
    name,
    labels,
    ...extra,
  });
  const secret = (name: string, n: number) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: meta(name),
    type: 'Opaque',
    stringData: { password: canary(n) },
    data: { token: Buffer.from(canary(n + 1)).toString('base64') },
  });
  const container = {
    name: 'app',
    image: 'ghcr.io/acme/vault-app:1.2.3',
    command: ['/bin/app', `--db-password=${canary(1)}`, '--token', canary(2)],
    args: [
      `redis://:${canary(3)}@cache:6379/0`,
      `https://deploy:${canary(4)}@git.example.com/acme.git`,
      `Authorization: Bearer ghp_${canary(5)}xyz`,
      `-Dspring.datasource.password=${canary(6)}`,
    ],
    env: [
      { name: 'dbPass', value: canary(7) },
      { name: 'DB_PASS', value: canary(8) },
      { name: 'MYSQL_PWD', value: canary(9) },
      { name: 'PGPASS', value: canary(10) },
      { name: 'JWT_KEY', value: canary(11) },
      {
        name: 'SLACK_WEBHOOK_URL',
        value: `https://hooks.example/${canary(12)}`,
      },
      { name: 'ADMIN_PIN_PASSWORD', value: 40417 },
      { name: 'GREETING', value: `token=${canary(13)}` },
      { name: 'UPSTREAM', value: `amqp://guest:${canary(14)}@mq:5672` },
      { name: 'LOG_LEVEL', value: 'info' },
    ],
    readinessProbe: {
      httpGet: {
        path: '/ready',
        port: 8080,
        httpHeaders: [{ name: 'Authorization', value: `Basic ${canary(15)}` }],
      },
    },
    livenessProbe: {
      exec: {
        command: ['sh', '-c', `curl -H "X-Api-Key: ${canary(16)}" localhost`],
      },
    },
    lifecycle: {
      preStop: { exec: { command: ['/bin/drain', '--api-key', canary(17)] } },
      postStart: {
        httpGet: {
          path: '/warm',
          port: 8080,
          httpHeaders: [{ name: 'X-Auth-Token', value: canary(18) }],
        },
      },
    },
  };
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('vault-app', {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': `{"password":"${canary(
            19,
          )}"}`,
          'example.com/upstream-token': canary(20),
        },
      }),
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'vault-app' } },
        template: pod([container]),
      },
    },
    secret('vault-app-db', 21),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('vault-app-config'),
      data: {
        LOG_LEVEL: 'debug',
        API_TOKEN: canary(23),
        'application.properties': `server.port=8080\nspring.datasource.password=${canary(
          24,
        )}\ntoken=${canary(25)}\n`,
        'config.json': `{"db": {"password": "${canary(26)}"}, "level": "info"}`,
        CACHE_URL: `redis://:${canary(27)}@cache:6379`,
        PIN_SECRET: 1234567,
      },
      binaryData: {
        'keystore.p12': Buffer.from(canary(28)).toString('base64'),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'List',
      metadata: meta('nested'),
      items: [secret('nested-secret', 29)],
    },
    {
      apiVersion: 'template.openshift.io/v1',
      kind: 'Template',
      metadata: meta('openshift-template'),
      parameters: [{ name: 'DATABASE_PASSWORD', value: canary(31) }],
      objects: [secret('template-secret', 32)],
    },
    {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: meta('vault-app-release'),
      spec: {
        chart: { spec: { chart: 'vault-app' } },
        values: {
          auth: { adminPassword: canary(34) },
          database: { url: `postgres://app:${canary(35)}@db/app` },
          extraObjects: [secret('values-secret', 36)],
        },
      },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: meta('vault-app-argo'),
      spec: {
        source: {
          repoURL: 'https://git.example.com/acme/vault-app.git',
          helm: {
            values: `auth:\n  adminPassword: ${canary(38)}\n`,
            valuesObject: { redis: { password: canary(39) } },
            parameters: [{ name: 'db.password', value: canary(40) }],
          },
        },
      },
    },
  ] as KubernetesObject[];
}
