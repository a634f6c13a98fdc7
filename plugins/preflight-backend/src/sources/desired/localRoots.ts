// The directories local manifests may be read from (`preflight.desired.localRoots`, else the
// directories of the `file` catalog locations) and the path containment test used with them.
import fs from 'fs';
import path from 'path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  InvalidConfigError,
  readPreflightSection,
  type ConfigIssue,
} from '../../config/schema';

/** The config key listing the directories local manifests may be read from. */
export const LOCAL_ROOTS_CONFIG_KEY = 'preflight.desired.localRoots';

/** A directory local manifests may be read from. */
export interface LocalRoot {
  /** Absolute path, as configured (resolved against the working directory). */
  path: string;
  /** The same directory with every symbolic link resolved. */
  realPath: string;
}

/** Whether `child` is `parent` or lies below it, comparing whole path segments. */
export function isWithin(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return (
    relative === '' ||
    (relative !== '..' &&
      !relative.startsWith(`..${path.sep}`) &&
      !path.isAbsolute(relative))
  );
}

/** The directory part of a catalog location target, up to the first glob segment. */
function locationDirectory(target: string): string {
  const segments = target.split(/[\\/]/);
  const firstGlob = segments.findIndex(s => /[*?[\]{}]/.test(s));
  const kept =
    firstGlob === -1 ? segments.slice(0, -1) : segments.slice(0, firstGlob);
  const directory = kept.join('/');
  if (directory === '') return target.startsWith('/') ? '/' : '.';
  return directory;
}

function existingDirectory(absolute: string): string | undefined {
  try {
    if (!fs.statSync(absolute).isDirectory()) return undefined;
    return fs.realpathSync(absolute);
  } catch {
    return undefined;
  }
}

/**
 * Reads `preflight.desired.localRoots`: directories (absolute, or relative to the working
 * directory) that must exist. When the key is absent, the directories of the `catalog.locations`
 * entries of type `file` are used (those that exist), so that the bundled examples work without
 * configuration. An empty list disables local manifests.
 *
 * Throws an error naming the key when the value is not a list of strings, and every entry whose
 * directory does not exist.
 */
export function readLocalRoots(
  config: Config,
  workingDirectory: string,
  logger?: LoggerService,
): LocalRoot[] {
  const key = LOCAL_ROOTS_CONFIG_KEY;
  const roots: LocalRoot[] = [];
  const add = (absolute: string, realPath: string) => {
    if (!roots.some(r => r.path === absolute)) {
      roots.push({ path: absolute, realPath });
    }
  };

  // The list's shape is checked by the configuration schema; whether each directory exists, here.
  const configured = readPreflightSection(config, 'desired').localRoots;
  if (configured) {
    const missing: ConfigIssue[] = [];
    configured.forEach((entry, index) => {
      const absolute = path.resolve(workingDirectory, entry);
      const realPath = existingDirectory(absolute);
      if (realPath) add(absolute, realPath);
      else {
        missing.push({
          key: `${key}[${index}]`,
          message: `directory '${entry}' does not exist (resolved to ${absolute})`,
        });
      }
    });
    if (missing.length > 0) throw new InvalidConfigError(missing);
    return roots;
  }

  for (const location of config.getOptionalConfigArray('catalog.locations') ??
    []) {
    if (location.getOptionalString('type') !== 'file') continue;
    const target = location.getOptionalString('target');
    if (!target) continue;
    const absolute = path.resolve(workingDirectory, locationDirectory(target));
    const realPath = existingDirectory(absolute);
    if (!realPath) {
      logger?.warn(
        `Preflight: catalog location directory ${absolute} does not exist; it is not used as a local manifests root`,
      );
      continue;
    }
    add(absolute, realPath);
  }
  return roots;
}
