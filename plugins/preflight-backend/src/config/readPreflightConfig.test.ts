import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readPreflightConfig } from './readPreflightConfig';
import { InvalidConfigError, readPreflightSection } from './schema';

const read = (preflight: JsonObject, rest: JsonObject = {}) =>
  readPreflightConfig(new ConfigReader({ preflight, ...rest }));

function issuesOf(preflight: JsonObject, rest: JsonObject = {}) {
  try {
    read(preflight, rest);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidConfigError);
    return (error as InvalidConfigError).issues;
  }
  throw new Error('expected the configuration to be rejected');
}

describe('readPreflightConfig', () => {
  it('applies every default when preflight is absent', () => {
    const config = readPreflightConfig(new ConfigReader({}));
    expect(config).toEqual({
      environments: [
        { name: 'dev', title: 'Development' },
        { name: 'staging', title: 'Staging' },
        { name: 'production', title: 'Production' },
      ],
      cache: { ttlSeconds: 30 },
      live: {
        pageSize: 500,
        readPageSize: 10_000,
        timeoutMs: 5000,
        concurrency: 16,
        retries: 2,
        snapshotTimeoutMs: 60_000,
        watch: {
          enabled: false,
          maxObjectsPerCluster: 50_000,
          maxStalenessMs: 120_000,
        },
      },
      registries: [],
      registryTimeoutMs: 5000,
      policy: { immutableTags: undefined },
      checks: {},
      schedule: {
        frequency: { minutes: 30 },
        timeout: { minutes: 15 },
        initialDelay: { minutes: 1 },
      },
      evaluation: { concurrency: 4, shards: 1 },
      history: { retentionDays: 90 },
      configMaps: { visibleKeys: [] },
      waivers: { maxDays: 90 },
      parity: {},
      desired: {
        timeoutMs: 15_000,
        kustomize: {
          timeoutMs: 10_000,
          maxOutputBytes: 8 * 1024 * 1024,
          allowRemoteBases: false,
        },
      },
      argocd: { environmentLabel: 'environment', concurrency: 8 },
    });
  });

  it('returns the configured values, typed', () => {
    const config = read(
      {
        environments: [{ name: 'qa', cluster: 'local', namespace: 'shop' }],
        live: { pageSize: 50 },
        registries: [{ host: 'ghcr.io', token: 't' }],
        schedule: false,
        checks: { 'ci-tests': { severity: 'advisory', enabled: 'no' } },
      },
      {
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: 'http://127.0.0.1:8001',
                  authProvider: 'serviceAccount',
                },
              ],
            },
          ],
        },
      },
    );
    expect(config.environments).toEqual([
      { name: 'qa', title: 'qa', cluster: 'local', namespace: 'shop' },
    ]);
    expect(config.live.pageSize).toBe(50);
    expect(config.live.readPageSize).toBe(50);
    expect(config.live.timeoutMs).toBe(5000);
    expect(config.registries).toEqual([
      { host: 'ghcr.io', url: 'https://ghcr.io', insecure: false, token: 't' },
    ]);
    expect(config.schedule).toBeUndefined();
    expect(config.checks['ci-tests']).toEqual({
      severity: 'advisory',
      enabled: false,
      options: { timeoutMs: 5000 },
    });
  });

  it('names every invalid key at once, across sections, with what was expected', () => {
    const issues = issuesOf({
      live: { pageSize: 0, retries: 'twice' },
      cache: { ttlSeconds: 7200 },
      environments: [{ name: 'dev' }, { name: 'Prod_1' }, { name: 'dev' }],
      registries: [{ host: 'ghcr.io' }, { host: 'quay.io', username: 'u' }],
      checks: {
        'ci-tests': { options: { workflows: 'build', retries: 1 } },
        'image-tagged': { severity: 'fatal', colour: 'red' },
      },
      desired: { kustomize: { allowRemoteBases: 'yes' } },
      evaluation: { shards: 65 },
      argocd: { environmentLabel: 'not a label' },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        {
          key: 'preflight.live.pageSize',
          message: 'expected an integer between 1 and 10000, got 0',
        },
        {
          key: 'preflight.live.retries',
          message: 'expected an integer between 0 and 10, got "twice"',
        },
        {
          key: 'preflight.cache.ttlSeconds',
          message: 'expected a number of seconds between 0 and 3600, got 7200',
        },
        {
          key: 'preflight.environments[1].name',
          message:
            "'Prod_1' is not a DNS-1123 label (lowercase letters, digits and '-', at most 63 characters)",
        },
        {
          key: 'preflight.environments[2].name',
          message: "environment 'dev' is defined more than once",
        },
        {
          key: 'preflight.registries[1].password',
          message: 'required with username',
        },
        {
          key: 'preflight.checks.ci-tests.options.workflows',
          message: 'expected a list of workflow names',
        },
        {
          key: 'preflight.checks.ci-tests.options.retries',
          message: 'unknown option (allowed: workflows, timeoutMs)',
        },
        {
          key: 'preflight.checks.image-tagged.severity',
          message: "expected 'blocking' or 'advisory', got 'fatal'",
        },
        {
          key: 'preflight.checks.image-tagged.colour',
          message:
            'unknown setting (allowed: enabled, severity, thresholds, appliesTo, options)',
        },
        {
          key: 'preflight.desired.kustomize.allowRemoteBases',
          message: 'expected true or false',
        },
        {
          key: 'preflight.evaluation.shards',
          message: 'expected an integer between 1 and 64, got 65',
        },
        {
          key: 'preflight.argocd.environmentLabel',
          message:
            "expected a Kubernetes label key, e.g. 'environment' or 'example.com/environment'",
        },
      ]),
    );
    expect(issues).toHaveLength(13);
  });

  it('puts one line per invalid key in the message', () => {
    expect(() =>
      read({ live: { pageSize: 0 }, waivers: { maxDays: 0 } }),
    ).toThrow(
      [
        "Invalid config at 'preflight.live.pageSize': expected an integer between 1 and 10000, got 0",
        "Invalid config at 'preflight.waivers.maxDays': expected an integer between 1 and 366, got 0",
      ].join('\n'),
    );
  });

  it('reports an undefined cluster together with the schema problems of other sections', () => {
    const issues = issuesOf({
      environments: [{ name: 'dev', cluster: 'nowhere' }],
      history: { retentionDays: 0 },
    });
    expect(issues.map(i => i.key)).toEqual([
      'preflight.history.retentionDays',
      'preflight.environments[0].cluster',
    ]);
    expect(issues[1].message).toContain(
      "cluster 'nowhere' is not defined in kubernetes.clusterLocatorMethods (defined: none)",
    );
  });

  it('names a missing required key', () => {
    expect(issuesOf({ environments: [{ title: 'Dev' }] })).toEqual([
      {
        key: 'preflight.environments[0].name',
        message: 'missing (expected a DNS-1123 label, e.g. dev)',
      },
    ]);
  });

  it('never puts the value of a secret in the message', () => {
    const issues = issuesOf({
      registries: [{ host: 'ghcr.io', username: 'u', password: 123456789 }],
    });
    expect(issues).toEqual([
      {
        key: 'preflight.registries[0].password',
        message: 'expected a non-empty string',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('123456789');
  });

  it('names the invalid keys of the Argo CD instances (argocd.*) with those of preflight.*', () => {
    const issues = issuesOf(
      { argocd: { concurrency: 0 } },
      {
        argocd: {
          username: 'admin',
          appLocatorMethods: [
            {
              type: 'config',
              instances: [
                { name: 'main', url: 'ftp://argocd', token: 'sec\u0007ret' },
                { name: 'main', url: 'https://argocd.example.com', token: 't' },
              ],
            },
          ],
        },
      },
    );
    expect(issues).toEqual([
      {
        key: 'preflight.argocd.concurrency',
        message: 'expected an integer between 1 and 64, got 0',
      },
      {
        key: 'argocd.appLocatorMethods[0].instances[0].url',
        message: 'expected an http(s) URL',
      },
      {
        key: 'argocd.appLocatorMethods[0].instances[0].token',
        message: 'contains a control character',
      },
    ]);
    expect(JSON.stringify(issues)).not.toContain('sec');
  });

  it('rejects preflight itself when it is not an object', () => {
    expect(() =>
      readPreflightConfig(new ConfigReader({ preflight: 'yes' })),
    ).toThrow("Invalid config at 'preflight': expected an object");
  });
});

describe('readPreflightSection', () => {
  it('reads one section with its defaults, naming its invalid keys', () => {
    expect(readPreflightSection(new ConfigReader({}), 'evaluation')).toEqual({
      concurrency: 4,
      shards: 1,
    });
    expect(() =>
      readPreflightSection(
        new ConfigReader({
          preflight: { evaluation: { concurrency: 0, shards: 2.5 } },
        }),
        'evaluation',
      ),
    ).toThrow(
      "Invalid config at 'preflight.evaluation.concurrency': expected an integer between 1 and 64, got 0\nInvalid config at 'preflight.evaluation.shards': expected an integer between 1 and 64, got 2.5",
    );
  });
});
