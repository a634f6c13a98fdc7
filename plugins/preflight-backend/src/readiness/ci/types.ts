import type { CheckEvidence } from '@preflight/plugin-preflight-common';

/** What a CI provider says about a revision. */
export interface CiFinding {
  status: 'pass' | 'warn' | 'fail' | 'unknown';
  summary: string;
  details: string[];
  evidence: CheckEvidence[];
  remediation?: string;
  /** The CI runs (workflow runs, pipelines) the status is based on. */
  runs?: number;
  /** Whether it comes from a failure to ask (not reused beyond the lookup in flight). */
  transient: boolean;
}
