import type {
  CheckEvidence,
  CheckStatus,
  EnvironmentErrorReason,
  PodSummary,
  ReadinessVerdict,
  SourceState,
} from '@preflight/plugin-preflight-common';

/** The verdict labels, as shown everywhere. */
export const VERDICT_LABEL: Record<ReadinessVerdict, string> = {
  ready: 'Ready',
  'not-ready': 'Not ready',
  unknown: 'Unknown',
};

export const CHECK_STATUS_LABEL: Record<CheckStatus, string> = {
  pass: 'Passed',
  warn: 'Warning',
  fail: 'Failed',
  unknown: 'Unknown',
  'not-applicable': 'Not applicable',
};

/** Problems first; the backend's order is kept within one status. */
export const CHECK_STATUS_ORDER: Record<CheckStatus, number> = {
  fail: 0,
  unknown: 1,
  warn: 2,
  pass: 3,
  'not-applicable': 4,
};

export const REASON_TEXT: Record<EnvironmentErrorReason, string> = {
  UNAUTHORIZED: 'Unauthorized',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  TIMEOUT: 'Timeout',
  UNREACHABLE: 'Unreachable',
  RATE_LIMITED: 'Rate limited',
  BAD_RESPONSE: 'Bad response',
  RENDERER_MISSING: 'Renderer missing',
  RENDER_FAILED: 'Render failed',
  UNSUPPORTED_LAYOUT: 'Unsupported layout',
};

export function reasonText(reason: string | undefined): string {
  return (REASON_TEXT as Record<string, string>)[reason ?? ''] ?? 'Unknown';
}

/**
 * A state of an environment (or one of its sources), said for what it is: `Not configured`,
 * `Not deployed`, `Error (Timeout)`, `OK`.
 */
export function environmentStatusText(status: string, reason?: string): string {
  switch (status) {
    case 'ok':
      return 'OK';
    case 'not-configured':
      return 'Not configured';
    case 'not-deployed':
      return 'Not deployed';
    case 'error':
      return `Error (${reasonText(reason)})`;
    default:
      return status;
  }
}

/** `1,240 pods`, `1 restart`: a count with its noun. */
export function countText(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

export function sourceStateText(state: SourceState): string {
  if (state.status === 'ok') {
    const pods = state.pods ? `, ${countText(state.pods.total, 'pod')}` : '';
    return `OK (${countText(state.objects.length, 'object')}${pods})`;
  }
  return environmentStatusText(state.status, state.error?.reason);
}

const PHASES = ['Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'];

/** `1,240 pods: 1,238 Running, 2 Pending; 3 not Ready; 41 restarts` */
export function podSummaryText(pods: PodSummary): string {
  const phases = Object.entries(pods.byPhase)
    .filter(([, n]) => n > 0)
    .sort(
      ([a], [b]) =>
        (PHASES.indexOf(a) + 1 || 99) - (PHASES.indexOf(b) + 1 || 99) ||
        a.localeCompare(b),
    )
    .map(([phase, n]) => `${n.toLocaleString('en-US')} ${phase}`);
  return [
    `${countText(pods.total, 'pod')}${
      phases.length ? `: ${phases.join(', ')}` : ''
    }`,
    pods.notReady === 0
      ? 'all Ready'
      : `${pods.notReady.toLocaleString('en-US')} not Ready`,
    countText(pods.restarts, 'restart'),
  ].join('; ');
}

/** `CrashLoopBackOff ×5, Pending: Unschedulable ×3`, or '' when no pod has a problem. */
export function podProblemsText(pods: PodSummary): string {
  return pods.problems
    .map(p => `${p.problem} ×${p.count.toLocaleString('en-US')}`)
    .join(', ');
}

/** `Job payments-api-migrate — job-migrate.yaml:2 (desired)` */
export function objectEvidenceText(
  evidence: Extract<CheckEvidence, { type: 'object' }>,
): string {
  let where = '';
  if (evidence.location) {
    where = ` — ${evidence.location}${
      evidence.line !== undefined ? `:${evidence.line}` : ''
    }`;
  }
  return `${evidence.kind} ${evidence.name}${where} (${evidence.source})`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `just now`, `3 minutes ago`, `yesterday`, `in 2 days`. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return 'at an unknown time';
  const seconds = Math.round((then - now) / 1000);
  if (Math.abs(seconds) < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') {
      return relativeFormat.format(Math.round(seconds / size), unit);
    }
  }
  return 'just now';
}

/** `Dec 10, 2026` */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

/** `Dec 10, 2026, 2:15 PM` */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  });
}

/** `group:default/checkout-team` → `checkout-team`; other namespaces are kept. */
export function shortRef(ref: string | undefined): string | undefined {
  if (!ref) return ref;
  const match = /^[^:]+:([^/]+)\/(.+)$/.exec(ref);
  if (!match) return ref;
  return match[1] === 'default' ? match[2] : `${match[1]}/${match[2]}`;
}

/**
 * How fresh a state answered from the backend's watch cache is: `watched, as of 3 s ago`,
 * `watched, as of 2 min ago` (`observedAt`: the oldest last confirmation of what it was made of).
 */
export function watchedText(observedAt: string, now: number = Date.now()) {
  const then = new Date(observedAt).getTime();
  if (Number.isNaN(then)) return 'watched';
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return `watched, as of ${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `watched, as of ${minutes} min ago`;
  return `watched, as of ${Math.round(minutes / 60)} h ago`;
}
