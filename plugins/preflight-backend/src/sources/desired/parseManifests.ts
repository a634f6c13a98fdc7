import {
  sanitizeObject,
  type KubernetesObject,
  type ObjectOrigin,
} from '@preflight/plugin-preflight-common';
import { DesiredStateError } from './errors';
import { WorkerTaskError } from '../../util/SerialWorker';
import { YamlDocumentsReader, type YamlDocument } from './yamlDocuments';

let sharedReader: YamlDocumentsReader | undefined;

/** One manifest file, as read from the repository or the local checkout. */
export interface ManifestFile {
  /** Path relative to the manifests root, with `/` separators (e.g. `deployment.yaml`). */
  path: string;
  content: Buffer;
}

/** Sanitized objects and, parallel to them, where each one was found. */
export interface ParsedManifests {
  objects: KubernetesObject[];
  origins: ObjectOrigin[];
}

/** File names that hold manifests. */
export const MANIFEST_FILE_PATTERN = /\.ya?ml$/i;

/**
 * Whether a path (relative to the manifests root, `/`-separated) is a manifest file to read:
 * a `.yaml`/`.yml` file, not hidden and not inside a hidden directory (e.g. `.git/`).
 */
export function isManifestPath(relativePath: string): boolean {
  const segments = relativePath.split('/').filter(s => s !== '' && s !== '.');
  if (segments.length === 0) return false;
  if (segments.some(s => s.startsWith('.'))) return false;
  return MANIFEST_FILE_PATTERN.test(segments[segments.length - 1]);
}

/** Orders strings by code unit, the same on every machine (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The first line of a `yaml` error message, without its position, its source excerpt and anything
 * it quotes from the source (which follows a colon, e.g. "Unresolved alias …: name").
 */
function yamlErrorText(message: string): string {
  const text = (message.split('\n')[0] ?? '')
    .replace(/ at line \d+, column \d+:?\s*$/, '')
    .split(': ')[0]
    .trim();
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Kustomize's own files are build instructions, not Kubernetes objects. */
function isKustomizeConfig(value: Record<string, unknown>): boolean {
  return (
    typeof value.apiVersion === 'string' &&
    value.apiVersion.startsWith('kustomize.config.k8s.io/')
  );
}

function missingFields(value: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (!isNonEmptyString(value.apiVersion)) missing.push('apiVersion');
  if (!isNonEmptyString(value.kind)) missing.push('kind');
  const metadata = value.metadata;
  if (!isPlainObject(metadata) || !isNonEmptyString(metadata.name)) {
    missing.push('metadata.name');
  }
  return missing;
}

/**
 * Parses manifest files into sanitized Kubernetes objects with their origins.
 *
 * - Every file may hold several YAML documents; empty documents and documents that are not
 *   mappings are skipped, and so are Kustomize configuration files (`kustomize.config.k8s.io`).
 * - A `v1` `List` is expanded into its items.
 * - A syntax error, or a document without `apiVersion`, `kind` and `metadata.name`, throws a
 *   `BAD_RESPONSE` {@link DesiredStateError} naming the file and the 1-based line; the message never
 *   quotes the file's content.
 * - Every object goes through `sanitizeObject` before it is returned.
 *
 * Files are processed in the given order; origins carry the file path as given and the line of
 * the document's (or list item's) first content line.
 *
 * The YAML is parsed off the event loop, in a worker thread with a deadline per file and a heap
 * limit ({@link YamlDocumentsReader}): a file not parsed in time is a `BAD_RESPONSE` too.
 */
export async function parseManifestFiles(
  files: ManifestFile[],
  reader: YamlDocumentsReader = (sharedReader ??= new YamlDocumentsReader()),
): Promise<ParsedManifests> {
  const objects: KubernetesObject[] = [];
  const origins: ObjectOrigin[] = [];

  for (const file of files) {
    let text: string;
    try {
      text = utf8.decode(file.content);
    } catch {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${file.path}: not a UTF-8 text file`,
      );
    }

    let documents: YamlDocument[];
    try {
      documents = await reader.read(text);
    } catch (error) {
      if (!(error instanceof WorkerTaskError)) throw error;
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${file.path}: ${error.message}`,
      );
    }

    for (const document of documents) {
      if ('errorLine' in document) {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `${file.path}:${document.errorLine}: invalid YAML: ${yamlErrorText(
            document.message,
          )}`,
        );
      }
      const { value, line, itemLines } = document;
      if (!isPlainObject(value) || isKustomizeConfig(value)) continue;

      // A v1 List holds its objects in `items` (as `kubectl get -o yaml` writes them).
      if (
        value.apiVersion === 'v1' &&
        value.kind === 'List' &&
        Array.isArray(value.items)
      ) {
        value.items.forEach((item, index) => {
          if (!isPlainObject(item)) return;
          add(item, file.path, itemLines?.[index] ?? line);
        });
        continue;
      }
      add(value, file.path, line);
    }
  }

  function add(value: Record<string, unknown>, path: string, line: number) {
    const missing = missingFields(value);
    if (missing.length > 0) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `${path}:${line}: not a Kubernetes object (missing ${missing.join(
          ', ',
        )})`,
      );
    }
    objects.push(sanitizeObject(value as KubernetesObject));
    origins.push({ source: 'desired', location: path, line });
  }

  return { objects, origins };
}
