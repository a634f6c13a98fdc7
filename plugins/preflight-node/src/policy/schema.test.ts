import { sanitizeObject } from '@preflight/plugin-preflight-common';
import {
  MANIFEST_SCHEMA_TYPES,
  pointerToPath,
  validateManifestSchema,
} from './schema';
import {
  compliantCronJob,
  compliantDeployment,
  compliantJob,
  compliantPod,
  compliantSet,
  hpa,
} from './__testUtils__/fixtures';

describe('validateManifestSchema', () => {
  it('accepts the compliant baseline objects', () => {
    for (const object of [
      ...compliantSet(),
      compliantCronJob(),
      compliantJob(),
      compliantPod(),
      hpa('app', 2),
    ]) {
      expect(validateManifestSchema(object)).toEqual({
        status: 'valid',
        apiVersion: object.apiVersion,
        kind: object.kind,
      });
    }
  });

  it('names the field of a wrong type and of a missing required field', () => {
    const deployment = compliantDeployment();
    deployment.spec.replicas = 'three';
    delete deployment.spec.selector;
    const result = validateManifestSchema(deployment);
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.errors).toEqual(
      expect.arrayContaining([
        { path: 'spec.replicas', message: 'spec.replicas must be integer' },
        { path: 'spec.selector', message: 'spec.selector is required' },
      ]),
    );
  });

  it('locates errors deep in the pod spec, with bracketed keys where needed', () => {
    const deployment = compliantDeployment();
    deployment.spec.template.spec.containers[0].ports[0].containerPort = '8080';
    deployment.spec.template.metadata.labels['app.kubernetes.io/version'] = 2;
    delete deployment.spec.template.spec.containers[0].name;
    const result = validateManifestSchema(deployment);
    expect(result.status === 'invalid' && result.errors).toEqual(
      expect.arrayContaining([
        {
          path: 'spec.template.spec.containers[0].ports[0].containerPort',
          message:
            'spec.template.spec.containers[0].ports[0].containerPort must be integer',
        },
        {
          path: 'spec.template.metadata.labels["app.kubernetes.io/version"]',
          message:
            'spec.template.metadata.labels["app.kubernetes.io/version"] must be string',
        },
        {
          path: 'spec.template.spec.containers[0].name',
          message: 'spec.template.spec.containers[0].name is required',
        },
      ]),
    );
  });

  it('reports an int-or-string of the wrong type once', () => {
    const deployment = compliantDeployment();
    deployment.spec.strategy = { rollingUpdate: { maxSurge: true } };
    const result = validateManifestSchema(deployment);
    expect(result.status === 'invalid' && result.errors).toEqual([
      {
        path: 'spec.strategy.rollingUpdate.maxSurge',
        message:
          'spec.strategy.rollingUpdate.maxSurge must be string or integer',
      },
    ]);
  });

  it('reports enum errors with the allowed values', () => {
    const result = validateManifestSchema({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, protocol: 'ICMP' }] },
    });
    expect(result.status).toBe('invalid');
    expect(result.status === 'invalid' && result.errors[0]).toEqual({
      path: 'spec.ports[0].protocol',
      message: expect.stringMatching(
        /^spec\.ports\[0\]\.protocol must be one of: .*TCP/,
      ),
    });
  });

  it('returns a distinct no-schema result for unknown apiVersion/kind', () => {
    expect(
      validateManifestSchema({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'r' },
      }),
    ).toEqual({
      status: 'no-schema',
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      message: 'no schema for monitoring.coreos.com/v1/PrometheusRule',
    });
    // a known kind under an unknown version is not silently validated with another schema
    expect(
      validateManifestSchema({
        ...compliantDeployment(),
        apiVersion: 'apps/v1beta2',
      }).status,
    ).toBe('no-schema');
  });

  it('rejects objects without apiVersion or kind', () => {
    expect(validateManifestSchema({ metadata: { name: 'x' } })).toEqual({
      status: 'invalid',
      apiVersion: '',
      kind: '',
      errors: [
        { path: 'apiVersion', message: 'apiVersion is required' },
        { path: 'kind', message: 'kind is required' },
      ],
    });
    expect(validateManifestSchema(null).status).toBe('invalid');
    expect(validateManifestSchema('kind: Pod').status).toBe('invalid');
  });

  it('accepts unknown fields, like the upstream schemas (documented limitation)', () => {
    const deployment = compliantDeployment();
    deployment.spec.template.spec.containers[0].readinesProbe = {};
    expect(validateManifestSchema(deployment).status).toBe('valid');
  });

  it('accepts a Secret sanitized to key names only, and rejects a non-base64 value', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { url: 'postgres://u:p@h/d' },
    };
    expect(validateManifestSchema(sanitizeObject(secret)).status).toBe('valid');
    const raw = { ...secret, data: { url: 'not base64!' } };
    const result = validateManifestSchema(raw);
    expect(result.status === 'invalid' && result.errors[0].path).toBe(
      'data.url',
    );
  });

  it('has a schema for every kind the suite produces or reads', () => {
    const types = MANIFEST_SCHEMA_TYPES.map(t => `${t.apiVersion}/${t.kind}`);
    expect(types).toEqual(
      expect.arrayContaining([
        'apps/v1/Deployment',
        'apps/v1/StatefulSet',
        'apps/v1/DaemonSet',
        'batch/v1/Job',
        'batch/v1/CronJob',
        'v1/Pod',
        'v1/Service',
        'v1/ServiceAccount',
        'v1/ConfigMap',
        'v1/Secret',
        'v1/Namespace',
        'autoscaling/v2/HorizontalPodAutoscaler',
        'policy/v1/PodDisruptionBudget',
        'networking.k8s.io/v1/NetworkPolicy',
        'networking.k8s.io/v1/Ingress',
      ]),
    );
    for (const { apiVersion, kind } of MANIFEST_SCHEMA_TYPES) {
      const result = validateManifestSchema({
        apiVersion,
        kind,
        metadata: { name: 'x' },
      });
      expect(result.status).not.toBe('no-schema');
    }
  });

  it('turns JSON pointers into JSON-path-like paths', () => {
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/spec/template/spec/containers/0/image')).toBe(
      'spec.template.spec.containers[0].image',
    );
    expect(pointerToPath('/metadata/annotations/a~1b~0c', 'x')).toBe(
      'metadata.annotations["a/b~c"].x',
    );
  });
});
