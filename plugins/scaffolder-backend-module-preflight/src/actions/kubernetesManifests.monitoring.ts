// The Prometheus Operator objects of preflight:kubernetes:manifests: the PrometheusRule with the
// availability alerts and, when the service exposes metrics, its ServiceMonitor.
import type { ManifestFile } from './kubernetesManifests.objects';
import type { KubernetesManifestsInput } from './kubernetesManifests.validation';

/**
 * The Prometheus Operator objects of one environment: a PrometheusRule with availability alerts
 * that need only kube-state-metrics (every cluster with the Prometheus Operator stack has it), and
 * with `metricsPath` a ServiceMonitor scraping the service and an alert when it cannot be scraped.
 * The same in every environment: Prometheus's external labels tell the environments apart.
 */
export function buildMonitoringManifests(
  input: KubernetesManifestsInput,
  base: { name: string; namespace: string; labels: Record<string, string> },
): ManifestFile[] {
  const { name, namespace } = input;
  const metadata = {
    ...base,
    labels: { ...base.labels, ...input.monitoring.labels },
  };
  const alertName = name
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
  const deployment = `namespace="${namespace}", deployment="${name}"`;
  const runbook = `See the runbook of ${name} (docs/runbook.md).`;
  const alert = (
    suffix: string,
    expr: string,
    forDuration: string,
    severity: 'critical' | 'warning',
    summary: string,
  ) => ({
    alert: `${alertName}${suffix}`,
    expr,
    for: forDuration,
    labels: { severity, 'app.kubernetes.io/name': name },
    annotations: { summary, description: runbook },
  });
  const rules = [
    alert(
      'Unavailable',
      `kube_deployment_status_replicas_available{${deployment}} < 1`,
      '2m',
      'critical',
      `${name} has no available replica`,
    ),
    alert(
      'ReplicasUnavailable',
      `kube_deployment_status_replicas_unavailable{${deployment}} > 0`,
      '15m',
      'warning',
      `${name} has had unavailable replicas for 15 minutes`,
    ),
    alert(
      'Restarting',
      `increase(kube_pod_container_status_restarts_total{namespace="${namespace}", container="${name}"}[15m]) > 3`,
      '0m',
      'warning',
      `A container of ${name} restarted more than 3 times in 15 minutes`,
    ),
  ];
  const objects: ManifestFile[] = [];
  if (input.monitoring.metricsPath) {
    rules.push(
      alert(
        'MetricsDown',
        `up{namespace="${namespace}", service="${name}"} == 0`,
        '5m',
        'warning',
        `Prometheus cannot scrape ${name}`,
      ),
    );
    objects.push({
      file: 'servicemonitor.yaml',
      object: {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata,
        spec: {
          selector: { matchLabels: { 'app.kubernetes.io/name': name } },
          namespaceSelector: { matchNames: [namespace] },
          endpoints: [
            {
              port: 'http',
              path: input.monitoring.metricsPath,
              interval: '30s',
            },
          ],
        },
      },
    });
  }
  objects.unshift({
    file: 'prometheusrule.yaml',
    object: {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata,
      spec: { groups: [{ name, rules }] },
    },
  });
  return objects;
}
