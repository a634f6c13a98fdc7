import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { DesiredStateError, readerFailure } from './errors';
import { MAX_MANIFEST_FILE_BYTES, MAX_MANIFEST_FILES } from './localFiles';
import {
  compareStrings,
  isManifestPath,
  type ManifestFile,
} from './parseManifests';

/**
 * Reads manifests with the `UrlReaderService`: one file (`readUrl`) or every `.yaml`/`.yml` file
 * of a tree (`readTree`), plus a `Kustomization` file without extension (it marks an overlay).
 * Failures throw typed errors; a missing location throws {@link ManifestsNotFoundError}.
 */
export async function readManifestsFromUrl(
  urlReader: UrlReaderService,
  url: string,
  singleFile: boolean,
  signal?: AbortSignal,
): Promise<ManifestFile[]> {
  const tooLarge = (file: string) =>
    new DesiredStateError(
      'BAD_RESPONSE',
      `${file} is larger than ${MAX_MANIFEST_FILE_BYTES} bytes (the limit per manifest file)`,
    );
  try {
    if (singleFile) {
      const response = await urlReader.readUrl(url, { signal });
      const content = await response.buffer();
      const name = fileName(url);
      if (content.length > MAX_MANIFEST_FILE_BYTES) throw tooLarge(name);
      return [{ path: name, content }];
    }

    const oversized: string[] = [];
    const tree = await urlReader.readTree(url, {
      signal,
      filter: (filePath, info) => {
        const normalized = normalizeTreePath(filePath);
        if (!isTreeEntry(normalized)) return false;
        if (info && info.size > MAX_MANIFEST_FILE_BYTES) {
          oversized.push(normalized);
          return false;
        }
        return true;
      },
    });
    // Readers may ignore the filter: apply it again. Some apply it lazily, in files().
    const entries = (await tree.files())
      .map(file => ({ file, path: normalizeTreePath(file.path) }))
      .filter(entry => isTreeEntry(entry.path))
      .sort((a, b) => compareStrings(a.path, b.path));
    if (oversized.length > 0) throw tooLarge(oversized.sort()[0]);
    if (entries.length > MAX_MANIFEST_FILES) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `More than ${MAX_MANIFEST_FILES} manifest files (the limit per environment)`,
      );
    }
    const files: ManifestFile[] = [];
    for (const entry of entries) {
      const content = await entry.file.content();
      if (content.length > MAX_MANIFEST_FILE_BYTES) {
        throw tooLarge(entry.path);
      }
      files.push({ path: entry.path, content });
    }
    return files;
  } catch (error) {
    throw readerFailure(error, signal, url, 'the manifests');
  }
}

/** A manifest file, or a kustomization without extension (which marks an overlay). */
function isTreeEntry(normalized: string): boolean {
  return isManifestPath(normalized) || normalized === 'Kustomization';
}

/** Tree paths are relative to the tree's URL; some readers prefix them with `/` or `./`. */
function normalizeTreePath(filePath: string): string {
  return filePath.replace(/^(\.?\/)+/, '');
}

function fileName(url: string): string {
  const last = new URL(url).pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}
