import { createRouteRef } from '@backstage/core-plugin-api';

/** The `/preflight` page. @public */
export const rootRouteRef = createRouteRef({ id: 'preflight' });

/** The Deploy readiness entity content (legacy mount point). @public */
export const deployReadinessRouteRef = createRouteRef({
  id: 'preflight:deploy-readiness',
});

/** The Environments entity content (legacy mount point). @public */
export const environmentsRouteRef = createRouteRef({
  id: 'preflight:environments',
});
