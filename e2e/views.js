/*
 * Cases for the Preflight views: the Deploy readiness checklist, the Environments tab,
 * the readiness card and the /preflight page. Loaded by tests.js and run in every `make test-e2e`.
 */
'use strict';

const {
  DEMO_COMPONENTS,
  PROMOTION_PATH,
  squash,
  readPromotionPathOrFail,
  sourceValue,
  openEntityTab,
} = require('./helpers.js');

module.exports = [
  {
    // Lands with the desired-state source (plugins/preflight-backend/src/sources/desired and
    // plugins/preflight/src/components/SourceStatus.tsx, in progress).
    name: 'deploy-readiness-desired-objects',
    title:
      'checkout-api: the desired state of every environment lists the objects of its manifests',
    async run(t) {
      const { page } = t;
      await openEntityTab(
        t,
        { name: 'checkout-api', title: 'Checkout API' },
        'Deploy readiness',
        '/deploy-readiness',
      );
      const environments = await readPromotionPathOrFail(t);
      for (const { title, text } of environments) {
        const desired = sourceValue(text, 'desired') || '';
        const m = /(\d+) objects?\b/.exec(desired);
        // examples/deploy/checkout-api/<env>: 8 files (7 objects + the migration Job).
        t.ok(
          m && Number(m[1]) >= 7,
          `${title}: desired state "${desired}" should count the manifests' objects (n >= 7)`,
        );
      }
      await t.screenshot('deploy-readiness-desired');
    },
  },

  {
    // "the checklist with status, summary, expandable details, evidence links and
    // remediation". Demo problem P1: cart-service runs the mutable tag `latest` in dev.
    name: 'deploy-readiness-checklist',
    title:
      'cart-service: the checklist flags the `latest` image tag in Development',
    async run(t) {
      const { page } = t;
      await openEntityTab(
        t,
        { name: 'cart-service', title: 'Cart service' },
        'Deploy readiness',
        '/deploy-readiness',
      );
      for (const env of PROMOTION_PATH)
        await t.visible(
          page.getByText(env, { exact: true }),
          `the environment ${env}`,
        );
      // GUESS: the check's title and the evidence; adjust to the real checklist.
      await t.visible(page.getByText(/image.*tag/i), 'the image-tag check');
      await t.visible(
        page.getByText(/latest/),
        'the evidence: the `latest` tag',
      );
      await t.screenshot('deploy-readiness-checklist');
    },
  },

  {
    // entity content "Environments" (parity). Demo problems P5/P6 on catalog-web:
    // image 1.8.2 in staging vs 1.7.9 in production; FEATURE_FLAGS_URL missing in production.
    name: 'environments-tab',
    title:
      'catalog-web: the "Environments" tab compares dev, staging and production and shows the drift',
    async run(t) {
      const { page } = t;
      // GUESS: tab path /environments.
      await openEntityTab(
        t,
        { name: 'catalog-web', title: 'Catalog web' },
        'Environments',
        '/environments',
      );
      for (const env of PROMOTION_PATH)
        await t.visible(
          page.getByText(env, { exact: true }),
          `the column ${env}`,
        );
      await t.visible(
        page.getByText(/1\.8\.2/),
        'the staging image version 1.8.2',
      );
      await t.visible(
        page.getByText(/1\.7\.9/),
        'the production image version 1.7.9',
      );
      await t.visible(
        page.getByText('FEATURE_FLAGS_URL'),
        'the config key missing in production',
      );
      await t.screenshot('environments');
    },
  },

  {
    // "Entity card summarising readiness for the overview tab".
    name: 'entity-readiness-card',
    title: 'checkout-api: the overview tab has a deploy readiness card',
    async run(t) {
      const { page } = t;
      await t.open('/catalog/default/component/checkout-api');
      await t.visible(
        page.getByRole('heading', { name: 'Checkout API' }),
        'the entity page of checkout-api',
      );
      // The card as it is in the working tree (ReadinessCard): one row per environment.
      await t.visible(
        page.getByText('Readiness by environment', { exact: true }),
        'the "Readiness by environment" card',
      );
      const card = page.getByRole('table', {
        name: 'Readiness per environment',
      });
      await t.visible(card, 'the table of the readiness card');
      for (const env of PROMOTION_PATH) {
        await t.visible(
          card.getByRole('link', { name: env, exact: true }),
          `the environment ${env} in the card`,
        );
      }
      // checkout-api is the fully ready component of the demo: nothing fails anywhere (checks
      // without facts, e.g. CI without a GitHub token, are "unknown", which is not a failure).
      for (const env of PROMOTION_PATH) {
        const row = card.getByRole('row').filter({ hasText: env });
        const text = squash(await row.first().innerText());
        t.ok(
          /\b0 failing\b/.test(text) && !/not ready/i.test(text),
          `checkout-api / ${env} should have no failing check, got "${text}"`,
        );
      }
      await t.screenshot('entity-readiness-card');
    },
  },

  {
    // page /preflight, "catalog-wide readiness table with filters and counts".
    name: 'preflight-page',
    title: '/preflight lists the readiness of every demo component',
    async run(t) {
      const { page } = t;
      // A fresh backend evaluates the catalog one minute after start (preflight.schedule): record
      // an evaluation of each demo component now, as a user would ("Re-evaluate").
      for (const name of DEMO_COMPONENTS) {
        await t.open(`/catalog/default/component/${name}/deploy-readiness`);
        const button = page.getByRole('button', { name: /re-evaluate/i });
        await t.visible(button, `the "Re-evaluate" button of ${name}`);
        await button.click();
        await page.waitForLoadState('networkidle').catch(() => {});
      }
      await t.open('/preflight');
      for (const name of DEMO_COMPONENTS) {
        await t.visible(
          page.locator(`a[href*="/catalog/default/component/${name}"]`),
          `a row for ${name}`,
        );
      }
      await t.visible(
        page.getByText('Not ready', { exact: true }),
        'a "Not ready" verdict',
      );
      // Demo problem P1: cart-service runs the mutable tag `latest` in dev.
      const row = page
        .getByRole('row')
        .filter({ hasText: 'Cart service' })
        .filter({ hasText: 'Development' });
      await t.visible(row, 'the row of cart-service in Development');
      const text = squash(await row.first().innerText());
      t.ok(
        /not ready/i.test(text) &&
          /image built and immutably tagged/i.test(text),
        `cart-service / Development should be "Not ready" failing "Image built and immutably tagged", got "${text}"`,
      );
      await t.screenshot('preflight-page');
    },
  },
];
