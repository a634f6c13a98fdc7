import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { deployment } from './fixtures';

/*
 * The Trivy Operator's reports (`aquasecurity.github.io/v1alpha1`), in the shapes its CRDs
 * define (`deploy/helm/crds/aquasecurity.github.io_{vulnerability,exposedsecret,sbom}reports.yaml`)
 * and with the labels the operator writes. A Deployment is scanned through its ReplicaSet, so the
 * reports name `ReplicaSet <deployment>-<pod-template-hash>` and are called
 * `replicaset-<replicaset>-<container>`, as the operator names them.
 */

const NAMESPACE = 'shop';
export const TRIVY_WORKLOAD = 'checkout-api';
/** The pod-template-hash of the ReplicaSet that runs {@link TRIVY_WORKLOAD}. */
export const POD_TEMPLATE_HASH = '5d8f7b9c6b';
export const TRIVY_IMAGE = 'ghcr.io/acme/checkout-api:1.4.2';
/** The digest {@link TRIVY_IMAGE} resolved to when the Pods pulled it. */
export const RUNNING_DIGEST =
  'sha256:4b3e0c1f7a9d2e6b8c5f1a0d9e7b3c2a1f0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c';
/** The digest of the previous build of the same tag. */
export const OLD_DIGEST =
  'sha256:0a1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef';
/** The value an ExposedSecretReport's `match` holds: must never leave the backend. */
export const SECRET_CANARY = 'cnry99Zq7Xw2Vb9Lm4Np8RtTrivyMatch';

export interface TrivyReportOptions {
  namespace?: string;
  /** What was scanned (default: the ReplicaSet of {@link TRIVY_WORKLOAD}). */
  resource?: { kind: string; name: string };
  container?: string;
  registry?: string;
  repository?: string;
  tag?: string;
  /** `''` for none. */
  digest?: string;
  /** ISO 8601 (default: an hour ago). */
  updateTimestamp?: string;
}

/** An instant `h` hours before now, ISO 8601. */
export const hoursAgo = (h: number) =>
  new Date(Date.now() - h * 3_600_000).toISOString();

function reportBase(kind: string, o: TrivyReportOptions) {
  const namespace = o.namespace ?? NAMESPACE;
  const resource = o.resource ?? {
    kind: 'ReplicaSet',
    name: `${TRIVY_WORKLOAD}-${POD_TEMPLATE_HASH}`,
  };
  const container = o.container ?? TRIVY_WORKLOAD;
  const updateTimestamp = o.updateTimestamp ?? hoursAgo(1);
  const digest = o.digest ?? RUNNING_DIGEST;
  return {
    apiVersion: 'aquasecurity.github.io/v1alpha1',
    kind,
    metadata: {
      name: `${resource.kind.toLowerCase()}-${resource.name}-${container}`,
      namespace,
      creationTimestamp: updateTimestamp,
      labels: {
        'app.kubernetes.io/managed-by': 'trivy-operator',
        'trivy-operator.resource.kind': resource.kind,
        'trivy-operator.resource.name': resource.name,
        'trivy-operator.resource.namespace': namespace,
        'trivy-operator.container.name': container,
        'resource-spec-hash': '7c9f6d8b54',
        'plugin-config-hash': '659b7b9c46',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: resource.kind,
          name: resource.name,
          uid: '6f0c2b1e-3a5d-4e7f-9b8c-1d2e3f4a5b6c',
          controller: true,
          blockOwnerDeletion: false,
        },
      ],
    },
    report: {
      updateTimestamp,
      scanner: { name: 'Trivy', vendor: 'Aqua Security', version: '0.58.1' },
      registry: { server: o.registry ?? 'ghcr.io' },
      artifact: {
        repository: o.repository ?? 'acme/checkout-api',
        tag: o.tag ?? '1.4.2',
        ...(digest ? { digest } : {}),
      },
    },
  };
}

export type TrivySeverityName =
  | 'CRITICAL'
  | 'HIGH'
  | 'MEDIUM'
  | 'LOW'
  | 'UNKNOWN';

/** One entry of `report.vulnerabilities`. */
export function trivyVulnerability(
  id: string,
  severity: TrivySeverityName,
  o: {
    resource?: string;
    installedVersion?: string;
    /** `''`: no fix known. */
    fixedVersion?: string;
    title?: string;
    score?: number;
    primaryLink?: string;
  } = {},
) {
  return {
    vulnerabilityID: id,
    resource: o.resource ?? 'libssl3',
    installedVersion: o.installedVersion ?? '3.0.11-1~deb12u2',
    fixedVersion: o.fixedVersion ?? '3.0.15-1~deb12u1',
    severity,
    title: o.title ?? `openssl: flaw tracked as ${id}`,
    primaryLink:
      o.primaryLink ?? `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
    links: [`https://nvd.nist.gov/vuln/detail/${id}`],
    score: o.score ?? (severity === 'CRITICAL' ? 9.8 : 7.5),
    target: 'ghcr.io/acme/checkout-api:1.4.2 (debian 12.8)',
    class: 'os-pkgs',
    packageType: 'debian',
    publishedDate: '2024-09-03T22:15:05Z',
    lastModifiedDate: '2024-11-08T21:00:36Z',
  };
}

type Vulnerability = ReturnType<typeof trivyVulnerability>;

function summaryOf(vulnerabilities: Vulnerability[]) {
  const n = (s: TrivySeverityName) =>
    vulnerabilities.filter(v => v.severity === s).length;
  return {
    criticalCount: n('CRITICAL'),
    highCount: n('HIGH'),
    mediumCount: n('MEDIUM'),
    lowCount: n('LOW'),
    unknownCount: n('UNKNOWN'),
  };
}

/** A VulnerabilityReport; its summary counts the vulnerabilities given. */
export function vulnerabilityReport(
  o: TrivyReportOptions & { vulnerabilities?: Vulnerability[] } = {},
): KubernetesObject {
  const base = reportBase('VulnerabilityReport', o);
  const vulnerabilities = o.vulnerabilities ?? [];
  return {
    ...base,
    report: {
      ...base.report,
      os: { family: 'debian', name: '12.8' },
      summary: { ...summaryOf(vulnerabilities), noneCount: 0 },
      vulnerabilities,
    },
  };
}

/** A report for the image that runs, within the default thresholds (0 critical, 2 high). */
export function cleanReport(o: TrivyReportOptions = {}): KubernetesObject {
  return vulnerabilityReport({
    ...o,
    vulnerabilities: [
      trivyVulnerability('CVE-2024-6119', 'HIGH'),
      trivyVulnerability('CVE-2024-5535', 'HIGH', { fixedVersion: '' }),
      trivyVulnerability('CVE-2024-2511', 'MEDIUM'),
      trivyVulnerability('CVE-2023-50495', 'LOW', {
        resource: 'ncurses-base',
        fixedVersion: '',
      }),
    ],
  });
}

/**
 * A report for the image that runs with 2 critical vulnerabilities (one without a fix) and 6 high
 * ones (two without a fix): over the default thresholds; within them counting fixable ones only
 * when `critical` allows 1.
 */
export function criticalReport(o: TrivyReportOptions = {}): KubernetesObject {
  return vulnerabilityReport({
    ...o,
    vulnerabilities: [
      trivyVulnerability('CVE-2024-45337', 'CRITICAL', {
        resource: 'golang.org/x/crypto',
        installedVersion: 'v0.25.0',
        fixedVersion: '0.31.0',
        title:
          'golang.org/x/crypto/ssh: Misuse of ServerConfig.PublicKeyCallback may cause authorization bypass',
        score: 9.1,
      }),
      trivyVulnerability('CVE-2024-37371', 'CRITICAL', {
        resource: 'libkrb5-3',
        fixedVersion: '',
        score: 9.1,
      }),
      trivyVulnerability('CVE-2024-6119', 'HIGH'),
      trivyVulnerability('CVE-2024-4741', 'HIGH'),
      trivyVulnerability('CVE-2024-9143', 'HIGH'),
      trivyVulnerability('CVE-2024-45490', 'HIGH', { resource: 'libexpat1' }),
      trivyVulnerability('CVE-2024-5535', 'HIGH', { fixedVersion: '' }),
      trivyVulnerability('CVE-2023-52425', 'HIGH', {
        resource: 'libexpat1',
        fixedVersion: '',
      }),
      trivyVulnerability('CVE-2024-2511', 'MEDIUM'),
    ],
  });
}

/** A report for the previous build of the tag (another digest): stale. */
export function staleReport(o: TrivyReportOptions = {}): KubernetesObject {
  return cleanReport({ digest: OLD_DIGEST, ...o });
}

/** One entry of `report.secrets`; `match` holds the secret, as the scanner found it. */
export function exposedSecret(
  o: Partial<{
    target: string;
    ruleID: string;
    title: string;
    category: string;
    severity: TrivySeverityName;
    match: string;
  }> = {},
) {
  return {
    target: o.target ?? '/app/config/.env',
    ruleID: o.ruleID ?? 'aws-secret-access-key',
    title: o.title ?? 'AWS Secret Access Key',
    category: o.category ?? 'AWS',
    severity: o.severity ?? 'CRITICAL',
    match: o.match ?? `AWS_SECRET_ACCESS_KEY=${SECRET_CANARY}`,
  };
}

/** An ExposedSecretReport for the image that runs, with one secret (the canary) by default. */
export function exposedSecretReport(
  o: TrivyReportOptions & { secrets?: ReturnType<typeof exposedSecret>[] } = {},
): KubernetesObject {
  const base = reportBase('ExposedSecretReport', o);
  const secrets = o.secrets ?? [exposedSecret()];
  const n = (s: TrivySeverityName) =>
    secrets.filter(x => x.severity === s).length;
  return {
    ...base,
    report: {
      ...base.report,
      summary: {
        criticalCount: n('CRITICAL'),
        highCount: n('HIGH'),
        mediumCount: n('MEDIUM'),
        lowCount: n('LOW'),
      },
      secrets,
    },
  };
}

/** A package of an SBOM, as Trivy writes it for a Debian image. */
function debPackage(name: string, version: string) {
  return {
    'bom-ref': `pkg:deb/debian/${name}@${version}?distro=debian-12.8`,
    type: 'library',
    name,
    version,
    purl: `pkg:deb/debian/${name}@${version}?distro=debian-12.8`,
    properties: [
      { name: 'aquasecurity:trivy:PkgType', value: 'debian' },
      { name: 'aquasecurity:trivy:SrcName', value: name },
    ],
  };
}

/**
 * An SbomReport (CycloneDX, as the operator writes it) for the image that runs: a Debian 12
 * image with its operating-system component, a package manager (`dpkg`, `apt`), a shell (`bash`)
 * and a library; `components` replaces the packages (the operating system is kept).
 */
export function sbomReport(
  o: TrivyReportOptions & {
    os?: { name: string; version: string };
    components?: object[];
  } = {},
): KubernetesObject {
  const base = reportBase('SbomReport', o);
  const os = o.os ?? { name: 'debian', version: '12.8' };
  const packages = o.components ?? [
    debPackage('apt', '2.6.1'),
    debPackage('bash', '5.2.15-2+b7'),
    debPackage('dpkg', '1.21.22'),
    debPackage('libssl3', '3.0.11-1~deb12u2'),
  ];
  const components = [
    {
      'bom-ref': '3ba7b7a4-8a3e-4d2e-9f6a-2c7b1e0d5f43',
      type: 'operating-system',
      name: os.name,
      version: os.version,
      properties: [
        { name: 'aquasecurity:trivy:Class', value: 'os-pkgs' },
        { name: 'aquasecurity:trivy:Type', value: os.name },
      ],
    },
    ...packages,
  ];
  return {
    ...base,
    report: {
      ...base.report,
      summary: {
        componentsCount: components.length,
        dependenciesCount: components.length,
      },
      components: {
        bomFormat: 'CycloneDX',
        specVersion: 6,
        version: 1,
        metadata: {
          component: {
            'bom-ref': 'pkg:oci/checkout-api',
            type: 'container',
            name: 'ghcr.io/acme/checkout-api:1.4.2',
          },
        },
        components,
      },
    },
  };
}

/** A package of an SBOM, as Trivy writes it for an Alpine or Wolfi image. */
export function apkPackage(name: string, version: string, distro = 'alpine') {
  return {
    'bom-ref': `pkg:apk/${distro}/${name}@${version}`,
    type: 'library',
    name,
    version,
    purl: `pkg:apk/${distro}/${name}@${version}`,
  };
}

/**
 * The workload the reports describe: Deployment {@link TRIVY_WORKLOAD} (image
 * {@link TRIVY_IMAGE}) and, unless `pods: false`, one of its Pods running
 * {@link RUNNING_DIGEST}.
 */
export function trivyWorkload(
  o: { image?: string; pods?: boolean; runningDigest?: string } = {},
): KubernetesObject[] {
  const image = o.image ?? TRIVY_IMAGE;
  const d = deployment(TRIVY_WORKLOAD, { image });
  if (o.pods === false) return [d];
  const rs = `${TRIVY_WORKLOAD}-${POD_TEMPLATE_HASH}`;
  const repository = image.replace(/[:@].*$/, '');
  const pod: KubernetesObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${rs}-x7k2p`,
      namespace: NAMESPACE,
      labels: {
        'app.kubernetes.io/name': TRIVY_WORKLOAD,
        'pod-template-hash': POD_TEMPLATE_HASH,
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: rs,
          uid: '6f0c2b1e-3a5d-4e7f-9b8c-1d2e3f4a5b6c',
          controller: true,
        },
      ],
    },
    spec: d.spec.template.spec,
    status: {
      phase: 'Running',
      containerStatuses: [
        {
          name: TRIVY_WORKLOAD,
          image,
          imageID: `${repository}@${o.runningDigest ?? RUNNING_DIGEST}`,
          ready: true,
          restartCount: 0,
        },
      ],
    },
  };
  return [d, pod];
}
