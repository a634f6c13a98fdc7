/*
 * The example Backstage backend of the Preflight repository: a plain new-backend-system backend
 * with only the plugins the demo needs, and the Preflight suite installed exactly as the package
 * READMEs tell users to install it.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// events: lets the catalog and others subscribe to events across instances
backend.add(import('@backstage/plugin-events-backend'));

// auth: guest sign-in for the demo
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

// catalog
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

// scaffolder, with publish:github for the golden-path templates
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));

// permissions (allow-all policy for the demo)
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// kubernetes: Preflight reads its cluster configuration (kubernetes.clusterLocatorMethods)
backend.add(import('@backstage/plugin-kubernetes-backend'));

// notifications: Preflight notifies owners of readiness regressions
backend.add(import('@backstage/plugin-notifications-backend'));

// Preflight
backend.add(import('@preflight/plugin-preflight-backend'));
backend.add(import('@preflight/plugin-scaffolder-backend-module-preflight'));

backend.start();
