import { ConfigReader } from '@backstage/config';
import type {
  CheckResult,
  EnvironmentState,
  KubernetesObject,
  SourceState,
} from '@preflight/plugin-preflight-common';
import {
  apkPackage,
  cleanReport,
  exposedSecret,
  exposedSecretReport,
  OLD_DIGEST,
  sbomReport,
  SECRET_CANARY,
  TRIVY_IMAGE,
  TRIVY_WORKLOAD,
  trivyWorkload,
} from '../../__testUtils__/kubernetes/trivy';
import { stripTrivyReport } from '../../trivy';
import {
  containerSecurityCheck,
  createContainerSecurityCheck,
} from './containerSecurity';
import type { BaseImageLookup, ImageRegistryVerifier } from './imageTagged';

const LOCATION = 'prod-eu/shop';

/** The Trivy workload with a restricted security context: the policy rules pass. */
function hardened(): KubernetesObject[] {
  return trivyWorkload().map(o => {
    if (o.kind !== 'Deployment') return o;
    const spec = o.spec.template.spec;
    return {
      ...o,
      spec: {
        ...o.spec,
        template: {
          ...o.spec.template,
          spec: {
            ...spec,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              seccompProfile: { type: 'RuntimeDefault' },
            },
            containers: spec.containers.map((c: any) => ({
              ...c,
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ['ALL'] },
              },
              resources: {
                requests: { cpu: '100m', memory: '128Mi' },
                limits: { memory: '256Mi' },
              },
            })),
          },
        },
      },
    };
  });
}

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
      location: LOCATION,
      ...live,
    },
    desired: { status: 'not-configured', objects: [] },
  };
}

const run = (s: EnvironmentState): Promise<CheckResult> =>
  containerSecurityCheck.evaluate({
    state: s,
    config: new ConfigReader({}),
  } as any) as Promise<CheckResult>;

describe('container-security and secrets in image layers', () => {
  it('fails on a secret the Trivy Operator found in the image that runs, naming rule, file and container, never the secret', async () => {
    const result = await run(
      state([
        ...hardened(),
        cleanReport(),
        exposedSecretReport({
          secrets: [
            exposedSecret(),
            exposedSecret({
              ruleID: 'private-key',
              title: 'Asymmetric Private Key',
              target: '/root/.ssh/id_rsa',
              match: `-----BEGIN RSA PRIVATE KEY-----${SECRET_CANARY}`,
            }),
          ],
        }),
      ]),
    );

    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      '2 secrets in image layers: aws-secret-access-key in /app/config/.env, …',
    );
    expect(result.details).toContain(
      `container ${TRIVY_WORKLOAD} of Deployment ${TRIVY_WORKLOAD}`,
    );
    // File paths come from the image: markdown is escaped.
    expect(result.details).toContain('`/root/.ssh/id\\_rsa`');
    expect(result.evidence).toContainEqual(
      expect.objectContaining({ kind: 'ExposedSecretReport', source: 'live' }),
    );
    expect(result.remediation).toContain('rotate it');
    expect(JSON.stringify(result)).not.toContain(SECRET_CANARY);
  });

  it('passes the same workload without an exposed secret, and ignores a report for another image', async () => {
    // Only advisory rules remain (cpu limits, PodDisruptionBudget, NetworkPolicy): a warning.
    const baseline = await run(state(hardened()));
    expect(baseline.status).toBe('warn');

    const clean = await run(state([...hardened(), cleanReport()]));
    expect(clean).toEqual(baseline);

    const other = await run(
      state([...hardened(), exposedSecretReport({ digest: OLD_DIGEST })]),
    );
    expect(other).toEqual(baseline);
  });

  it('keeps its own findings next to the exposed secret', async () => {
    const result = await run(
      state([...trivyWorkload(), exposedSecretReport()]),
    );
    expect(result.status).toBe('fail');
    const own = await run(state(trivyWorkload()));
    expect(own.status).toBe('fail');
    expect(result.summary).toBe(
      `1 secret in image layers: aws-secret-access-key in /app/config/.env; ${own.summary}`,
    );
    expect(result.details).toContain(own.details);
    expect(result.remediation).toContain(own.remediation);
  });

  it('says when the ExposedSecretReports could not be read, without passing over it in silence', async () => {
    const result = await run(
      state(hardened(), {
        unreadKinds: [
          {
            kind: 'ExposedSecretReport',
            apiVersion: 'aquasecurity.github.io/v1alpha1',
            reason: 'FORBIDDEN',
            message: 'exposedsecretreports is forbidden',
          },
        ],
      }),
    );
    expect(result.details).toContain(
      'Secrets in image layers not checked: ExposedSecretReport (FORBIDDEN): exposedsecretreports is forbidden',
    );
  });
});

describe('container-security and minimal base images', () => {
  const minimalBase = (r: CheckResult) =>
    (r.details ?? '')
      .split('\n')
      .filter(line => line.includes('whose base is not minimal'));

  it('warns (advisory) when the SbomReport of the image that runs shows a full distribution with a package manager and a shell', async () => {
    // The reference alone (ghcr.io/acme/checkout-api) says nothing of the base: no finding.
    const baseline = await run(state(hardened()));
    expect(minimalBase(baseline)).toEqual([]);

    const result = await run(
      state([...hardened(), stripTrivyReport(sbomReport())]),
    );
    expect(result.status).toBe('warn');
    const lines = minimalBase(result);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`'${TRIVY_IMAGE}'`);
    expect(lines[0]).toMatch(/Debian 12\.8 base: carries apt, bash and dpkg/);
    expect(lines[0]).toMatch(/from SbomReport \S+ in prod-eu\/shop/);
  });

  it('reports nothing for a Wolfi image without a package manager or shell, nor for an SBOM of another image', async () => {
    const wolfi = await run(
      state([
        ...hardened(),
        stripTrivyReport(
          sbomReport({
            os: { name: 'wolfi', version: '20230201' },
            components: [apkPackage('glibc', '2.40-r3', 'wolfi')],
          }),
        ),
      ]),
    );
    expect(minimalBase(wolfi)).toEqual([]);

    const other = await run(
      state([
        ...hardened(),
        stripTrivyReport(sbomReport({ digest: OLD_DIGEST })),
      ]),
    );
    expect(minimalBase(other)).toEqual([]);
  });

  it('asks the registry for the base annotation of the images the SBOMs do not cover, and lets an SBOM win', async () => {
    const asked: string[] = [];
    const registry = (answer: BaseImageLookup): ImageRegistryVerifier => ({
      verify: async () => ({ status: 'unverified', reason: 'not used' }),
      baseImage: async image => {
        asked.push(image);
        return answer;
      },
    });
    const debian = registry({
      status: 'found',
      facts: {
        baseName: 'debian:12.8',
        source: 'the image manifest in ghcr.io',
      },
    });
    const fromRegistry = await createContainerSecurityCheck(debian).evaluate({
      state: state(hardened()),
    } as any);
    expect(asked).toEqual([TRIVY_IMAGE]);
    expect(minimalBase(fromRegistry)[0]).toContain(
      'its base image is debian:12.8 (org.opencontainers.image.base.name)',
    );

    // A Wolfi SBOM for the image that runs: the registry is not asked, nothing is reported.
    asked.length = 0;
    const withSbom = await createContainerSecurityCheck(debian).evaluate({
      state: state([
        ...hardened(),
        stripTrivyReport(
          sbomReport({
            os: { name: 'wolfi', version: '20230201' },
            components: [apkPackage('glibc', '2.40-r3', 'wolfi')],
          }),
        ),
      ]),
    } as any);
    expect(asked).toEqual([]);
    expect(minimalBase(withSbom)).toEqual([]);

    // A registry that fails says nothing about the base: the result is the reference's.
    const failing = await createContainerSecurityCheck(
      registry({
        status: 'error',
        reason: 'registry unreachable (ECONNREFUSED)',
      }),
    ).evaluate({ state: state(hardened()) } as any);
    expect(failing).toEqual(await run(state(hardened())));
  });

  it('does not read base-image facts from the desired state', async () => {
    const objects = [...hardened(), stripTrivyReport(sbomReport())];
    const result = await run({
      ...state([]),
      live: { status: 'not-configured', objects: [] },
      desired: {
        status: 'ok',
        objects,
        origins: objects.map(() => ({
          source: 'desired' as const,
          location: 'deploy/production',
        })),
      },
    });
    expect(minimalBase(result)).toEqual([]);
  });
});
