import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import type { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';

/**
 * A mock directory with a `workspace/` and, next to it, an `outside/` directory that no action
 * may ever touch, plus symlinks inside the workspace that lead outside.
 */
export function createSandbox() {
  const root = createMockDirectory();
  const workspacePath = root.resolve('workspace');
  const outsidePath = root.resolve('outside');

  function reset(workspaceContent: Record<string, any> = {}) {
    root.setContent({
      'outside/keep.txt': 'outside content\n',
      'outside/deploy/dev/deployment.yaml': 'kind: Untouched\n',
      workspace: workspaceContent,
    });
    // Symlinks that lead outside: direct, through a chain, and dangling (target missing).
    fs.symlinkSync(outsidePath, path.join(workspacePath, 'link-out'));
    fs.symlinkSync(
      path.join(workspacePath, 'chain-2'),
      path.join(workspacePath, 'chain-1'),
    );
    fs.symlinkSync(outsidePath, path.join(workspacePath, 'chain-2'));
    fs.symlinkSync(
      path.join(outsidePath, 'not-yet'),
      path.join(workspacePath, 'dangling'),
    );
  }

  /** Every file under outside/ with its content, to check nothing changed there. */
  function outsideSnapshot(): Record<string, string> {
    const result: Record<string, string> = {};
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else
          result[path.relative(outsidePath, full)] = fs.readFileSync(
            full,
            'utf8',
          );
      }
    };
    walk(outsidePath);
    return result;
  }

  return { root, workspacePath, outsidePath, reset, outsideSnapshot };
}

/** The hostile values every path input is tried with. */
export function hostilePaths(outsidePath: string): string[] {
  return [
    '../x',
    '..',
    outsidePath,
    '/tmp/preflight-absolute',
    'a/../../b',
    'a\\..\\..\\b',
    'C:\\Windows',
    'a\0b',
    'link-out',
    'link-out/sub',
    'chain-1',
    'chain-1/sub',
    'dangling',
    'dangling/sub',
  ];
}

/** A mock context for an action, in a workspace. */
export function contextFor(
  workspacePath: string,
  input: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  return createMockActionContext({
    input: input as any,
    workspacePath,
    // A logger whose every call is recorded, to check what actions log.
    logger: mockServices.logger.mock(),
    ...extra,
  });
}

/** The single step of an action's example. */
export function exampleStep(example: { example: string }) {
  return yaml.parse(example.example).steps[0] as {
    action: string;
    input: Record<string, unknown>;
  };
}

/** Runs an action and returns the error it throws (failing the test when it does not). */
export async function rejection(
  action: TemplateAction<any, any, any>,
  ctx: any,
): Promise<Error> {
  try {
    await action.handler(ctx);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the action to fail');
}

/** The forms in which a secret value must not appear anywhere. */
export function secretForms(secret: string): string[] {
  return [
    secret,
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ];
}

/** Everything a context's logger was called with, as one string. */
export function loggedText(ctx: any): string {
  const logger = ctx.logger;
  return ['info', 'warn', 'error', 'debug']
    .flatMap(level =>
      (logger[level]?.mock?.calls ?? []).map((call: unknown[]) =>
        JSON.stringify(call),
      ),
    )
    .join('\n');
}

/** Asserts the error is an InputError whose message names the field. */
export function expectInputError(error: Error, field: string | RegExp) {
  expect(error).toBeInstanceOf(InputError);
  if (typeof field === 'string') expect(error.message).toContain(field);
  else expect(error.message).toMatch(field);
}

/** All files of a directory, recursively, with contents (symlinks listed, not followed). */
export function readTree(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isSymbolicLink())
        result[relative] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) walk(full);
      else result[relative] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return result;
}
