import { References } from './collector';
import { quantityKey } from '@preflight/plugin-preflight-common';
import { canonicalJson, isRecord } from './normalize';

/* The volumes of a pod template: how each is described, compared, and what it references. */

/** Drops the API defaults that the server writes into volume sources. */
function withoutVolumeDefaults(source: unknown): unknown {
  if (Array.isArray(source)) return source.map(withoutVolumeDefaults);
  if (!isRecord(source)) return source;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === 'defaultMode' && value === 420) continue;
    if (key === 'apiVersion' && value === 'v1') continue; // fieldRef default
    if (key === 'type' && value === '') continue; // hostPath default
    if (key === 'divisor' && ['0', '1'].includes(quantityKey(value))) continue;
    out[key] = withoutVolumeDefaults(value);
  }
  return out;
}

export function describeVolume(volume: Record<string, any>): string {
  const type = Object.keys(volume)
    .filter(k => k !== 'name')
    .sort()[0];
  if (!type) return 'no source';
  const source = withoutVolumeDefaults(volume[type]) as Record<string, any>;
  if (type === 'emptyDir') {
    const parts = ['emptyDir'];
    if (source?.medium) parts.push(`medium ${source.medium}`);
    if (source?.sizeLimit !== undefined) {
      parts.push(`sizeLimit ${source.sizeLimit}`);
    }
    return parts.join(' ');
  }
  if (type === 'configMap' || type === 'secret') {
    const { name, secretName, ...rest } = source ?? {};
    const ref = type === 'secret' ? secretName : name;
    const extra = Object.keys(rest).length ? ` ${canonicalJson(rest)}` : '';
    return `${type} ${ref}${extra}`;
  }
  if (type === 'persistentVolumeClaim') {
    return `persistentVolumeClaim ${source.claimName}${
      source.readOnly ? ' (read-only)' : ''
    }`;
  }
  return `${type} ${canonicalJson(source)}`;
}

export function volumeQuantityKey(text: string): string {
  return text.replace(
    /sizeLimit (\S+)/,
    (_, q) => `sizeLimit ${quantityKey(q)}`,
  );
}

export function volumeReferences(
  volume: Record<string, any>,
  refs: References,
) {
  const addItems = (
    kind: 'configMap' | 'secret',
    name: unknown,
    items: unknown,
  ) => {
    refs.add(kind, name, 'volume');
    if (Array.isArray(items)) {
      for (const item of items) refs.add(kind, name, 'volume', item?.key);
    }
  };
  if (isRecord(volume.configMap)) {
    addItems('configMap', volume.configMap.name, volume.configMap.items);
  }
  if (isRecord(volume.secret)) {
    addItems('secret', volume.secret.secretName, volume.secret.items);
  }
  if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
    for (const source of volume.projected.sources) {
      if (isRecord(source?.configMap)) {
        addItems('configMap', source.configMap.name, source.configMap.items);
      }
      if (isRecord(source?.secret)) {
        addItems('secret', source.secret.name, source.secret.items);
      }
    }
  }
}
