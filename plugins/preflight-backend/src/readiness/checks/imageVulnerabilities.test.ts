import { ConfigReader } from '@backstage/config';
import type {
  CheckResult,
  EnvironmentState,
  KubernetesObject,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  cleanReport,
  criticalReport,
  exposedSecret,
  exposedSecretReport,
  hoursAgo,
  OLD_DIGEST,
  POD_TEMPLATE_HASH,
  sbomReport,
  SECRET_CANARY,
  staleReport,
  trivyVulnerability,
  trivyWorkload,
  TRIVY_WORKLOAD,
  vulnerabilityReport,
} from '../../__testUtils__/kubernetes/trivy';
import {
  cronJob,
  deployment,
  pod,
} from '../../__testUtils__/kubernetes/fixtures';
import {
  createImageVulnerabilitiesCheck,
  imageVulnerabilitiesCheck,
} from './imageVulnerabilities';
import {
  exposedSecretFindings,
  MAX_REPORT_TEXT,
  stripTrivyReport,
} from '../../trivy';
import { WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

const LOCATION = 'prod-eu/shop';
const READ_AT = '2026-12-05T07:00:00.000Z';

function state(
  objects: KubernetesObject[],
  live: Partial<SourceState> = {},
): EnvironmentState {
  return {
    environment: { name: 'production', title: 'Production' },
    live: {
      status: 'ok',
      objects,
      origins: objects.map(() => ({ source: 'live', location: LOCATION })),
      readAt: READ_AT,
      location: LOCATION,
      ...live,
    },
    desired: { status: 'not-configured', objects: [] },
  };
}

const run = (
  s: EnvironmentState,
  config: object = {},
  check = imageVulnerabilitiesCheck,
): Promise<CheckResult> =>
  check.evaluate({ state: s, config: new ConfigReader(config) } as any);

const RS = `${TRIVY_WORKLOAD}-${POD_TEMPLATE_HASH}`;
const REPORT = `replicaset-${RS}-${TRIVY_WORKLOAD}`;

describe('image-vulnerabilities', () => {
  it('declares its thresholds (validated at start-up) and the workload kinds, not the report kind', () => {
    expect(imageVulnerabilitiesCheck).toMatchObject({
      id: 'image-vulnerabilities',
      title: 'No known critical vulnerabilities',
      defaultSeverity: 'blocking',
      requiredKinds: WORKLOAD_CONTROLLER_KINDS,
      thresholds: {
        critical: { default: 0, min: 0 },
        high: { default: 5, min: 0, max: 10_000 },
        maxReportAgeHours: { default: 168 },
      },
    });
    expect(imageVulnerabilitiesCheck.requiredKinds).not.toContain(
      'VulnerabilityReport',
    );
  });

  it('passes with the counts when the report for the running digest is within the thresholds', async () => {
    const result = await run(state([...trivyWorkload(), cleanReport()]));
    expect(result).toMatchObject({
      status: 'pass',
      summary:
        '0 critical, 2 high vulnerabilities in 1 container (max 0 critical, 5 high)',
      evaluated: { subject: 'containers', count: 1 },
      factsReadAt: READ_AT,
      evidence: [
        {
          type: 'object',
          kind: 'VulnerabilityReport',
          name: REPORT,
          namespace: 'shop',
          source: 'live',
          location: LOCATION,
        },
      ],
    });
    expect(result.details).toContain(
      `container checkout-api of Deployment checkout-api: 0 critical, 2 high, 1 medium, 1 low (report ${REPORT}, 1 h old)`,
    );
  });

  it('fails over the thresholds with the counts, the most severe CVEs (critical first) and their fixes, linking the CVEs and the report', async () => {
    const result = await run(state([...trivyWorkload(), criticalReport()]));
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      '2 critical, 6 high vulnerabilities in checkout-api (Deployment checkout-api; max 0 critical, 5 high)',
    );
    const lines = result.details!.split('\n');
    const cves = lines.filter(l => l.startsWith('- **CVE'));
    expect(cves).toHaveLength(8);
    expect(cves[0]).toBe(
      '- **CVE-2024-45337** (CRITICAL, 9.1) golang.org/x/crypto v0.25.0 → fixed in 0.31.0: golang.org/x/crypto/ssh: Misuse of ServerConfig.PublicKeyCallback may cause authorization bypass (checkout-api)',
    );
    expect(cves[1]).toContain(
      // markdown escaped: `~` would strike through
      '**CVE-2024-37371** (CRITICAL, 9.1) libkrb5-3 3.0.11-1\\~deb12u2 → no fixed version',
    );
    expect(cves.slice(2).every(l => l.includes('(HIGH'))).toBe(true);
    expect(result.details).not.toContain('CVE-2024-2511'); // medium: not listed
    expect(result.evidence).toContainEqual({
      type: 'link',
      title: 'CVE-2024-45337',
      url: 'https://avd.aquasec.com/nvd/cve-2024-45337',
    });
    expect(result.evidence?.filter(e => e.type === 'link')).toHaveLength(8);
    expect(result.evidence).toContainEqual(
      expect.objectContaining({
        type: 'object',
        kind: 'VulnerabilityReport',
        name: REPORT,
        source: 'live',
      }),
    );
    expect(result.remediation).toContain('fixed versions');
    expect(result.evaluated).toEqual({ subject: 'containers', count: 1 });
  });

  it('lists at most 10 CVEs and links at most 10', async () => {
    const many = Array.from({ length: 25 }, (_, i) =>
      trivyVulnerability(`CVE-2024-${1000 + i}`, i < 5 ? 'CRITICAL' : 'HIGH'),
    );
    const result = await run(
      state([
        ...trivyWorkload(),
        vulnerabilityReport({ vulnerabilities: many }),
      ]),
    );
    expect(result.status).toBe('fail');
    const cves = result.details!.split('\n').filter(l => l.startsWith('- **'));
    expect(cves).toHaveLength(10);
    expect(cves.slice(0, 5).every(l => l.includes('CRITICAL'))).toBe(true);
    expect(result.details).toContain('- … and 15 more');
    expect(result.evidence?.filter(e => e.type === 'link')).toHaveLength(10);
  });

  it('is unknown for a report of another digest (the previous build of the tag), naming both', async () => {
    const result = await run(state([...trivyWorkload(), staleReport()]));
    expect(result.status).toBe('unknown');
    expect(result.summary).toBe(
      `Stale VulnerabilityReport ${REPORT}: report is for ghcr.io/acme/checkout-api:1.4.2@sha256:0a1b2c3d4e5f, checkout-api runs ghcr.io/acme/checkout-api:1.4.2@sha256:4b3e0c1f7a9d`,
    );
    expect(result.evaluated).toEqual({ subject: 'containers', count: 1 });
  });

  it('is unknown for a report of another tag, and does not let a stale over-threshold report fail', async () => {
    const workload = trivyWorkload({ pods: false });
    const other = await run(
      state([...workload, cleanReport({ tag: '1.4.1', digest: '' })]),
    );
    expect(other.status).toBe('unknown');
    expect(other.summary).toContain(
      'report is for ghcr.io/acme/checkout-api:1.4.1, checkout-api runs ghcr.io/acme/checkout-api:1.4.2',
    );
    const old = await run(
      state([...trivyWorkload(), criticalReport({ digest: OLD_DIGEST })]),
    );
    expect(old.status).toBe('unknown');
  });

  it('prefers the report for what runs over an older one for the previous ReplicaSet', async () => {
    const result = await run(
      state([
        ...trivyWorkload(),
        criticalReport({
          resource: { kind: 'ReplicaSet', name: `${TRIVY_WORKLOAD}-7b9c6d8f4` },
          digest: 'sha256:'.padEnd(71, 'a'),
          updateTimestamp: hoursAgo(0.5),
        }),
        cleanReport(),
      ]),
    );
    expect(result.status).toBe('pass');
  });

  it('matches by tag when no digest is known (no Pods in the state)', async () => {
    const result = await run(
      state([...trivyWorkload({ pods: false }), cleanReport()]),
    );
    expect(result.status).toBe('pass');
  });

  it('is unknown, naming the container and the workload, when a container has no report', async () => {
    const result = await run(
      state([...trivyWorkload(), sbomReport(), exposedSecretReport()]),
    );
    expect(result).toMatchObject({
      status: 'unknown',
      summary:
        'No VulnerabilityReport for container checkout-api of Deployment checkout-api',
      evaluated: { subject: 'containers', count: 1 },
    });
    expect(result.remediation).toContain('targetNamespaces');
  });

  it('resolves a report for ReplicaSet <deployment>-<pod-template-hash> to the Deployment, and no other', async () => {
    const other = (name: string) =>
      cleanReport({ resource: { kind: 'ReplicaSet', name } });
    // `checkout-api-v2-…` belongs to Deployment checkout-api-v2, `checkout-api-abc0` has no hash.
    for (const name of [
      `${TRIVY_WORKLOAD}-v2-${POD_TEMPLATE_HASH}`,
      `${TRIVY_WORKLOAD}-abc0`,
      `${TRIVY_WORKLOAD}`,
    ]) {
      const result = await run(state([...trivyWorkload(), other(name)]));
      expect(result.status).toBe('unknown');
      expect(result.summary).toMatch(/^No VulnerabilityReport for container/);
    }
    const direct = await run(
      state([
        ...trivyWorkload(),
        cleanReport({ resource: { kind: 'Deployment', name: TRIVY_WORKLOAD } }),
      ]),
    );
    expect(direct.status).toBe('pass');
    const otherNamespace = await run(
      state([...trivyWorkload(), cleanReport({ namespace: 'staging' })]),
    );
    expect(otherNamespace.status).toBe('unknown');
  });

  it('resolves reports for a CronJob (or one of its Jobs) and for a Pod that nothing controls', async () => {
    const cron = cronJob('nightly-export', {
      image: 'ghcr.io/acme/checkout-api:1.4.2',
    });
    const forJob = cleanReport({
      resource: { kind: 'Job', name: 'nightly-export-29012345' },
      container: 'nightly-export',
      digest: '',
    });
    expect((await run(state([cron, forJob]))).status).toBe('pass');
    const bare = pod('debug', { image: 'ghcr.io/acme/checkout-api:1.4.2' });
    bare.status.containerStatuses = [
      {
        name: 'debug',
        imageID: `ghcr.io/acme/checkout-api@${OLD_DIGEST}`,
      },
    ];
    const forPod = cleanReport({
      resource: { kind: 'Pod', name: 'debug' },
      container: 'debug',
    });
    const result = await run(state([bare, forPod]));
    expect(result.status).toBe('unknown');
    expect(result.summary).toContain(
      'debug runs ghcr.io/acme/checkout-api:1.4.2@sha256:0a1b2c3d4e5f',
    );
  });

  it('folds the registry names the operator records for Docker Hub images', async () => {
    const d = deployment('web', { image: 'nginx:1.27' });
    const report = cleanReport({
      resource: { kind: 'ReplicaSet', name: `web-${POD_TEMPLATE_HASH}` },
      container: 'web',
      registry: 'index.docker.io',
      repository: 'library/nginx',
      tag: '1.27',
      digest: '',
    });
    expect((await run(state([d, report]))).status).toBe('pass');
  });

  it('evaluates every container: a failing one fails the check, an undecided one is named', async () => {
    const d = deployment(TRIVY_WORKLOAD, {
      image: 'ghcr.io/acme/checkout-api:1.4.2',
    });
    d.spec.template.spec.containers.push({
      name: 'proxy',
      image: 'ghcr.io/acme/envoy:1.31.2',
    });
    d.spec.template.spec.initContainers = [
      { name: 'migrate', image: 'ghcr.io/acme/checkout-api:1.4.2' },
    ];
    const result = await run(
      state([
        d,
        criticalReport({ digest: '' }),
        cleanReport({ container: 'migrate', digest: '' }),
      ]),
    );
    expect(result.status).toBe('fail');
    expect(result.evaluated).toEqual({ subject: 'containers', count: 3 });
    expect(result.details).toContain(
      'no VulnerabilityReport for container proxy of Deployment checkout-api',
    );
    expect(result.details).toContain(
      'init container migrate of Deployment checkout-api: 0 critical, 2 high',
    );
  });

  describe('ignoreUnfixed', () => {
    it('counts only the vulnerabilities with a fixed version, from the list', async () => {
      const s = state([...trivyWorkload(), criticalReport()]);
      const thresholds = { critical: 1 };
      expect((await run(s, { thresholds })).status).toBe('fail');
      const result = await run(s, {
        thresholds,
        options: { ignoreUnfixed: true },
      });
      expect(result.status).toBe('pass');
      expect(result.summary).toBe(
        '1 critical, 4 high fixable vulnerabilities in 1 container (max 1 critical, 5 high, fixable only)',
      );
    });

    it('lists only fixable CVEs when it fails', async () => {
      const result = await run(state([...trivyWorkload(), criticalReport()]), {
        options: { ignoreUnfixed: true },
      });
      expect(result.status).toBe('fail');
      expect(result.summary).toContain('1 critical, 4 high fixable');
      expect(result.details).toContain('CVE-2024-45337');
      expect(result.details).not.toContain('CVE-2024-37371');
      expect(result.details).not.toContain('no fixed version');
    });

    it('is unknown when the report has counts but no list to tell the fixable ones', async () => {
      const report = criticalReport();
      delete (report.report as any).vulnerabilities;
      const s = state([...trivyWorkload(), report]);
      expect((await run(s)).status).toBe('fail');
      const result = await run(s, { options: { ignoreUnfixed: true } });
      expect(result.status).toBe('unknown');
      expect(result.summary).toContain('ignoreUnfixed');
    });
  });

  describe('report age', () => {
    it('is unknown when the report is older than maxReportAgeHours, and passes within it', async () => {
      const s = state([
        ...trivyWorkload(),
        cleanReport({ updateTimestamp: hoursAgo(200) }),
      ]);
      const result = await run(s);
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        `VulnerabilityReport ${REPORT} for checkout-api is 8 days old (max 168 h)`,
      );
      expect(
        (await run(s, { thresholds: { maxReportAgeHours: 300 } })).status,
      ).toBe('pass');
    });

    it('uses the clock it is given', async () => {
      const s = state([
        ...trivyWorkload(),
        cleanReport({ updateTimestamp: '2026-12-01T00:00:00.000Z' }),
      ]);
      const at = (iso: string) =>
        createImageVulnerabilitiesCheck({ now: () => new Date(iso) });
      expect((await run(s, {}, at('2026-12-02T00:00:00.000Z'))).status).toBe(
        'pass',
      );
      expect((await run(s, {}, at('2026-12-09T00:00:01.000Z'))).status).toBe(
        'unknown',
      );
    });

    it('still fails on an old report for the digest that runs: its vulnerabilities do not go away', async () => {
      const result = await run(
        state([
          ...trivyWorkload(),
          criticalReport({ updateTimestamp: hoursAgo(500) }),
        ]),
      );
      expect(result.status).toBe('fail');
      expect(result.details).toContain('older than 168 h');
    });
  });

  describe('when the cluster has no Trivy Operator or its reports cannot be read', () => {
    it('is not-applicable when the live state holds no Trivy Operator report at all', async () => {
      const result = await run(state(trivyWorkload()));
      expect(result).toMatchObject({
        status: 'not-applicable',
        summary: `No Trivy Operator reports in ${LOCATION}`,
      });
    });

    it('is not-applicable when the cluster does not serve VulnerabilityReport (NOT_SERVED)', async () => {
      const result = await run(
        state(trivyWorkload(), {
          unreadKinds: [
            {
              kind: 'VulnerabilityReport',
              apiVersion: 'aquasecurity.github.io/v1alpha1',
              reason: 'NOT_SERVED',
              message: 'prod-eu: vulnerabilityreports not found',
            },
          ],
        }),
      );
      expect(result.status).toBe('not-applicable');
      expect(result.summary).toBe(
        `No Trivy Operator in ${LOCATION}: the cluster does not serve VulnerabilityReport (aquasecurity.github.io/v1alpha1)`,
      );
    });

    it('is unknown, naming the kind, when Preflight may not read VulnerabilityReport (FORBIDDEN)', async () => {
      const result = await run(
        state([...trivyWorkload(), exposedSecretReport()], {
          unreadKinds: [
            {
              kind: 'VulnerabilityReport',
              apiVersion: 'aquasecurity.github.io/v1alpha1',
              reason: 'FORBIDDEN',
              message:
                'prod-eu: vulnerabilityreports.aquasecurity.github.io is forbidden',
            },
          ],
        }),
      );
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        `Not decided: VulnerabilityReport could not be read (FORBIDDEN) in ${LOCATION}`,
      );
      expect(result.remediation).toContain(
        'VulnerabilityReport (aquasecurity.github.io/v1alpha1)',
      );
    });

    it('is unknown, never not-applicable, when the listing of the reports failed or timed out (UNAVAILABLE)', async () => {
      const result = await run(
        state([...trivyWorkload(), cleanReport()], {
          unreadKinds: [
            {
              kind: 'VulnerabilityReport',
              apiVersion: 'aquasecurity.github.io/v1alpha1',
              reason: 'UNAVAILABLE',
              message: "Cluster 'prod-eu' did not answer within 5000 ms",
            },
          ],
        }),
      );
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        `Not decided: VulnerabilityReport could not be read (UNAVAILABLE) in ${LOCATION}`,
      );
      expect(result.details).toContain('did not answer within 5000 ms');
      expect(result.remediation).toContain('preflight.live.timeoutMs');
    });

    it('is not-applicable when the environment has no cluster: there is no operator to ask', async () => {
      const result = await run({
        ...state([]),
        live: {
          status: 'not-configured',
          message: "Environment 'prod' has no cluster",
          objects: [],
        },
        desired: { status: 'ok', objects: trivyWorkload({ pods: false }) },
      });
      expect(result.status).toBe('not-applicable');
      expect(result.summary).toBe(
        "No Trivy Operator to read: Environment 'prod' has no cluster",
      );
    });

    it('is unknown with the reason when the live state is not ok, even if the desired state is', async () => {
      const s: EnvironmentState = {
        ...state([]),
        live: {
          status: 'error',
          objects: [],
          error: {
            reason: 'UNREACHABLE',
            message: 'prod-eu: connect ECONNREFUSED',
          },
        },
        desired: { status: 'ok', objects: trivyWorkload({ pods: false }) },
      };
      const result = await run(s);
      expect(result.status).toBe('unknown');
      expect(result.summary).toContain('UNREACHABLE');
    });

    it('never passes without workloads', async () => {
      const result = await run(state([cleanReport()]));
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe('No containers found in the live state');
      expect(result.evaluated).toEqual({ subject: 'containers', count: 0 });
    });
  });

  describe('report text', () => {
    it('caps titles, escapes markdown, masks credentials and drops links that are not https', async () => {
      const long = `${'A'.repeat(300)} tail`;
      const report = vulnerabilityReport({
        vulnerabilities: [
          trivyVulnerability('CVE-2024-0001', 'CRITICAL', {
            title: long,
            primaryLink: 'http://avd.example.test/cve-2024-0001',
          }),
          trivyVulnerability('CVE-2024-0002', 'CRITICAL', {
            title:
              '![x](https://evil.test/t.png)\n# heading token=ghp_abcdefghijklmnopqrstuvwxyz012345',
            resource: 'pkg<script>',
          }),
        ],
      });
      const result = await run(state([...trivyWorkload(), report]));
      expect(result.status).toBe('fail');
      const details = result.details!;
      expect(details).toContain(`${'A'.repeat(MAX_REPORT_TEXT - 1)}…`);
      expect(details).not.toContain('tail');
      expect(details).toContain('\\!\\[x\\]\\(https://evil.test/t.png\\)');
      expect(details).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz012345');
      expect(details).not.toContain('<script>');
      expect(details).not.toMatch(/\n# heading/);
      // the primary link is not https: the first of `links` is used instead
      expect(JSON.stringify(result.evidence)).not.toContain('http://');
      expect(result.evidence).toContainEqual({
        type: 'link',
        title: 'CVE-2024-0001',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-0001',
      });
    });
  });
});

describe('exposedSecretFindings', () => {
  it('returns per container the rule, file, severity and title of each secret', () => {
    const findings = exposedSecretFindings(
      state([
        ...trivyWorkload(),
        exposedSecretReport({
          secrets: [
            exposedSecret(),
            exposedSecret({
              target: '/root/.ssh/id_rsa',
              ruleID: 'private-key',
              title: 'Asymmetric Private Key',
              category: 'AsymmetricPrivateKey',
              severity: 'HIGH',
              match: `-----BEGIN RSA PRIVATE KEY-----${SECRET_CANARY}`,
            }),
          ],
        }),
      ]),
    );
    expect(findings).toEqual([
      {
        workload: {
          kind: 'Deployment',
          name: TRIVY_WORKLOAD,
          namespace: 'shop',
        },
        container: TRIVY_WORKLOAD,
        ruleId: 'aws-secret-access-key',
        target: '/app/config/.env',
        severity: 'CRITICAL',
        title: 'AWS Secret Access Key',
        category: 'AWS',
        report: {
          name: `replicaset-${RS}-${TRIVY_WORKLOAD}`,
          namespace: 'shop',
        },
      },
      expect.objectContaining({
        ruleId: 'private-key',
        target: '/root/.ssh/id\\_rsa',
        severity: 'HIGH',
      }),
    ]);
  });

  it('skips a report for another image and is empty without live state', () => {
    expect(
      exposedSecretFindings(
        state([
          ...trivyWorkload(),
          exposedSecretReport({ digest: 'sha256:'.padEnd(71, 'f') }),
        ]),
      ),
    ).toEqual([]);
    expect(
      exposedSecretFindings({
        ...state([]),
        live: { status: 'not-configured', objects: [] },
      }),
    ).toEqual([]);
  });
});

describe('the secret an ExposedSecretReport matched', () => {
  const secretReports = [
    exposedSecretReport({
      secrets: [
        exposedSecret(),
        exposedSecret({ match: `password: ${SECRET_CANARY}` }),
      ],
    }),
    exposedSecretReport({ container: 'other' }),
    exposedSecretReport({ digest: OLD_DIGEST, updateTimestamp: hoursAgo(30) }),
  ];

  it('appears in no result of the check and in no finding', async () => {
    const scenarios: KubernetesObject[][] = [
      [cleanReport()],
      [criticalReport()],
      [staleReport()],
      [],
      [sbomReport()],
    ];
    const outputs: unknown[] = [];
    for (const reports of scenarios) {
      const s = state([...trivyWorkload(), ...reports, ...secretReports]);
      outputs.push(await run(s));
      outputs.push(await run(s, { options: { ignoreUnfixed: true } }));
      outputs.push(exposedSecretFindings(s));
    }
    expect(JSON.stringify(outputs)).not.toContain(SECRET_CANARY);
    expect(JSON.stringify(outputs)).toContain('aws-secret-access-key');
  });

  it('is dropped by stripTrivyReport, with the rest of the report kept', () => {
    const stripped = stripTrivyReport(exposedSecretReport());
    expect(JSON.stringify(stripped)).not.toContain(SECRET_CANARY);
    expect(stripped.report).toMatchObject({
      secrets: [
        { ruleID: 'aws-secret-access-key', target: '/app/config/.env' },
      ],
      summary: { criticalCount: 1 },
    });
    // An SBOM keeps its operating system and the packages that make an image not minimal.
    expect((stripTrivyReport(sbomReport()).report as any).components).toEqual({
      bomFormat: 'CycloneDX',
      specVersion: 6,
      components: [
        { type: 'operating-system', name: 'debian', version: '12.8' },
        { type: 'library', name: 'apt', version: '2.6.1' },
        { type: 'library', name: 'bash', version: '5.2.15-2+b7' },
        { type: 'library', name: 'dpkg', version: '1.21.22' },
      ],
    });
  });
});
