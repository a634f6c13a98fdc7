import fs from 'fs';
import { readPinnedFile } from '../../util/readPinnedFile';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  isWithin,
  LOCAL_ROOTS_CONFIG_KEY,
  LocalManifestReader,
  readLocalRoots,
  type LocalRoot,
} from '../../sources/desired/localFiles';

/** At most this many bytes are read from a runbook (1 MiB). */
export const MAX_RUNBOOK_BYTES = 1024 * 1024;

/** Why a runbook could not be read, with a message that names no absolute server path. */
export class RunbookReadError extends Error {
  readonly name = 'RunbookReadError';

  constructor(
    /** `not-found` and `forbidden` are properties of the link; `unavailable` is not decidable. */
    readonly kind: 'not-found' | 'forbidden' | 'invalid' | 'unavailable',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads runbooks of entities registered from local files (the bundled examples), within the
 * same allow-list as the desired state's local manifests: `preflight.desired.localRoots`
 * (default: the directories of the `catalog.locations` of type `file`), read with
 * {@link readLocalRoots}, with the containment rules of {@link LocalManifestReader} (a path must
 * lie inside a root as written, via `displayLocation`, and with every symbolic link resolved,
 * via `isWithin`). Only the opening of the single file is done here, because
 * `LocalManifestReader.read` accepts only directories and `.yaml`/`.yml` files.
 */
export class LocalRunbookReader {
  static fromConfig(
    config: Config,
    workingDirectory: string,
    logger?: LoggerService,
  ): LocalRunbookReader {
    // Throws, naming the key, when preflight.desired.localRoots is invalid.
    const roots = readLocalRoots(config, workingDirectory, logger);
    return new LocalRunbookReader(roots, logger);
  }

  private readonly manifests: LocalManifestReader;

  constructor(private readonly roots: LocalRoot[], logger?: LoggerService) {
    this.manifests = new LocalManifestReader(roots, logger);
  }

  hasRoots(): boolean {
    return this.manifests.hasRoots();
  }

  /** The path shown to users (root directory name and path inside it), if inside a root. */
  displayLocation(absolute: string): string | undefined {
    return this.manifests.displayLocation(absolute);
  }

  /** Reads the file at `target` (absolute). Throws {@link RunbookReadError}. */
  async read(target: string): Promise<{ location: string; content: Buffer }> {
    const location = this.displayLocation(target);
    if (!location) {
      throw new RunbookReadError(
        'forbidden',
        `it is outside the directories local files may be read from (${LOCAL_ROOTS_CONFIG_KEY})`,
      );
    }
    let realPath: string;
    try {
      realPath = await fs.promises.realpath(target);
    } catch (error) {
      throw this.fsError(error, location);
    }
    if (!this.roots.some(r => isWithin(r.realPath, realPath))) {
      throw new RunbookReadError(
        'forbidden',
        `${location} leads through a symbolic link outside the directories local files may be read from (${LOCAL_ROOTS_CONFIG_KEY})`,
      );
    }
    try {
      const before = await fs.promises.stat(realPath);
      if (!before.isFile()) {
        throw new RunbookReadError('invalid', `${location} is not a file`);
      }
      if (before.size > MAX_RUNBOOK_BYTES) {
        throw new RunbookReadError(
          'invalid',
          `${location} is larger than ${MAX_RUNBOOK_BYTES} bytes`,
        );
      }
      const content = await readPinnedFile(
        realPath,
        before,
        MAX_RUNBOOK_BYTES,
        why =>
          why === 'changed'
            ? new RunbookReadError(
                'forbidden',
                `${location} changed while it was being read`,
              )
            : new RunbookReadError(
                'invalid',
                `${location} is larger than ${MAX_RUNBOOK_BYTES} bytes`,
              ),
      );
      return { location, content };
    } catch (error) {
      if (error instanceof RunbookReadError) throw error;
      throw this.fsError(error, location);
    }
  }

  /** Filesystem errors name absolute paths: only the code is kept. */
  private fsError(error: unknown, location: string): RunbookReadError {
    const code = (error as NodeJS.ErrnoException)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return new RunbookReadError('not-found', `${location} does not exist`);
    }
    if (code === 'ELOOP') {
      return new RunbookReadError(
        'forbidden',
        `${location} leads through a symbolic link loop`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM') {
      return new RunbookReadError(
        'forbidden',
        `${location} cannot be read (permission denied)`,
      );
    }
    return new RunbookReadError(
      'unavailable',
      `${location} could not be read (${code ?? 'unknown error'})`,
    );
  }
}
