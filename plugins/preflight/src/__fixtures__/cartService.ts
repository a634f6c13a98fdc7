/*
 * Captured from the demo backend (`yarn workspace backend start`, app-config.yaml of the repo)
 * for the demo components; typed, so a change of the API shape breaks the type-check.
 */
import type { EntityParityResponse } from '@preflight/plugin-preflight-common';

export const cartServiceParity: EntityParityResponse = {
  entityRef: 'component:default/cart-service',
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
        id: 'Deployment/cart-service › object',
        category: 'objects',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › object',
        category: 'objects',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › object',
        category: 'objects',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
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
        id: 'Service/cart-service › object',
        category: 'objects',
        object: {
          kind: 'Service',
          name: 'cart-service',
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
        id: 'NetworkPolicy/cart-service › object',
        category: 'objects',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
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
        id: 'ServiceAccount/cart-service › object',
        category: 'objects',
        object: {
          kind: 'ServiceAccount',
          name: 'cart-service',
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
        id: 'ConfigMap/cart-service-config › object',
        category: 'objects',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
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
        id: 'Deployment/cart-service › container cart-service › image.repository',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'image.repository',
        label: 'Image repository',
        values: {
          dev: {
            present: true,
            value: 'ghcr.io/acme/cart-service',
          },
          staging: {
            present: true,
            value: 'ghcr.io/acme/cart-service',
          },
          production: {
            present: true,
            value: 'ghcr.io/acme/cart-service',
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
        id: 'Deployment/cart-service › container cart-service › image.tag',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'image.tag',
        label: 'Image tag',
        values: {
          dev: {
            present: true,
            value: 'latest',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
          },
        },
        classification: 'drift',
        differingEnvironments: ['dev'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'drift',
            reason: 'dev has latest, staging has 3.1.0',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
        reason: 'dev has latest, staging has 3.1.0',
      },
      {
        id: 'Deployment/cart-service › container cart-service › imagePullPolicy',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › image.digest',
        category: 'images',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'image.digest',
        label: 'Image digest',
        values: {
          dev: {
            present: false,
          },
          staging: {
            present: true,
            value:
              'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
          },
          production: {
            present: true,
            value:
              'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
          },
        },
        classification: 'drift',
        differingEnvironments: ['dev'],
        comparisons: [
          {
            from: 'dev',
            to: 'staging',
            classification: 'drift',
            reason: 'missing in dev, present in staging',
          },
          {
            from: 'staging',
            to: 'production',
            classification: 'same',
          },
        ],
        reason: 'missing in dev, present in staging',
      },
      {
        id: 'Deployment/cart-service › replicas',
        category: 'replicas',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › hpa.target',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
        },
        attribute: 'hpa.target',
        label: 'HPA target',
        values: {
          dev: {
            present: true,
            value: 'Deployment/cart-service',
          },
          staging: {
            present: true,
            value: 'Deployment/cart-service',
          },
          production: {
            present: true,
            value: 'Deployment/cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › hpa.minReplicas',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › hpa.maxReplicas',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › hpa-metric:Resource:cpu',
        category: 'replicas',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › pdb.maxUnavailable',
        category: 'replicas',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › pdb.minAvailable',
        category: 'replicas',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › selector',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'selector',
        label: 'selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
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
        id: 'Deployment/cart-service › revisionHistoryLimit',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › minReadySeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › strategy',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › progressDeadlineSeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › terminationGracePeriodSeconds',
        category: 'workload',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › selector',
        category: 'workload',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
        },
        attribute: 'selector',
        label: 'selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
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
        id: 'Deployment/cart-service › container cart-service › resources.requests.cpu',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'resources.requests.cpu',
        label: 'resources.requests.cpu',
        values: {
          dev: {
            present: true,
            value: '50m',
          },
          staging: {
            present: true,
            value: '50m',
          },
          production: {
            present: true,
            value: '50m',
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
        id: 'Deployment/cart-service › container cart-service › resources.requests.memory',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'resources.requests.memory',
        label: 'resources.requests.memory',
        values: {
          dev: {
            present: true,
            value: '96Mi',
          },
          staging: {
            present: true,
            value: '96Mi',
          },
          production: {
            present: true,
            value: '96Mi',
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
        id: 'Deployment/cart-service › container cart-service › resources.limits.cpu',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'resources.limits.cpu',
        label: 'resources.limits.cpu',
        values: {
          dev: {
            present: true,
            value: '250m',
          },
          staging: {
            present: true,
            value: '250m',
          },
          production: {
            present: true,
            value: '250m',
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
        id: 'Deployment/cart-service › container cart-service › resources.limits.memory',
        category: 'resources',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'resources.limits.memory',
        label: 'resources.limits.memory',
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
        id: 'Deployment/cart-service › container cart-service › readinessProbe',
        category: 'probes',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › livenessProbe',
        category: 'probes',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › port:http',
        category: 'ports',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Service/cart-service › service.port:http',
        category: 'ports',
        object: {
          kind: 'Service',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env:LOG_LEVEL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env-value:LOG_LEVEL',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env:PORT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env-value:PORT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env:OTEL_RESOURCE_ATTRIBUTES',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env-value:OTEL_RESOURCE_ATTRIBUTES',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › env:CART_TTL_SECONDS',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'env:CART_TTL_SECONDS',
        label: 'Env CART_TTL_SECONDS',
        values: {
          dev: {
            present: true,
            value: 'configMapKeyRef cart-service-config/CART_TTL_SECONDS',
          },
          staging: {
            present: true,
            value: 'configMapKeyRef cart-service-config/CART_TTL_SECONDS',
          },
          production: {
            present: true,
            value: 'configMapKeyRef cart-service-config/CART_TTL_SECONDS',
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
        id: 'Deployment/cart-service › container cart-service › env:MAX_ITEMS_PER_CART',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'env:MAX_ITEMS_PER_CART',
        label: 'Env MAX_ITEMS_PER_CART',
        values: {
          dev: {
            present: true,
            value: 'configMapKeyRef cart-service-config/MAX_ITEMS_PER_CART',
          },
          staging: {
            present: true,
            value: 'configMapKeyRef cart-service-config/MAX_ITEMS_PER_CART',
          },
          production: {
            present: true,
            value: 'configMapKeyRef cart-service-config/MAX_ITEMS_PER_CART',
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
        id: 'Deployment/cart-service › container cart-service › env:OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'env',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        attribute: 'env:OTEL_EXPORTER_OTLP_ENDPOINT',
        label: 'Env OTEL_EXPORTER_OTLP_ENDPOINT',
        values: {
          dev: {
            present: true,
            value:
              'configMapKeyRef cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
          },
          staging: {
            present: true,
            value:
              'configMapKeyRef cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
          },
          production: {
            present: true,
            value:
              'configMapKeyRef cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
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
        id: 'Deployment/cart-service › configMapKeyRef:cart-service-config/CART_TTL_SECONDS',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'configMapKeyRef:cart-service-config/CART_TTL_SECONDS',
        label: 'Referenced ConfigMap key cart-service-config/CART_TTL_SECONDS',
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
        id: 'Deployment/cart-service › configMapKeyRef:cart-service-config/MAX_ITEMS_PER_CART',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'configMapKeyRef:cart-service-config/MAX_ITEMS_PER_CART',
        label:
          'Referenced ConfigMap key cart-service-config/MAX_ITEMS_PER_CART',
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
        id: 'Deployment/cart-service › configMapKeyRef:cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute:
          'configMapKeyRef:cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
        label:
          'Referenced ConfigMap key cart-service-config/OTEL_EXPORTER_OTLP_ENDPOINT',
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
        id: 'Deployment/cart-service › configMapRef:cart-service-config',
        category: 'config',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'configMapRef:cart-service-config',
        label: 'Referenced ConfigMap cart-service-config',
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
        id: 'ConfigMap/cart-service-config › configmap-key:CART_TTL_SECONDS',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
        },
        attribute: 'configmap-key:CART_TTL_SECONDS',
        label: 'ConfigMap key CART_TTL_SECONDS',
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
        id: 'ConfigMap/cart-service-config › configmap-key:MAX_ITEMS_PER_CART',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
        },
        attribute: 'configmap-key:MAX_ITEMS_PER_CART',
        label: 'ConfigMap key MAX_ITEMS_PER_CART',
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
        id: 'ConfigMap/cart-service-config › configmap-key:OTEL_EXPORTER_OTLP_ENDPOINT',
        category: 'config',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
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
        id: 'Deployment/cart-service › serviceAccountName',
        category: 'service-account',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'serviceAccountName',
        label: 'Service account',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'Deployment/cart-service › automountServiceAccountToken',
        category: 'service-account',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'ServiceAccount/cart-service › automountServiceAccountToken',
        category: 'service-account',
        object: {
          kind: 'ServiceAccount',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod.securityContext.fsGroup',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod.securityContext.runAsGroup',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod.securityContext.runAsNonRoot',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod.securityContext.runAsUser',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod.securityContext.seccompProfile.type',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › securityContext.allowPrivilegeEscalation',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › securityContext.capabilities.drop',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › securityContext.readOnlyRootFilesystem',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › securityContext.runAsNonRoot',
        category: 'security',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Deployment/cart-service › volume:tmp',
        category: 'volumes',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › container cart-service › volumeMount:/tmp',
        category: 'volumes',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
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
        id: 'Service/cart-service › service.type',
        category: 'network',
        object: {
          kind: 'Service',
          name: 'cart-service',
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
        id: 'Service/cart-service › service.selector',
        category: 'network',
        object: {
          kind: 'Service',
          name: 'cart-service',
        },
        attribute: 'service.selector',
        label: 'service.selector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
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
        id: 'NetworkPolicy/cart-service › networkPolicy.podSelector',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
        },
        attribute: 'networkPolicy.podSelector',
        label: 'networkPolicy.podSelector',
        values: {
          dev: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          staging: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
          },
          production: {
            present: true,
            value:
              'app.kubernetes.io/component=server, app.kubernetes.io/name=cart-service',
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
        id: 'NetworkPolicy/cart-service › networkPolicy.policyTypes',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
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
        id: 'NetworkPolicy/cart-service › networkPolicy.ingress[0]',
        category: 'network',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
        },
        attribute: 'networkPolicy.ingress[0]',
        label: 'networkPolicy.ingress[0]',
        values: {
          dev: {
            present: true,
            value:
              '{"from":[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"catalog-web"}}},{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"checkout-api"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
          },
          staging: {
            present: true,
            value:
              '{"from":[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"catalog-web"}}},{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"checkout-api"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
          },
          production: {
            present: true,
            value:
              '{"from":[{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"catalog-web"}}},{"podSelector":{"matchLabels":{"app.kubernetes.io/name":"checkout-api"}}},{"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"monitoring"}}}],"ports":[{"port":8080,"protocol":"TCP"}]}',
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
        id: 'Deployment/cart-service › label:app.kubernetes.io/component',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'Deployment/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'Deployment/cart-service › pod template › label:app.kubernetes.io/component',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod template › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'Deployment/cart-service › pod template › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod template › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        scope: 'pod-template',
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'Deployment/cart-service › pod template › annotation:prometheus.io/path',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod template › annotation:prometheus.io/port',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'Deployment/cart-service › pod template › annotation:prometheus.io/scrape',
        category: 'metadata',
        object: {
          kind: 'Deployment',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
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
        id: 'HorizontalPodAutoscaler/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'HorizontalPodAutoscaler',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'PodDisruptionBudget/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
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
        id: 'PodDisruptionBudget/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'PodDisruptionBudget',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'Service/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'Service/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'cart-service',
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
        id: 'Service/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'Service',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'NetworkPolicy/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'NetworkPolicy/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
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
        id: 'NetworkPolicy/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'NetworkPolicy',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'ServiceAccount/cart-service › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'ServiceAccount/cart-service › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'cart-service',
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
        id: 'ServiceAccount/cart-service › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'ServiceAccount',
          name: 'cart-service',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
        id: 'ConfigMap/cart-service-config › label:app.kubernetes.io/name',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
        },
        attribute: 'label:app.kubernetes.io/name',
        label: 'Label app.kubernetes.io/name',
        values: {
          dev: {
            present: true,
            value: 'cart-service',
          },
          staging: {
            present: true,
            value: 'cart-service',
          },
          production: {
            present: true,
            value: 'cart-service',
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
        id: 'ConfigMap/cart-service-config › label:app.kubernetes.io/part-of',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
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
        id: 'ConfigMap/cart-service-config › label:app.kubernetes.io/version',
        category: 'metadata',
        object: {
          kind: 'ConfigMap',
          name: 'cart-service-config',
        },
        attribute: 'label:app.kubernetes.io/version',
        label: 'Label app.kubernetes.io/version',
        values: {
          dev: {
            present: true,
            value: '3.1.0',
          },
          staging: {
            present: true,
            value: '3.1.0',
          },
          production: {
            present: true,
            value: '3.1.0',
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
    ],
    images: [
      {
        object: {
          kind: 'Deployment',
          name: 'cart-service',
        },
        container: 'cart-service',
        values: {
          dev: {
            present: true,
            image: 'ghcr.io/acme/cart-service:latest',
            repository: 'ghcr.io/acme/cart-service',
            tag: 'latest',
          },
          staging: {
            present: true,
            image:
              'ghcr.io/acme/cart-service:3.1.0@sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
            repository: 'ghcr.io/acme/cart-service',
            tag: '3.1.0',
            digest:
              'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
          },
          production: {
            present: true,
            image:
              'ghcr.io/acme/cart-service:3.1.0@sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
            repository: 'ghcr.io/acme/cart-service',
            tag: '3.1.0',
            digest:
              'sha256:9a53737e409b4720083c26f9ccbc9087673757343d8ae54cb1bcb0b79a0f4e34',
          },
        },
        steps: [
          {
            from: 'dev',
            to: 'staging',
            status: 'differs',
          },
          {
            from: 'staging',
            to: 'production',
            status: 'same',
          },
        ],
        ahead: {
          environment: 'dev',
          of: 'staging',
          basis: 'promotion-order',
        },
      },
    ],
    summary: {
      rows: 97,
      same: 88,
      expected: 7,
      drift: 2,
      unknown: 0,
      pairs: [
        {
          from: 'dev',
          to: 'staging',
          same: 88,
          expected: 7,
          drift: 2,
        },
        {
          from: 'staging',
          to: 'production',
          same: 92,
          expected: 5,
          drift: 0,
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
