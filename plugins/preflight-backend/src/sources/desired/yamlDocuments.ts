import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { SerialWorker } from '../../util/SerialWorker';

/** One document of a YAML stream as the worker answers it, or its first syntax error. */
export type YamlDocument =
  | {
      value: unknown;
      /** 1-based line of the document's first content line. */
      line: number;
      /** Lines of the items of an `items:` sequence (a `v1` `List`). */
      itemLines?: number[];
    }
  | { errorLine: number; message: string };

/** Deadline of parsing one file, in ms. */
export const DEFAULT_YAML_TIMEOUT_MS = 5000;
/** Heap of the parsing thread, in MB. */
export const YAML_WORKER_HEAP_MB = 256;

/**
 * Parses YAML streams in a worker thread (`workers/yamlDocuments.js`) with a deadline and a heap
 * limit, so that no manifest — a 1 MiB flow map, deep nesting, an alias bomb — stalls the event
 * loop or exhausts the backend's memory. Throws `WorkerTaskError` when a file is not parsed in
 * time or the thread dies.
 */
export class YamlDocumentsReader {
  private readonly worker: SerialWorker<string, YamlDocument[]>;

  constructor(timeoutMs = DEFAULT_YAML_TIMEOUT_MS) {
    this.worker = new SerialWorker({
      script: resolvePackagePath(
        '@preflight/plugin-preflight-backend',
        'workers/yamlDocuments.js',
      ),
      timeoutMs,
      what: 'parsed as YAML',
      resourceLimits: { maxOldGenerationSizeMb: YAML_WORKER_HEAP_MB },
    });
  }

  read(text: string): Promise<YamlDocument[]> {
    return this.worker.run(text);
  }

  close(): Promise<void> {
    return this.worker.close();
  }
}
