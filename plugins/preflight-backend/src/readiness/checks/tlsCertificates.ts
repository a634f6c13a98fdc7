import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, objectEvidence, ofKind } from './util';

/**
 * `tls-certificates`: for every TLS secret of the component's Ingresses there is a cert-manager
 * `Certificate`; in the cluster it is Ready and not close to expiry.
 */
export const tlsCertificatesCheck: PreflightCheck = {
  id: 'tls-certificates',
  title: 'TLS certificates',
  description:
    'Certificates for the component’s ingresses are Ready and not close to expiry.',
  defaultSeverity: 'blocking',
  // A cert-manager API the cluster does not announce at all is no unread kind: none is installed.
  requiredKinds: ['Ingress', 'Certificate'],
  thresholds: {
    minDaysBeforeExpiry: {
      description: 'Fail when a certificate expires sooner',
      default: 14,
      min: 1,
      max: 365,
    },
  },
  async evaluate({ state, config }) {
    const facts = selectFacts(state);
    if (!facts.available) return noFacts(facts.reason);
    const minDays =
      config
        .getOptionalConfig('thresholds')
        ?.getOptionalNumber('minDaysBeforeExpiry') ?? 14;
    const secretNames = new Set<string>(
      ofKind(facts.objects, 'Ingress').flatMap(i =>
        (i.spec?.tls ?? [])
          .map((t: { secretName?: string }) => t.secretName)
          .filter(Boolean),
      ),
    );
    if (secretNames.size === 0) {
      return {
        status: 'not-applicable',
        summary: 'No Ingress with TLS for the component',
      };
    }
    const certs = ofKind(facts.objects, 'Certificate');
    const problems: string[] = [];
    for (const name of secretNames) {
      const cert = certs.find(c => c.spec?.secretName === name);
      if (!cert) {
        problems.push(`no cert-manager Certificate for TLS secret \`${name}\``);
        continue;
      }
      if (facts.source !== 'live') continue;
      const ready = (cert.status?.conditions ?? []).find(
        (c: { type?: unknown }) => c.type === 'Ready',
      );
      if (ready?.status !== 'True') {
        problems.push(
          `Certificate \`${cert.metadata.name}\` is not Ready${
            ready?.message ? `: ${ready.message}` : ''
          }`,
        );
      }
      const notAfter = Date.parse(cert.status?.notAfter ?? '');
      if (
        Number.isFinite(notAfter) &&
        (notAfter - Date.now()) / 86_400_000 < minDays
      ) {
        problems.push(
          `Certificate \`${cert.metadata.name}\` expires ${new Date(notAfter)
            .toISOString()
            .slice(0, 10)}`,
        );
      }
    }
    const evidence = certs.map(c =>
      objectEvidence(facts, {
        kind: 'Certificate',
        name: c.metadata.name,
        namespace: c.metadata.namespace,
      }),
    );
    if (problems.length) {
      return {
        status: 'fail',
        summary: problems[0].replace(/`/g, ''),
        details: problems.map(p => `- ${p}`).join('\n'),
        evidence,
        remediation:
          'Issue the certificate with cert-manager (a `Certificate` for the Ingress TLS secret) and check the issuer: `kubectl describe certificate <name>`.',
        factsReadAt: facts.readAt,
      };
    }
    return {
      status: 'pass',
      summary:
        facts.source === 'live'
          ? `${secretNames.size} certificate(s) Ready and valid for ${minDays}+ days`
          : `A Certificate is declared for every TLS secret (expiry verified from the cluster)`,
      evidence,
      evaluated: { subject: 'TLS secrets', count: secretNames.size },
      factsReadAt: facts.readAt,
    };
  },
};
