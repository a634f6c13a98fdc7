/*
 * The secrets the Trivy Operator found in the images a component runs (ExposedSecretReport), by
 * rule, file and container: never the secret itself, whose `match` is never read (and which the
 * live source drops on receipt, see `strip.ts`).
 */
import type { EnvironmentState } from '@preflight/plugin-preflight-common';
import {
  pickReport,
  reportsForContainer,
  reportsOfKind,
  severityOf,
  type TrivySeverity,
} from './reports';
import { ID_MAX, isRecord, reportText } from './text';
import { runningContainers, type WorkloadRef } from './workloads';

/** A secret the Trivy Operator found in the image a container runs. Never the secret itself. */
export interface ExposedSecretFinding {
  workload: WorkloadRef;
  container: string;
  /** e.g. `aws-access-key-id` */
  ruleId: string;
  /** The file in the image, e.g. `/app/config/.env` */
  target: string;
  severity: TrivySeverity;
  /** e.g. `AWS Access Key ID` */
  title: string;
  /** e.g. `AWS` */
  category: string;
  /** The ExposedSecretReport it comes from. */
  report: { name: string; namespace?: string };
}

/**
 * The exposed secrets the Trivy Operator reports for the containers of the component's workloads
 * in the environment's live state: for each container, the ExposedSecretReport for the image it
 * runs (a report for another image is skipped: it says nothing of what runs). Rule ids, titles,
 * categories and file paths are bounded, masked and escaped like all report text; the `match`
 * (which holds the secret) is never read. Empty when the live state is not `ok` or holds no such
 * report — the caller tells "none found" from "not read" by `state.live.unreadKinds`.
 */
export function exposedSecretFindings(
  state: EnvironmentState,
): ExposedSecretFinding[] {
  if (state.live.status !== 'ok') return [];
  const objects = state.live.objects;
  const reports = reportsOfKind(objects, 'ExposedSecretReport');
  if (reports.length === 0) return [];
  const byParsed = new Map(reports.map(r => [r.parsed, r.object]));
  const out: ExposedSecretFinding[] = [];
  for (const c of runningContainers(objects)) {
    const picked = pickReport(
      reportsForContainer(
        reports.map(r => r.parsed),
        c,
        objects,
      ),
    );
    if (!picked || !picked.match.matches) continue;
    const object = byParsed.get(picked.report);
    const secrets: unknown = isRecord(object?.report)
      ? object!.report.secrets
      : undefined;
    if (!Array.isArray(secrets)) continue;
    for (const s of secrets) {
      if (!isRecord(s)) continue;
      out.push({
        workload: c.workload,
        container: c.container,
        ruleId: reportText(s.ruleID, ID_MAX),
        target: reportText(s.target),
        severity: severityOf(s.severity),
        title: reportText(s.title),
        category: reportText(s.category, ID_MAX),
        report: {
          name: picked.report.name,
          ...(picked.report.namespace
            ? { namespace: picked.report.namespace }
            : {}),
        },
      });
    }
  }
  return out;
}
