import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { DesiredStateError, redactUrls } from '../errors';
import { isWithin } from '../localFiles';
import { KUSTOMIZE_CONFIG_KEY } from './config';

/** The file names kustomize accepts for a kustomization, in its order of preference. */
export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

/** At most this many kustomization directories are followed from one overlay. */
export const MAX_KUSTOMIZATIONS = 100;

const REFERENCE_KEYS = ['resources', 'components', 'bases'] as const;

/** The kustomization file in a directory, if any. */
export async function kustomizationFileIn(
  directory: string,
): Promise<string | undefined> {
  for (const name of KUSTOMIZATION_FILES) {
    try {
      const stat = await fs.promises.stat(path.join(directory, name));
      if (stat.isFile()) return name;
    } catch {
      // not there
    }
  }
  return undefined;
}

/**
 * Whether a `resources`/`components`/`bases` entry names a remote target that kustomize would
 * fetch (with git or HTTP): a URL or scheme (`https://`, `ssh://`, `git::`, `file://`), an scp-like
 * `git@host:` reference, a `?ref=`/`?version=` query, a `//` repository separator, or a first
 * segment that looks like a host name (`github.com/org/repo`).
 */
export function isRemoteReference(entry: string): boolean {
  const value = entry.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return true; // https:, ssh:, git::, file:
  if (/^[^/\s]+@[^/\s]+:/.test(value)) return true; // git@github.com:org/repo
  if (/[?&](ref|version|timeout|submodules)=/.test(value)) return true;
  if (value.replace(/^\/+/, '').includes('//')) return true;
  const first = value.split('/')[0];
  return (
    first !== '.' &&
    first !== '..' &&
    /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(first) &&
    value.includes('/')
  );
}

/**
 * Follows the kustomizations reachable from `overlay` (below `root`, both real absolute paths)
 * through their `resources`, `components` and `bases` before anything is built:
 *
 * - a remote entry is a `FORBIDDEN` error unless `allowRemoteBases`;
 * - a local entry must lie inside `root` (as written and with links resolved): absolute paths and
 *   `../` beyond the root are `FORBIDDEN` — kustomize's own load restrictor only confines files,
 *   not the directories of other kustomizations.
 *
 * Entries that do not exist are left to kustomize, which reports them. Messages name the
 * kustomization by its path relative to `root` and never quote more than the entry.
 */
export async function checkKustomizationReferences(
  root: string,
  overlay: string,
  allowRemoteBases: boolean,
): Promise<void> {
  const queue = [overlay];
  const visited = new Set<string>();
  while (queue.length > 0) {
    const directory = queue.shift()!;
    if (visited.has(directory)) continue;
    visited.add(directory);
    if (visited.size > MAX_KUSTOMIZATIONS) {
      throw new DesiredStateError(
        'RENDER_FAILED',
        `More than ${MAX_KUSTOMIZATIONS} kustomizations are reachable from the overlay`,
      );
    }
    const fileName = await kustomizationFileIn(directory);
    if (!fileName) continue; // kustomize reports a missing kustomization itself
    const file = path.join(directory, fileName);
    const shown = path.relative(root, file).split(path.sep).join('/');

    let document: unknown;
    try {
      document = parse(await fs.promises.readFile(file, 'utf8'), {
        maxAliasCount: 100,
      });
    } catch {
      throw new DesiredStateError(
        'RENDER_FAILED',
        `${shown}: not a valid YAML kustomization`,
      );
    }
    if (typeof document !== 'object' || document === null) continue;

    for (const key of REFERENCE_KEYS) {
      const entries = (document as Record<string, unknown>)[key];
      if (!Array.isArray(entries)) continue;
      for (const entry of entries) {
        if (typeof entry !== 'string' || entry.trim() === '') continue;
        const quoted = JSON.stringify(redactUrls(entry.trim()).slice(0, 200));
        const local = path.resolve(directory, entry);
        const existsLocally =
          !/^[a-z][a-z0-9+.-]*:/i.test(entry.trim()) &&
          isWithin(root, local) &&
          (await fs.promises
            .stat(local)
            .then(() => true)
            .catch(() => false));
        // kustomize tries a local path first: `app.v2/` is a directory, not a host.
        if (!existsLocally && isRemoteReference(entry)) {
          if (allowRemoteBases) continue;
          throw new DesiredStateError(
            'FORBIDDEN',
            `${shown}: ${key} entry ${quoted} is a remote base; remote bases are not fetched (set ${KUSTOMIZE_CONFIG_KEY}.allowRemoteBases: true to allow them)`,
          );
        }
        if (path.isAbsolute(entry)) {
          throw new DesiredStateError(
            'FORBIDDEN',
            `${shown}: ${key} entry ${quoted} is an absolute path; use a path relative to the kustomization`,
          );
        }
        const target = path.resolve(directory, entry);
        const outside = new DesiredStateError(
          'FORBIDDEN',
          `${shown}: ${key} entry ${quoted} lies outside the manifests tree`,
        );
        if (!isWithin(root, target)) throw outside;
        let real: string;
        try {
          real = await fs.promises.realpath(target);
        } catch {
          continue; // missing: kustomize names it
        }
        if (!isWithin(root, real)) throw outside;
        if ((await fs.promises.stat(real)).isDirectory()) queue.push(real);
      }
    }
  }
}
