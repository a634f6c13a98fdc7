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
  secretForms,
} from '../__testUtils__';
import { createKubernetesManifestsAction } from './kubernetesManifests';
import { createPolicyValidateAction } from './policyValidate';
import { examples } from './policyValidate.examples';

const manifests = {
  name: 'checkout-api',
  namespace: 'shop',
  imageRepository: 'ghcr.io/acme/checkout-api',
  initialTag: '1a2b3c4',
};

/** A Deployment that breaks several rules. */
const insecureDeployment = (extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'legacy', namespace: 'shop' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'legacy' } },
    template: {
      metadata: { labels: { app: 'legacy' } },
      spec: {
        containers: [
          { name: 'app', image: 'ghcr.io/acme/legacy:latest', ...extra },
        ],
      },
    },
  },
});

describe('preflight:policy:validate', () => {
  const sandbox = createSandbox();
  const { workspacePath } = sandbox;
  const action = createPolicyValidateAction();

  beforeEach(() => sandbox.reset());

  const write = (file: string, content: unknown) => {
    const full = path.join(workspacePath, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(
      full,
      typeof content === 'string'
        ? content
        : [content]
            .flat()
            .map(c => yaml.stringify(c))
            .join('---\n'),
    );
  };
  const outputs = (ctx: any) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);

  it('passes what preflight:kubernetes:manifests writes, reporting only advisories', async () => {
    await createKubernetesManifestsAction().handler(
      contextFor(workspacePath, manifests),
    );
    const ctx = contextFor(workspacePath, {});
    await action.handler(ctx);
    const { passed, violations, files } = outputs(ctx);
    expect(passed).toBe(true);
    expect(files).toHaveLength(21);
    expect(violations.filter((v: any) => v.severity === 'blocking')).toEqual(
      [],
    );
    // A commit-SHA tag without digest is advisory until the pipeline pins the digest.
    expect(violations.map((v: any) => [v.ruleId, v.file])).toEqual(
      // Files in path order.
      ['dev', 'production', 'staging'].map(env => [
        'imageDigestMissing',
        `deploy/${env}/deployment.yaml`,
      ]),
    );
    expect(loggedText(ctx)).toContain(
      '[advisory] imageDigestMissing Deployment shop/checkout-api',
    );
    expect(loggedText(ctx)).toContain(
      'Checked 21 manifest files: 0 blocking and 3 advisory',
    );
  });

  it('fails on blocking violations, listing all of them, after logging and reporting every one', async () => {
    write('deploy/dev/legacy.yaml', insecureDeployment());
    const ctx = contextFor(workspacePath, {});
    const error = await rejection(action, ctx);
    expectInputError(error, /blocking policy violations in 'deploy':/);
    const { passed, violations } = outputs(ctx);
    expect(passed).toBe(false);
    const blocking = violations.filter((v: any) => v.severity === 'blocking');
    const ids = blocking.map((v: any) => v.ruleId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'runAsNonRoot',
        'readinessProbeMissing',
        'livenessProbeMissing',
        'imageTagMutable',
        'resourceLimitsMissing',
      ]),
    );
    for (const violation of blocking) {
      expect(error.message).toContain(
        `] ${violation.ruleId} Deployment shop/legacy (deploy/dev/legacy.yaml`,
      );
      expect(violation).toMatchObject({
        file: 'deploy/dev/legacy.yaml',
        object: { kind: 'Deployment', name: 'legacy', namespace: 'shop' },
      });
      expect(violation.remediation).toEqual(expect.any(String));
    }
    const logger = ctx.logger as any;
    expect(logger.error).toHaveBeenCalledTimes(blocking.length);
    expect(logger.warn).toHaveBeenCalledTimes(
      violations.length - blocking.length,
    );
  });

  it('evaluates each directory as one set (a PDB elsewhere does not count)', async () => {
    await createKubernetesManifestsAction().handler(
      contextFor(workspacePath, manifests),
    );
    fs.renameSync(
      path.join(workspacePath, 'deploy/production/networkpolicy.yaml'),
      path.join(workspacePath, 'deploy/networkpolicy.yaml'),
    );
    const ctx = contextFor(workspacePath, {});
    await action.handler(ctx);
    expect(
      outputs(ctx).violations.filter(
        (v: any) => v.ruleId === 'networkPolicyMissing',
      ),
    ).toEqual([
      expect.objectContaining({ file: 'deploy/production/deployment.yaml' }),
    ]);
  });

  it('honours exemption annotations', async () => {
    const deployment: any = insecureDeployment();
    deployment.metadata.annotations = {
      'preflight.dev/exempt.imageTagMutable':
        'vendor image, pinned by the vendor',
    };
    write('deploy/dev/legacy.yaml', deployment);
    const ctx = contextFor(workspacePath, {});
    await rejection(action, ctx);
    expect(outputs(ctx).violations.map((v: any) => v.ruleId)).not.toContain(
      'imageTagMutable',
    );
    expect(loggedText(ctx)).toContain(
      'imageTagMutable exempted (vendor image, pinned by the vendor)',
    );
  });

  it('reports schema errors and YAML syntax errors as blocking', async () => {
    write('deploy/dev/bad-schema.yaml', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { ports: [{ port: 'eighty' }] },
    });
    write('deploy/dev/not-yaml.yml', 'kind: Service\nmetadata: {name: [\n');
    write('deploy/dev/no-kind.yaml', { metadata: { name: 'x' } });
    const ctx = contextFor(workspacePath, { path: 'deploy/dev' });
    const error = await rejection(action, ctx);
    const violations = outputs(ctx).violations;
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'schemaInvalid',
          severity: 'blocking',
          file: 'deploy/dev/bad-schema.yaml',
          path: expect.stringContaining('spec.ports[0].port'),
        }),
        expect.objectContaining({
          ruleId: 'yamlSyntax',
          file: 'deploy/dev/not-yaml.yml',
        }),
        expect.objectContaining({
          ruleId: 'schemaInvalid',
          file: 'deploy/dev/no-kind.yaml',
        }),
      ]),
    );
    expect(error.message).toContain('yamlSyntax');
  });

  it('reports custom resources it has no schema for without failing', async () => {
    await createKubernetesManifestsAction().handler(
      contextFor(workspacePath, manifests),
    );
    write('deploy/dev/servicemonitor.yaml', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'checkout-api', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'x' } },
        endpoints: [{ port: 'http' }],
      },
    });
    const ctx = contextFor(workspacePath, {});
    await action.handler(ctx);
    expect(outputs(ctx).passed).toBe(true);
    expect(loggedText(ctx)).toContain(
      'deploy/dev/servicemonitor.yaml: no schema for monitoring.coreos.com/v1/ServiceMonitor',
    );
  });

  it('never puts a secret from the manifests into its logs, outputs or error', async () => {
    const secret = `ghp_${'Mm4Nn5Bb6V'.repeat(4)}`;
    write('deploy/dev/leaky.yaml', [
      insecureDeployment({
        env: [
          { name: 'API_TOKEN', value: secret },
          { name: 'NOTE', value: secret },
        ],
      }),
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'creds', namespace: 'shop' },
        data: { token: Buffer.from(secret).toString('base64') },
        stringData: { other: secret },
      },
    ]);
    // A syntax error right next to a secret: the parser's message would quote the line.
    write(
      'deploy/dev/broken.yaml',
      `apiVersion: v1\nkind: ConfigMap\ndata:\n  token: ${secret}\n   bad: [\n`,
    );
    const ctx = contextFor(workspacePath, {});
    const error = await rejection(action, ctx);
    expect(outputs(ctx).violations.map((v: any) => v.ruleId)).toEqual(
      expect.arrayContaining(['sensitiveEnvLiteral', 'yamlSyntax']),
    );
    const seen = [
      error.message,
      loggedText(ctx),
      JSON.stringify((ctx.output as jest.Mock).mock.calls),
    ].join('\n');
    for (const form of secretForms(secret)) expect(seen).not.toContain(form);
  });

  it('does not write anything, and validates in a dry run too', async () => {
    write('deploy/dev/legacy.yaml', insecureDeployment());
    const before = readTree(workspacePath);
    const ctx = contextFor(workspacePath, {}, { isDryRun: true });
    expectInputError(await rejection(action, ctx), /blocking policy violation/);
    expect(readTree(workspacePath)).toEqual(before);
  });

  it('accepts a single file', async () => {
    await createKubernetesManifestsAction().handler(
      contextFor(workspacePath, manifests),
    );
    const ctx = contextFor(workspacePath, {
      path: 'deploy/dev/deployment.yaml',
    });
    await action.handler(ctx);
    expect(outputs(ctx).files).toEqual(['deploy/dev/deployment.yaml']);
  });

  it('refuses a path without manifests', async () => {
    expect.hasAssertions();
    expectInputError(
      await rejection(action, contextFor(workspacePath, { path: 'missing' })),
      "path: 'missing' does not exist",
    );
    fs.mkdirSync(path.join(workspacePath, 'empty'));
    expectInputError(
      await rejection(action, contextFor(workspacePath, { path: 'empty' })),
      "path: no *.yaml or *.yml manifests under 'empty'",
    );
  });

  it('runs its documented examples', async () => {
    for (const example of examples) {
      sandbox.reset();
      await createKubernetesManifestsAction().handler(
        contextFor(workspacePath, manifests),
      );
      const step = exampleStep(example);
      expect(step.action).toBe(action.id);
      const ctx = contextFor(workspacePath, step.input);
      await action.handler(ctx);
      expect(outputs(ctx).passed).toBe(true);
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
      'refuses path %j',
      async dir => {
        expect.hasAssertions();
        const resolved =
          dir === '/outside-placeholder' ? sandbox.outsidePath : dir;
        expectInputError(
          await rejection(
            action,
            contextFor(workspacePath, { path: resolved }),
          ),
          /^(Invalid input: )?path: /,
        );
      },
    );

    it.each([
      [
        'deploy/dev/evil.yaml',
        (o: string) => path.join(o, 'deploy/dev/deployment.yaml'),
      ],
      ['deploy/dev/dangling.yaml', (o: string) => path.join(o, 'missing.yaml')],
      [
        'deploy/dev/chain.yaml',
        (_o: string, w: string) => path.join(w, 'chain-1/keep.txt'),
      ],
    ])(
      'refuses a symlink %s under the path that leads outside',
      async (link, target) => {
        await createKubernetesManifestsAction().handler(
          contextFor(workspacePath, manifests),
        );
        fs.symlinkSync(
          target(sandbox.outsidePath, workspacePath),
          path.join(workspacePath, link),
        );
        const ctx = contextFor(workspacePath, {});
        expectInputError(
          await rejection(action, ctx),
          /^path: '.*' is a symlink/,
        );
        // Nothing from outside was read into the output.
        expect(
          JSON.stringify((ctx.output as jest.Mock).mock.calls),
        ).not.toContain('Untouched');
      },
    );

    it('follows a symlink that stays inside the workspace', async () => {
      await createKubernetesManifestsAction().handler(
        contextFor(workspacePath, manifests),
      );
      fs.symlinkSync(
        path.join(workspacePath, 'deploy/dev/service.yaml'),
        path.join(workspacePath, 'deploy/dev/service-link.yaml'),
      );
      const ctx = contextFor(workspacePath, { path: 'deploy/dev' });
      await action.handler(ctx);
      expect(outputs(ctx).files).toContain('deploy/dev/service-link.yaml');
    });
  });
});

describe('preflight:policy:validate decides image tags as the readiness checks do', () => {
  const sandbox = createSandbox();
  const { workspacePath } = sandbox;
  const DIGEST = `sha256:${'b1bf11bf9ca46ebe'.repeat(4)}`;
  const GENERATED = 'ghcr.io/acme/checkout-api:1a2b3c4';

  beforeEach(() => sandbox.reset());

  /** The generated manifests of dev, their image replaced; the image rules' violations. */
  async function imageVerdict(
    image: string,
    action = createPolicyValidateAction(),
  ) {
    await createKubernetesManifestsAction().handler(
      contextFor(workspacePath, { ...manifests, environments: ['dev'] }),
    );
    const file = path.join(workspacePath, 'deploy/dev/deployment.yaml');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(GENERATED);
    fs.writeFileSync(file, text.split(GENERATED).join(image));
    const ctx = contextFor(workspacePath, { path: 'deploy/dev' });
    let error: Error | undefined;
    try {
      await action.handler(ctx);
    } catch (e) {
      error = e as Error;
    }
    const { passed, violations } = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls,
    );
    return {
      passed,
      error,
      images: violations
        .filter((v: any) => v.ruleId.startsWith('image'))
        .map((v: any) => `${v.ruleId}: ${v.message}`),
      // The base-image rule reads the same field; these tests are about tags (see below).
      baseImage: violations.filter((v: any) => v.ruleId === 'minimalBaseImage'),
      others: violations.filter(
        (v: any) =>
          !v.ruleId.startsWith('image') && v.ruleId !== 'minimalBaseImage',
      ),
      logged: loggedText(ctx),
    };
  }

  // A sample of the table in preflight-common (policy/images.test.ts).
  it.each([
    ['redis:alpine', 'alpine'],
    ['nginx:stable', 'stable'],
    ['node:lts', 'lts'],
    ['node:20', '20'],
    ['python:3.12', '3.12'],
    ['alpine:3.19', '3.19'],
    ['postgres:16.2', '16.2'],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', '8.0'],
    ['gcr.io/distroless/static:nonroot', 'nonroot'],
    ['localhost:5000/app:main', 'main'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:edge', 'edge'],
    ['ghcr.io/acme/app:feature-x', 'feature-x'],
    ['ghcr.io/acme/app:latest', 'latest'],
  ])('refuses the floating tag of %s', async (image, tag) => {
    const result = await imageVerdict(image);
    expect(result.passed).toBe(false);
    expect(result.images).toEqual([
      `imageTagMutable: container 'checkout-api' uses image '${image}' with the floating tag '${tag}' (not a release version (major.minor.patch), a date or build stamp, or a commit SHA) (image)`,
    ]);
    expect(result.others).toEqual([]);
    expect(result.error?.message).toContain(`floating tag '${tag}'`);
  });

  it.each([
    'docker.io/library/nginx:1.25.3-alpine',
    'postgres:16.2.0',
    'ghcr.io/acme/app:v1.2.3',
    'ghcr.io/acme/app:v2.0.1-rc.1',
    'quay.io/prometheus/prometheus:v2.51.0',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.4.0',
    'registry.internal:5000/team/app:20240501-1a2b3c4',
    'ghcr.io/acme/app:2024-05-01',
    'ghcr.io/acme/app:sha-a1b2c3d',
    'ghcr.io/acme/app:a1b2c3d',
  ])('accepts %s, advising a digest', async image => {
    const result = await imageVerdict(image);
    expect(result.passed).toBe(true);
    expect(result.images).toEqual([
      `imageDigestMissing: container 'checkout-api' uses image '${image}' without a digest (image)`,
    ]);
  });

  it.each([`ghcr.io/acme/app@${DIGEST}`, `ghcr.io/acme/app:main@${DIGEST}`])(
    'accepts %s, pinned by digest',
    async image => {
      const result = await imageVerdict(image);
      expect(result.passed).toBe(true);
      expect(result.images).toEqual([]);
    },
  );

  it('reports an official image on Debian as an advisory minimalBaseImage violation, without failing', async () => {
    const result = await imageVerdict('node:22.14.0');
    expect(result.error).toBeUndefined();
    expect(result.passed).toBe(true);
    expect(result.baseImage).toEqual([
      expect.objectContaining({
        ruleId: 'minimalBaseImage',
        severity: 'advisory',
        file: 'deploy/dev/deployment.yaml',
        path: 'spec.template.spec.containers[0].image',
        message: expect.stringMatching(
          /^container 'checkout-api' uses image 'node:22\.14\.0' whose base is not minimal: .*official node image is built on Debian/,
        ),
      }),
    ]);
    expect(result.logged).toContain('[advisory] minimalBaseImage Deployment');
    expect(result.others).toEqual([]);
    sandbox.reset();
    // Its Alpine variant passes the rule.
    expect((await imageVerdict('node:22.14.0-alpine3.21')).baseImage).toEqual(
      [],
    );
  });

  it('refuses a reference without a tag', async () => {
    const result = await imageVerdict('registry:5000/team/app');
    expect(result.passed).toBe(false);
    expect(result.images).toEqual([
      "imageTagMutable: container 'checkout-api' uses image 'registry:5000/team/app' without a tag or digest (image)",
    ]);
  });

  it('uses the configured immutable tags (preflight.policy.immutableTags)', async () => {
    const shaOnly = createPolicyValidateAction({
      immutableTags: ['[0-9a-f]{7,40}'],
    });
    const release = await imageVerdict('ghcr.io/acme/app:v1.2.3', shaOnly);
    expect(release.passed).toBe(false);
    expect(release.images).toEqual([
      "imageTagMutable: container 'checkout-api' uses image 'ghcr.io/acme/app:v1.2.3' with the floating tag 'v1.2.3' (it matches none of the configured immutable tag patterns) (image)",
    ]);
    sandbox.reset();
    const sha = await imageVerdict('ghcr.io/acme/app:a1b2c3d', shaOnly);
    expect(sha.passed).toBe(true);
  });
});
