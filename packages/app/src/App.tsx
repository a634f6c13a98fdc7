import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { kubernetesAuthModule } from './modules/kubernetesAuth';
import { navModule } from './modules/nav';

// Every other plugin, Preflight included, is discovered from this package's dependencies
// (`app.packages: all` in app-config.yaml): installing @preflight/plugin-preflight is enough.
export default createApp({
  features: [catalogPlugin, navModule, kubernetesAuthModule],
});
