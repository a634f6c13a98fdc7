/*
 * Keeping reports small and secret-free where they are read: what the live source keeps of each
 * report on receipt, before anything else touches it.
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { NOTABLE_IMAGE_PACKAGES } from '@preflight/plugin-preflight-node';
import { TRIVY_REPORT_KINDS } from './reports';
import { ID_MAX, isRecord, str } from './text';

/** Most components an SbomReport keeps. */
const MAX_KEPT_COMPONENTS = 50;

/**
 * The bill of materials (CycloneDX) reduced to what the minimal-base-image rule reads: its
 * operating-system components and the notable packages, each as type, name and version.
 */
function reduceBom(bom: unknown): Record<string, unknown> | undefined {
  if (!isRecord(bom)) return undefined;
  const kept: Record<string, string>[] = [];
  for (const c of Array.isArray(bom.components) ? bom.components : []) {
    if (kept.length >= MAX_KEPT_COMPONENTS) break;
    if (!isRecord(c) || !str(c.name)) continue;
    if (c.type !== 'operating-system' && !NOTABLE_IMAGE_PACKAGES.has(c.name)) {
      continue;
    }
    // Kept as the report says (bounded): escaped where a result quotes them.
    kept.push({
      type: String(c.type ?? 'library').slice(0, ID_MAX),
      name: c.name.slice(0, ID_MAX),
      ...(str(c.version) ? { version: c.version.slice(0, ID_MAX) } : {}),
    });
  }
  return {
    ...(str(bom.bomFormat) ? { bomFormat: bom.bomFormat } : {}),
    ...(bom.specVersion !== undefined ? { specVersion: bom.specVersion } : {}),
    components: kept,
  };
}

/**
 * A report as a source should keep it: an ExposedSecretReport without the `match` of its
 * secrets (the secret itself), an SbomReport with only the operating system and the notable
 * packages of its bill of materials (`report.components`: often megabytes; see
 * {@link NOTABLE_IMAGE_PACKAGES}), vulnerabilities without their long `description`. Other
 * objects are returned as they are.
 */
export function stripTrivyReport(object: KubernetesObject): KubernetesObject {
  if (
    !TRIVY_REPORT_KINDS.some(k => k.kind === object.kind) ||
    !isRecord(object.report)
  ) {
    return object;
  }
  const report: Record<string, unknown> = { ...object.report };
  if (object.kind === 'ExposedSecretReport' && Array.isArray(report.secrets)) {
    report.secrets = report.secrets.map(s => {
      if (!isRecord(s)) return s;
      const { match: _match, ...rest } = s;
      return rest;
    });
  }
  if (object.kind === 'SbomReport') {
    const reduced = reduceBom(report.components);
    if (reduced) report.components = reduced;
    else delete report.components;
  }
  if (
    object.kind === 'VulnerabilityReport' &&
    Array.isArray(report.vulnerabilities)
  ) {
    report.vulnerabilities = report.vulnerabilities.map(v => {
      if (!isRecord(v)) return v;
      const { description: _description, ...rest } = v;
      return rest;
    });
  }
  return { ...object, report };
}
