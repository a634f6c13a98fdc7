/*
 * What the Trivy Operator's reports say about the base of the images a component runs, for the
 * minimal-base-image rule of the policy engine: the operating system (an SbomReport's
 * operating-system component, else a VulnerabilityReport's `report.os`) and the package managers
 * and shells the image carries (an SbomReport's notable packages, see `NOTABLE_IMAGE_PACKAGES`).
 * Only reports for the image that runs count; facts are keyed by the container's image exactly as
 * its pod template writes it, as the rule looks them up.
 */
import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import {
  NOTABLE_IMAGE_PACKAGES,
  type ImageBaseFacts,
} from '@preflight/plugin-preflight-node';
import {
  pickReport,
  reportsForContainer,
  reportsOfKind,
  type ParsedReport,
} from './reports';
import { isRecord, str } from './text';
import { runningContainers } from './workloads';

/** The facts of one image, as the policy engine's `imageFacts` takes them (no base annotation). */
export type ReportedImageFacts = Omit<ImageBaseFacts, 'baseName'>;

/** The operating system and notable packages an SbomReport (as the live source keeps it) lists. */
function fromSbom(
  object: KubernetesObject,
): Omit<ReportedImageFacts, 'source'> | undefined {
  const bom = isRecord(object.report) ? object.report.components : undefined;
  const components: unknown[] =
    isRecord(bom) && Array.isArray(bom.components) ? bom.components : [];
  let os: ReportedImageFacts['os'];
  const packages = new Set<string>();
  for (const c of components) {
    if (!isRecord(c) || !str(c.name)) continue;
    if (c.type === 'operating-system') {
      os ??= {
        family: c.name.toLowerCase(),
        name: c.name,
        ...(str(c.version) ? { version: c.version } : {}),
      };
    } else if (NOTABLE_IMAGE_PACKAGES.has(c.name)) {
      packages.add(c.name);
    }
  }
  if (!os && packages.size === 0 && components.length === 0) return undefined;
  return { ...(os ? { os } : {}), packages: [...packages].sort() };
}

/**
 * The operating system a VulnerabilityReport names: Trivy's `report.os` is `{family, name}` where
 * `name` is the release (`{family: 'debian', name: '12.8'}`), hence the version here.
 */
function fromVulnerabilityReport(
  object: KubernetesObject,
): Omit<ReportedImageFacts, 'source'> | undefined {
  const os = isRecord(object.report) ? object.report.os : undefined;
  const family = isRecord(os) ? str(os.family) : undefined;
  if (!family) return undefined;
  return {
    os: {
      family: family.toLowerCase(),
      ...(str(os.name) ? { version: os.name } : {}),
    },
  };
}

/**
 * The base-image facts of the containers of the component's workloads, from the reports in its
 * live objects: per container image, the SbomReport for the image that runs (else the
 * VulnerabilityReport's operating system). Images without such a report are absent.
 */
export function imageFactsFromReports(
  objects: readonly KubernetesObject[],
  where: string,
): Map<string, ReportedImageFacts> {
  const facts = new Map<string, ReportedImageFacts>();
  const sboms = reportsOfKind(objects, 'SbomReport');
  const vulns = reportsOfKind(objects, 'VulnerabilityReport');
  if (sboms.length === 0 && vulns.length === 0) return facts;
  const byParsed = new Map<ParsedReport, KubernetesObject>(
    [...sboms, ...vulns].map(r => [r.parsed, r.object]),
  );
  for (const c of runningContainers(objects)) {
    if (!c.image || facts.has(c.image)) continue;
    for (const [reports, read] of [
      [sboms, fromSbom],
      [vulns, fromVulnerabilityReport],
    ] as const) {
      const picked = pickReport(
        reportsForContainer(
          reports.map(r => r.parsed),
          c,
          objects,
        ),
      );
      if (!picked?.match.matches) continue;
      const found = read(byParsed.get(picked.report)!);
      if (!found) continue;
      facts.set(c.image, {
        ...found,
        source: `${picked.report.kind} ${picked.report.name} in ${where}`,
      });
      break;
    }
  }
  return facts;
}
