import { execFile, spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { DesiredStateError, redactUrls } from '../errors';
import { isWithin } from '../localFiles';
import { KUSTOMIZE_CONFIG_KEY, type KustomizeSettings } from './config';
import { checkKustomizationReferences } from './references';

/** Options of one build. */
export interface RenderOptions {
  signal?: AbortSignal;
  /** Overrides `timeoutMs` of the settings. */
  deadlineMs?: number;
  /** Overrides `maxOutputBytes` of the settings. */
  maxBytes?: number;
}

/** Which tool rendered the desired state. */
export interface RendererInfo {
  name: string;
  version?: string;
}

/** The result of one build: the rendered multi-document YAML, or a typed error. */
export type RenderResult =
  | { ok: true; text: string; renderer: RendererInfo }
  | { ok: false; error: DesiredStateError; renderer: RendererInfo };

interface Executable {
  path: string;
  /** `kubectl kustomize DIR` or `kustomize build DIR`. */
  flavour: 'kubectl' | 'kustomize';
}

const MAX_STDERR_BYTES = 64 * 1024;
/** Builds running at once (each is a process); more wait for a slot. */
export const MAX_CONCURRENT_BUILDS = 4;
const VERSION_TIMEOUT_MS = 3000;
/** How long a build's result waits for the version, once the build is done. */
const VERSION_WAIT_MS = 500;

/** Finds an executable on `PATH` (or checks an absolute path). */
export async function findExecutable(
  name: string,
  searchPath = process.env.PATH ?? '',
): Promise<string | undefined> {
  const candidates = path.isAbsolute(name)
    ? [name]
    : searchPath
        .split(path.delimiter)
        .filter(dir => path.isAbsolute(dir))
        .map(dir => path.join(dir, name));
  for (const candidate of candidates) {
    try {
      await fs.promises.access(candidate, fs.constants.X_OK);
      if ((await fs.promises.stat(candidate)).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * Renders a Kustomize overlay with the real kustomize (`kustomize build` or `kubectl kustomize`),
 * never through a shell:
 *
 * - before building, the kustomizations reachable from the overlay are checked: remote bases are
 *   refused unless allowed, local references must stay inside the root directory;
 * - kustomize runs with `--load-restrictor LoadRestrictionsRootOnly`, in the root directory, with an
 *   environment reduced to `PATH` (no `HOME`, no credentials, no kubeconfig, git prompts off);
 * - the build is killed when it exceeds the deadline, when the signal aborts, or when its output
 *   exceeds the byte limit;
 * - kustomize's error text is returned with the root directory removed from it (it names the
 *   kustomization file and the field).
 */
export class KustomizeRenderer {
  private executable?: Promise<Executable | undefined>;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private version?: Promise<string | undefined>;

  constructor(private readonly settings: KustomizeSettings) {}

  /** The executable that will run the builds, if one is found (looked up once). */
  resolveExecutable(): Promise<Executable | undefined> {
    this.executable ??= (async () => {
      const names = this.settings.command
        ? [this.settings.command]
        : ['kustomize', 'kubectl'];
      for (const name of names) {
        const found = await findExecutable(name);
        if (found) {
          return {
            path: found,
            flavour: path.basename(found).startsWith('kubectl')
              ? ('kubectl' as const)
              : ('kustomize' as const),
          };
        }
      }
      return undefined;
    })();
    return this.executable;
  }

  /** The version of kustomize (e.g. `v5.5.0`), if it can be told (asked once). */
  resolveVersion(): Promise<string | undefined> {
    this.version ??= this.resolveExecutable().then(executable =>
      executable ? askVersion(executable) : undefined,
    );
    return this.version;
  }

  /**
   * Builds `overlayDir` (relative to `rootDir`, or absolute inside it). `rootDir` bounds what the
   * overlay may refer to.
   */
  async render(
    rootDir: string,
    overlayDir: string,
    options: RenderOptions = {},
  ): Promise<RenderResult> {
    const executable = await this.resolveExecutable();
    if (!executable) {
      return {
        ok: false,
        renderer: { name: 'kustomize' },
        error: new DesiredStateError(
          'RENDERER_MISSING',
          this.settings.command
            ? `The manifests are a Kustomize overlay, but ${KUSTOMIZE_CONFIG_KEY}.command '${this.settings.command}' was not found; install kustomize (or kubectl) or correct ${KUSTOMIZE_CONFIG_KEY}.command`
            : `The manifests are a Kustomize overlay, but neither kustomize nor kubectl is on the backend's PATH; install kustomize (or kubectl), or set ${KUSTOMIZE_CONFIG_KEY}.command`,
        ),
      };
    }
    // Asked once, in parallel with the first build; a slow answer never delays a build for long.
    const version = this.resolveVersion();
    const renderer: RendererInfo = { name: 'kustomize' };
    const withVersion = async () => {
      const known = await Promise.race([
        version,
        new Promise<undefined>(resolve => setTimeout(resolve, VERSION_WAIT_MS)),
      ]);
      if (known) renderer.version = known;
      return renderer;
    };
    try {
      const root = await fs.promises.realpath(rootDir);
      const overlay = await fs.promises.realpath(
        path.resolve(root, overlayDir),
      );
      if (!isWithin(root, overlay)) {
        throw new DesiredStateError(
          'FORBIDDEN',
          'The overlay lies outside the manifests tree',
        );
      }
      await checkKustomizationReferences(
        root,
        overlay,
        this.settings.allowRemoteBases,
      );
      const text = await this.withSlot(() =>
        this.build(executable, root, overlay, options),
      );
      return { ok: true, text, renderer: await withVersion() };
    } catch (error) {
      if (error instanceof DesiredStateError) {
        return { ok: false, error, renderer: await withVersion() };
      }
      throw error;
    }
  }

  /** Runs `task` once fewer than {@link MAX_CONCURRENT_BUILDS} builds are running. */
  private async withSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_CONCURRENT_BUILDS) {
      await new Promise<void>(resolve => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on
      else this.running -= 1;
    }
  }

  private build(
    executable: Executable,
    root: string,
    overlay: string,
    options: RenderOptions,
  ): Promise<string> {
    const deadlineMs = options.deadlineMs ?? this.settings.timeoutMs;
    const maxBytes = options.maxBytes ?? this.settings.maxOutputBytes;
    const relative = path.relative(root, overlay) || '.';
    const args = [
      ...(executable.flavour === 'kubectl' ? ['kustomize'] : ['build']),
      relative,
      '--load-restrictor',
      'LoadRestrictionsRootOnly',
    ];

    return new Promise<string>((resolve, reject) => {
      const child = spawn(executable.path, args, {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          KUBECONFIG: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_CONFIG_NOSYSTEM: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        shell: false,
        windowsHide: true,
      });
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let stdoutBytes = 0;
      let stderrBytes = 0;
      let failure: DesiredStateError | undefined;

      const stop = (error: DesiredStateError) => {
        if (failure) return;
        failure = error;
        child.kill('SIGKILL');
      };
      const timer = setTimeout(
        () =>
          stop(
            new DesiredStateError(
              'TIMEOUT',
              `kustomize build of the overlay did not finish within ${deadlineMs} ms (${KUSTOMIZE_CONFIG_KEY}.timeoutMs)`,
            ),
          ),
        deadlineMs,
      );
      const onAbort = () =>
        stop(
          new DesiredStateError(
            'TIMEOUT',
            'kustomize build was aborted (deadline exceeded)',
          ),
        );
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort);

      child.stdout.on('data', (chunk: Buffer) => {
        stdoutBytes += chunk.length;
        if (stdoutBytes > maxBytes) {
          stop(
            new DesiredStateError(
              'RENDER_FAILED',
              `kustomize build output exceeds ${maxBytes} bytes (${KUSTOMIZE_CONFIG_KEY}.maxOutputBytes)`,
            ),
          );
          return;
        }
        if (!failure) stdout.push(chunk);
      });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
        stderrBytes += chunk.length;
      });
      const finish = (code: number | null, spawnError?: Error) => {
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (failure) {
          reject(failure);
        } else if (spawnError) {
          reject(
            new DesiredStateError(
              'RENDERER_MISSING',
              `kustomize could not be started (${
                (spawnError as NodeJS.ErrnoException).code ?? 'error'
              }); check ${KUSTOMIZE_CONFIG_KEY}.command`,
            ),
          );
        } else if (code !== 0) {
          reject(
            new DesiredStateError(
              'RENDER_FAILED',
              `kustomize build failed: ${errorText(
                Buffer.concat(stderr).toString('utf8'),
                root,
              )}`,
            ),
          );
        } else {
          resolve(Buffer.concat(stdout).toString('utf8'));
        }
      };
      let settled = false;
      child.on('error', error => {
        if (settled) return;
        settled = true;
        finish(null, error);
      });
      child.on('close', code => {
        if (settled) return;
        settled = true;
        finish(code);
      });
    });
  }
}

/** kustomize's error message, without the root directory, the `Error: ` prefix and usage text. */
export function errorText(stderr: string, root: string): string {
  const text = stderr
    .split(root + path.sep)
    .join('')
    .split(root)
    .join('.')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line !== '' && !/^(Usage|Examples|Flags):/.test(line))
    .slice(0, 3)
    .join(' ')
    .replace(/^Error:\s*/, '');
  const redacted = redactUrls(text) || 'no error output';
  return redacted.length > 600 ? `${redacted.slice(0, 597)}...` : redacted;
}

function askVersion(executable: Executable): Promise<string | undefined> {
  const args =
    executable.flavour === 'kubectl'
      ? ['version', '--client', '-o', 'json']
      : ['version'];
  return new Promise(resolve => {
    execFile(
      executable.path,
      args,
      {
        timeout: VERSION_TIMEOUT_MS,
        maxBuffer: 64 * 1024,
        env: { PATH: process.env.PATH ?? '', KUBECONFIG: '/dev/null' },
      },
      (error, stdout) => {
        if (error) {
          resolve(undefined);
          return;
        }
        if (executable.flavour === 'kubectl') {
          try {
            const parsed = JSON.parse(stdout);
            resolve(
              typeof parsed.kustomizeVersion === 'string'
                ? parsed.kustomizeVersion
                : undefined,
            );
          } catch {
            resolve(undefined);
          }
          return;
        }
        const match = stdout.match(/v\d+\.\d+\.\d+[^\s"]*/);
        resolve(match ? match[0] : undefined);
      },
    );
  });
}
