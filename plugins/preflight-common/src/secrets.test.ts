import {
  MASKED_VALUE,
  isSensitiveEnv,
  isSensitiveEnvName,
  maskSensitiveText,
  sanitizeObject,
} from './secrets';

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

  it.each([
    'DB_PASS',
    'dbPass',
    'MYSQL_PWD',
    'PGPASS',
    'JWT_KEY',
    'SLACK_WEBHOOK_URL',
    'Authorization',
    'X-Api-Key',
    '--db-password',
    'spring.datasource.password',
    'masterKey',
  ])('treats the name %s as sensitive', name => {
    expect(isSensitiveEnvName(name)).toBe(true);
  });

  it.each([
    'LOG_LEVEL',
    'PORT',
    'CACHE_KEY_PREFIX',
    'BYPASS_CACHE',
    'COMPASS_URL',
    'KEYCLOAK_REALM',
    'SESSION_TIMEOUT',
  ])('does not treat the name %s as sensitive', name => {
    expect(isSensitiveEnvName(name)).toBe(false);
  });

  it('masks credentials inside a value and keeps the rest', () => {
    expect(maskSensitiveText('redis://:pw@cache:6379/0')).toBe(
      `redis://${MASKED_VALUE}@cache:6379/0`,
    );
    expect(maskSensitiveText('--db-password=hunter2 --port=8080')).toBe(
      `--db-password=${MASKED_VALUE} --port=8080`,
    );
    expect(
      maskSensitiveText(
        'Authorization: Bearer ghp_abcdefghijklmnopqrstuvwxyz01',
      ),
    ).toBe(`Authorization: ${MASKED_VALUE}`);
    expect(maskSensitiveText('server.port=8080\ntoken=abc\n')).toBe(
      `server.port=8080\ntoken=${MASKED_VALUE}\n`,
    );
    expect(maskSensitiveText('{"password": "x1", "level": "info"}')).toBe(
      `{"password": "${MASKED_VALUE}", "level": "info"}`,
    );
    expect(
      maskSensitiveText(
        'id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJl end',
      ),
    ).toBe(`id ${MASKED_VALUE} end`);
    expect(maskSensitiveText('https://example.com/path?q=1')).toBe(
      'https://example.com/path?q=1',
    );
    expect(isSensitiveEnv('ADMIN_PIN_PASSWORD', 40417)).toBe(true);
    expect(isSensitiveEnv('PORT', 8080)).toBe(false);
  });

  it('masks args after a sensitive flag, headers, lifecycle commands, and numbers', () => {
    const out = sanitizeObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'app',
            args: ['--token', 'abc123', '--port', '8080'],
            env: [{ name: 'PIN_PASSWORD', value: 1234 }],
            readinessProbe: {
              httpGet: {
                path: '/',
                httpHeaders: [
                  { name: 'Authorization', value: 'Basic dXNlcjpwdw==' },
                  { name: 'Accept', value: 'text/plain' },
                ],
              },
            },
            lifecycle: {
              preStop: { exec: { command: ['drain', '--api-key=k3y'] } },
            },
          },
        ],
      },
    });
    const c = out.spec.containers[0];
    expect(c.args).toEqual(['--token', MASKED_VALUE, '--port', '8080']);
    expect(c.env).toEqual([{ name: 'PIN_PASSWORD', value: MASKED_VALUE }]);
    expect(c.readinessProbe.httpGet.httpHeaders).toEqual([
      { name: 'Authorization', value: MASKED_VALUE },
      { name: 'Accept', value: 'text/plain' },
    ]);
    expect(c.lifecycle.preStop.exec.command).toEqual([
      'drain',
      `--api-key=${MASKED_VALUE}`,
    ]);
  });

  it('sanitizes objects nested at any depth: List items, Template objects', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      stringData: { password: 'hunter2' },
    };
    const out = sanitizeObject({
      apiVersion: 'v1',
      kind: 'List',
      metadata: { name: '' },
      items: [
        secret,
        {
          apiVersion: 'template.openshift.io/v1',
          kind: 'Template',
          metadata: { name: 't' },
          objects: [{ apiVersion: 'v1', kind: 'List', items: [secret] }],
        },
      ],
    });
    expect(JSON.stringify(out)).not.toContain('hunter2');
    expect((out.items as any[])[0].data).toEqual({ password: MASKED_VALUE });
  });

  it('copies only what it changes: untouched nested values are shared, the input is never modified', () => {
    const input = JSON.parse(
      JSON.stringify({
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: {
          untouched: { a: [1, { b: 'c' }] },
          nested: [
            { note: 'plain' },
            {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 's' },
              data: { token: 'dG9rZW4=' },
            },
          ],
        },
      }),
    );
    // A `__proto__` key (as JSON.parse makes it) next to a changed value stays a plain key.
    Object.defineProperty(input.spec, '__proto__', {
      value: { x: 1 },
      enumerable: true,
      configurable: true,
      writable: true,
    });
    const before = JSON.stringify(input);
    const out: any = sanitizeObject(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out).not.toBe(input);
    expect(out.spec).not.toBe(input.spec);
    expect(out.spec.untouched).toBe(input.spec.untouched);
    expect(out.spec.nested).not.toBe(input.spec.nested);
    expect(out.spec.nested[0]).toBe(input.spec.nested[0]);
    expect(out.spec.nested[1].data).toEqual({ token: MASKED_VALUE });
    expect(Object.getPrototypeOf(out.spec)).toBe(Object.prototype);
    expect(Object.keys(out.spec)).toEqual(['untouched', 'nested', '__proto__']);
    expect(JSON.stringify(out)).not.toContain('dG9rZW4=');
  });

  it('scans pathological text in linear time (no regex backtracking)', () => {
    // Each input is 1 MiB of what makes a naive pattern quadratic; each must still be masked
    // correctly afterwards. The jest timeout is the guard; bench figures are in the README.
    const mib = 1 << 20;
    const inputs = [
      'a'.repeat(mib),
      'eyJ'.repeat(mib / 3),
      'x='.repeat(mib / 2),
      ':'.repeat(mib),
      '://'.repeat(mib / 3),
      `${'a'.repeat(mib)}://u:p`,
      'ghp_'.repeat(mib / 4),
      `password${' '.repeat(mib)}=\n`,
      '-'.repeat(mib),
    ];
    for (const text of inputs) {
      expect(typeof maskSensitiveText(`${text} token=abc`)).toBe('string');
      expect(
        maskSensitiveText(`${text} token=abc`).endsWith(
          `token=${MASKED_VALUE}`,
        ),
      ).toBe(true);
    }
  });
});
