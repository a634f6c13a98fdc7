/* Constants of the demo and small helpers shared by tests.js and upcoming.js. */
'use strict';

/** The demo estate of examples/entities.yaml. */
const DEMO_COMPONENTS = [
  'checkout-api',
  'cart-service',
  'payments-api',
  'catalog-web',
];
/** The promotion path of app-config.yaml (preflight.environments), in order. */
const PROMOTION_PATH = ['Development', 'Staging', 'Production'];
/** templates/node-service/template.yaml */
const TEMPLATE_TITLE = 'Node.js service (Preflight golden path)';
const TEMPLATE_REF = 'default/template/preflight-node-service';
/** plugins/scaffolder-backend-module-preflight */
const ACTION_ID = 'preflight:catalog:annotate';

const escapeRegExp = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const squash = s => s.replace(/\s+/g, ' ').trim();
const firstLine = s => (s.trim().split('\n')[0] || '').trim();

/** The cells of a table, row by row, keyed by header text (lower case, spaces squashed). */
async function readTable(table) {
  const headers = (await table.locator('thead th').allInnerTexts()).map(h =>
    squash(h).toLowerCase(),
  );
  const rows = [];
  for (const row of await table.locator('tbody tr').all()) {
    const cells = await row.locator('td').allInnerTexts();
    rows.push(
      Object.fromEntries(headers.map((h, i) => [h, (cells[i] || '').trim()])),
    );
  }
  return { headers, rows };
}

/**
 * The environments of the promotion path as the page shows them, in page order, whatever their
 * layout (table rows, cards, tabs): for each title of `titles` shown on its own (an element whose
 * whole text is the title), the largest element around it that contains no other title - its
 * row or card. `text` is that element's text; for a table row, each cell is prefixed with its
 * column header ("Live state (cluster): Not configured"), so that `sourceValue()` reads both.
 * @returns {Promise<{ title: string, text: string }[]>}
 */
async function readPromotionPath(page, titles) {
  return page.evaluate(titles => {
    const own = el => (el.textContent || '').trim();
    const boxes = [];
    for (const title of titles) {
      const others = titles.filter(t => t !== title);
      const exact = [...document.body.querySelectorAll('*')].filter(
        el =>
          own(el) === title &&
          ![...el.children].some(c => own(c) === title) &&
          el.getClientRects().length > 0,
      );
      for (const el of exact) {
        let box = el;
        while (
          box.parentElement &&
          box.parentElement !== document.body &&
          !others.some(o => own(box.parentElement).includes(o))
        ) {
          box = box.parentElement;
        }
        let text = box.innerText;
        const row = box.closest('tr') || (box.tagName === 'TR' ? box : null);
        if (row) {
          const table = row.closest('table');
          const headers = [...table.querySelectorAll('thead th')].map(th =>
            th.textContent.trim(),
          );
          text = [...row.cells]
            .map((c, i) => `${headers[i] || ''}: ${c.innerText.trim()}`)
            .join('\n');
        }
        // The box of an environment of the promotion path tells its sources.
        if (/\blive\b/i.test(text) && /\bdesired\b/i.test(text)) {
          boxes.push({ title, text, box });
          break;
        }
      }
    }
    boxes.sort((a, b) =>
      a.box.compareDocumentPosition(b.box) & Node.DOCUMENT_POSITION_FOLLOWING
        ? -1
        : 1,
    );
    return boxes.map(({ title, text }) => ({ title, text }));
  }, titles);
}

/**
 * Waits for the promotion path of the Deploy readiness tab and returns its environments
 * ({ title, text }); fails unless they are PROMOTION_PATH, in that order.
 */
async function readPromotionPathOrFail(t) {
  const { page } = t;
  await t.visible(
    page.getByText('Promotion path', { exact: true }),
    'the "Promotion path" of the Deploy readiness tab',
  );
  for (const title of PROMOTION_PATH) {
    await t.visible(
      page.getByText(title, { exact: true }),
      `the environment ${title}`,
    );
  }
  // The sources of each environment load after the titles: wait (bounded) until all read.
  let environments = [];
  const deadline = Date.now() + 15_000;
  for (;;) {
    environments = await readPromotionPath(page, PROMOTION_PATH);
    const complete =
      environments.length === PROMOTION_PATH.length &&
      environments.every(e => sourceValue(e.text, 'desired'));
    if (complete || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  t.equal(
    environments.map(e => e.title),
    PROMOTION_PATH,
    'the environments of the promotion path (each with its live and desired state), in page order',
  );
  return environments;
}

/**
 * The value of a source in an environment's text: `sourceValue(text, 'live')` reads
 * "Live: Not configured", "Live state (cluster): Not configured" or "Live\nNot configured".
 */
function sourceValue(text, source) {
  const lines = text.split('\n').map(l => l.trim());
  const i = lines.findIndex(l => new RegExp(`^${source}\\b`, 'i').test(l));
  if (i < 0) return undefined;
  const rest = lines[i].replace(/^[^:]*:?/, '').trim();
  return rest || (lines[i + 1] || '').trim();
}

/**
 * Opens an entity page, asserts it shows the entity's title, clicks the tab `tabTitle` and
 * asserts the URL becomes <entity page><tabPath>.
 */
async function openEntityTab(
  t,
  { name, title, kind = 'component', namespace = 'default' },
  tabTitle,
  tabPath,
) {
  const { page } = t;
  const entityPath = `/catalog/${namespace}/${kind}/${name}`;
  await t.open(entityPath);
  await t.visible(
    page.getByRole('heading', { name: title }),
    `the entity page of ${name}`,
  );
  const tab = page
    .getByRole('tab', { name: tabTitle, exact: true })
    .or(page.getByRole('link', { name: tabTitle, exact: true }));
  await t.visible(tab, `the "${tabTitle}" tab of ${name}`);
  await tab.first().click();
  const expected = new RegExp(`${escapeRegExp(entityPath + tabPath)}$`);
  await page
    .waitForURL(expected, { timeout: 10_000 })
    .catch(() =>
      t.ok(
        false,
        `the "${tabTitle}" tab should open ${entityPath}${tabPath}, not ${page.url()}`,
      ),
    );
}

module.exports = {
  DEMO_COMPONENTS,
  PROMOTION_PATH,
  TEMPLATE_TITLE,
  TEMPLATE_REF,
  ACTION_ID,
  escapeRegExp,
  squash,
  firstLine,
  readTable,
  readPromotionPath,
  readPromotionPathOrFail,
  sourceValue,
  openEntityTab,
};
