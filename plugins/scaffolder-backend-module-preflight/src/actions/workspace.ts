import fs from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { InputError } from '@backstage/errors';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';

/**
 * Resolves a user-supplied path inside the workspace, or throws an `InputError` naming the field.
 *
 * On top of `resolveSafeChildPath` (which resolves `..` and the symlinks of the existing part of
 * the path, dangling ones included), it refuses NUL bytes, backslashes (a Windows separator on one
 * platform and a file-name character on another) and absolute paths outright, so that the
 * meaning of a path never depends on the platform the scaffolder runs on.
 */
export function resolveWorkspacePath(
  workspacePath: string,
  userPath: string,
  field: string,
): string {
  if (userPath.includes('\0')) {
    throw new InputError(
      `${field}: the path contains a NUL byte, which points outside the workspace's file names`,
    );
  }
  if (userPath.includes('\\')) {
    throw new InputError(
      `${field}: '${userPath}' contains a backslash; use '/' — paths that could lead outside the workspace are refused`,
    );
  }
  if (path.posix.isAbsolute(userPath) || /^[A-Za-z]:/.test(userPath)) {
    throw new InputError(
      `${field}: '${userPath}' is an absolute path, outside the workspace; use a path relative to the workspace`,
    );
  }
  try {
    return resolveSafeChildPath(workspacePath, userPath);
  } catch (error) {
    throw new InputError(
      `${field}: '${userPath}' resolves outside the workspace (${
        (error as Error).message
      })`,
    );
  }
}

/** The path of `absolute` relative to the workspace, with `/` separators (for outputs and logs). */
export function workspaceRelative(
  workspacePath: string,
  absolute: string,
): string {
  return path.relative(workspacePath, absolute).split(path.sep).join('/');
}

async function lstatOrUndefined(p: string) {
  try {
    return await fs.lstat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isInside(root: string, candidate: string) {
  const relative = path.relative(root, candidate);
  return (
    relative === '' ||
    (!relative.startsWith(`..${path.sep}`) &&
      relative !== '..' &&
      !path.isAbsolute(relative))
  );
}

/**
 * Checks that writing `target` cannot leave the workspace: the deepest existing ancestor of the
 * file resolves (through any symlinks) inside the real workspace, and the file itself, when it
 * exists, is a regular file and not a symlink.
 */
async function assertWritable(
  realWorkspace: string,
  target: string,
  field: string,
  relative: string,
) {
  const stat = await lstatOrUndefined(target);
  if (stat?.isSymbolicLink()) {
    throw new InputError(
      `${field}: '${relative}' is a symlink; refusing to write through it, as it could lead outside the workspace`,
    );
  }
  if (stat && !stat.isFile()) {
    throw new InputError(
      `${field}: '${relative}' exists and is not a regular file`,
    );
  }
  let ancestor = path.dirname(target);
  for (;;) {
    const ancestorStat = await lstatOrUndefined(ancestor);
    if (ancestorStat) break;
    const parent = path.dirname(ancestor);
    if (parent === ancestor) break;
    ancestor = parent;
  }
  let real: string;
  try {
    real = await fs.realpath(ancestor);
  } catch (error) {
    throw new InputError(
      `${field}: cannot resolve '${workspaceRelative(
        realWorkspace,
        ancestor,
      )}': ${(error as NodeJS.ErrnoException).code}`,
    );
  }
  if (!isInside(realWorkspace, real)) {
    throw new InputError(
      `${field}: '${relative}' resolves outside the workspace through a symlink`,
    );
  }
}

/** A file an action wants to write, relative to the workspace. */
export interface PlannedFile {
  /** Absolute path, from {@link resolveWorkspacePath}. */
  path: string;
  content: string;
  /** The input field the path came from, for error messages. */
  field: string;
}

/** What {@link writeWorkspaceFiles} did. */
export interface WriteResult {
  /** Every planned file, relative to the workspace, in order. */
  files: string[];
  /** The files whose content changed (created or rewritten). */
  changed: string[];
}

/**
 * Writes a set of files into the workspace, all or nothing as far as validation goes: every
 * target is checked before the first byte is written. A file whose content is already the
 * planned one is not touched (so re-running an action with the same input changes nothing), and
 * the final write refuses to follow a symlink (`O_NOFOLLOW`) even if one appeared meanwhile.
 */
export async function writeWorkspaceFiles(
  workspacePath: string,
  planned: PlannedFile[],
): Promise<WriteResult> {
  const realWorkspace = await fs.realpath(workspacePath);
  const relativeOf = (p: string) => workspaceRelative(workspacePath, p);

  for (const file of planned) {
    await assertWritable(
      realWorkspace,
      file.path,
      file.field,
      relativeOf(file.path),
    );
  }

  const changed: string[] = [];
  for (const file of planned) {
    const relative = relativeOf(file.path);
    let current: string | undefined;
    try {
      current = await fs.readFile(file.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (current === file.content) continue;

    await fs.mkdir(path.dirname(file.path), { recursive: true });
    // Re-check now that the directories exist: nothing on the way may point outside.
    await assertWritable(realWorkspace, file.path, file.field, relative);
    const handle = await fs.open(
      file.path,
      fsConstants.O_WRONLY |
        fsConstants.O_CREAT |
        fsConstants.O_TRUNC |
        fsConstants.O_NOFOLLOW,
      0o644,
    );
    try {
      await handle.writeFile(file.content, 'utf8');
    } finally {
      await handle.close();
    }
    changed.push(relative);
  }
  return { files: planned.map(f => relativeOf(f.path)), changed };
}

/**
 * Reads a file of the workspace if it exists, refusing symlinks that lead outside it; undefined
 * when there is no such file.
 */
export async function readWorkspaceFile(
  workspacePath: string,
  target: string,
  field: string,
): Promise<string | undefined> {
  const stat = await lstatOrUndefined(target);
  if (!stat) return undefined;
  const realWorkspace = await fs.realpath(workspacePath);
  const relative = workspaceRelative(workspacePath, target);
  let real: string;
  try {
    real = await fs.realpath(target);
  } catch (error) {
    throw new InputError(
      `${field}: cannot resolve '${relative}': ${
        (error as NodeJS.ErrnoException).code
      }`,
    );
  }
  if (!isInside(realWorkspace, real)) {
    throw new InputError(
      `${field}: '${relative}' resolves outside the workspace through a symlink`,
    );
  }
  return fs.readFile(real, 'utf8');
}

export { isInside };
