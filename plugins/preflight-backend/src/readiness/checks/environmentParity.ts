import {
  computeParity,
  POLICY_WORKLOAD_KINDS,
  toParityColumn,
  type ParityOptions,
} from '@preflight/plugin-preflight-node';
import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { unreadRemediation, WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

const WORKLOAD_KINDS = new Set<string>(POLICY_WORKLOAD_KINDS);

/**
 * `environment-parity`: this environment differs from the previous one on the promotion path only
 * in what is allowed: compared on live state when both clusters answered, else on the
 * desired state.
 */
export function createEnvironmentParityCheck(
  options: ParityOptions = {},
): PreflightCheck {
  return {
    id: 'environment-parity',
    title: 'Environment parity',
    description:
      'This environment differs from the previous one on the promotion path only in what is allowed (env values, replicas).',
    defaultSeverity: 'blocking',
    async evaluate({ state, path, detail }) {
      const index = path.findIndex(
        s => s.environment.name === state.environment.name,
      );
      const name = state.environment.name;
      if (index <= 0) {
        return {
          status: 'not-applicable',
          summary:
            'First environment of the promotion path: nothing to compare with',
        };
      }
      const previous = path[index - 1];
      const source =
        state.live.status === 'ok' && previous.live.status === 'ok'
          ? 'live'
          : 'desired';
      if (state[source].status !== 'ok') {
        return {
          status: 'unknown',
          summary: `Cannot compare: the ${source} state of ${name} is ${state[source].status}`,
        };
      }
      if (previous[source].status !== 'ok') {
        return {
          status: 'unknown',
          summary: `Cannot compare: the ${source} state of ${previous.environment.name} is ${previous[source].status}`,
        };
      }
      // Kinds a cluster did not let Preflight read are not compared (their rows are unknown); the
      // workloads are what parity is about, so without them nothing is decided.
      const unread =
        source === 'live'
          ? [previous, state].flatMap(s =>
              (s.live.unreadKinds ?? []).map(u => ({
                ...u,
                environment: s.environment.name,
              })),
            )
          : [];
      const notCompared = unread.length
        ? `Not compared (not read from the cluster): ${unread
            .map(u => `${u.kind} in ${u.environment} (${u.reason})`)
            .join(', ')}`
        : '';
      const unreadWorkloads = unread.filter(u =>
        WORKLOAD_CONTROLLER_KINDS.includes(u.kind),
      );
      if (unreadWorkloads.length > 0) {
        return {
          status: 'unknown',
          summary: `Cannot compare: ${unreadWorkloads
            .map(u => `${u.kind} (${u.reason}) in ${u.environment}`)
            .join(', ')} could not be read`,
          details: unreadWorkloads
            .map(u => `- ${u.kind} (${u.apiVersion}): ${u.message}`)
            .join('\n'),
          remediation: unreadRemediation(unreadWorkloads),
        };
      }
      const report = computeParity(
        [previous, state].map(s => toParityColumn(s.environment, s[source])),
        options,
      );
      const workloads = state[source].objects.filter(o =>
        WORKLOAD_KINDS.has(o.kind),
      ).length;
      const evaluated = { subject: 'workloads', count: workloads };
      const drift = report.rows.filter(r =>
        r.comparisons.some(c => c.to === name && c.classification === 'drift'),
      );
      if (detail === 'status') {
        // The same statuses as below, without the lines of every difference.
        return drift.length === 0
          ? {
              status: 'pass',
              summary: `Same as ${previous.environment.name} (${source} state)`,
              evaluated,
              factsReadAt: state[source].readAt,
            }
          : {
              status: 'fail',
              summary: `${drift.length} difference${
                drift.length === 1 ? '' : 's'
              } from ${previous.environment.name} beyond what is allowed`,
              factsReadAt: state[source].readAt,
            };
      }
      const expected = report.rows.filter(r =>
        r.comparisons.some(
          c => c.to === name && c.classification === 'expected',
        ),
      );
      const line = (r: (typeof drift)[number]) =>
        `- ${r.label}: ${previous.environment.name} \`${show(
          r.values[previous.environment.name],
        )}\` → ${name} \`${show(r.values[name])}\`${
          r.reason ? ` (${r.reason})` : ''
        }`;
      if (drift.length === 0) {
        return {
          status: 'pass',
          summary: `Same as ${previous.environment.name} but for ${
            expected.length
          } expected difference${
            expected.length === 1 ? '' : 's'
          } (${source} state)`,
          ...(expected.length || notCompared
            ? {
                details: [
                  expected.length
                    ? `Expected differences:\n${expected.map(line).join('\n')}`
                    : '',
                  notCompared,
                ]
                  .filter(Boolean)
                  .join('\n\n'),
              }
            : {}),
          evaluated,
          factsReadAt: state[source].readAt,
        };
      }
      return {
        status: 'fail',
        summary: `${drift.length} difference${
          drift.length === 1 ? '' : 's'
        } from ${previous.environment.name} beyond what is allowed: ${
          drift[0].label
        }`,
        details: [
          `Drift (${source} state):`,
          ...drift.map(line),
          ...(expected.length
            ? ['', 'Expected differences:', ...expected.map(line)]
            : []),
          ...(notCompared ? ['', notCompared] : []),
        ].join('\n'),
        remediation:
          'Promote the same image and configuration from the previous environment; environments should differ only in environment-variable values and replica counts. If a difference is intended, declare it under `preflight.parity.expected`.',
        factsReadAt: state[source].readAt,
      };
    },
  };
}

function show(value: unknown): string {
  if (!value || typeof value !== 'object') return String(value);
  const v = value as {
    present?: boolean;
    value?: string;
    unavailable?: boolean;
  };
  if (v.unavailable) return 'unavailable';
  if (v.present === false) return 'absent';
  return v.value ?? '';
}
