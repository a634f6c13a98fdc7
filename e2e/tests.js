/*
 * The browser cases for the views that exist today. Each case gets `t` (see caseContext in
 * run.js): t.page (Playwright Page), t.open(path) (navigates, signs in as Guest when asked),
 * t.visible(locator, what), t.ok(cond, msg), t.equal(actual, expected, what), t.api(path) (GET on
 * the backend as the guest user), t.screenshot(name) (e2e/screenshots/<name>.png).
 * Any browser console error or uncaught page error fails the case (run.js).
 *
 * Views that are not built yet have drafted cases in upcoming.js: move a case from there to
 * this list when its view lands.
 */
'use strict';

const {
  DEMO_COMPONENTS,
  PROMOTION_PATH,
  TEMPLATE_TITLE,
  TEMPLATE_REF,
  ACTION_ID,
  escapeRegExp,
  squash,
  readPromotionPathOrFail,
  sourceValue,
  openEntityTab,
} = require('./helpers.js');

const views = require('./views.js');

/** The user's token the app's test OIDC provider `e2e` gives (run.js sets both). */
const USER_TOKEN = 'e2e-user-oidc-token';

module.exports = [
  {
    name: 'catalog',
    title: 'signs in as Guest; the catalog at / lists the demo components',
    async run(t) {
      const { page } = t;
      // A fresh session, whatever ran before: the sign-in page must be offered.
      await page.context().clearCookies();
      await page.goto(`${t.baseUrl}/`);
      await page.evaluate(() => window.localStorage.clear());
      await page.reload();

      const enter = page.getByRole('button', { name: /^enter$/i });
      await t.visible(
        page.getByText('Guest', { exact: true }),
        'the Guest card of the sign-in page',
      );
      await t.visible(enter, 'the "Enter" button of the Guest card');
      await t.screenshot('sign-in');
      await enter.click();

      for (const name of DEMO_COMPONENTS) {
        await t.visible(
          page.locator(`a[href$="/catalog/default/component/${name}"]`),
          `the catalog's link to component ${name}`,
          30_000,
        );
      }
      t.equal(
        new URL(page.url()).pathname,
        '/',
        'the path of the catalog (the landing page)',
      );
      await t.screenshot('catalog');
    },
  },

  {
    name: 'deploy-readiness',
    title:
      'checkout-api: the "Deploy readiness" tab shows the promotion path and the sources of each environment',
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
        // No cluster in the demo (app-config.yaml: clusters: []).
        t.equal(
          sourceValue(text, 'live'),
          'Not configured',
          `${title}: live state`,
        );
        // examples/deploy/checkout-api/<env> exists for every environment: configured, no error.
        const desired = sourceValue(text, 'desired') || '';
        t.ok(
          desired !== '' && !/not configured|error|not found/i.test(desired),
          `${title}: the desired state should come from the example manifests, got "${desired}" in "${squash(
            text,
          )}"`,
        );
      }
      await t.screenshot('deploy-readiness');
    },
  },

  {
    // secrets seeded into fixtures must never appear in any output. Demo problem P3:
    // payments-api's staging manifest holds a (fake) Stripe key as a literal env value.
    name: 'secret-never-shown',
    title:
      'payments-api: the staging secret literal appears in no API response and nowhere on the Deploy readiness tab',
    async run(t) {
      const { page } = t;
      const SECRET = 'sk_live_FAKE_DO_NOT_USE_0000';
      const bodies = [];
      page.on('response', response => {
        if (
          response.request().resourceType() === 'fetch' ||
          response.request().resourceType() === 'xhr'
        ) {
          bodies.push(
            response.text().then(
              body => ({ url: response.url(), body }),
              () => ({ url: response.url(), body: '' }),
            ),
          );
        }
      });
      await openEntityTab(
        t,
        { name: 'payments-api', title: 'Payments API' },
        'Deploy readiness',
        '/deploy-readiness',
      );
      await readPromotionPathOrFail(t);
      // Show everything the tab can show about staging: select the environment (when the
      // promotion path is selectable) and expand every collapsed detail (check evidence).
      await page.getByText('Staging', { exact: true }).first().click();
      await page.waitForLoadState('networkidle').catch(() => {});
      // Disclosure buttons only: menus (aria-haspopup) would cover the page.
      const collapsed = page.locator(
        'main [aria-expanded="false"]:not([aria-haspopup])',
      );
      for (let left = await collapsed.count(), i = 0; left > 0 && i < 40; i++) {
        await collapsed.first().click();
        const now = await collapsed.count();
        if (now >= left) break; // a button that does not expand: stop there
        left = now;
      }
      await page.waitForLoadState('networkidle').catch(() => {});

      const leaks = (await Promise.all(bodies))
        .filter(r => r.body.includes(SECRET))
        .map(r => r.url);
      t.equal(leaks, [], 'API responses that contain the secret literal');
      const html = await page.content();
      t.ok(
        !html.includes(SECRET),
        'the page (DOM, attributes, tooltips) contains the secret literal',
      );
      t.ok(
        bodies.length > 0,
        'the tab made API requests (the check above looked at something)',
      );
      await t.screenshot('deploy-readiness-payments-api');
    },
  },

  {
    name: 'scaffolder-template',
    title: `/create lists the template "${TEMPLATE_TITLE}"; opening it shows its first form step`,
    async run(t) {
      const { page } = t;
      // The steps and fields as the scaffolder backend serves them from templates/node-service.
      const schema = await t.api(
        `/api/scaffolder/v2/templates/${TEMPLATE_REF}/parameter-schema`,
      );
      t.ok(
        schema.steps && schema.steps.length >= 1,
        'the template has form steps',
      );

      await t.open('/create');
      const title = page.getByText(TEMPLATE_TITLE, { exact: true });
      await t.visible(title, `the template "${TEMPLATE_TITLE}" on /create`);
      await t.screenshot('scaffolder-templates');

      // The "Choose" button of that template's card.
      const choose = title
        .first()
        .locator(
          'xpath=ancestor::*[.//button[translate(normalize-space(.),"CHOSE","chose")="choose"]][1]',
        )
        .getByRole('button', { name: /^choose$/i });
      await t.visible(choose, 'the "Choose" button of the template card');
      await choose.click();
      await page
        .waitForURL(/\/create\/templates\/default\/preflight-node-service$/, {
          timeout: 10_000,
        })
        .catch(() =>
          t.ok(
            false,
            `"Choose" should open the template's form, not ${page.url()}`,
          ),
        );

      await t.visible(
        page.getByRole('heading', { name: TEMPLATE_TITLE }),
        'the template form heading',
      );
      for (const step of schema.steps) {
        await t.visible(
          page.getByText(step.title, { exact: true }),
          `the step "${step.title}" in the stepper`,
        );
      }
      const first = schema.steps[0].schema;
      const required = new Set(first.required || []);
      for (const [key, prop] of Object.entries(first.properties || {})) {
        const label = prop.title || key;
        const pattern = new RegExp(
          `^${escapeRegExp(label)}${required.has(key) ? '\\s*\\*' : ''}\\s*$`,
        );
        await t.visible(
          page.getByLabel(pattern),
          `the field "${label}"${
            required.has(key) ? ' (required)' : ''
          } of step "${schema.steps[0].title}"`,
        );
      }
      // Only the first step is shown: the fields of the next step are not.
      for (const step of schema.steps.slice(1)) {
        for (const [key, prop] of Object.entries(
          (step.schema && step.schema.properties) || {},
        )) {
          const label = prop.title || key;
          t.equal(
            await page.getByLabel(label, { exact: false }).count(),
            0,
            `fields labelled "${label}" (step "${step.title}") on the first step`,
          );
        }
      }
      await t.visible(
        page.getByRole('button', { name: /^next$/i }),
        'the "Next" button',
      );
      await t.screenshot('scaffolder-template-form');
    },
  },

  {
    name: 'scaffolder-actions',
    title: `/create/actions lists ${ACTION_ID} with its input fields`,
    async run(t) {
      const { page } = t;
      const actions = await t.api('/api/scaffolder/v2/actions');
      const action = actions.find(a => a.id === ACTION_ID);
      t.ok(action, `the scaffolder backend lists ${ACTION_ID}`);
      const input = (action.schema && action.schema.input) || {};
      const inputs = Object.keys(input.properties || {});
      const required = new Set(input.required || []);
      t.ok(
        inputs.includes('kubernetesId') && required.has('kubernetesId'),
        `${ACTION_ID} takes the required input kubernetesId`,
      );

      await t.open('/create/actions');
      const item = page.getByText(ACTION_ID, { exact: true });
      await t.visible(item, `${ACTION_ID} in the list of actions`);
      await item.first().click();
      await t.visible(
        page.getByRole('heading', { name: ACTION_ID, exact: true }),
        `the details of ${ACTION_ID}`,
      );
      if (action.description) {
        await t.visible(
          page.getByText(action.description, { exact: true }),
          'the action description',
        );
      }

      const table = page
        .getByRole('heading', { name: 'Input', exact: true })
        .locator('xpath=following::table[1]');
      await t.visible(table, `the Input table of ${ACTION_ID}`);
      const names = (
        await table
          .locator('tbody tr')
          .evaluateAll(rows =>
            rows.map(r => (r.cells[0] ? r.cells[0].innerText : '')),
          )
      )
        .map(squash)
        .filter(Boolean);
      const expected = inputs.map(k => (required.has(k) ? `${k} *` : k));
      t.equal(
        [...names].sort(),
        [...expected].sort(),
        `the input fields of ${ACTION_ID} (name, "*" when required)`,
      );
      for (const k of inputs) {
        const description = input.properties[k].description;
        if (description)
          await t.visible(
            table.getByText(description, { exact: true }),
            `the description of input ${k}`,
          );
      }
      await t.screenshot('scaffolder-actions');
    },
  },
  {
    name: 'unread-kinds',
    // run.js gives this case its own backend whose Development reads a loopback Kubernetes API
    // double (kubernetes-double.ts): checkout-api's dev manifests, Secrets forbidden (403),
    // PrometheusRules announced but not served (404). The other cases keep the demo without
    // clusters.
    needs: 'kubernetes-double',
    title:
      'checkout-api with a cluster for Development that denies Secrets and does not serve PrometheusRules: Deploy readiness and Environments name the unread kinds and why',
    async run(t) {
      const { page } = t;
      const entity = { name: 'checkout-api', title: 'Checkout API' };
      const expectedKinds = [
        'Secret (forbidden)',
        'PrometheusRule (not served by the cluster)',
      ];
      const hasAll = (text, what) => {
        for (const kind of ['Not read in Development:', ...expectedKinds])
          t.ok(text.includes(kind), `${what} should say "${kind}": "${text}"`);
      };

      // The backend's answer first: the environment is ok, with the two unread kinds.
      const { environments } = await t.api(
        '/api/preflight/entities/component/default/checkout-api/environments',
      );
      const dev = environments.find(e => e.environment.name === 'dev');
      t.equal(dev && dev.live.status, 'ok', 'the live status of Development');
      t.equal(
        (dev.live.unreadKinds || []).map(u => `${u.kind} ${u.reason}`).sort(),
        ['PrometheusRule NOT_SERVED', 'Secret FORBIDDEN'],
        'the unread kinds of Development (kind, reason)',
      );
      t.ok(dev.live.objects.length > 0, 'Development has live objects');

      await openEntityTab(t, entity, 'Deploy readiness', '/deploy-readiness');
      const summary = await t.visible(
        page.getByTestId('unread-kinds-dev'),
        'the unread kinds of Development above the promotion path',
        30_000,
      );
      hasAll(squash(await summary.innerText()), 'the Deploy readiness warning');
      const card = page.locator('[role="tab"][data-environment="dev"]');
      const cardText = squash(await card.innerText());
      t.ok(
        /Live: OK \(\d+ objects?\) · (Secret, PrometheusRule|PrometheusRule, Secret) not read/.test(
          cardText,
        ),
        `the Development card should name the kinds not read: "${cardText}"`,
      );
      // Development is selected: the cluster's messages are written out above its checklist.
      const details = await t.visible(
        page.getByTestId('unread-kinds-details-dev'),
        "the unread kinds' messages above the checklist of Development",
      );
      const detailsText = squash(await details.innerText());
      t.ok(
        detailsText.includes('cannot list resource "secrets"'),
        `the Secret's message should be the cluster's 403: "${detailsText}"`,
      );
      for (const env of ['staging', 'production'])
        t.equal(
          await page.getByTestId(`unread-kinds-${env}`).count(),
          0,
          `unread-kinds warnings of ${env} (no cluster, or one that reads every kind)`,
        );
      t.equal(
        await page.getByText(/could not be read completely/).count(),
        0,
        'environments in error (an unread kind is not an error)',
      );
      await t.screenshot('unread-kinds');

      await openEntityTab(t, entity, 'Environments', '/environments');
      const parity = await t.visible(
        page.getByTestId('unread-kinds-dev'),
        'the unread kinds of Development in the Environments view',
        30_000,
      );
      hasAll(squash(await parity.innerText()), 'the Environments warning');
      await t.visible(
        page
          .getByRole('columnheader')
          .filter({ hasText: 'Development' })
          .getByText(/^Not read: /),
        'the unread kinds in the Development column of the matrix',
      );
      // Desired against live: the manifests of Development against its cluster.
      await page.getByRole('button', { name: 'Desired vs live' }).click();
      const vsLive = await t.visible(
        page.getByTestId('unread-kinds-dev-live'),
        'the unread kinds of the live state of Development (desired vs live)',
      );
      const vsLiveText = squash(await vsLive.innerText());
      for (const kind of ['Not read in Development (live):', ...expectedKinds])
        t.ok(
          vsLiveText.includes(kind),
          `the desired-vs-live warning should say "${kind}": "${vsLiveText}"`,
        );
      await t.screenshot('unread-kinds-environments');
    },
  },
  {
    name: 'image-vulnerabilities',
    // The same backend as unread-kinds: its Production reads the double's second cluster, where
    // the Trivy Operator reports critical vulnerabilities in the image checkout-api runs.
    needs: 'kubernetes-double',
    title:
      'checkout-api in Production, where the Trivy Operator reports critical vulnerabilities in the image that runs: the check fails with the CVEs and the overview filters by it',
    async run(t) {
      const { page } = t;
      const entity = { name: 'checkout-api', title: 'Checkout API' };
      const CVE = 'CVE-2024-45337';

      // The backend's verdict first: Production fails image-vulnerabilities with the counts.
      const readiness = await t.api(
        '/api/preflight/entities/component/default/checkout-api/readiness?refresh=true',
      );
      const production = readiness.environments.find(
        e => e.environment === 'production',
      );
      const check = production.checks.find(
        c => c.id === 'image-vulnerabilities',
      );
      t.equal(
        check && check.status,
        'fail',
        'image-vulnerabilities in Production',
      );
      t.ok(
        /2 critical/.test(check.summary) && check.details.includes(CVE),
        `the result should count the critical vulnerabilities and name ${CVE}: "${check.summary}"`,
      );
      t.equal(production.verdict, 'not-ready', 'the verdict of Production');
      for (const env of readiness.environments.filter(
        e => e.environment !== 'production',
      )) {
        const other = env.checks.find(c => c.id === 'image-vulnerabilities');
        t.ok(
          other && other.status !== 'fail' && other.status !== 'pass',
          `image-vulnerabilities in ${
            env.environment
          } (no Trivy Operator there): ${other && other.status}`,
        );
      }

      // The overview lists the component when filtered by the failing check.
      const overview = await t.api(
        '/api/preflight/readiness?failingCheck=image-vulnerabilities&limit=50',
      );
      const rows = overview.items;
      t.ok(
        JSON.stringify(rows).includes('component:default/checkout-api'),
        'the overview filtered by image-vulnerabilities lists checkout-api',
      );

      await openEntityTab(t, entity, 'Deploy readiness', '/deploy-readiness');
      await page.locator('[role="tab"][data-environment="production"]').click();
      const row = await t.visible(
        page.getByTestId('check-image-vulnerabilities'),
        'the image-vulnerabilities check of Production',
        30_000,
      );
      t.equal(await row.getAttribute('data-status'), 'fail', 'its status');
      await row
        .getByRole('button', {
          name: 'Show details of No known critical vulnerabilities',
        })
        .click();
      const text = squash(await row.innerText());
      t.ok(text.includes(CVE), `the details should list ${CVE}: "${text}"`);
      t.ok(
        /fixed in 0\.31\.0|0\.31\.0/.test(text),
        `the details should give the fixed version: "${text}"`,
      );
      await row.scrollIntoViewIfNeeded();
      await t.screenshot('image-vulnerabilities');
    },
  },
  {
    name: 'user-token-cluster',
    // The same backend as unread-kinds: its Staging reads the double's third cluster, configured
    // `authProvider: oidc`, `oidcTokenProvider: e2e`, which accepts only the user's token; the
    // example app's test OIDC provider `e2e` gives that token (packages/app/src/modules/kubernetesAuth).
    needs: 'kubernetes-double',
    title:
      'checkout-api in Staging, whose cluster is read with the signed-in user’s OIDC token: the tab asks to sign in, then reads the environment with the token, and Environments reads it too',
    async run(t) {
      const { page } = t;
      const entity = { name: 'checkout-api', title: 'Checkout API' };

      // The backend without the user's token: Staging is not configured, and says which token.
      const { environments } = await t.api(
        '/api/preflight/entities/component/default/checkout-api/environments',
      );
      const staging = environments.find(e => e.environment.name === 'staging');
      t.equal(staging && staging.live.status, 'not-configured', 'Staging live');
      t.equal(
        staging.live.needsUserToken,
        { authProvider: 'oidc', oidcTokenProvider: 'e2e' },
        'the token Staging needs',
      );

      // Requests of the page to the Preflight API, with the user's token or not.
      const sent = [];
      page.on('request', request => {
        const url = request.url();
        if (!url.includes('/api/preflight/entities/')) return;
        sent.push({
          path: new URL(url).pathname.replace(/^.*\/checkout-api/, ''),
          token:
            request.headers()['backstage-kubernetes-authorization-oidc-e2e'] ||
            null,
        });
      });

      await openEntityTab(t, entity, 'Deploy readiness', '/deploy-readiness');
      const notice = await t.visible(
        page.getByTestId('sign-in-staging'),
        'the sign-in notice of Staging',
        30_000,
      );
      const noticeText = squash(await notice.innerText());
      t.ok(
        noticeText.includes(
          'Staging: Sign in to e2e to read this environment.',
        ),
        `the notice should ask to sign in: "${noticeText}"`,
      );
      const card = page.locator('[role="tab"][data-environment="staging"]');
      t.ok(
        squash(await card.innerText()).includes('Live: Not configured'),
        'the Staging card before signing in: Live: Not configured',
      );
      t.equal(
        await page.getByText(/could not be read completely/).count(),
        0,
        'environments in error before signing in (a missing token is not an error)',
      );
      t.ok(
        sent.length > 0 && sent.every(r => r.token === null),
        `no token is sent before signing in: ${JSON.stringify(sent)}`,
      );
      await t.screenshot('user-token-sign-in');

      await page
        .getByRole('button', { name: 'Sign in to e2e to read Staging' })
        .click();
      await page
        .getByTestId('sign-in-staging')
        .waitFor({ state: 'detached', timeout: 30_000 })
        .catch(() =>
          t.ok(false, 'the sign-in notice should go once signed in'),
        );
      const cardText = squash(await card.innerText());
      t.ok(
        /Live: OK \(\d+ objects?\)/.test(cardText),
        `the Staging card should show the live state read with the token: "${cardText}"`,
      );
      const withToken = sent.filter(r => r.token !== null);
      t.ok(
        withToken.some(r => r.path === '/environments') &&
          withToken.some(r => r.path === '/readiness') &&
          withToken.every(r => r.token === USER_TOKEN),
        `the reads after signing in carry the user's token: ${JSON.stringify(
          withToken,
        )}`,
      );

      // Same session: the Environments view reads Staging's cluster with the token at once.
      sent.length = 0;
      await page
        .getByRole('tab', { name: 'Environments', exact: true })
        .or(page.getByRole('link', { name: 'Environments', exact: true }))
        .first()
        .click();
      const live = page.getByRole('button', { name: 'Live', exact: true });
      await t.visible(live, 'the Environments view', 30_000);
      await live.click();
      t.equal(
        await page.getByTestId('sign-in-staging').count(),
        0,
        'sign-in notices in Environments once signed in',
      );
      await t.visible(
        page.getByRole('columnheader').filter({ hasText: 'Staging' }),
        'the Staging column of the live matrix',
      );
      const notCompared = (
        await page.getByText(/^Not compared:/).allInnerTexts()
      ).join(' ');
      t.ok(
        !notCompared.includes('Staging'),
        `Staging's live state should be compared: "${notCompared}"`,
      );
      t.ok(
        sent.some(r => r.path === '/parity' && r.token === USER_TOKEN),
        `the parity read carries the user's token: ${JSON.stringify(sent)}`,
      );
      await t.screenshot('user-token-environments');
    },
  },
  ...views,
];
