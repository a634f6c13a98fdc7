import {
  type KubernetesObject,
  MASKED_VALUE,
} from '@preflight/plugin-preflight-common';
import { extractParityAttributes } from './extract';

const objects: KubernetesObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: {
      name: 'db',
      labels: { 'app.kubernetes.io/name': 'db', team: 'x' },
    },
    spec: {
      replicas: 3,
      serviceName: 'db-headless',
      selector: { matchLabels: { app: 'db' } },
      updateStrategy: { type: 'OnDelete' },
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: 'fast',
            resources: { requests: { storage: '10Gi' } },
          },
        },
      ],
      template: {
        metadata: {
          labels: { app: 'db' },
          annotations: { 'prometheus.io/scrape': 'true' },
        },
        spec: {
          serviceAccountName: 'db',
          imagePullSecrets: [{ name: 'registry' }],
          nodeSelector: { 'kubernetes.io/arch': 'amd64' },
          tolerations: [
            {
              key: 'dedicated',
              operator: 'Equal',
              value: 'db',
              effect: 'NoSchedule',
            },
            {
              key: 'dedicated',
              operator: 'Equal',
              value: 'db',
              effect: 'NoExecute',
            },
            { operator: 'Exists' },
          ],
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                {
                  topologyKey: 'kubernetes.io/hostname',
                  labelSelector: { matchLabels: { app: 'db' } },
                },
              ],
            },
          },
          hostNetwork: false,
          hostPID: true,
          securityContext: { runAsNonRoot: true, supplementalGroups: [3, 1] },
          initContainers: [
            {
              name: 'init',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'chown 999 /data'],
            },
          ],
          containers: [
            {
              name: 'postgres',
              image: 'postgres:16.2',
              envFrom: [
                { configMapRef: { name: 'db-config' } },
                {
                  secretRef: { name: 'db-env', optional: true },
                  prefix: 'DB_',
                },
              ],
              env: [
                { name: 'POSTGRES_PASSWORD', value: 'hunter2hunter2' },
                { name: 'GREETING', value: 'hello' },
                { name: 'GREETING', value: 'hi' },
                {
                  name: 'CPU_LIMIT',
                  valueFrom: {
                    resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' },
                  },
                },
              ],
              ports: [
                { containerPort: 5432, name: 'pg' },
                { containerPort: 9187, protocol: 'TCP' },
              ],
              resources: { limits: { cpu: '2', memory: '4Gi' } },
              startupProbe: { tcpSocket: { port: 5432 }, failureThreshold: 30 },
              livenessProbe: { exec: { command: ['pg_isready'] } },
              securityContext: {
                capabilities: { drop: ['NET_RAW', 'ALL'], add: ['CHOWN'] },
              },
              volumeMounts: [
                { name: 'data', mountPath: '/var/lib/postgresql/data' },
                { name: 'certs', mountPath: '/certs', readOnly: true },
              ],
            },
          ],
          volumes: [
            {
              name: 'certs',
              projected: {
                sources: [
                  {
                    secret: {
                      name: 'db-tls',
                      items: [{ key: 'tls.crt', path: 'tls.crt' }],
                    },
                  },
                  { configMap: { name: 'ca-bundle' } },
                ],
              },
            },
            {
              name: 'scratch',
              emptyDir: { medium: 'Memory', sizeLimit: '1Gi' },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent' },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: {
        spec: {
          containers: [
            { name: 'agent', image: `agent@sha256:${'c'.repeat(64)}` },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly' },
    spec: {
      schedule: '0 3 * * *',
      timeZone: 'Europe/Paris',
      concurrencyPolicy: 'Forbid',
      jobTemplate: {
        spec: {
          backoffLimit: 1,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [
                {
                  name: 'job',
                  image: 'ghcr.io/acme/job:1.0.0',
                  args: ['--all'],
                },
              ],
            },
          },
        },
      },
    },
  },
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web' },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.staging.acme.dev'], secretName: 'web-tls' }],
      rules: [
        {
          host: 'shop.staging.acme.dev',
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: { service: { name: 'web', port: { name: 'http' } } },
              },
            ],
          },
        },
      ],
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db-env' },
    type: 'Opaque',
    data: { password: MASKED_VALUE, user: MASKED_VALUE },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'db-config' },
    data: { MAX_CONNECTIONS: '100' },
    binaryData: { 'logo.png': 'iVBORw0KGgo=' },
  },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'db' },
    automountServiceAccountToken: false,
    imagePullSecrets: [{ name: 'registry' }],
  },
  {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'db' },
    spec: { minAvailable: '50%', selector: { matchLabels: { app: 'db' } } },
  },
  {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'db-alerts', labels: { 'app.kubernetes.io/name': 'db' } },
    spec: { groups: [] },
  },
  // Duplicate kind/name (another namespace): ignored.
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'db-config', namespace: 'other' },
    data: { OTHER: '1' },
  },
  // Controller-created: ignored.
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'db-0' },
    spec: { containers: [{ name: 'postgres', image: 'postgres:16.2' }] },
  },
];

describe('extractParityAttributes', () => {
  const attributes = extractParityAttributes(objects);
  const values = Object.fromEntries(attributes.map(a => [a.id, a.value]));

  it('gives every attribute a unique, stable id', () => {
    expect(new Set(attributes.map(a => a.id)).size).toBe(attributes.length);
    const tag = attributes.find(
      a => a.id === 'StatefulSet/db › container postgres › image.tag',
    );
    expect(tag).toEqual({
      id: 'StatefulSet/db › container postgres › image.tag',
      category: 'images',
      object: { kind: 'StatefulSet', name: 'db' },
      container: 'postgres',
      attribute: 'image.tag',
      label: 'Image tag',
      value: '16.2',
    });
  });

  it('extracts workloads, containers and pod settings', () => {
    expect(values).toMatchObject({
      'StatefulSet/db › object': 'present',
      'StatefulSet/db › replicas': '3',
      'StatefulSet/db › serviceName': 'db-headless',
      'StatefulSet/db › updateStrategy': 'OnDelete',
      'StatefulSet/db › podManagementPolicy': 'OrderedReady (default)',
      'StatefulSet/db › selector': 'app=db',
      'StatefulSet/db › volumeClaimTemplate:data':
        'ReadWriteOnce, storage 10Gi, class fast',
      'StatefulSet/db › serviceAccountName': 'db',
      'StatefulSet/db › nodeSelector:kubernetes.io/arch': 'amd64',
      'StatefulSet/db › toleration:dedicated':
        'Equal value db effect NoExecute | Equal value db effect NoSchedule',
      'StatefulSet/db › toleration:*': 'Exists all effects',
      'StatefulSet/db › pod.hostPID': 'true',
      'StatefulSet/db › pod.securityContext.runAsNonRoot': 'true',
      'StatefulSet/db › pod.securityContext.supplementalGroups': '1, 3',
      'StatefulSet/db › volume:scratch': 'emptyDir medium Memory sizeLimit 1Gi',
      'StatefulSet/db › init container init › image.tag': '1.36',
      'StatefulSet/db › init container init › command':
        '["sh","-c","chown 999 /data"]',
      'StatefulSet/db › container postgres › image.repository': 'postgres',
      'StatefulSet/db › container postgres › imagePullPolicy':
        'IfNotPresent (default)',
      'StatefulSet/db › container postgres › port:pg': '5432/TCP',
      'StatefulSet/db › container postgres › port:9187': '9187/TCP',
      'StatefulSet/db › container postgres › resources.limits.cpu': '2',
      'StatefulSet/db › container postgres › startupProbe':
        'tcpSocket :5432 · delay 0s, period 10s, timeout 1s, success 1, failure 30',
      'StatefulSet/db › container postgres › livenessProbe':
        'exec ["pg_isready"] · delay 0s, period 10s, timeout 1s, success 1, failure 3',
      'StatefulSet/db › container postgres › securityContext.capabilities.drop':
        'ALL, NET_RAW',
      'StatefulSet/db › container postgres › securityContext.capabilities.add':
        'CHOWN',
      'StatefulSet/db › container postgres › volumeMount:/certs':
        'certs (read-only)',
      'StatefulSet/db › container postgres › env:CPU_LIMIT':
        'resourceFieldRef limits.cpu / 1m',
      // Kubernetes semantics: the last definition of a duplicated name wins.
      'StatefulSet/db › container postgres › env-value:GREETING': 'hi',
      'StatefulSet/db › pod template › annotation:prometheus.io/scrape': 'true',
      'StatefulSet/db › label:app.kubernetes.io/name': 'db',
      'DaemonSet/agent › updateStrategy':
        'RollingUpdate (maxSurge 0, maxUnavailable 1) (default)',
      'DaemonSet/agent › container agent › image.digest': `sha256:${'c'.repeat(
        64,
      )}`,
      'DaemonSet/agent › container agent › imagePullPolicy':
        'IfNotPresent (default)',
      'CronJob/nightly › schedule': '0 3 * * *',
      'CronJob/nightly › timeZone': 'Europe/Paris',
      'CronJob/nightly › concurrencyPolicy': 'Forbid',
      'CronJob/nightly › backoffLimit': '1',
      'CronJob/nightly › restartPolicy': 'Never',
      'CronJob/nightly › container job › args': '["--all"]',
    });
    expect(values).not.toHaveProperty(
      'StatefulSet/db › container postgres › image.digest',
    );
    expect(values).not.toHaveProperty('StatefulSet/db › label:team');
    expect(values).not.toHaveProperty('StatefulSet/db › pod.hostNetwork');
  });

  it('masks sensitive literals even in unsanitized objects', () => {
    expect(
      values[
        'StatefulSet/db › container postgres › env-value:POSTGRES_PASSWORD'
      ],
    ).toBe(MASKED_VALUE);
    expect(JSON.stringify(attributes)).not.toContain('hunter2');
  });

  it('records referenced ConfigMaps and Secrets, and how they are used', () => {
    expect(
      Object.fromEntries(
        attributes
          .filter(a => a.object.name === 'db' && a.category === 'config')
          .map(a => [a.id, a.value]),
      ),
    ).toEqual({
      'StatefulSet/db › container postgres › envFrom:configMap/db-config':
        'all keys',
      'StatefulSet/db › container postgres › envFrom:secret/db-env':
        'prefix DB_, optional',
      'StatefulSet/db › configMapRef:ca-bundle': 'volume',
      'StatefulSet/db › configMapRef:db-config': 'envFrom',
      'StatefulSet/db › secretKeyRef:db-tls/tls.crt': 'volume',
      'StatefulSet/db › secretRef:db-env': 'envFrom',
      'StatefulSet/db › secretRef:db-tls': 'volume',
      'StatefulSet/db › secretRef:registry': 'imagePullSecret',
      'ServiceAccount/db › secretRef:registry': 'imagePullSecret',
    });
  });

  it('records key names of ConfigMaps and Secrets, never their values', () => {
    expect(
      attributes
        .filter(
          a => a.object.kind === 'ConfigMap' || a.object.kind === 'Secret',
        )
        .map(a => `${a.id} = ${a.value}`),
    ).toEqual([
      'Secret/db-env › object = present',
      'Secret/db-env › secret-key:password = present',
      'Secret/db-env › secret-key:user = present',
      'Secret/db-env › type = Opaque',
      'ConfigMap/db-config › object = present',
      'ConfigMap/db-config › configmap-key:MAX_CONNECTIONS = present',
      'ConfigMap/db-config › configmap-key:logo.png = present',
    ]);
  });

  it('extracts ingresses, disruption budgets, service accounts and unknown kinds', () => {
    expect(values).toMatchObject({
      'Ingress/web › ingress.className': 'nginx',
      'Ingress/web › ingress.rule[0].host': 'shop.staging.acme.dev',
      'Ingress/web › ingress.rule[0].paths': '/ (Prefix) → web:http',
      'Ingress/web › ingress.tls[0].hosts': 'shop.staging.acme.dev',
      'Ingress/web › secretRef:web-tls': 'tls',
      'PodDisruptionBudget/db › pdb.minAvailable': '50%',
      'PodDisruptionBudget/db › selector': 'app=db',
      'ServiceAccount/db › automountServiceAccountToken': 'false',
      'PrometheusRule/db-alerts › object': 'present',
      'PrometheusRule/db-alerts › label:app.kubernetes.io/name': 'db',
    });
    expect(
      attributes.filter(a => a.object.kind === 'PrometheusRule'),
    ).toHaveLength(2);
    expect(attributes.some(a => a.object.kind === 'Pod')).toBe(false);
  });

  it('compares quantities by value', () => {
    const cpu = (value: string) =>
      extractParityAttributes([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'a' },
          spec: {
            template: {
              spec: {
                containers: [
                  {
                    name: 'a',
                    image: 'a:1',
                    resources: { requests: { cpu: value } },
                  },
                ],
              },
            },
          },
        },
      ]).find(a => a.attribute === 'resources.requests.cpu')!;
    expect(cpu('500m')).toMatchObject({ value: '500m', compare: '0.5' });
    expect(cpu('0.5')).toMatchObject({ value: '0.5' });
    expect(cpu('0.5').compare).toBeUndefined();
    expect(cpu('1Gi').compare).toBe(String(2 ** 30));
    expect(cpu('1e3').compare).toBe('1000');
  });
});
