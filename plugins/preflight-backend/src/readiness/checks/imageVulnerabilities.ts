import type {
  CheckResult,
  EnvironmentState,
} from '@preflight/plugin-preflight-common';
import {
  selectFacts,
  type PreflightCheck,
} from '@preflight/plugin-preflight-node';
import {
  hasTrivyReports,
  parseVulnerabilityReport,
  reportsForContainer,
  runningContainers,
} from '../../trivy';
import { noFacts } from './util';
import { unreadRemediation, WORKLOAD_CONTROLLER_KINDS } from '../unreadKinds';

import {
  IMAGE_VULNERABILITY_DEFAULTS,
  IMAGE_VULNERABILITY_OPTIONS_KEY,
  readLimits,
  validateImageVulnerabilityOptions,
  type ImageVulnerabilitiesOptions,
} from './imageVulnerabilities.options';
import { decide, type Found } from './imageVulnerabilities.outcomes';
import { summarize } from './imageVulnerabilities.summary';

export {
  IMAGE_VULNERABILITY_DEFAULTS,
  IMAGE_VULNERABILITY_OPTIONS_KEY,
  validateImageVulnerabilityOptions,
  type ImageVulnerabilitiesOptions,
};

const where = (state: EnvironmentState) =>
  state.live.location ?? state.environment.name;

/**
 * `image-vulnerabilities`: the images the component runs in the environment have no more known
 * critical and high vulnerabilities than allowed, as the Trivy Operator's VulnerabilityReports in
 * the cluster say. Only the live state is read (reports exist only in clusters).
 *
 * - a report per container (for the ReplicaSet of a Deployment, or the workload itself), for the
 *   image that runs (its digest, or its tag when no digest is known): a report for another image
 *   is `unknown`, never a pass;
 * - over `thresholds.critical` / `thresholds.high`: `fail`, with the counts and the most severe
 *   vulnerabilities; within: `pass`;
 * - a report older than `thresholds.maxReportAgeHours`: `unknown` (but over the thresholds for the
 *   digest that runs, still `fail`: an image's vulnerabilities do not go away with time);
 * - `options.ignoreUnfixed`: only vulnerabilities with a fixed version count;
 * - no Trivy Operator report at all in the cluster, the API not served, or no cluster configured
 *   for the environment: `not-applicable`;
 * - reports not readable (403) or not listed in time (`UNAVAILABLE`), the cluster in error, or the
 *   component not deployed: `unknown`.
 */
export function createImageVulnerabilitiesCheck(
  options: ImageVulnerabilitiesOptions = {},
): PreflightCheck {
  const clock = options.now ?? (() => new Date());
  return {
    id: 'image-vulnerabilities',
    title: 'No known critical vulnerabilities',
    description:
      'The images the component runs have no more known critical and high vulnerabilities than allowed, per the Trivy Operator in the cluster.',
    defaultSeverity: 'blocking',
    // The containers come from these; VulnerabilityReport is handled here, since a report API the
    // cluster does not serve means no Trivy Operator (not-applicable), not an undecided check.
    requiredKinds: WORKLOAD_CONTROLLER_KINDS,
    thresholds: {
      critical: {
        description: 'Most critical vulnerabilities allowed per container',
        default: IMAGE_VULNERABILITY_DEFAULTS.critical,
        min: 0,
        max: 10_000,
      },
      high: {
        description: 'Most high vulnerabilities allowed per container',
        default: IMAGE_VULNERABILITY_DEFAULTS.high,
        min: 0,
        max: 10_000,
      },
      maxReportAgeHours: {
        description: 'A VulnerabilityReport at most this old',
        default: IMAGE_VULNERABILITY_DEFAULTS.maxReportAgeHours,
        min: 1,
        max: 24 * 90,
      },
    },
    async evaluate({ state, config }): Promise<CheckResult> {
      const limits = readLimits(config);
      if (state.live.status === 'not-configured') {
        // No cluster to ask: there is no Trivy Operator to read, as in a cluster without one.
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator to read: ${
            state.live.message ??
            `environment '${state.environment.name}' has no cluster`
          }`,
        };
      }
      if (state.live.status !== 'ok') {
        return noFacts(
          `vulnerability reports are cluster facts (Trivy Operator), and live state is ${
            state.live.status
          }${
            state.live.status === 'error' && state.live.error
              ? ` (${state.live.error.reason}: ${state.live.error.message})`
              : ''
          }`,
        );
      }
      const facts = selectFacts(state, 'live');
      if (!facts.available || facts.source !== 'live') {
        return noFacts(facts.available ? 'no live state' : facts.reason);
      }
      const readAt = facts.readAt ? { factsReadAt: facts.readAt } : {};
      const unread = (facts.unreadKinds ?? []).filter(
        u => u.kind === 'VulnerabilityReport',
      );
      // Denied, or listed and failed: the reports exist but are not known.
      const notRead = unread.filter(u => u.reason !== 'NOT_SERVED');
      if (notRead.length > 0) {
        return {
          status: 'unknown',
          summary: `Not decided: VulnerabilityReport could not be read (${notRead
            .map(u => u.reason)
            .join(', ')}) in ${where(state)}`,
          details: notRead
            .map(u => `- ${u.kind} (${u.apiVersion}): ${u.message}`)
            .join('\n'),
          remediation:
            unreadRemediation(notRead) ||
            'The listing of the reports failed or did not finish within `preflight.live.timeoutMs`: see the message, and the next evaluation will read them again.',
          ...readAt,
        };
      }
      if (unread.length > 0) {
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator in ${where(
            state,
          )}: the cluster does not serve VulnerabilityReport (${
            unread[0].apiVersion
          })`,
          ...readAt,
        };
      }
      if (!hasTrivyReports(facts.objects)) {
        return {
          status: 'not-applicable',
          summary: `No Trivy Operator reports in ${where(state)}`,
          details:
            'The live state holds no VulnerabilityReport, ExposedSecretReport or SbomReport for this component: the Trivy Operator is not installed in the cluster, or has not scanned this namespace.',
          ...readAt,
        };
      }

      const containers = runningContainers(facts.objects);
      const evaluated = { subject: 'containers', count: containers.length };
      if (containers.length === 0) {
        return {
          status: 'unknown',
          summary: 'No containers found in the live state',
          details:
            'Nothing to evaluate: the live state holds no Deployment, StatefulSet, DaemonSet, Job, CronJob or Pod of the component with containers.',
          evaluated,
          ...readAt,
        };
      }

      const reports = facts.objects
        .map(parseVulnerabilityReport)
        .filter((r): r is Found => Boolean(r));
      const now = clock().getTime();
      const outcomes = containers.map(c =>
        decide(c, reportsForContainer(reports, c, facts.objects), limits, now),
      );
      return summarize(facts, outcomes, limits, evaluated, readAt);
    },
  };
}

export const imageVulnerabilitiesCheck: PreflightCheck =
  createImageVulnerabilitiesCheck();
