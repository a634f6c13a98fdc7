import fs from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import {
  MASKED_VALUE,
  isSensitiveEnv,
  sanitizeObject,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';
import {
  evaluatePolicies,
  validateManifestSchema,
} from '@preflight/plugin-preflight-node';
import { examples } from './policyValidate.examples';
import { parseActionInput, type InputShape } from './input';
import { isInside, resolveWorkspacePath, workspaceRelative } from './workspace';

/** Rule id of a manifest that is not valid YAML. */
export const YAML_SYNTAX_RULE = 'yamlSyntax';
/** Rule id of a manifest that fails the official Kubernetes schema. */
export const SCHEMA_RULE = 'schemaInvalid';

const inputShape = {
  path: z =>
    z
      .string()
      .min(1)
      .default('deploy')
      .describe(
        'A manifest file or a directory, relative to the workspace; every *.yaml and *.yml under it is checked. Objects in the same directory are evaluated together (e.g. one environment). Defaults to deploy',
      ),
} satisfies InputShape;

/** A violation as the action reports it. */
export interface ReportedViolation {
  ruleId: string;
  severity: 'blocking' | 'advisory';
  message: string;
  /** Location in the object. */
  path: string;
  /** The manifest file, relative to the workspace. */
  file: string;
  object: { kind: string; name: string; namespace?: string };
  remediation: string;
}

/**
 * Options of {@link createPolicyValidateAction}.
 *
 * @public
 */
export interface PolicyValidateOptions {
  /**
   * The image tags that count as immutable, as regular-expression sources matched against the
   * whole tag (`preflight.policy.immutableTags`); default: the built-in
   * `DEFAULT_IMMUTABLE_TAG_PATTERNS` of `@preflight/plugin-preflight-common`.
   */
  immutableTags?: readonly string[];
}

interface LoadedObject {
  file: string;
  object: KubernetesObject;
}

const MAX_FILES = 1000;

/** The YAML files under `root`, sorted; symlinks are followed only within the workspace. */
async function findManifestFiles(
  workspacePath: string,
  root: string,
): Promise<string[]> {
  const realWorkspace = await fs.realpath(workspacePath);
  const found: string[] = [];
  const checkLink = async (full: string) => {
    const relative = workspaceRelative(workspacePath, full);
    let real: string;
    try {
      real = await fs.realpath(full);
    } catch {
      throw new InputError(
        `path: '${relative}' is a symlink that cannot be resolved (dangling or a loop)`,
      );
    }
    if (!isInside(realWorkspace, real)) {
      throw new InputError(
        `path: '${relative}' is a symlink that leads outside the workspace`,
      );
    }
    return fs.stat(real);
  };

  const walk = async (dir: string, depth: number) => {
    if (depth > 20) return;
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1)); // names are unique
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isFile = entry.isFile();
      let isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        const stat = await checkLink(full);
        isFile = stat.isFile();
        // Symlinked directories are not descended into: no loops, no surprises.
        isDirectory = false;
      }
      if (isDirectory) await walk(full, depth + 1);
      else if (isFile && /\.ya?ml$/i.test(entry.name)) {
        found.push(full);
        if (found.length > MAX_FILES) {
          throw new InputError(
            `path: more than ${MAX_FILES} YAML files under '${workspaceRelative(
              workspacePath,
              root,
            )}'`,
          );
        }
      }
    }
  };

  let stat;
  try {
    stat = await fs.lstat(root);
  } catch {
    throw new InputError(
      `path: '${workspaceRelative(
        workspacePath,
        root,
      )}' does not exist in the workspace`,
    );
  }
  if (stat.isSymbolicLink()) stat = await checkLink(root);
  if (stat.isDirectory()) await walk(root, 0);
  else if (stat.isFile()) found.push(root);
  return found;
}

/** Credentials found in the raw objects, so no message can ever carry them. */
function sensitiveStrings(objects: unknown[]): string[] {
  const found = new Set<string>();
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null;
  const visitContainer = (container: unknown) => {
    const env = isObject(container) ? container.env : undefined;
    for (const entry of Array.isArray(env) ? env : []) {
      if (
        isObject(entry) &&
        typeof entry.value === 'string' &&
        isSensitiveEnv(String(entry.name), entry.value)
      ) {
        found.add(entry.value);
      }
    }
  };
  const visit = (value: unknown): void => {
    if (!isObject(value)) return;
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (value.kind === 'Secret') {
      for (const field of ['data', 'stringData']) {
        const entries = value[field];
        for (const v of Object.values(isObject(entries) ? entries : {})) {
          if (typeof v !== 'string' || v === '') continue;
          found.add(v);
          if (field === 'data') {
            found.add(Buffer.from(v, 'base64').toString('utf8'));
          }
        }
      }
    }
    for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
      const list = value[key];
      if (Array.isArray(list)) list.forEach(visitContainer);
    }
    Object.values(value).forEach(visit);
  };
  objects.forEach(visit);
  return [...found].filter(s => s.length >= 4);
}

function redactor(secrets: string[]) {
  const forms = secrets.flatMap(s => [
    s,
    Buffer.from(s).toString('base64'),
    encodeURIComponent(s),
  ]);
  return (text: string) =>
    forms.reduce((out, form) => out.split(form).join(MASKED_VALUE), text);
}

/**
 * Loads, validates and evaluates the manifests under a path of the workspace. Never throws for
 * a violation: returns them all.
 */
export async function validateWorkspaceManifests(
  workspacePath: string,
  userPath: string,
  options: PolicyValidateOptions = {},
): Promise<{
  files: string[];
  violations: ReportedViolation[];
  notes: string[];
}> {
  const root = resolveWorkspacePath(workspacePath, userPath, 'path');
  const files = await findManifestFiles(workspacePath, root);
  if (files.length === 0) {
    throw new InputError(
      `path: no *.yaml or *.yml manifests under '${userPath}'`,
    );
  }

  const violations: ReportedViolation[] = [];
  const notes: string[] = [];
  const raw: unknown[] = [];
  const groups = new Map<string, LoadedObject[]>();

  for (const full of files) {
    const file = workspaceRelative(workspacePath, full);
    const documents = yaml.parseAllDocuments(await fs.readFile(full, 'utf8'));
    for (const [index, document] of documents.entries()) {
      if (document.errors.length > 0) {
        // The parser's own message quotes the source, which may hold a secret: only its code
        // and position are reported.
        const error = document.errors[0];
        const at = error.linePos?.[0];
        violations.push({
          ruleId: YAML_SYNTAX_RULE,
          severity: 'blocking',
          message: `document ${index + 1} is not valid YAML (${error.code}${
            at ? ` at line ${at.line}, column ${at.col}` : ''
          })`,
          path: '',
          file,
          object: { kind: '', name: '' },
          remediation: 'Fix the YAML syntax of the file.',
        });
        continue;
      }
      const value = document.toJS({ maxAliasCount: 100 });
      if (value === null || value === undefined) continue;
      raw.push(value);
      const object = (
        value && typeof value === 'object' && !Array.isArray(value)
          ? value
          : { document: value }
      ) as KubernetesObject;
      const group = path.posix.dirname(file);
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group)!.push({ file, object });
    }
  }

  const redact = redactor(sensitiveStrings(raw));
  const refOf = (object: KubernetesObject) => ({
    kind: typeof object.kind === 'string' ? object.kind : '',
    name: typeof object.metadata?.name === 'string' ? object.metadata.name : '',
    ...(typeof object.metadata?.namespace === 'string'
      ? { namespace: object.metadata.namespace }
      : {}),
  });

  for (const loaded of groups.values()) {
    const sanitized = loaded.map(({ file, object }) => ({
      file,
      object:
        object && typeof object.kind === 'string' && object.metadata
          ? sanitizeObject(object)
          : object,
    }));

    for (const { file, object } of sanitized) {
      const result = validateManifestSchema(object);
      if (result.status === 'invalid') {
        for (const error of result.errors) {
          violations.push({
            ruleId: SCHEMA_RULE,
            severity: 'blocking',
            message: redact(
              `${
                result.kind || 'object'
              } does not match the Kubernetes schema of ${
                result.apiVersion || 'its apiVersion'
              }/${result.kind || 'its kind'}: ${error.message}`,
            ),
            path: redact(error.path),
            file,
            object: refOf(object),
            remediation:
              'Fix the field so that the manifest matches the official Kubernetes schema (kubectl apply --dry-run=server shows the same error).',
          });
        }
      } else if (result.status === 'no-schema') {
        notes.push(`${file}: ${result.message}; schema not checked`);
      }
    }

    const report = evaluatePolicies(
      sanitized.map(s => s.object),
      options.immutableTags ? { immutableTags: options.immutableTags } : {},
    );
    for (const violation of report.violations) {
      const source = sanitized.find(({ object }) => {
        const ref = refOf(object);
        return (
          ref.kind === violation.object.kind &&
          ref.name === violation.object.name &&
          (ref.namespace ?? '') === (violation.object.namespace ?? '')
        );
      });
      violations.push({
        ruleId: violation.ruleId,
        severity: violation.severity,
        message: redact(violation.message),
        path: redact(violation.path),
        file: source?.file ?? '',
        object: violation.object,
        remediation: redact(violation.remediation),
      });
    }
    for (const exemption of report.exempted) {
      notes.push(
        redact(
          `${exemption.object.kind} ${exemption.object.name}: ${exemption.ruleId} exempted (${exemption.justification})`,
        ),
      );
    }
  }

  return {
    files: files.map(f => workspaceRelative(workspacePath, f)),
    violations,
    notes,
  };
}

function describe(violation: ReportedViolation): string {
  const object = violation.object.kind
    ? ` ${violation.object.kind} ${
        violation.object.namespace ? `${violation.object.namespace}/` : ''
      }${violation.object.name}`
    : '';
  return `[${violation.severity}] ${violation.ruleId}${object} (${
    violation.file
  }${violation.path ? ` ${violation.path}` : ''}): ${violation.message}`;
}

/**
 * `preflight:policy:validate`: runs the Preflight policy rules and the Kubernetes schema
 * validation over the manifests in the workspace. Reports every violation; fails the task when
 * any is blocking. It only reads, so a dry run validates too. Give it the backend's
 * `preflight.policy.immutableTags` (the module does) so that it decides image tags as the
 * readiness checks do.
 *
 * @public
 */
export function createPolicyValidateAction(
  options: PolicyValidateOptions = {},
) {
  return createTemplateAction({
    id: 'preflight:policy:validate',
    description:
      'Runs the Preflight policy rules and Kubernetes schema validation over the manifests in the workspace; reports every violation and fails on blocking ones',
    examples,
    supportsDryRun: true,
    schema: {
      input: inputShape,
      output: {
        passed: z =>
          z.boolean().describe('Whether no blocking violation was found'),
        violations: z =>
          z
            .array(
              z.object({
                ruleId: z
                  .string()
                  .describe(
                    'Id of the rule (e.g. runAsNonRoot), or yamlSyntax / schemaInvalid',
                  ),
                severity: z
                  .enum(['blocking', 'advisory'])
                  .describe('blocking violations fail the step'),
                message: z.string().describe('What is wrong'),
                path: z.string().describe('Where in the object'),
                file: z
                  .string()
                  .describe('The manifest file, relative to the workspace'),
                object: z
                  .object({
                    kind: z.string().describe('Kind of the object'),
                    name: z.string().describe('Name of the object'),
                    namespace: z
                      .string()
                      .optional()
                      .describe('Namespace of the object'),
                  })
                  .describe('The object'),
                remediation: z.string().describe('How to fix it (markdown)'),
              }),
            )
            .describe('Every violation, blocking and advisory'),
        files: z =>
          z
            .array(z.string())
            .describe('The manifest files checked, relative to the workspace'),
      },
    },
    async handler(ctx) {
      const input = parseActionInput(inputShape, ctx.input);
      const { files, violations, notes } = await validateWorkspaceManifests(
        ctx.workspacePath,
        input.path,
        options,
      );
      for (const note of notes) ctx.logger.info(note);
      for (const violation of violations) {
        const line = `${describe(violation)} — ${violation.remediation}`;
        if (violation.severity === 'blocking') ctx.logger.error(line);
        else ctx.logger.warn(line);
      }
      const blocking = violations.filter(v => v.severity === 'blocking');
      ctx.logger.info(
        `Checked ${files.length} manifest files: ${
          blocking.length
        } blocking and ${
          violations.length - blocking.length
        } advisory violations`,
      );
      ctx.output('files', files);
      ctx.output('violations', violations);
      ctx.output('passed', blocking.length === 0);
      if (blocking.length > 0) {
        throw new InputError(
          `${blocking.length} blocking policy violation${
            blocking.length === 1 ? '' : 's'
          } in '${input.path}':\n${blocking
            .map(v => `- ${describe(v)}`)
            .join('\n')}`,
        );
      }
    },
  });
}
