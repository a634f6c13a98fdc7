import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  type KubernetesObject,
  sanitizeObject,
} from '@preflight/plugin-preflight-common';
import { evaluatePolicies } from './engine';
import { validateManifestSchema } from './schema';
import type { PolicyReport } from './types';

const DEPLOY = path.resolve(__dirname, '../../../../examples/deploy');
const environments = ['dev', 'staging', 'production'];

function readEnvironment(component: string, env: string): KubernetesObject[] {
  const dir = path.join(DEPLOY, component, env);
  return fs
    .readdirSync(dir)
    .filter(file => /\.ya?ml$/.test(file))
    .sort()
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))
        .map(doc => doc.toJS())
        .filter(Boolean),
    );
}

// Components whose manifests are plain YAML per environment; a Kustomize layout (base/ +
// overlays/, e.g. inventory-api) is built by kustomize and tested in the backend.
const all = fs.readdirSync(DEPLOY).sort();
const isKustomizeLayout = (component: string) =>
  fs.existsSync(path.join(DEPLOY, component, 'overlays'));
const components = all.filter(c => !isKustomizeLayout(c));
const cases = components.flatMap(component =>
  environments.map(env => ({ component, env })),
);

const blocking = (report: PolicyReport) =>
  report.violations
    .filter(v => v.severity === 'blocking')
    .map(v => `${v.ruleId} ${v.object.kind}/${v.object.name} ${v.path}`);

/** The deliberate problems of examples/README.md that a blocking rule must find. */
const DELIBERATE: Record<string, string[]> = {
  'cart-service/dev': [
    'imageTagMutable Deployment/cart-service spec.template.spec.containers[0].image',
  ],
  'payments-api/production': [
    'readinessProbeMissing Deployment/payments-api spec.template.spec.containers[0].readinessProbe',
  ],
  'payments-api/staging': [
    'sensitiveEnvLiteral Deployment/payments-api spec.template.spec.containers[0].env[4].value',
  ],
};

describe('the example estate (examples/deploy)', () => {
  it('covers every component; only Kustomize layouts are left to the backend tests', () => {
    expect(all.filter(isKustomizeLayout)).toEqual(['inventory-api']);
    for (const component of components) {
      for (const env of environments) {
        expect(fs.existsSync(path.join(DEPLOY, component, env))).toBe(true);
      }
    }
  });

  it('has the three environments of the four components', () => {
    expect(components).toEqual(
      expect.arrayContaining([
        'checkout-api',
        'cart-service',
        'payments-api',
        'catalog-web',
      ]),
    );
  });

  it.each(environments)(
    'checkout-api %s (the fully ready component) has no blocking violation, and no advisory one',
    env => {
      const report = evaluatePolicies(readEnvironment('checkout-api', env));
      expect(blocking(report)).toEqual([]);
      expect(report.violations).toEqual([]);
      expect(report.exempted).toEqual([]);
    },
  );

  it.each(cases)(
    '$component $env: blocking violations are exactly the deliberate problems',
    ({ component, env }) => {
      const objects = readEnvironment(component, env);
      const expected = DELIBERATE[`${component}/${env}`] ?? [];
      expect(blocking(evaluatePolicies(objects))).toEqual(expected);
      // the readiness path sees sanitized objects: same verdict
      expect(blocking(evaluatePolicies(objects.map(sanitizeObject)))).toEqual(
        expected,
      );
    },
  );

  it('finds the Stripe key without ever repeating it', () => {
    const objects = readEnvironment('payments-api', 'staging');
    const raw = JSON.stringify(objects);
    expect(raw).toContain('sk_live_');
    const report = evaluatePolicies(objects);
    const violation = report.violations.find(
      v => v.ruleId === 'sensitiveEnvLiteral',
    );
    expect(violation?.message).toMatch(/STRIPE_API_KEY/);
    expect(JSON.stringify(report)).not.toContain('sk_live_');
  });

  it.each(cases)(
    '$component $env: every object validates against its Kubernetes schema',
    ({ component, env }) => {
      for (const object of readEnvironment(component, env)) {
        expect({
          file: `${object.kind}/${object.metadata.name}`,
          result: validateManifestSchema(object),
        }).toEqual({
          file: `${object.kind}/${object.metadata.name}`,
          result: expect.objectContaining({ status: 'valid' }),
        });
      }
    },
  );
});
