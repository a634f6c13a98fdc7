// Reading manifests from the local filesystem, only inside the allowed roots (LocalManifestReader)
// and the limits of a manifests read. The roots themselves are read in localRoots, re-exported here.
import fs from 'fs';
import { readPinnedFile } from '../../util/readPinnedFile';
import path from 'path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DesiredStateError, ManifestsNotFoundError } from './errors';
import {
  compareStrings,
  MANIFEST_FILE_PATTERN,
  type ManifestFile,
} from './parseManifests';
import { isWithin, type LocalRoot } from './localRoots';

export {
  isWithin,
  LOCAL_ROOTS_CONFIG_KEY,
  readLocalRoots,
  type LocalRoot,
} from './localRoots';

/** At most this many manifest files are read for one environment (local and URL sources). */
export const MAX_MANIFEST_FILES = 200;
/** At most this many bytes are read from one manifest file (1 MiB). */
export const MAX_MANIFEST_FILE_BYTES = 1024 * 1024;
/** At most this many directory entries are looked at while walking a local manifests directory. */
export const MAX_DIRECTORY_ENTRIES = 5000;
/** Local manifests directories are walked at most this deep. */
export const MAX_DIRECTORY_DEPTH = 8;

interface Candidate {
  relativePath: string;
  realPath: string;
  dev: number;
  ino: number;
  size: number;
}

/**
 * Reads manifests from the local filesystem, only inside the allowed roots.
 *
 * - The requested path must lie inside a root, both as written and with every symbolic link
 *   resolved (a link chain that stays inside is fine; a dangling link is rejected).
 * - While walking a directory, every symbolic link is resolved and must stay inside a root;
 *   hidden entries (`.git`, …) are skipped, and so are entries that are neither files,
 *   directories nor links.
 * - Each file is opened by its resolved path without following links and checked to be the file
 *   that was validated (same device and inode), then read up to {@link MAX_MANIFEST_FILE_BYTES}.
 *
 * Violations throw a `FORBIDDEN` {@link DesiredStateError} whose message only quotes the
 * annotation; a missing location throws {@link ManifestsNotFoundError}.
 */
export class LocalManifestReader {
  constructor(
    private readonly roots: LocalRoot[],
    private readonly logger?: LoggerService,
  ) {}

  hasRoots(): boolean {
    return this.roots.length > 0;
  }

  /** The root a path lies in, as written (the most specific one), if any. */
  private rootOf(absolute: string): LocalRoot | undefined {
    return this.roots
      .filter(r => isWithin(r.path, absolute) || isWithin(r.realPath, absolute))
      .sort((a, b) => b.path.length - a.path.length)[0];
  }

  private isInsideRealRoots(realPath: string): boolean {
    return this.roots.some(r => isWithin(r.realPath, realPath));
  }

  /**
   * The real path of the root a directory to be built lies in, after checking that the directory
   * lies inside it, as written and with every link resolved (a `FORBIDDEN` error otherwise).
   */
  async realRootOf(target: string, annotation: string): Promise<string> {
    const root = this.rootOf(target);
    const real = await fs.promises.realpath(target).catch(() => undefined);
    if (!root || !real || !isWithin(root.realPath, real)) {
      throw new DesiredStateError(
        'FORBIDDEN',
        `preflight.dev/manifests ${JSON.stringify(
          annotation,
        )} is outside the directories local manifests may be read from`,
      );
    }
    return root.realPath;
  }

  /** The location shown to users: the root's directory name and the path inside it. */
  displayLocation(absolute: string): string | undefined {
    const root = this.rootOf(absolute);
    if (!root) return undefined;
    const base = isWithin(root.path, absolute) ? root.path : root.realPath;
    const inside = path.relative(base, absolute).split(path.sep).join('/');
    const name = path.basename(root.path);
    return [name, inside].filter(Boolean).join('/') || '/';
  }

  /**
   * Reads the manifests at `target` (an absolute path: a directory, or a `.yaml`/`.yml` file).
   * `annotation` is the annotation value, the only thing quoted in error messages.
   */
  async read(
    target: string,
    annotation: string,
    signal?: AbortSignal,
  ): Promise<{ location: string; files: ManifestFile[] }> {
    const forbidden = (why: string) =>
      new DesiredStateError(
        'FORBIDDEN',
        `preflight.dev/manifests ${JSON.stringify(annotation)} ${why}`,
      );

    if (!path.isAbsolute(target)) {
      throw new Error('LocalManifestReader.read needs an absolute path');
    }
    const location = this.displayLocation(target);
    if (!location) {
      throw forbidden(
        'is outside the directories local manifests may be read from',
      );
    }

    let realTarget: string;
    try {
      realTarget = await fs.promises.realpath(target);
    } catch (error) {
      await this.explainMissing(target, error, forbidden);
      throw new ManifestsNotFoundError(location);
    }
    if (!this.isInsideRealRoots(realTarget)) {
      throw forbidden(
        'leads through a symbolic link outside the directories local manifests may be read from',
      );
    }

    const stat = await this.fsCall(
      () => fs.promises.stat(realTarget),
      forbidden,
    );
    const candidates: Candidate[] = [];
    if (stat.isDirectory()) {
      await this.walk(realTarget, '', 0, candidates, new Set([realTarget]), {
        entries: 0,
        forbidden,
        signal,
      });
    } else if (stat.isFile() && MANIFEST_FILE_PATTERN.test(target)) {
      candidates.push({
        relativePath: path.basename(target),
        realPath: realTarget,
        dev: stat.dev,
        ino: stat.ino,
        size: stat.size,
      });
    } else {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${location} is neither a directory nor a .yaml/.yml file`,
      );
    }

    const files: ManifestFile[] = [];
    for (const candidate of candidates) {
      throwIfAborted(signal);
      files.push({
        path: candidate.relativePath,
        content: await this.readFile(candidate, forbidden),
      });
    }
    return { location, files };
  }

  /**
   * The target could not be resolved. A missing directory is `not-configured`, but a dangling
   * link, a link loop, or a missing path below a link that leaves the roots are violations.
   */
  private async explainMissing(
    target: string,
    error: unknown,
    forbidden: (why: string) => DesiredStateError,
  ): Promise<void> {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ELOOP') {
      throw forbidden('leads through a symbolic link loop');
    }
    if (code === 'EACCES' || code === 'EPERM') {
      throw forbidden('cannot be read (permission denied)');
    }
    if (code !== 'ENOENT' && code !== 'ENOTDIR') {
      this.logger?.warn(
        `Preflight: resolving local manifests failed: ${
          code ?? 'unknown error'
        }`,
      );
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `The local manifests could not be read (${code ?? 'unknown error'})`,
      );
    }
    // The deepest part of the path that exists decides (looking no higher than the root).
    let current = target;
    while (this.rootOf(current)) {
      let exists = true;
      try {
        await fs.promises.lstat(current);
      } catch {
        exists = false;
      }
      if (exists) {
        let real: string;
        try {
          real = await fs.promises.realpath(current);
        } catch {
          throw forbidden('leads through a dangling symbolic link');
        }
        if (!this.isInsideRealRoots(real)) {
          throw forbidden(
            'leads through a symbolic link outside the directories local manifests may be read from',
          );
        }
        return;
      }
      const parent = path.dirname(current);
      if (parent === current) return;
      current = parent;
    }
  }

  private async walk(
    directory: string,
    prefix: string,
    depth: number,
    out: Candidate[],
    visited: Set<string>,
    context: {
      entries: number;
      forbidden: (why: string) => DesiredStateError;
      signal?: AbortSignal;
    },
  ): Promise<void> {
    throwIfAborted(context.signal);
    const entries = await this.fsCall(
      () => fs.promises.readdir(directory, { withFileTypes: true }),
      context.forbidden,
    );
    entries.sort((a, b) => compareStrings(a.name, b.name));

    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      context.entries += 1;
      if (context.entries > MAX_DIRECTORY_ENTRIES) {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `The manifests directory has more than ${MAX_DIRECTORY_ENTRIES} entries`,
        );
      }
      const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = path.join(directory, entry.name);

      let realPath = full;
      if (entry.isSymbolicLink()) {
        try {
          realPath = await fs.promises.realpath(full);
        } catch {
          this.logger?.warn(
            `Preflight: dangling symbolic link in local manifests: ${relativePath}`,
          );
          throw context.forbidden('contains a dangling symbolic link');
        }
        if (!this.isInsideRealRoots(realPath)) {
          this.logger?.warn(
            `Preflight: symbolic link leaving the local manifests roots: ${relativePath}`,
          );
          throw context.forbidden(
            'contains a symbolic link to outside the directories local manifests may be read from',
          );
        }
      } else if (!entry.isDirectory() && !entry.isFile()) {
        continue; // sockets, FIFOs, devices
      }

      const stat = await this.fsCall(
        () => fs.promises.stat(realPath),
        context.forbidden,
      );
      if (stat.isDirectory()) {
        if (visited.has(realPath)) continue; // a link back up: already walked
        if (depth + 1 > MAX_DIRECTORY_DEPTH) {
          throw new DesiredStateError(
            'BAD_RESPONSE',
            `The manifests directory is nested more than ${MAX_DIRECTORY_DEPTH} levels deep`,
          );
        }
        visited.add(realPath);
        await this.walk(
          realPath,
          relativePath,
          depth + 1,
          out,
          visited,
          context,
        );
      } else if (stat.isFile() && MANIFEST_FILE_PATTERN.test(entry.name)) {
        out.push({
          relativePath,
          realPath,
          dev: stat.dev,
          ino: stat.ino,
          size: stat.size,
        });
        if (out.length > MAX_MANIFEST_FILES) {
          throw new DesiredStateError(
            'BAD_RESPONSE',
            `More than ${MAX_MANIFEST_FILES} manifest files (the limit per environment)`,
          );
        }
      }
    }
  }

  private async readFile(
    candidate: Candidate,
    forbidden: (why: string) => DesiredStateError,
  ): Promise<Buffer> {
    const tooLarge = () =>
      new DesiredStateError(
        'BAD_RESPONSE',
        `${candidate.relativePath} is larger than ${MAX_MANIFEST_FILE_BYTES} bytes (the limit per manifest file)`,
      );
    if (candidate.size > MAX_MANIFEST_FILE_BYTES) throw tooLarge();

    return this.fsCall(
      () =>
        readPinnedFile(
          candidate.realPath,
          candidate,
          MAX_MANIFEST_FILE_BYTES,
          why =>
            why === 'changed'
              ? forbidden('changed while it was being read')
              : tooLarge(),
        ),
      forbidden,
    );
  }

  /** Runs a filesystem call; its errors (which name absolute paths) become typed errors. */
  private async fsCall<T>(
    call: () => Promise<T>,
    forbidden: (why: string) => DesiredStateError,
  ): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof DesiredStateError) throw error;
      const code = (error as NodeJS.ErrnoException)?.code;
      if (code === 'ELOOP') throw forbidden('leads through a symbolic link');
      if (code === 'EACCES' || code === 'EPERM') {
        throw forbidden('cannot be read (permission denied)');
      }
      this.logger?.warn(
        `Preflight: reading local manifests failed: ${code ?? 'unknown error'}`,
      );
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `The local manifests could not be read (${code ?? 'unknown error'})`,
      );
    }
  }
}

function throwIfAborted(signal?: AbortSignal) {
  if (signal?.aborted) {
    throw new DesiredStateError(
      'TIMEOUT',
      'Reading the manifests was aborted (deadline exceeded)',
    );
  }
}
