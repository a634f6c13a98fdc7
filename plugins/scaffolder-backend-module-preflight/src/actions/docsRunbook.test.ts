import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  contextFor,
  createSandbox,
  exampleStep,
  expectInputError,
  hostilePaths,
  loggedText,
  readTree,
  rejection,
} from '../__testUtils__';
import { escapeMarkdown } from '@preflight/plugin-preflight-common';
import { createDocsRunbookAction } from './docsRunbook';
import { examples } from './docsRunbook.examples';

const base = {
  name: 'checkout-api',
  namespace: 'shop',
  owner: 'group:default/checkout-team',
};

/** The headings of a Markdown text (outside code blocks). */
function sections(markdown: string) {
  let fenced = false;
  const headings: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && /^#{1,3} /.test(line)) {
      headings.push(line.replace(/^#+ /, ''));
    }
  }
  return headings;
}

describe('preflight:docs:runbook', () => {
  const sandbox = createSandbox();
  const { workspacePath } = sandbox;
  const action = createDocsRunbookAction();

  beforeEach(() => sandbox.reset());

  const read = (file: string) =>
    fs.readFileSync(path.join(workspacePath, file), 'utf8');
  const run = async (input: Record<string, unknown>, extra = {}) => {
    const ctx = contextFor(workspacePath, input, extra);
    await action.handler(ctx);
    return ctx;
  };

  it('writes the runbook, the index and mkdocs.yml for TechDocs', async () => {
    const ctx = await run({ ...base, description: 'Checkout API of the shop' });
    expect(ctx.output).toHaveBeenCalledWith('files', [
      'mkdocs.yml',
      'docs/index.md',
      'docs/runbook.md',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('runbookPath', 'docs/runbook.md');
    expect(ctx.output).toHaveBeenCalledWith('techdocsRef', 'dir:.');

    expect(yaml.parse(read('mkdocs.yml'))).toEqual({
      site_name: 'checkout-api',
      site_description: 'Checkout API of the shop',
      nav: [{ Home: 'index.md' }, { Runbook: 'runbook.md' }],
      plugins: ['techdocs-core'],
    });
    expect(read('docs/index.md')).toContain('[Runbook](runbook.md)');

    const runbook = read('docs/runbook.md');
    expect(sections(runbook)).toEqual([
      'checkout-api runbook',
      'Deploy',
      'Rollback',
      'With kubectl',
      'With Argo CD',
      'Backup and restore',
      'Alerts',
    ]);
    for (const command of [
      'kubectl rollout undo deployment/checkout-api -n shop',
      'kubectl rollout undo deployment/checkout-api -n shop --to-revision=<N>',
      'kubectl rollout history deployment/checkout-api -n shop',
      'argocd app rollback checkout-api-production <history-id>',
      'argocd app history checkout-api-dev',
      'velero schedule create checkout-api-daily --schedule "0 2 * * *"',
      'velero restore create --from-backup <backup-name>',
      '--namespace-mappings shop:shop-restore-test',
      '"$BACKSTAGE_URL/api/preflight/entities/component/default/checkout-api/readiness?environment=production"',
    ]) {
      expect(runbook).toContain(command);
    }
    expect(runbook).toContain('| `PodCrashLooping` | critical |');
    expect(runbook).toContain('Alerts route to `group:default/checkout-team`.');
  });

  it('covers the data stores and custom alerts, escaping text', async () => {
    await run({
      ...base,
      description: 'Uses <script>alert(1)</script> and [links](javascript:x)',
      argoCdApplication: 'shop-{env}-checkout',
      environments: ['dev', 'prod'],
      backup: {
        schedule: '30 1 * * 0',
        dataStores: [
          { name: 'checkout-db', type: 'postgres' },
          { name: 'carts', type: 'mysql' },
          { name: 'sessions' },
        ],
      },
      alerts: [
        {
          name: 'CheckoutSlow',
          severity: 'warning',
          summary: 'p99 > 2s | for 10m',
          action: 'Scale up; see *dashboards*',
        },
      ],
    });
    const runbook = read('docs/runbook.md');
    expect(runbook).toContain(
      'argocd app rollback shop-prod-checkout <history-id>',
    );
    expect(sections(runbook)).toContain('Data store `checkout-db`');
    expect(runbook).toContain('pg_dump --format=custom');
    expect(runbook).toContain('mysqldump --single-transaction');
    expect(runbook).toContain('### Data store `sessions`');
    expect(runbook).toContain(
      'velero schedule create checkout-api-daily --schedule "30 1 * * 0"',
    );
    expect(runbook).toContain(
      '| `CheckoutSlow` | warning | p99 &gt; 2s \\| for 10m | Scale up; see \\*dashboards\\* |',
    );
    expect(runbook).not.toContain('<script>');
    expect(runbook).not.toContain('](javascript:');
    expect(runbook).not.toContain('PodCrashLooping');
  });

  it('completes an existing mkdocs.yml, keeping the rest and its comments', async () => {
    sandbox.reset({
      'mkdocs.yml':
        '# our docs\nsite_name: Checkout\nnav:\n  - Overview: index.md\nmarkdown_extensions:\n  - admonition\n',
      'docs/index.md': '# Our own home page\n',
    });
    await run(base);
    const mkdocs = read('mkdocs.yml');
    expect(mkdocs).toContain('# our docs');
    expect(yaml.parse(mkdocs)).toEqual({
      site_name: 'Checkout',
      nav: [{ Overview: 'index.md' }, { Runbook: 'runbook.md' }],
      markdown_extensions: ['admonition'],
      plugins: ['techdocs-core'],
    });
    expect(read('docs/index.md')).toBe('# Our own home page\n');
  });

  it('leaves a complete mkdocs.yml byte for byte', async () => {
    const mkdocs =
      "site_name:   'Checkout'   # odd spacing\nnav:\n- Runbook: runbook.md\nplugins: [techdocs-core]\n";
    sandbox.reset({ 'mkdocs.yml': mkdocs });
    await run(base);
    expect(read('mkdocs.yml')).toBe(mkdocs);
  });

  it('refuses an mkdocs.yml that is not YAML', async () => {
    expect.hasAssertions();
    sandbox.reset({ 'mkdocs.yml': 'site_name: [unclosed\n' });
    expectInputError(
      await rejection(action, contextFor(workspacePath, base)),
      'targetPath: the existing mkdocs.yml is not valid YAML',
    );
  });

  it.each<[Record<string, unknown>, string]>([
    [{ name: 'Checkout' }, 'name: must be a DNS-1035 label'],
    [{ namespace: 'a b' }, 'namespace: must be a DNS-1123 label'],
    [{ owner: 'team\n## Injected' }, 'owner: must be an entity reference'],
    [{ description: 'one\ntwo' }, 'description: must be a single line'],
    [
      { argoCdApplication: 'app; rm -rf /' },
      'argoCdApplication: must be an Argo CD application name',
    ],
    [
      { backup: { schedule: 'daily' } },
      'backup.schedule: must be a five-field cron',
    ],
    [
      { backup: { schedule: '0 2 * * * ; curl evil' } },
      'backup.schedule: must be a five-field cron',
    ],
    [
      { backup: { dataStores: [{ name: 'db', type: 'oracle' }] } },
      'backup.dataStores.0.type',
    ],
    [
      {
        alerts: [
          { name: 'A B', severity: 'critical', summary: 's', action: 'a' },
        ],
      },
      'alerts.0.name: must be a Prometheus alert name',
    ],
    [
      { alerts: [{ name: 'A', severity: 'page', summary: 's', action: 'a' }] },
      'alerts.0.severity',
    ],
    [{ manifestsDir: '`id`' }, 'manifestsDir: must be a relative path'],
  ])('rejects %j naming the field', async (override, message) => {
    expectInputError(
      await rejection(
        action,
        contextFor(workspacePath, { ...base, ...override }),
      ),
      message,
    );
    expect(fs.existsSync(path.join(workspacePath, 'docs'))).toBe(false);
  });

  it('escapes Markdown and HTML', () => {
    expect(escapeMarkdown('<b>*x*</b> [a](b) `c` | d & e')).toBe(
      '&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(b\\) \\`c\\` \\| d &amp; e',
    );
  });

  it('is idempotent', async () => {
    const input = { ...base, targetPath: 'services/checkout' };
    const first = await run(input);
    expect(first.output).toHaveBeenCalledWith(
      'techdocsRef',
      'dir:services/checkout',
    );
    const tree = readTree(workspacePath);
    const ctx = await run(input);
    expect(readTree(workspacePath)).toEqual(tree);
    expect(loggedText(ctx)).toContain('0 of 3 files changed');
  });

  it('writes in a dry run', async () => {
    await run(base, { isDryRun: true });
    expect(read('docs/runbook.md')).toContain('## Rollback');
  });

  it('runs its documented examples', async () => {
    for (const example of examples) {
      sandbox.reset();
      const step = exampleStep(example);
      expect(step.action).toBe(action.id);
      await run(step.input);
      expect(sections(read('docs/runbook.md'))).toEqual(
        expect.arrayContaining([
          'Deploy',
          'Rollback',
          'Backup and restore',
          'Alerts',
        ]),
      );
    }
  });

  it('publishes a JSON schema with a description for every field', () => {
    for (const schema of [
      action.schema?.input,
      action.schema?.output,
    ] as any[]) {
      for (const [field, property] of Object.entries<any>(schema.properties)) {
        expect([field, typeof property.description]).toEqual([field, 'string']);
      }
    }
  });

  describe('path safety', () => {
    it.each(hostilePaths('/outside-placeholder'))(
      'refuses targetPath %j',
      async dir => {
        const targetPath =
          dir === '/outside-placeholder' ? sandbox.outsidePath : dir;
        const before = sandbox.outsideSnapshot();
        expectInputError(
          await rejection(
            action,
            contextFor(workspacePath, { ...base, targetPath }),
          ),
          /^(Invalid input: )?targetPath: /,
        );
        expect(sandbox.outsideSnapshot()).toEqual(before);
      },
    );

    it.each([
      ['docs', (outside: string) => outside],
      ['docs', (outside: string) => path.join(outside, 'missing')],
      ['mkdocs.yml', (outside: string) => path.join(outside, 'keep.txt')],
    ])(
      'refuses to read or write through a symlinked %s',
      async (link, target) => {
        fs.symlinkSync(
          target(sandbox.outsidePath),
          path.join(workspacePath, link),
        );
        const before = sandbox.outsideSnapshot();
        expectInputError(
          await rejection(action, contextFor(workspacePath, base)),
          /^targetPath: /,
        );
        expect(sandbox.outsideSnapshot()).toEqual(before);
      },
    );
  });
});
