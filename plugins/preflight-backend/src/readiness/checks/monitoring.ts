import type { PreflightCheck } from '@preflight/plugin-preflight-node';
import { selectFacts } from '@preflight/plugin-preflight-node';
import { noFacts, objectEvidence, ofKind } from './util';
import { nameUnread, unreadAmong, unreadRemediation } from '../unreadKinds';

const MONITORING_KINDS = ['PrometheusRule', 'ServiceMonitor', 'PodMonitor'];

/** Entity annotations of monitoring and alerting tools that Backstage plugins use. */
export const MONITORING_ANNOTATIONS = [
  'pagerduty.com/service-id',
  'pagerduty.com/integration-key',
  'opsgenie.com/component-selector',
  'grafana/alert-label-selector',
  'grafana/dashboard-selector',
  'datadoghq.com/dashboard-url',
  'newrelic.com/dashboard-guid',
  'prometheus.io/rule',
  'prometheus.io/alert',
];

/**
 * `monitoring`: alerts and monitoring exist for the component — Prometheus Operator objects
 * (`PrometheusRule`, `ServiceMonitor`, `PodMonitor`) among its objects, or a known monitoring
 * annotation on the entity (PagerDuty, Opsgenie, Grafana, Datadog, New Relic). When the cluster
 * did not let Preflight read one of those kinds, only a finding that does not depend on it decides.
 */
export const monitoringCheck: PreflightCheck = {
  id: 'monitoring',
  title: 'Monitoring and alerts',
  description: 'Alerts and monitoring exist for the component.',
  defaultSeverity: 'blocking',
  async evaluate({ entity, state }) {
    const annotations = entity.metadata.annotations ?? {};
    const found = MONITORING_ANNOTATIONS.filter(a => annotations[a]);
    const facts = selectFacts(state);
    const objects = facts.available
      ? ofKind(facts.objects, ...MONITORING_KINDS)
      : [];
    // Not `requiredKinds`: an annotation or a PrometheusRule decides without the other kinds.
    const unread = unreadAmong(facts, MONITORING_KINDS);
    const hasAlerts =
      found.some(a => !a.includes('dashboard')) ||
      objects.some(o => o.kind === 'PrometheusRule');
    const hasMonitoring = found.length > 0 || objects.length > 0;
    const evaluated = {
      subject: 'monitoring annotations and objects',
      count: found.length + objects.length,
    };
    const details = [
      ...found.map(a => `- annotation \`${a}\`: ${annotations[a]}`),
      ...objects.map(o => `- ${o.kind} \`${o.metadata.name}\``),
    ].join('\n');
    const evidence = facts.available
      ? objects.map(o =>
          objectEvidence(facts, {
            kind: o.kind,
            name: o.metadata.name,
            namespace: o.metadata.namespace,
          }),
        )
      : [];
    if (hasAlerts) {
      return {
        status: 'pass',
        summary: 'Alerting is set up',
        details,
        evidence,
        evaluated,
      };
    }
    if (
      unread.length > 0 &&
      (!hasMonitoring || unread.some(u => u.kind === 'PrometheusRule'))
    ) {
      return {
        status: 'unknown',
        summary: `Not decided: ${nameUnread(
          unread,
        )} could not be read from the cluster`,
        details: [
          details,
          ...unread.map(
            u => `- not read: ${u.kind} (${u.apiVersion}): ${u.message}`,
          ),
        ]
          .filter(Boolean)
          .join('\n'),
        evidence,
        remediation: unreadRemediation(unread),
      };
    }
    if (hasMonitoring) {
      return {
        status: 'warn',
        summary: 'Monitored, but no alerting found',
        details,
        evidence,
        evaluated,
        remediation:
          'Add a PrometheusRule for the component or link its on-call service (`pagerduty.com/service-id`).',
      };
    }
    if (!facts.available) return noFacts(facts.reason);
    return {
      status: 'fail',
      summary: 'No monitoring or alerting found for the component',
      remediation:
        'Add a ServiceMonitor and a PrometheusRule selecting the component, or annotate the entity with its on-call service (`pagerduty.com/service-id`).',
    };
  },
};
