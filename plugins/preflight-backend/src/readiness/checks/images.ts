import {
  getPodTemplate,
  type KubernetesObject,
} from '@preflight/plugin-preflight-common';

/** Every container (and init container) of every workload, with its workload. */
export function containersOf(objects: KubernetesObject[]) {
  const out: { workload: KubernetesObject; container: any; init: boolean }[] =
    [];
  for (const workload of objects) {
    const spec: any = getPodTemplate(workload)?.podSpec;
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
