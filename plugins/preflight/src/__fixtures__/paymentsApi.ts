/*
 * payments-api's answers, recorded from the demo backend earlier and kept by hand: the tests
 * assert these verdicts and scores, which the demo estate no longer produces (its captured
 * answers are in demoEstate.json). The backend's contract test checks them against openapi.yaml.
 */
import type {
  EntityEnvironmentsResponse,
  EntityHistoryResponse,
  EntityReadiness,
  EnvironmentState,
  ReadinessHistoryEntry,
  ReadinessVerdict,
  Waiver,
} from '@preflight/plugin-preflight-common';

export const paymentsApiReadiness: EntityReadiness = {
  entityRef: 'component:default/payments-api',
  evaluatedAt: '2026-11-25T11:15:11.738Z',
  environments: [
    {
      environment: 'dev',
      verdict: 'ready',
      score: 88,
      counts: {
        pass: 7,
        warn: 0,
        fail: 0,
        unknown: 1,
        'not-applicable': 1,
      },
      checks: [
        {
          id: 'image-tagged',
          title: 'Image built and immutably tagged',
          severity: 'blocking',
          details:
            '**Registry**\n- `ghcr.io/acme/payments-api:1.12.0@sha256:1004efd19f2b6ac801842e34f6fda047234976d5789ca2c8b328d6af09cbb82c`: unverified (no registry is configured (preflight.registries))',
          evidence: [],
          factsReadAt: '2026-11-25T11:15:11.752Z',
          status: 'pass',
          summary:
            'Every image is pinned by digest (desired state (manifests)); registry not verified',
        },
        {
          id: 'migrations-ready',
          title: 'Database migrations ready',
          severity: 'blocking',
          status: 'pass',
          summary: 'Migration Job staged: payments-api-migrate',
          details:
            'Staged in the manifests; whether it ran is verified from the cluster when one is configured.',
          evidence: [
            {
              type: 'object',
              title: 'Job payments-api-migrate',
              kind: 'Job',
              name: 'payments-api-migrate',
              namespace: 'shop',
              source: 'desired',
              location: 'job-migrate.yaml',
              line: 2,
            },
          ],
        },
        {
          id: 'env-configured',
          title: 'Environment configured',
          severity: 'blocking',
          status: 'pass',
          summary:
            'All 6 required variables are set and every reference resolves',
          details:
            "Required (`preflight.dev/required-env`): `LOG_LEVEL`, `PORT`, `DATABASE_URL`, `STRIPE_API_KEY`, `PAYMENT_PROVIDER`, `OTEL_EXPORTER_OTLP_ENDPOINT`\n\nNot verified:\n- Deployment payments-api, container 'payments-api': `DATABASE_URL` from Secret `payments-api-db` (not in the manifests; not verified)\n- Deployment payments-api, container 'payments-api': `STRIPE_API_KEY` from Secret `payments-api-stripe` (not in the manifests; not verified)",
          factsReadAt: '2026-11-25T11:15:11.752Z',
        },
        {
          id: 'health-checks',
          title: 'Health checks',
          severity: 'blocking',
          status: 'pass',
          summary:
            'Every container has distinct readiness and liveness probes (desired state (manifests))',
          factsReadAt: '2026-11-25T11:15:11.752Z',
          details:
            "Pod readiness not verified: live state is not-configured (Environment 'dev' has no cluster (preflight.environments[].cluster)).",
        },
        {
          id: 'monitoring',
          title: 'Monitoring and alerts',
          severity: 'blocking',
          status: 'pass',
          summary: 'Alerting is set up',
          details:
            '- annotation `pagerduty.com/service-id`: PPAY9C3\n- annotation `grafana/alert-label-selector`: service=payments-api',
          evidence: [],
        },
        {
          id: 'backup-verified',
          title: 'Recent verified backup',
          severity: 'advisory',
          status: 'unknown',
          summary:
            'Cannot evaluate: backups are cluster facts (Velero), and live state is not-configured',
        },
        {
          id: 'environment-parity',
          title: 'Environment parity',
          severity: 'blocking',
          status: 'pass',
          summary:
            'First environment of the promotion path: nothing to compare with',
        },
        {
          id: 'container-security',
          title: 'Container security',
          severity: 'blocking',
          status: 'pass',
          summary:
            'Restricted security context and no secret literals (desired state (manifests))',
          factsReadAt: '2026-11-25T11:15:11.752Z',
        },
        {
          id: 'tls-certificates',
          title: 'TLS certificates',
          severity: 'blocking',
          status: 'not-applicable',
          summary: 'No Ingress with TLS for the component',
        },
      ],
    },
    {
      environment: 'staging',
      verdict: 'not-ready',
      score: 63,
      counts: {
        pass: 5,
        warn: 0,
        fail: 2,
        unknown: 1,
        'not-applicable': 1,
      },
      checks: [
        {
          id: 'image-tagged',
          title: 'Image built and immutably tagged',
          severity: 'blocking',
          details:
            '**Registry**\n- `ghcr.io/acme/payments-api:1.12.0@sha256:1004efd19f2b6ac801842e34f6fda047234976d5789ca2c8b328d6af09cbb82c`: unverified (no registry is configured (preflight.registries))',
          evidence: [],
          factsReadAt: '2026-11-25T11:15:11.763Z',
          status: 'pass',
          summary:
            'Every image is pinned by digest (desired state (manifests)); registry not verified',
        },
        {
          id: 'migrations-ready',
          title: 'Database migrations ready',
          severity: 'blocking',
          status: 'pass',
          summary: 'Migration Job staged: payments-api-migrate',
          details:
            'Staged in the manifests; whether it ran is verified from the cluster when one is configured.',
          evidence: [
            {
              type: 'object',
              title: 'Job payments-api-migrate',
              kind: 'Job',
              name: 'payments-api-migrate',
              namespace: 'shop',
              source: 'desired',
              location: 'job-migrate.yaml',
              line: 2,
            },
          ],
        },
        {
          id: 'env-configured',
          title: 'Environment configured',
          severity: 'blocking',
          status: 'pass',
          summary:
            'All 6 required variables are set and every reference resolves',
          details:
            "Required (`preflight.dev/required-env`): `LOG_LEVEL`, `PORT`, `DATABASE_URL`, `STRIPE_API_KEY`, `PAYMENT_PROVIDER`, `OTEL_EXPORTER_OTLP_ENDPOINT`\n\nNot verified:\n- Deployment payments-api, container 'payments-api': `DATABASE_URL` from Secret `payments-api-db` (not in the manifests; not verified)",
          factsReadAt: '2026-11-25T11:15:11.763Z',
        },
        {
          id: 'health-checks',
          title: 'Health checks',
          severity: 'blocking',
          status: 'pass',
          summary:
            'Every container has distinct readiness and liveness probes (desired state (manifests))',
          factsReadAt: '2026-11-25T11:15:11.763Z',
          details:
            "Pod readiness not verified: live state is not-configured (Environment 'staging' has no cluster (preflight.environments[].cluster)).",
        },
        {
          id: 'monitoring',
          title: 'Monitoring and alerts',
          severity: 'blocking',
          status: 'pass',
          summary: 'Alerting is set up',
          details:
            '- annotation `pagerduty.com/service-id`: PPAY9C3\n- annotation `grafana/alert-label-selector`: service=payments-api',
          evidence: [],
        },
        {
          id: 'backup-verified',
          title: 'Recent verified backup',
          severity: 'advisory',
          status: 'unknown',
          summary:
            'Cannot evaluate: backups are cluster facts (Velero), and live state is not-configured',
        },
        {
          id: 'environment-parity',
          title: 'Environment parity',
          severity: 'blocking',
          status: 'fail',
          summary:
            '3 differences from dev beyond what is allowed: Env STRIPE_API_KEY',
          details:
            'Drift (desired state):\n- Env STRIPE_API_KEY: dev `secretKeyRef payments-api-stripe/api-key` → staging `literal` (dev has secretKeyRef payments-api-stripe/api-key, staging has literal)\n- Referenced Secret key payments-api-stripe/api-key: dev `env` → staging `absent` (present in dev, missing in staging)\n- Referenced Secret payments-api-stripe: dev `env` → staging `absent` (present in dev, missing in staging)\n\nExpected differences:\n- Replicas: dev `1` → staging `2` (Replica counts are sized per environment (dev has 1, staging has 2))\n- HPA min replicas: dev `1` → staging `2` (HPA bounds are sized per environment (dev has 1, staging has 2))\n- HPA max replicas: dev `2` → staging `4` (HPA bounds are sized per environment (dev has 2, staging has 4))\n- PDB maxUnavailable: dev `1` → staging `absent` (Disruption budgets follow the replica count (present in dev, missing in staging))\n- PDB minAvailable: dev `absent` → staging `1` (Disruption budgets follow the replica count (missing in dev, present in staging))\n- Env value LOG_LEVEL: dev `debug` → staging `info` (Environment-variable values are per-environment configuration (dev has debug, staging has info))\n- Env value OTEL_RESOURCE_ATTRIBUTES: dev `deployment.environment=dev` → staging `deployment.environment=staging` (Environment-variable values are per-environment configuration (dev has deployment.environment=dev, staging has deployment.environment=staging))\n- Env value STRIPE_API_KEY: dev `absent` → staging `••••••` (Environment-variable values are per-environment configuration (missing in dev, present in staging))',
          remediation:
            'Promote the same image and configuration from the previous environment; environments should differ only in environment-variable values and replica counts. If a difference is intended, declare it under `preflight.parity.expected`.',
          factsReadAt: '2026-11-25T11:15:11.763Z',
        },
        {
          id: 'container-security',
          title: 'Container security',
          severity: 'blocking',
          status: 'fail',
          summary:
            "1 security problem: container 'payments-api' sets STRIPE_API_KEY as a literal value (env[4].value) instead of a Secret reference",
          details:
            "- **sensitiveEnvLiteral** (blocking) — Deployment payments-api: container 'payments-api' sets STRIPE_API_KEY as a literal value (env[4].value) instead of a Secret reference at `spec.template.spec.containers[0].env[4].value`",
          evidence: [
            {
              type: 'object',
              title: 'Deployment payments-api',
              kind: 'Deployment',
              name: 'payments-api',
              namespace: 'shop',
              source: 'desired',
              location: 'deployment.yaml',
              line: 2,
            },
          ],
          remediation:
            '**sensitiveEnvLiteral**: Move the value into a Secret (ideally managed by External Secrets / Sealed Secrets / your vault) and reference it with `valueFrom.secretKeyRef`; rotate the credential, since it has been exposed.',
          factsReadAt: '2026-11-25T11:15:11.763Z',
        },
        {
          id: 'tls-certificates',
          title: 'TLS certificates',
          severity: 'blocking',
          status: 'not-applicable',
          summary: 'No Ingress with TLS for the component',
        },
      ],
    },
    {
      environment: 'production',
      verdict: 'not-ready',
      score: 63,
      counts: {
        pass: 5,
        warn: 0,
        fail: 2,
        unknown: 1,
        'not-applicable': 1,
      },
      checks: [
        {
          id: 'image-tagged',
          title: 'Image built and immutably tagged',
          severity: 'blocking',
          details:
            '**Registry**\n- `ghcr.io/acme/payments-api:1.12.0@sha256:1004efd19f2b6ac801842e34f6fda047234976d5789ca2c8b328d6af09cbb82c`: unverified (no registry is configured (preflight.registries))',
          evidence: [],
          factsReadAt: '2026-11-25T11:15:11.867Z',
          status: 'pass',
          summary:
            'Every image is pinned by digest (desired state (manifests)); registry not verified',
        },
        {
          id: 'migrations-ready',
          title: 'Database migrations ready',
          severity: 'blocking',
          status: 'pass',
          summary: 'Migration Job staged: payments-api-migrate',
          details:
            'Staged in the manifests; whether it ran is verified from the cluster when one is configured.',
          evidence: [
            {
              type: 'object',
              title: 'Job payments-api-migrate',
              kind: 'Job',
              name: 'payments-api-migrate',
              namespace: 'shop',
              source: 'desired',
              location: 'job-migrate.yaml',
              line: 2,
            },
          ],
        },
        {
          id: 'env-configured',
          title: 'Environment configured',
          severity: 'blocking',
          status: 'pass',
          summary:
            'All 6 required variables are set and every reference resolves',
          details:
            "Required (`preflight.dev/required-env`): `LOG_LEVEL`, `PORT`, `DATABASE_URL`, `STRIPE_API_KEY`, `PAYMENT_PROVIDER`, `OTEL_EXPORTER_OTLP_ENDPOINT`\n\nNot verified:\n- Deployment payments-api, container 'payments-api': `DATABASE_URL` from Secret `payments-api-db` (not in the manifests; not verified)\n- Deployment payments-api, container 'payments-api': `STRIPE_API_KEY` from Secret `payments-api-stripe` (not in the manifests; not verified)",
          factsReadAt: '2026-11-25T11:15:11.867Z',
        },
        {
          id: 'health-checks',
          title: 'Health checks',
          severity: 'blocking',
          status: 'fail',
          summary:
            "1 probe problem: container 'payments-api' has no readinessProbe",
          details:
            "- **readinessProbeMissing** (blocking) — Deployment payments-api: container 'payments-api' has no readinessProbe at `spec.template.spec.containers[0].readinessProbe`",
          evidence: [
            {
              type: 'object',
              title: 'Deployment payments-api',
              kind: 'Deployment',
              name: 'payments-api',
              namespace: 'shop',
              source: 'desired',
              location: 'deployment.yaml',
              line: 2,
            },
          ],
          remediation:
            '**readinessProbeMissing**: Add a `readinessProbe` (e.g. `httpGet` on a `/readyz` endpoint that checks the dependencies needed to serve requests).',
          factsReadAt: '2026-11-25T11:15:11.867Z',
        },
        {
          id: 'monitoring',
          title: 'Monitoring and alerts',
          severity: 'blocking',
          status: 'pass',
          summary: 'Alerting is set up',
          details:
            '- annotation `pagerduty.com/service-id`: PPAY9C3\n- annotation `grafana/alert-label-selector`: service=payments-api',
          evidence: [],
        },
        {
          id: 'backup-verified',
          title: 'Recent verified backup',
          severity: 'advisory',
          status: 'unknown',
          summary:
            'Cannot evaluate: backups are cluster facts (Velero), and live state is not-configured',
        },
        {
          id: 'environment-parity',
          title: 'Environment parity',
          severity: 'blocking',
          status: 'fail',
          summary:
            '4 differences from staging beyond what is allowed: Readiness probe',
          details:
            'Drift (desired state):\n- Readiness probe: staging `httpGet :http/readyz · delay 5s, period 5s, timeout 2s, success 1, failure 3` → production `absent` (present in staging, missing in production)\n- Env STRIPE_API_KEY: staging `literal` → production `secretKeyRef payments-api-stripe/api-key` (staging has literal, production has secretKeyRef payments-api-stripe/api-key)\n- Referenced Secret key payments-api-stripe/api-key: staging `absent` → production `env` (missing in staging, present in production)\n- Referenced Secret payments-api-stripe: staging `absent` → production `env` (missing in staging, present in production)\n\nExpected differences:\n- Replicas: staging `2` → production `3` (Replica counts are sized per environment (staging has 2, production has 3))\n- HPA min replicas: staging `2` → production `3` (HPA bounds are sized per environment (staging has 2, production has 3))\n- HPA max replicas: staging `4` → production `10` (HPA bounds are sized per environment (staging has 4, production has 10))\n- Env value LOG_LEVEL: staging `info` → production `warn` (Environment-variable values are per-environment configuration (staging has info, production has warn))\n- Env value OTEL_RESOURCE_ATTRIBUTES: staging `deployment.environment=staging` → production `deployment.environment=production` (Environment-variable values are per-environment configuration (staging has deployment.environment=staging, production has deployment.environment=production))\n- Env value STRIPE_API_KEY: staging `••••••` → production `absent` (Environment-variable values are per-environment configuration (present in staging, missing in production))',
          remediation:
            'Promote the same image and configuration from the previous environment; environments should differ only in environment-variable values and replica counts. If a difference is intended, declare it under `preflight.parity.expected`.',
          factsReadAt: '2026-11-25T11:15:11.867Z',
        },
        {
          id: 'container-security',
          title: 'Container security',
          severity: 'blocking',
          status: 'pass',
          summary:
            'Restricted security context and no secret literals (desired state (manifests))',
          factsReadAt: '2026-11-25T11:15:11.867Z',
        },
        {
          id: 'tls-certificates',
          title: 'TLS certificates',
          severity: 'blocking',
          status: 'not-applicable',
          summary: 'No Ingress with TLS for the component',
        },
      ],
    },
  ],
};

/** payments-api's manifests in every environment: apiVersion, kind, name and file of each. */
const MANIFESTS: Array<[string, string, string, string]> = [
  ['v1', 'ConfigMap', 'payments-api-config', 'configmap.yaml'],
  ['apps/v1', 'Deployment', 'payments-api', 'deployment.yaml'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler', 'payments-api', 'hpa.yaml'],
  ['batch/v1', 'Job', 'payments-api-migrate', 'job-migrate.yaml'],
  [
    'networking.k8s.io/v1',
    'NetworkPolicy',
    'payments-api',
    'networkpolicy.yaml',
  ],
  ['policy/v1', 'PodDisruptionBudget', 'payments-api', 'pdb.yaml'],
  ['v1', 'Service', 'payments-api', 'service.yaml'],
  ['v1', 'ServiceAccount', 'payments-api', 'serviceaccount.yaml'],
];

/** One environment: no cluster (live not configured), the manifests read (desired ok). */
function environmentState(
  name: string,
  title: string,
  [liveReadAt, desiredReadAt]: [string, string],
): EnvironmentState {
  return {
    environment: { name, title },
    live: {
      status: 'not-configured',
      objects: [],
      message: `Environment '${name}' has no cluster (preflight.environments[].cluster)`,
      readAt: liveReadAt,
    },
    desired: {
      status: 'ok',
      objects: MANIFESTS.map(([apiVersion, kind, objectName]) => ({
        apiVersion,
        kind,
        metadata: { name: objectName, namespace: 'shop' },
      })),
      origins: MANIFESTS.map(([, , , file]) => ({
        source: 'desired' as const,
        location: file,
        line: 2,
      })),
      readAt: desiredReadAt,
      location: `examples/deploy/payments-api/${name}`,
    },
  };
}

export const paymentsApiEnvironments: EntityEnvironmentsResponse = {
  entityRef: 'component:default/payments-api',
  environments: [
    environmentState('dev', 'Development', [
      '2026-11-25T11:15:11.738Z',
      '2026-11-25T11:15:11.752Z',
    ]),
    environmentState('staging', 'Staging', [
      '2026-11-25T11:15:11.739Z',
      '2026-11-25T11:15:11.763Z',
    ]),
    environmentState('production', 'Production', [
      '2026-11-25T11:15:11.739Z',
      '2026-11-25T11:15:11.867Z',
    ]),
  ],
};

/** environment, verdict, score, passed, failed, failing (not waived), evaluated at */
type Evaluation = [
  string,
  ReadinessVerdict,
  number,
  number,
  number,
  string[],
  string,
];

/** A stored evaluation of payments-api: one check unknown and one not applicable in each. */
function entry(row: Evaluation): ReadinessHistoryEntry {
  const [environment, verdict, score, pass, fail, failing, evaluatedAt] = row;
  const counts = { pass, warn: 0, fail, unknown: 1, 'not-applicable': 1 };
  return { environment, verdict, score, counts, failing, evaluatedAt };
}

const [T1, T2, T3] = [
  '2026-11-25T11:15:12.343Z',
  '2026-11-25T11:15:30.640Z',
  '2026-11-25T11:15:50.957Z',
];
const PARITY = 'environment-parity';
const evaluations: Evaluation[] = [
  ['production', 'not-ready', 75, 5, 2, [PARITY], T3],
  ['staging', 'not-ready', 63, 5, 2, [PARITY, 'container-security'], T3],
  ['dev', 'ready', 88, 7, 0, [], T3],
  ['production', 'not-ready', 63, 5, 2, ['health-checks', PARITY], T2],
  ['staging', 'not-ready', 63, 5, 2, [PARITY, 'container-security'], T2],
  ['dev', 'ready', 88, 7, 0, [], T2],
  ['production', 'not-ready', 63, 5, 2, ['health-checks', PARITY], T1],
  ['staging', 'not-ready', 63, 5, 2, [PARITY, 'container-security'], T1],
  ['dev', 'ready', 88, 7, 0, [], T1],
];

/** Three evaluations of each environment, newest first (as the route answers). */
export const paymentsApiHistory: EntityHistoryResponse = {
  entityRef: 'component:default/payments-api',
  items: evaluations.map(entry),
};

export const paymentsApiWaiver: Waiver = {
  entityRef: 'component:default/payments-api',
  environment: 'production',
  checkId: 'health-checks',
  justification: 'Readiness probe lands in 1.12.1, tracked in PAY-123',
  expiresAt: '2026-12-10T00:00:00.000Z',
  createdBy: 'user:default/guest',
  id: '096c0350-74d4-49a7-8378-48f00f0a4b44',
  createdAt: '2026-11-25T11:15:33.888Z',
};
