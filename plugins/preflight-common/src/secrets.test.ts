import { MASKED_VALUE, isSensitiveEnv, sanitizeObject } from './secrets';

describe('sanitizeObject', () => {
  it('keeps only the key names of a Secret and drops last-applied-configuration', () => {
    const out = sanitizeObject({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"data":{"url":"cG9zdGdyZXM6Ly91OnBAaC9k"}}',
          team: 'checkout',
        },
      },
      data: { url: 'cG9zdGdyZXM6Ly91OnBAaC9k' },
      stringData: { password: 'hunter2' },
    });
    expect(out.data).toEqual({ url: MASKED_VALUE, password: MASKED_VALUE });
    expect(out.stringData).toBeUndefined();
    expect(out.metadata.annotations).toEqual({ team: 'checkout' });
    expect(JSON.stringify(out)).not.toMatch(/hunter2|cG9zdGdyZXM/);
  });

  it('masks sensitive env literals in every workload kind and keeps the rest', () => {
    const container = {
      name: 'app',
      env: [
        { name: 'LOG_LEVEL', value: 'info' },
        { name: 'STRIPE_API_KEY', value: 'sk_live_FAKE_DO_NOT_USE_0000' },
        { name: 'UPSTREAM', value: 'https://u:p4ss@example.com' },
        {
          name: 'DB_PASSWORD',
          valueFrom: { secretKeyRef: { name: 'db', key: 'p' } },
        },
      ],
    };
    const podSpec = { containers: [container], initContainers: [container] };
    const objects = [
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'a' },
        spec: { template: { spec: podSpec } },
      },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: podSpec },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'a' },
        spec: { jobTemplate: { spec: { template: { spec: podSpec } } } },
      },
    ];
    for (const object of objects) {
      const text = JSON.stringify(sanitizeObject(object));
      expect(text).not.toContain('sk_live_FAKE');
      expect(text).not.toContain('p4ss');
      expect(text).toContain('"LOG_LEVEL","value":"info"');
      expect(text).toContain('secretKeyRef');
    }
    // the input is not modified
    expect(container.env[1].value).toBe('sk_live_FAKE_DO_NOT_USE_0000');
  });

  it('drops last-applied-configuration from every object, not only Secrets', () => {
    const out = sanitizeObject({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'payments-api',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration':
            '{"spec":{"template":{"spec":{"containers":[{"env":[{"name":"STRIPE_API_KEY","value":"sk_live_FAKE_DO_NOT_USE_0000"}]}]}}}}',
          'deployment.kubernetes.io/revision': '3',
        },
      },
      spec: {},
    });
    expect(out.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '3',
    });
  });

  it('masks credential-looking ConfigMap values and all binaryData', () => {
    const out = sanitizeObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: {
        LOG_LEVEL: 'info',
        API_TOKEN: 'abc',
        UPSTREAM: 'https://u:pw@x.example',
      },
      binaryData: { 'cert.der': 'AAEC' },
    });
    expect(out.data).toEqual({
      LOG_LEVEL: 'info',
      API_TOKEN: MASKED_VALUE,
      UPSTREAM: MASKED_VALUE,
    });
    expect(out.binaryData).toEqual({ 'cert.der': MASKED_VALUE });
  });

  it('recognises sensitive names and values', () => {
    expect(isSensitiveEnv('DATABASE_PASSWORD', 'x')).toBe(true);
    expect(isSensitiveEnv('GITHUB_TOKEN', 'x')).toBe(true);
    expect(
      isSensitiveEnv('GREETING', 'ghp_abcdefghijklmnopqrstuvwxyz0123'),
    ).toBe(true);
    expect(isSensitiveEnv('LOG_LEVEL', 'debug')).toBe(false);
    expect(isSensitiveEnv('PORT', '8080')).toBe(false);
    expect(isSensitiveEnv('API_KEY', '')).toBe(false);
  });
});
