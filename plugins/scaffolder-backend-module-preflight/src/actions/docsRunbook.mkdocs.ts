// The mkdocs.yml of preflight:docs:runbook: created, or completed without losing what is there.
import { InputError } from '@backstage/errors';
import yaml from 'yaml';
import type { RunbookInput } from './docsRunbook.schema';
import { toYamlFile } from './yamlFile';

/** Whether a value of the YAML (a key or a leaf, at any depth) is the needle. */
function mentions(value: unknown, needle: string): boolean {
  if (value === needle) return true;
  if (Array.isArray(value)) return value.some(v => mentions(v, needle));
  if (value && typeof value === 'object') {
    return Object.entries(value).some(
      ([k, v]) => k === needle || mentions(v, needle),
    );
  }
  return false;
}

/**
 * mkdocs.yml: created, or completed through the YAML document model (keeping the rest of an
 * existing file, comments included) with a site name, the runbook in the nav and the
 * techdocs-core plugin.
 */
export function buildMkdocs(
  input: RunbookInput,
  existing: string | undefined,
  field: string,
): string {
  if (existing === undefined) {
    return toYamlFile(
      {
        site_name: input.name,
        ...(input.description ? { site_description: input.description } : {}),
        nav: [{ Home: 'index.md' }, { Runbook: 'runbook.md' }],
        plugins: ['techdocs-core'],
      },
      'TechDocs of the component (backstage.io/techdocs-ref: dir:.)',
    );
  }
  const document = yaml.parseDocument(existing);
  if (document.errors.length > 0) {
    throw new InputError(
      `${field}: the existing mkdocs.yml is not valid YAML: ${document.errors[0].message}`,
    );
  }
  const current = (document.toJS() ?? {}) as Record<string, unknown>;
  if (typeof current !== 'object' || Array.isArray(current)) {
    throw new InputError(`${field}: the existing mkdocs.yml is not a mapping`);
  }
  let changed = false;
  if (current.site_name === undefined) {
    document.set('site_name', input.name);
    changed = true;
  }
  if (current.nav === undefined) {
    document.set('nav', [{ Home: 'index.md' }, { Runbook: 'runbook.md' }]);
    changed = true;
  } else if (!mentions(current.nav, 'runbook.md')) {
    document.addIn(['nav'], { Runbook: 'runbook.md' });
    changed = true;
  }
  if (current.plugins === undefined) {
    document.set('plugins', ['techdocs-core']);
    changed = true;
  } else if (!mentions(current.plugins, 'techdocs-core')) {
    document.addIn(['plugins'], 'techdocs-core');
    changed = true;
  }
  // Keep the file byte for byte when nothing was missing.
  return changed ? document.toString({ lineWidth: 0 }) : existing;
}
