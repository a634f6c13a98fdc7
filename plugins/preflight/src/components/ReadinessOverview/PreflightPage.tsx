import { Content, Header, Page } from '@backstage/core-components';
import { ReadinessOverview } from './ReadinessOverview';

/**
 * The `/preflight` page of the legacy frontend system: header and the catalog-wide readiness
 * overview. (In the new frontend system the app's page layout draws the header.)
 *
 * @public
 */
export function PreflightPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Preflight"
        subtitle="Deploy readiness across the catalog"
      />
      <Content>
        <ReadinessOverview />
      </Content>
    </Page>
  );
}
