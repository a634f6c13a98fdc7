import type { KubernetesObject } from '@preflight/plugin-preflight-common';
import { getPodTemplate } from '@preflight/plugin-preflight-node';
import type { IContainer } from 'kubernetes-models/v1/Container';

/** Every container (and init container) of every workload, with its workload. */
export function containersOf(objects: KubernetesObject[]) {
  const out: {
    workload: KubernetesObject;
    container: IContainer;
    init: boolean;
  }[] = [];
  for (const workload of objects) {
    const spec = getPodTemplate(workload)?.podSpec;
    for (const container of spec?.containers ?? [])
      out.push({ workload, container, init: false });
    for (const container of spec?.initContainers ?? [])
      out.push({ workload, container, init: true });
  }
  return out;
}

/** Images of every container. */
export function imagesOf(objects: KubernetesObject[]) {
  return containersOf(objects)
    .filter(c => typeof c.container.image === 'string')
    .map(c => ({
      workload: c.workload,
      container: c.container.name as string,
      image: c.container.image as string,
    }));
}

/** Distinct images of one environment looked up in their registries; the rest are counted. */
export const MAX_IMAGES_LOOKED_UP = 50;

/**
 * Looks up the distinct images among `images` (at most {@link MAX_IMAGES_LOOKED_UP}, in their
 * order) with `look`, all at once: the registry verifier bounds how many lookups are in flight
 * across the backend. `skipped` counts the images left out.
 */
export async function lookUpImages<T>(
  images: readonly string[],
  look: (image: string) => Promise<T>,
): Promise<{ results: Array<{ image: string; result: T }>; skipped: number }> {
  const distinct = [...new Set(images)];
  const chosen = distinct.slice(0, MAX_IMAGES_LOOKED_UP);
  const results = await Promise.all(
    chosen.map(async image => ({ image, result: await look(image) })),
  );
  return { results, skipped: distinct.length - chosen.length };
}
