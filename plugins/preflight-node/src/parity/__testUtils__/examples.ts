import fs from 'fs';
import path from 'path';
import { parseAllDocuments } from 'yaml';
import {
  type KubernetesObject,
  sanitizeObject,
} from '@preflight/plugin-preflight-common';
import type { ParityColumn } from '../types';

const DEPLOY = path.resolve(__dirname, '../../../../../examples/deploy');

export const ENVIRONMENTS = ['dev', 'staging', 'production'] as const;

/** The objects of `examples/deploy/<component>/<env>/*.yaml` exactly as written (unsanitized). */
export function loadRawExample(
  component: string,
  env: string,
): KubernetesObject[] {
  const dir = path.join(DEPLOY, component, env);
  return fs
    .readdirSync(dir)
    .filter(file => file.endsWith('.yaml'))
    .sort()
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJSON() as KubernetesObject,
      ),
    );
}

/** The objects of `examples/deploy/<component>/<env>/*.yaml`, sanitized as the sources do. */
export function loadExample(
  component: string,
  env: string,
): KubernetesObject[] {
  return loadRawExample(component, env).map(sanitizeObject);
}

/** The three columns of a demo component, in promotion order. */
export function exampleColumns(component: string): ParityColumn[] {
  return ENVIRONMENTS.map(name => ({
    environment: { name, title: name },
    objects: loadExample(component, name),
  }));
}

/** The raw YAML text of a demo component's files (to assert on literals in the sources). */
export function exampleText(component: string, env: string): string {
  const dir = path.join(DEPLOY, component, env);
  return fs
    .readdirSync(dir)
    .sort()
    .map(file => fs.readFileSync(path.join(dir, file), 'utf8'))
    .join('\n');
}
