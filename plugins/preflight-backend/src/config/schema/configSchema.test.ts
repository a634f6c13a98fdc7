import { loadConfigSchema } from '@backstage/config-loader';
import path from 'node:path';
import { z } from 'zod';
import { preflightConfigSchema } from '.';
import { argocdInstancesSchema } from './argocdInstances';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/**
 * The key paths a JSON schema declares: `a.b` for properties, `a[]` for the entries of a list,
 * `a.*` for the entries of a map whose values are objects. A map of plain values (thresholds,
 * options) and a value that is not an object are leaves.
 */
function keyPaths(schema: JsonSchema, prefix: string, out: Set<string>) {
  for (const member of [
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.allOf ?? []),
  ]) {
    keyPaths(member, prefix, out);
  }
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}.${name}`;
    out.add(key);
    keyPaths(child, key, out);
  }
  if (schema.items) keyPaths(schema.items, `${prefix}[]`, out);
  const entries = schema.additionalProperties;
  if (typeof entries === 'object' && entries.properties) {
    const key = `${prefix}.*`;
    out.add(key);
    keyPaths(entries, key, out);
  }
  return out;
}

/**
 * The checks declared in the zod schema by id (the built-in ones with options) are entries of the
 * `checks` map in `config.d.ts`, whose `options` are open (a module's check reads its own): their
 * keys count as `checks.*` and their options' keys are not compared.
 */
function normalizeCheckIds(keys: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const key of keys) {
    const match = key.match(/^preflight\.checks\.([^.*]+)(\..*)?$/);
    if (!match) {
      out.add(key);
      continue;
    }
    const rest = match[2] ?? '';
    if (/^\.options\./.test(rest)) continue;
    out.add(`preflight.checks.*${rest}`);
  }
  return out;
}

describe('the configuration schema', () => {
  it('names the same keys as config.d.ts (preflight.* and argocd.*), so that the two cannot drift', async () => {
    const loaded = await loadConfigSchema({
      dependencies: [],
      packagePaths: [path.resolve(__dirname, '../../../package.json')],
      excludePackageDependencies: true,
    });
    const { schemas } = loaded.serialize() as {
      schemas: Array<{ path: string; packageName: string; value: JsonSchema }>;
    };
    // A schema's path is relative to the working directory (the package's, or the repository's
    // under `repo test`): match it by its package.
    const declared = schemas.find(
      s =>
        s.packageName === '@preflight/plugin-preflight-backend' &&
        s.path.endsWith('config.d.ts'),
    );
    const preflight = declared?.value.properties?.preflight;
    expect(preflight).toBeDefined();
    const fromConfigDts = keyPaths(preflight!, 'preflight', new Set());

    const fromZod = normalizeCheckIds(
      keyPaths(
        z.toJSONSchema(preflightConfigSchema, {
          io: 'input',
          unrepresentable: 'any',
        }) as JsonSchema,
        'preflight',
        new Set(),
      ),
    );

    expect([...fromZod].sort()).toEqual([...fromConfigDts].sort());

    // The Argo CD instances (argocd.*), which the plugin reads too.
    const argocd = declared?.value.properties?.argocd;
    expect(argocd).toBeDefined();
    expect(
      [
        ...keyPaths(
          z.toJSONSchema(argocdInstancesSchema, {
            io: 'input',
            unrepresentable: 'any',
          }) as JsonSchema,
          'argocd',
          new Set(),
        ),
      ].sort(),
    ).toEqual([...keyPaths(argocd!, 'argocd', new Set())].sort());
    // Not vacuous: both name the nested keys.
    expect(fromZod).toContain('preflight.live.pageSize');
    expect(fromZod).toContain('preflight.registries[].password');
    expect(fromZod).toContain('preflight.checks.*.appliesTo.kind');
  });
});
