/*
 * Captured from the demo backend (`yarn workspace backend start`, app-config.yaml of the repo)
 * for the demo components; typed, so a change of the API shape breaks the type-check.
 */
import type { EntityParityResponse } from '@preflight/plugin-preflight-common';

export const catalogWebParity: EntityParityResponse = {
  entityRef: 'component:default/catalog-web',
  desired: {
    environments: [
      {
        name: 'dev',
        title: 'Development',
        available: true,
      },
      {
        name: 'staging',
        title: 'Staging',
        available: true,
      },
      {
        name: 'production',
        title: 'Production',
        available: true,
      },
    ],
    rows: [
      {
        id: 'Deployment/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'PodDisruptionBudget/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ServiceAccount/catalog-web › object',
        category: 'objects',
        object: {
          kind: 'ServiceAccount',
          name: 'catalog-web',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › object',
        category: 'objects',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'object',
        label: 'Object exists',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › image.repository',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'image.repository',
        label: 'Image repository',
        values: {
          dev: {
            present: true,
            value: 'ghcr.io/acme/catalog-web',
          },
          staging: {
            present: true,
            value: 'ghcr.io/acme/catalog-web',
          },
          production: {
            present: true,
            value: 'ghcr.io/acme/catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › image.tag',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'image.tag',
        label: 'Image tag',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'drift',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'drift',
            reason: 'staging has 1.8.2, production has 1.7.9',
          },
        ],
        reason: 'staging has 1.8.2, production has 1.7.9',
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › image.digest',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'image.digest',
        label: 'Image digest',
        values: {
          dev: {
            present: true,
            value:
              'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          },
          staging: {
            present: true,
            value:
              'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          },
          production: {
            present: true,
            value:
              'sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
          },
        },
        classification: 'drift',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'drift',
            reason:
              'staging has sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061, production has sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
          },
        ],
        reason:
          'staging has sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061, production has sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › imagePullPolicy',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'imagePullPolicy',
        label: 'Image pull policy',
        values: {
          dev: {
            present: true,
            value: 'IfNotPresent',
          },
          staging: {
            present: true,
            value: 'IfNotPresent',
          },
          production: {
            present: true,
            value: 'IfNotPresent',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › replicas',
        category: 'replicas',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'replicas',
        label: 'Replicas',
        values: {
          dev: {
            present: true,
            value: '1',
          },
          staging: {
            present: true,
            value: '2',
          },
          production: {
            present: true,
            value: '3',
          },
        },
        classification: 'expected',
        differingEnvironments: ['staging', 'production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'Replica counts are sized per environment (dev has 1, staging has 2)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'Replica counts are sized per environment (staging has 2, production has 3)',
          },
        ],
        reason:
          'Replica counts are sized per environment (dev has 1, staging has 2)',
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › hpa.target',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'hpa.target',
        label: 'HPA target',
        values: {
          dev: {
            present: true,
            value: 'Deployment/catalog-web',
          },
          staging: {
            present: true,
            value: 'Deployment/catalog-web',
          },
          production: {
            present: true,
            value: 'Deployment/catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › hpa.minReplicas',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'hpa.minReplicas',
        label: 'HPA min replicas',
        values: {
          dev: {
            present: true,
            value: '1',
          },
          staging: {
            present: true,
            value: '2',
          },
          production: {
            present: true,
            value: '3',
          },
        },
        classification: 'expected',
        differingEnvironments: ['staging', 'production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'HPA bounds are sized per environment (dev has 1, staging has 2)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'HPA bounds are sized per environment (staging has 2, production has 3)',
          },
        ],
        reason:
          'HPA bounds are sized per environment (dev has 1, staging has 2)',
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › hpa.maxReplicas',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'hpa.maxReplicas',
        label: 'HPA max replicas',
        values: {
          dev: {
            present: true,
            value: '2',
          },
          staging: {
            present: true,
            value: '4',
          },
          production: {
            present: true,
            value: '10',
          },
        },
        classification: 'expected',
        differingEnvironments: ['staging', 'production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'HPA bounds are sized per environment (dev has 2, staging has 4)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'HPA bounds are sized per environment (staging has 4, production has 10)',
          },
        ],
        reason:
          'HPA bounds are sized per environment (dev has 2, staging has 4)',
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › hpa-metric:Resource:cpu',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'hpa-metric:Resource:cpu',
        label: 'HPA metric Resource:cpu',
        values: {
          dev: {
            present: true,
            value: 'Utilization 70%',
          },
          staging: {
            present: true,
            value: 'Utilization 70%',
          },
          production: {
            present: true,
            value: 'Utilization 70%',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'PodDisruptionBudget/catalog-web › pdb.maxUnavailable',
        category: 'replicas',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'pdb.maxUnavailable',
        label: 'PDB maxUnavailable',
        values: {
          dev: {
            present: true,
            value: '1',
          },
          staging: {
            present: false,
          },
          production: {
            present: false,
          },
        },
        classification: 'expected',
        differingEnvironments: ['dev'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'Disruption budgets follow the replica count (present in dev, missing in staging)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
        reason:
          'Disruption budgets follow the replica count (present in dev, missing in staging)',
      },
      {
        id: 'PodDisruptionBudget/catalog-web › pdb.minAvailable',
        category: 'replicas',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'pdb.minAvailable',
        label: 'PDB minAvailable',
        values: {
          dev: {
            present: false,
          },
          staging: {
            present: true,
            value: '1',
          },
          production: {
            present: true,
            value: '1',
          },
        },
        classification: 'expected',
        differingEnvironments: ['dev'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'Disruption budgets follow the replica count (missing in dev, present in staging)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
        reason:
          'Disruption budgets follow the replica count (missing in dev, present in staging)',
      },
      {
        id: 'Deployment/catalog-web › selector',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'selector',
        label: 'selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › revisionHistoryLimit',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'revisionHistoryLimit',
        label: 'revisionHistoryLimit',
        values: {
          dev: {
            present: true,
            value: '5',
          },
          staging: {
            present: true,
            value: '5',
          },
          production: {
            present: true,
            value: '5',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › minReadySeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'minReadySeconds',
        label: 'minReadySeconds',
        values: {
          dev: {
            present: true,
            value: '0 (default)',
          },
          staging: {
            present: true,
            value: '0 (default)',
          },
          production: {
            present: true,
            value: '0 (default)',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › strategy',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'strategy',
        label: 'strategy',
        values: {
          dev: {
            present: true,
            value: 'RollingUpdate (maxSurge 25%, maxUnavailable 0)',
          },
          staging: {
            present: true,
            value: 'RollingUpdate (maxSurge 25%, maxUnavailable 0)',
          },
          production: {
            present: true,
            value: 'RollingUpdate (maxSurge 25%, maxUnavailable 0)',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › progressDeadlineSeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'progressDeadlineSeconds',
        label: 'progressDeadlineSeconds',
        values: {
          dev: {
            present: true,
            value: '600 (default)',
          },
          staging: {
            present: true,
            value: '600 (default)',
          },
          production: {
            present: true,
            value: '600 (default)',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › terminationGracePeriodSeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'terminationGracePeriodSeconds',
        label: 'terminationGracePeriodSeconds',
        values: {
          dev: {
            present: true,
            value: '30',
          },
          staging: {
            present: true,
            value: '30',
          },
          production: {
            present: true,
            value: '30',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'PodDisruptionBudget/catalog-web › selector',
        category: 'workload',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'selector',
        label: 'selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › resources.requests.cpu',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'resources.requests.cpu',
        label: 'resources.requests.cpu',
        values: {
          dev: {
            present: true,
            value: '100m',
          },
          staging: {
            present: true,
            value: '100m',
          },
          production: {
            present: true,
            value: '100m',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › resources.requests.memory',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'resources.requests.memory',
        label: 'resources.requests.memory',
        values: {
          dev: {
            present: true,
            value: '192Mi',
          },
          staging: {
            present: true,
            value: '192Mi',
          },
          production: {
            present: true,
            value: '192Mi',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › resources.limits.cpu',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'resources.limits.cpu',
        label: 'resources.limits.cpu',
        values: {
          dev: {
            present: true,
            value: '500m',
          },
          staging: {
            present: true,
            value: '500m',
          },
          production: {
            present: true,
            value: '500m',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › resources.limits.memory',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'resources.limits.memory',
        label: 'resources.limits.memory',
        values: {
          dev: {
            present: true,
            value: '384Mi',
          },
          staging: {
            present: true,
            value: '384Mi',
          },
          production: {
            present: true,
            value: '384Mi',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › readinessProbe',
        category: 'probes',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'readinessProbe',
        label: 'Readiness probe',
        values: {
          dev: {
            present: true,
            value:
              'httpGet :http/readyz · delay 5s, period 5s, timeout 2s, success 1, failure 3',
          },
          staging: {
            present: true,
            value:
              'httpGet :http/readyz · delay 5s, period 5s, timeout 2s, success 1, failure 3',
          },
          production: {
            present: true,
            value:
              'httpGet :http/readyz · delay 5s, period 5s, timeout 2s, success 1, failure 3',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › livenessProbe',
        category: 'probes',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'livenessProbe',
        label: 'Liveness probe',
        values: {
          dev: {
            present: true,
            value:
              'httpGet :http/livez · delay 15s, period 10s, timeout 2s, success 1, failure 3',
          },
          staging: {
            present: true,
            value:
              'httpGet :http/livez · delay 15s, period 10s, timeout 2s, success 1, failure 3',
          },
          production: {
            present: true,
            value:
              'httpGet :http/livez · delay 15s, period 10s, timeout 2s, success 1, failure 3',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › port:http',
        category: 'ports',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'port:http',
        label: 'Container port http',
        values: {
          dev: {
            present: true,
            value: '8080/TCP',
          },
          staging: {
            present: true,
            value: '8080/TCP',
          },
          production: {
            present: true,
            value: '8080/TCP',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › service.port:http',
        category: 'ports',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'service.port:http',
        label: 'Service port http',
        values: {
          dev: {
            present: true,
            value: '80 → http/TCP',
          },
          staging: {
            present: true,
            value: '80 → http/TCP',
          },
          production: {
            present: true,
            value: '80 → http/TCP',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:LOG_LEVEL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:LOG_LEVEL',
        label: 'Env LOG_LEVEL',
        values: {
          dev: {
            present: true,
            value: 'literal',
          },
          staging: {
            present: true,
            value: 'literal',
          },
          production: {
            present: true,
            value: 'literal',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env-value:LOG_LEVEL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env-value:LOG_LEVEL',
        label: 'Env value LOG_LEVEL',
        values: {
          dev: {
            present: true,
            value: 'debug',
          },
          staging: {
            present: true,
            value: 'info',
          },
          production: {
            present: true,
            value: 'warn',
          },
        },
        classification: 'expected',
        differingEnvironments: ['staging', 'production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'Environment-variable values are per-environment configuration (dev has debug, staging has info)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'Environment-variable values are per-environment configuration (staging has info, production has warn)',
          },
        ],
        reason:
          'Environment-variable values are per-environment configuration (dev has debug, staging has info)',
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:PORT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:PORT',
        label: 'Env PORT',
        values: {
          dev: {
            present: true,
            value: 'literal',
          },
          staging: {
            present: true,
            value: 'literal',
          },
          production: {
            present: true,
            value: 'literal',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env-value:PORT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env-value:PORT',
        label: 'Env value PORT',
        values: {
          dev: {
            present: true,
            value: '8080',
          },
          staging: {
            present: true,
            value: '8080',
          },
          production: {
            present: true,
            value: '8080',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:OTEL_RESOURCE_ATTRIBUTES',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:OTEL_RESOURCE_ATTRIBUTES',
        label: 'Env OTEL_RESOURCE_ATTRIBUTES',
        values: {
          dev: {
            present: true,
            value: 'literal',
          },
          staging: {
            present: true,
            value: 'literal',
          },
          production: {
            present: true,
            value: 'literal',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env-value:OTEL_RESOURCE_ATTRIBUTES',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env-value:OTEL_RESOURCE_ATTRIBUTES',
        label: 'Env value OTEL_RESOURCE_ATTRIBUTES',
        values: {
          dev: {
            present: true,
            value: 'deployment.environment=dev',
          },
          staging: {
            present: true,
            value: 'deployment.environment=staging',
          },
          production: {
            present: true,
            value: 'deployment.environment=production',
          },
        },
        classification: 'expected',
        differingEnvironments: ['staging', 'production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'expected',
            reason:
              'Environment-variable values are per-environment configuration (dev has deployment.environment=dev, staging has deployment.environment=staging)',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'Environment-variable values are per-environment configuration (staging has deployment.environment=staging, production has deployment.environment=production)',
          },
        ],
        reason:
          'Environment-variable values are per-environment configuration (dev has deployment.environment=dev, staging has deployment.environment=staging)',
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:SESSION_SECRET',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:SESSION_SECRET',
        label: 'Env SESSION_SECRET',
        values: {
          dev: {
            present: true,
            value: 'secretKeyRef catalog-web-session/secret',
          },
          staging: {
            present: true,
            value: 'secretKeyRef catalog-web-session/secret',
          },
          production: {
            present: true,
            value: 'secretKeyRef catalog-web-session/secret',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:CART_SERVICE_URL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:CART_SERVICE_URL',
        label: 'Env CART_SERVICE_URL',
        values: {
          dev: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CART_SERVICE_URL',
          },
          staging: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CART_SERVICE_URL',
          },
          production: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CART_SERVICE_URL',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:CHECKOUT_API_URL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:CHECKOUT_API_URL',
        label: 'Env CHECKOUT_API_URL',
        values: {
          dev: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CHECKOUT_API_URL',
          },
          staging: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CHECKOUT_API_URL',
          },
          production: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/CHECKOUT_API_URL',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:FEATURE_FLAGS_URL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:FEATURE_FLAGS_URL',
        label: 'Env FEATURE_FLAGS_URL',
        values: {
          dev: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/FEATURE_FLAGS_URL',
          },
          staging: {
            present: true,
            value: 'configMapKeyRef catalog-web-config/FEATURE_FLAGS_URL',
          },
          production: {
            present: false,
          },
        },
        classification: 'drift',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'drift',
            reason: 'present in staging, missing in production',
          },
        ],
        reason: 'present in staging, missing in production',
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › env:OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'env:OTEL_EXPORTER_OTLP_ENDPOINT',
        label: 'Env OTEL_EXPORTER_OTLP_ENDPOINT',
        values: {
          dev: {
            present: true,
            value:
              'configMapKeyRef catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
          },
          staging: {
            present: true,
            value:
              'configMapKeyRef catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
          },
          production: {
            present: true,
            value:
              'configMapKeyRef catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › configMapKeyRef:catalog-web-config/CART_SERVICE_URL',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'configMapKeyRef:catalog-web-config/CART_SERVICE_URL',
        label: 'Referenced ConfigMap key catalog-web-config/CART_SERVICE_URL',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › configMapKeyRef:catalog-web-config/CHECKOUT_API_URL',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'configMapKeyRef:catalog-web-config/CHECKOUT_API_URL',
        label: 'Referenced ConfigMap key catalog-web-config/CHECKOUT_API_URL',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › configMapKeyRef:catalog-web-config/FEATURE_FLAGS_URL',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'configMapKeyRef:catalog-web-config/FEATURE_FLAGS_URL',
        label: 'Referenced ConfigMap key catalog-web-config/FEATURE_FLAGS_URL',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: false,
          },
        },
        classification: 'drift',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'drift',
            reason: 'present in staging, missing in production',
          },
        ],
        reason: 'present in staging, missing in production',
      },
      {
        id: 'Deployment/catalog-web › configMapKeyRef:catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute:
          'configMapKeyRef:catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
        label:
          'Referenced ConfigMap key catalog-web-config/OTEL_EXPORTER_OTLP_ENDPOINT',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › configMapRef:catalog-web-config',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'configMapRef:catalog-web-config',
        label: 'Referenced ConfigMap catalog-web-config',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › secretKeyRef:catalog-web-session/secret',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'secretKeyRef:catalog-web-session/secret',
        label: 'Referenced Secret key catalog-web-session/secret',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › secretRef:catalog-web-session',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'secretRef:catalog-web-session',
        label: 'Referenced Secret catalog-web-session',
        values: {
          dev: {
            present: true,
            value: 'env',
          },
          staging: {
            present: true,
            value: 'env',
          },
          production: {
            present: true,
            value: 'env',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › configmap-key:CART_SERVICE_URL',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'configmap-key:CART_SERVICE_URL',
        label: 'ConfigMap key CART_SERVICE_URL',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › configmap-key:CHECKOUT_API_URL',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'configmap-key:CHECKOUT_API_URL',
        label: 'ConfigMap key CHECKOUT_API_URL',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › configmap-key:FEATURE_FLAGS_URL',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'configmap-key:FEATURE_FLAGS_URL',
        label: 'ConfigMap key FEATURE_FLAGS_URL',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: false,
          },
        },
        classification: 'drift',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'drift',
            reason: 'present in staging, missing in production',
          },
        ],
        reason: 'present in staging, missing in production',
      },
      {
        id: 'ConfigMap/catalog-web-config › configmap-key:OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'configmap-key:OTEL_EXPORTER_OTLP_ENDPOINT',
        label: 'ConfigMap key OTEL_EXPORTER_OTLP_ENDPOINT',
        values: {
          dev: {
            present: true,
            value: 'present',
          },
          staging: {
            present: true,
            value: 'present',
          },
          production: {
            present: true,
            value: 'present',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › serviceAccountName',
        category: 'service-account',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'serviceAccountName',
        label: 'Service account',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › automountServiceAccountToken',
        category: 'service-account',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'automountServiceAccountToken',
        label: 'automountServiceAccountToken',
        values: {
          dev: {
            present: true,
            value: 'false',
          },
          staging: {
            present: true,
            value: 'false',
          },
          production: {
            present: true,
            value: 'false',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ServiceAccount/catalog-web › automountServiceAccountToken',
        category: 'service-account',
        object: {
          kind: 'ServiceAccount',
          name: 'catalog-web',
        },
        attribute: 'automountServiceAccountToken',
        label: 'automountServiceAccountToken',
        values: {
          dev: {
            present: true,
            value: 'false',
          },
          staging: {
            present: true,
            value: 'false',
          },
          production: {
            present: true,
            value: 'false',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod.securityContext.fsGroup',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'pod.securityContext.fsGroup',
        label: 'pod.securityContext.fsGroup',
        values: {
          dev: {
            present: true,
            value: '10001',
          },
          staging: {
            present: true,
            value: '10001',
          },
          production: {
            present: true,
            value: '10001',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod.securityContext.runAsGroup',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'pod.securityContext.runAsGroup',
        label: 'pod.securityContext.runAsGroup',
        values: {
          dev: {
            present: true,
            value: '10001',
          },
          staging: {
            present: true,
            value: '10001',
          },
          production: {
            present: true,
            value: '10001',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod.securityContext.runAsNonRoot',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'pod.securityContext.runAsNonRoot',
        label: 'pod.securityContext.runAsNonRoot',
        values: {
          dev: {
            present: true,
            value: 'true',
          },
          staging: {
            present: true,
            value: 'true',
          },
          production: {
            present: true,
            value: 'true',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod.securityContext.runAsUser',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'pod.securityContext.runAsUser',
        label: 'pod.securityContext.runAsUser',
        values: {
          dev: {
            present: true,
            value: '10001',
          },
          staging: {
            present: true,
            value: '10001',
          },
          production: {
            present: true,
            value: '10001',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod.securityContext.seccompProfile.type',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'pod.securityContext.seccompProfile.type',
        label: 'pod.securityContext.seccompProfile.type',
        values: {
          dev: {
            present: true,
            value: 'RuntimeDefault',
          },
          staging: {
            present: true,
            value: 'RuntimeDefault',
          },
          production: {
            present: true,
            value: 'RuntimeDefault',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › securityContext.allowPrivilegeEscalation',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'securityContext.allowPrivilegeEscalation',
        label: 'securityContext.allowPrivilegeEscalation',
        values: {
          dev: {
            present: true,
            value: 'false',
          },
          staging: {
            present: true,
            value: 'false',
          },
          production: {
            present: true,
            value: 'false',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › securityContext.capabilities.drop',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'securityContext.capabilities.drop',
        label: 'securityContext.capabilities.drop',
        values: {
          dev: {
            present: true,
            value: 'ALL',
          },
          staging: {
            present: true,
            value: 'ALL',
          },
          production: {
            present: true,
            value: 'ALL',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › securityContext.readOnlyRootFilesystem',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'securityContext.readOnlyRootFilesystem',
        label: 'securityContext.readOnlyRootFilesystem',
        values: {
          dev: {
            present: true,
            value: 'true',
          },
          staging: {
            present: true,
            value: 'true',
          },
          production: {
            present: true,
            value: 'true',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › securityContext.runAsNonRoot',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'securityContext.runAsNonRoot',
        label: 'securityContext.runAsNonRoot',
        values: {
          dev: {
            present: true,
            value: 'true',
          },
          staging: {
            present: true,
            value: 'true',
          },
          production: {
            present: true,
            value: 'true',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › volume:tmp',
        category: 'volumes',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'volume:tmp',
        label: 'Volume tmp',
        values: {
          dev: {
            present: true,
            value: 'emptyDir sizeLimit 64Mi',
          },
          staging: {
            present: true,
            value: 'emptyDir sizeLimit 64Mi',
          },
          production: {
            present: true,
            value: 'emptyDir sizeLimit 64Mi',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › container catalog-web › volumeMount:/tmp',
        category: 'volumes',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        attribute: 'volumeMount:/tmp',
        label: 'Volume mount /tmp',
        values: {
          dev: {
            present: true,
            value: 'tmp',
          },
          staging: {
            present: true,
            value: 'tmp',
          },
          production: {
            present: true,
            value: 'tmp',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › service.type',
        category: 'network',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'service.type',
        label: 'service.type',
        values: {
          dev: {
            present: true,
            value: 'ClusterIP',
          },
          staging: {
            present: true,
            value: 'ClusterIP',
          },
          production: {
            present: true,
            value: 'ClusterIP',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › service.selector',
        category: 'network',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'service.selector',
        label: 'service.selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › networkPolicy.podSelector',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'networkPolicy.podSelector',
        label: 'networkPolicy.podSelector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › networkPolicy.policyTypes',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'networkPolicy.policyTypes',
        label: 'networkPolicy.policyTypes',
        values: {
          dev: {
            present: true,
            value: 'Ingress',
          },
          staging: {
            present: true,
            value: 'Ingress',
          },
          production: {
            present: true,
            value: 'Ingress',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › networkPolicy.ingress[0]',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'networkPolicy.ingress[0]',
        label: 'networkPolicy.ingress[0]',
        values: {
          dev: {
            present: true,
            value:
              '{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"ingress-nginx"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
          },
          staging: {
            present: true,
            value:
              '{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"ingress-nginx"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
          },
          production: {
            present: true,
            value:
              '{"from":[{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"ingress-nginx"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › label:app.kubernetes.io/component',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/component',
        label: 'Label app.kubernetes.io/component',
        values: {
          dev: {
            present: true,
            value: 'server',
          },
          staging: {
            present: true,
            value: 'server',
          },
          production: {
            present: true,
            value: 'server',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'Deployment/catalog-web › pod template › label:app.kubernetes.io/component',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/component',
        label: 'Label app.kubernetes.io/component',
        values: {
          dev: {
            present: true,
            value: 'server',
          },
          staging: {
            present: true,
            value: 'server',
          },
          production: {
            present: true,
            value: 'server',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod template › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod template › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod template › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'Deployment/catalog-web › pod template › annotation:prometheus.io/path',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'annotation:prometheus.io/path',
        label: 'Annotation prometheus.io/path',
        values: {
          dev: {
            present: true,
            value: '/metrics',
          },
          staging: {
            present: true,
            value: '/metrics',
          },
          production: {
            present: true,
            value: '/metrics',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod template › annotation:prometheus.io/port',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'annotation:prometheus.io/port',
        label: 'Annotation prometheus.io/port',
        values: {
          dev: {
            present: true,
            value: '8080',
          },
          staging: {
            present: true,
            value: '8080',
          },
          production: {
            present: true,
            value: '8080',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Deployment/catalog-web › pod template › annotation:prometheus.io/scrape',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        scope: 'pod-template',
        attribute: 'annotation:prometheus.io/scrape',
        label: 'Annotation prometheus.io/scrape',
        values: {
          dev: {
            present: true,
            value: 'true',
          },
          staging: {
            present: true,
            value: 'true',
          },
          production: {
            present: true,
            value: 'true',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'HorizontalPodAutoscaler/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'PodDisruptionBudget/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'PodDisruptionBudget/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'PodDisruptionBudget/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'Service/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'Service/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'NetworkPolicy/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'NetworkPolicy/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'ServiceAccount/catalog-web › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ServiceAccount/catalog-web › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ServiceAccount/catalog-web › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'catalog-web',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
      {
        id: 'ConfigMap/catalog-web-config › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'catalog-web',
          },
          staging: {
            present: true,
            value: 'catalog-web',
          },
          production: {
            present: true,
            value: 'catalog-web',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'label:app.kubernetes.io/part-of',
        label: 'Label app.kubernetes.io/part-of',
        values: {
          dev: {
            present: true,
            value: 'shop',
          },
          staging: {
            present: true,
            value: 'shop',
          },
          production: {
            present: true,
            value: 'shop',
          },
        },
        classification: 'same',
        differingEnvironments: [],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
      },
      {
        id: 'ConfigMap/catalog-web-config › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'catalog-web-config',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '1.8.2',
          },
          staging: {
            present: true,
            value: '1.8.2',
          },
          production: {
            present: true,
            value: '1.7.9',
          },
        },
        classification: 'expected',
        differingEnvironments: ['production'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'expected',
            reason:
              'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
          },
        ],
        reason:
          'The version label follows the image, which differs too (staging has 1.8.2, production has 1.7.9)',
      },
    ],
    images: [
      {
        object: {
          kind: 'Deployment',
          name: 'catalog-web',
        },
        container: 'catalog-web',
        values: {
          dev: {
            present: true,
            image:
              'ghcr.io/acme/catalog-web:1.8.2@sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
            repository: 'ghcr.io/acme/catalog-web',
            tag: '1.8.2',
            digest:
              'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          },
          staging: {
            present: true,
            image:
              'ghcr.io/acme/catalog-web:1.8.2@sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
            repository: 'ghcr.io/acme/catalog-web',
            tag: '1.8.2',
            digest:
              'sha256:84f9f669710d34c86ff1713a3bd46ff41e688a059fd15f1e39da22dfe89bc061',
          },
          production: {
            present: true,
            image:
              'ghcr.io/acme/catalog-web:1.7.9@sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
            repository: 'ghcr.io/acme/catalog-web',
            tag: '1.7.9',
            digest:
              'sha256:3cf2572e8f22f6abfc7c0bcf789eaa408f5afadb9bd2c51c39594c2e86f6f2cd',
          },
        },
        steps: [
          {
            from: 'dev',
            to: 'staging',
            status: 'same',
          },
          {
            from: 'staging',
            to: 'production',
            status: 'ahead',
          },
        ],
        ahead: {
          environment: 'staging',
          of: 'production',
          basis: 'semver',
        },
      },
    ],
    summary: {
      rows: 103,
      same: 83,
      expected: 15,
      drift: 5,
      unknown: 0,
      pairs: [
        {
          from: 'dev',
          to: 'staging',
          same: 96,
          expected: 7,
          drift: 0,
        },
        {
          from: 'staging',
          to: 'production',
          same: 85,
          expected: 13,
          drift: 5,
        },
      ],
    },
  },
  live: {
    environments: [
      {
        name: 'dev',
        title: 'Development',
        available: false,
        unavailable: {
          status: 'not-configured',
          reason:
            "Environment 'dev' has no cluster (preflight.environments[].cluster)",
        },
      },
      {
        name: 'staging',
        title: 'Staging',
        available: false,
        unavailable: {
          status: 'not-configured',
          reason:
            "Environment 'staging' has no cluster (preflight.environments[].cluster)",
        },
      },
      {
        name: 'production',
        title: 'Production',
        available: false,
        unavailable: {
          status: 'not-configured',
          reason:
            "Environment 'production' has no cluster (preflight.environments[].cluster)",
        },
      },
    ],
    rows: [],
    images: [],
    summary: {
      rows: 0,
      same: 0,
      expected: 0,
      drift: 0,
      unknown: 0,
      pairs: [],
    },
  },
  desiredVsLive: [
    {
      environment: 'dev',
      unavailable: 'desired state ok, live state not-configured',
    },
    {
      environment: 'staging',
      unavailable: 'desired state ok, live state not-configured',
    },
    {
      environment: 'production',
      unavailable: 'desired state ok, live state not-configured',
    },
  ],
};
