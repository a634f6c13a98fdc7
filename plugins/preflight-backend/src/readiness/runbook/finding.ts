// One part of the rollback-plan verdict (the runbook, or the workloads): a status and the texts
// that explain it.
import type { CheckEvidence } from '@preflight/plugin-preflight-common';

/** Part of the verdict: a status and the texts that explain it. */
export interface Finding {
  status: 'pass' | 'fail' | 'unknown';
  summary: string;
  details: string[];
  remediation?: string;
  evidence: CheckEvidence[];
  /** The workloads (Deployments or Rollouts) a rollback was checked for. */
  workloads?: number;
}
