import fs from 'fs';
import os from 'os';
import path from 'path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ObjectOrigin } from '@preflight/plugin-preflight-common';
import { DesiredStateError, readerFailure } from '../errors';
import { isWithin } from '../localFiles';
import { parseManifestFiles, type ParsedManifests } from '../parseManifests';
import type { KustomizeRenderer, RendererInfo } from './KustomizeRenderer';
import { KUSTOMIZATION_FILES } from './references';

/** At most this many files are copied from a repository tree for one build. */
export const MAX_TREE_FILES = 2000;
/** At most this many bytes are copied from a repository tree for one build (32 MiB). */
export const MAX_TREE_BYTES = 32 * 1024 * 1024;

/** How a manifests directory is turned into objects, told by the files at its top level. */
export type ManifestsLayout = 'kustomize' | 'helm-chart' | 'plain';

export function layoutOf(topLevelNames: string[]): ManifestsLayout {
  if (topLevelNames.some(name => KUSTOMIZATION_FILES.includes(name))) {
    return 'kustomize';
  }
  if (topLevelNames.includes('Chart.yaml')) return 'helm-chart';
  return 'plain';
}

/** The layout of a local directory (`plain` for a file or a missing path). */
export async function localLayout(target: string): Promise<ManifestsLayout> {
  try {
    return layoutOf(await fs.promises.readdir(target));
  } catch {
    return 'plain';
  }
}

/** The typed error of a Helm chart read directly. */
export function helmChartError(
  location: string | undefined,
): DesiredStateError {
  return new DesiredStateError(
    'UNSUPPORTED_LAYOUT',
    `Unsupported layout: ${
      location ?? 'the manifests location'
    } is a Helm chart (Chart.yaml); its templates are not rendered here — render it with Argo CD, Flux or a Preflight module`,
  );
}

/** Rendered objects (sanitized) with their origins and the renderer. */
export interface RenderedManifests extends ParsedManifests {
  renderer: RendererInfo;
}

/**
 * Parses a build's output through the common multi-document path (which sanitizes every object).
 * Origins name the overlay and the renderer, without lines (the output is not a file).
 */
async function parseRendered(
  text: string,
  location: string,
  renderer: RendererInfo,
): Promise<RenderedManifests> {
  const origin = `${location} (kustomize build)`;
  const parsed = await parseManifestFiles([
    { path: origin, content: Buffer.from(text, 'utf8') },
  ]);
  const origins: ObjectOrigin[] = parsed.origins.map(o => ({
    source: o.source,
    location: o.location,
  }));
  return { objects: parsed.objects, origins, renderer };
}

async function renderOrThrow(
  renderer: KustomizeRenderer,
  root: string,
  overlay: string,
  location: string,
  signal: AbortSignal | undefined,
  onRenderer: (info: RendererInfo) => void,
): Promise<RenderedManifests> {
  const result = await renderer.render(root, overlay, { signal });
  onRenderer(result.renderer);
  if (!result.ok) throw result.error;
  return parseRendered(result.text, location, result.renderer);
}

/**
 * Builds a local overlay. `root` is the local manifests root the overlay lies in (its real path):
 * the overlay's bases must lie inside it.
 */
export async function renderLocalOverlay(
  renderer: KustomizeRenderer,
  root: string,
  overlay: string,
  location: string,
  signal: AbortSignal | undefined,
  onRenderer: (info: RendererInfo) => void,
): Promise<RenderedManifests> {
  return renderOrThrow(renderer, root, overlay, location, signal, onRenderer);
}

/**
 * Builds an overlay kept in a repository: reads the tree at `rootUrl` (the directory of the
 * entity's catalog file, or the overlay itself) with the `UrlReaderService` into a temporary
 * directory, builds `overlayPath` (relative to `rootUrl`) there, and always removes the directory.
 */
export async function renderTreeOverlay(
  urlReader: UrlReaderService,
  renderer: KustomizeRenderer,
  rootUrl: string,
  overlayPath: string,
  location: string,
  signal: AbortSignal | undefined,
  onRenderer: (info: RendererInfo) => void,
): Promise<RenderedManifests> {
  const directory = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'preflight-kustomize-'),
  );
  try {
    await copyTree(urlReader, rootUrl, directory, signal);
    const overlay = path.resolve(directory, overlayPath);
    if (!isWithin(directory, overlay)) {
      throw new DesiredStateError(
        'FORBIDDEN',
        'The overlay lies outside the repository tree',
      );
    }
    return await renderOrThrow(
      renderer,
      directory,
      overlay,
      location,
      signal,
      onRenderer,
    );
  } finally {
    await fs.promises.rm(directory, { recursive: true, force: true });
  }
}

async function copyTree(
  urlReader: UrlReaderService,
  url: string,
  directory: string,
  signal: AbortSignal | undefined,
): Promise<void> {
  const hidden = (p: string) =>
    p.split('/').some(segment => segment.startsWith('.'));
  const normalize = (p: string) => p.replace(/^(\.?\/)+/, '');
  try {
    const tree = await urlReader.readTree(url, {
      signal,
      filter: filePath => !hidden(normalize(filePath)),
    });
    const files = (await tree.files()).filter(
      file => !hidden(normalize(file.path)),
    );
    if (files.length > MAX_TREE_FILES) {
      throw new DesiredStateError(
        'BAD_RESPONSE',
        `More than ${MAX_TREE_FILES} files in the repository tree of the overlay (the limit per build)`,
      );
    }
    let total = 0;
    for (const file of files) {
      const relative = normalize(file.path);
      const target = path.resolve(directory, relative);
      if (relative === '' || !isWithin(directory, target)) continue;
      const content = await file.content();
      total += content.length;
      if (total > MAX_TREE_BYTES) {
        throw new DesiredStateError(
          'BAD_RESPONSE',
          `The repository tree of the overlay is larger than ${MAX_TREE_BYTES} bytes (the limit per build)`,
        );
      }
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, content, { mode: 0o600 });
    }
  } catch (error) {
    throw readerFailure(error, signal, url, 'the repository tree');
  }
}
